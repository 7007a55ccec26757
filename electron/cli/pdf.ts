/**
 * `npm run cli -- export --format pdf`: one case's dossier (`--case <number>`)
 * or a log listing of the cases a period and filters find, printed by the
 * desk's PDF job through headless Chromium (issue 13 item 1; decision
 * 0036), with a progress bar on stderr; Ctrl+C cancels and no file is left.
 * The person at the machine holds the data folder itself, so no sign-in is
 * asked (as for rebuild and the CSV/XLSX export).
 *
 * Exit codes: 0 written, 1 failed, 2 bad usage, 130 cancelled.
 */
import path from 'node:path';
import type { Locale } from '../../shared/domain/kernel/locale';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Result } from '../../shared/contract/result';
import { defaultDataDir, openDesk, type DeskCore } from '../desk';
import {
  argsOrHelp,
  checkOutAndData,
  cliLocale,
  dataDirOf,
  FILTER_KEYS,
  parseFileVerbOptions,
  filtersIn,
  UsageError,
  type CaseFilters,
} from './filters';
import { DONE, finish, moveTo, checkOutFile, requireDesk, runJobLoop, type Outcome } from './jobLoop';

export const PDF_USAGE = `  export --format pdf --case <编号> --out <文件>
            打印一张投诉单的处理档案（全部步骤、备注、联系、回访、证据、签核、时间线）为 PDF
            Print one case's dossier (steps, notes, contacts, callbacks, evidence, sign-offs, timeline) as a PDF
  export --format pdf --out <文件> [--from <日期>] [--to <日期>] [--status …] [--category …] [--severity …] [--text …]
            打印投诉台账（每件一行）为 PDF / Print the case log listing (one line a case) as a PDF`;

const HELP = `用法 / Usage: npm run cli -- export --format pdf --out <文件 file> [--case <编号 number>] [选项 options]

${PDF_USAGE}

选项 / Options:
  --data <目录>      数据目录 / Data folder (default: ${defaultDataDir()})
  --lang en|zh-CN    PDF 的语言 / Language of the PDF (default: from LANG)
  --help             显示本帮助 / Show this help
  Chromium: LOOPDESK_CHROMIUM，默认 / default /usr/bin/chromium

退出码 / Exit codes: 0 完成 done, 1 失败 failed, 2 用法错误 bad usage, 130 已取消 cancelled`;

/** True when an `export` verb's arguments ask for a PDF (`--format pdf` or `--format=pdf`). */
export function isPdfExport(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--format=pdf' || (a === '--format' && argv[i + 1] === 'pdf'));
}

export interface PdfArgs {
  dataDir: string;
  out: string;
  /** A dossier of this case number, or (null) a listing of `filters`. */
  caseNumber: string | null;
  filters: (timeZone: string) => CaseFilters;
  locale: Locale;
}

/** The verb's arguments, or a UsageError saying what is wrong. Exported for tests. */
export function parsePdfArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): PdfArgs | 'help' {
  const v = parseFileVerbOptions(argv, true);
  if (v.help) return 'help';
  if (v.format !== 'pdf') throw new UsageError('请用 --format pdf。 / Give --format pdf.');
  const out = checkOutAndData(v);
  const caseNumber = v.case?.trim() || null;
  if (v.case !== undefined && caseNumber === null)
    throw new UsageError('--case 不能为空 / --case must not be empty.');
  if (caseNumber !== null && FILTER_KEYS.some((k) => v[k] !== undefined)) {
    throw new UsageError(
      '--case 打印一张投诉单，不能与筛选条件同用。 / --case prints one case: it takes no filters.',
    );
  }
  return {
    dataDir: dataDirOf(v.data),
    out: path.resolve(out),
    caseNumber,
    filters: filtersIn(v),
    locale: cliLocale(v.lang, env),
  };
}

function submit(desk: DeskCore, a: PdfArgs): Result<JobSummary> {
  return a.caseNumber !== null
    ? desk.pdf.dossier(a.caseNumber, a.locale)
    : desk.pdf.listing(a.filters(desk.timeZone()), a.locale);
}

export async function pdfCommand(argv: string[]): Promise<void> {
  const a = argsOrHelp(() => parsePdfArgs(argv), HELP);
  if (a === null) return;
  requireDesk(a.dataDir);
  checkOutFile(a.out, a.dataDir);
  const desk = openDesk({ dataDir: a.dataDir, sync: false });
  let outcome: Outcome;
  try {
    outcome = await runJobLoop(desk, {
      label: '案件 / cases',
      cancelling: '正在取消…（再按一次 Ctrl+C 立即退出） / Cancelling… (press Ctrl+C again to quit at once)',
      start: () => submit(desk, a),
      locale: a.locale,
      settled: async (final) => {
        const made = final?.result?.file ? desk.pdf.file(final.result.file.id) : null;
        if (final?.state === 'cancelled') {
          return { code: 130, message: '已取消，没有生成文件。 / Cancelled; no file was written.' };
        }
        if (final?.state !== 'done' || !made) {
          return { code: 1, message: `没有生成 PDF。 / No PDF was made.\n${final?.error?.message ?? ''}` };
        }
        await moveTo(made.path, a.out);
        process.stdout.write(
          `已写入 ${a.out}（${made.bytes} 字节）。 / Wrote ${a.out} (${made.bytes} bytes).\n`,
        );
        return DONE;
      },
    });
  } catch (e) {
    outcome = {
      code: 1,
      message: `没有生成 PDF。 / No PDF was made.\n${e instanceof Error ? e.message : String(e)}`,
    };
  }
  finish(outcome);
}
