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
import { copyFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CASE_STATUSES, type CaseStatus } from '../../shared/domain/cases/payloads';
import type { Locale } from '../../shared/domain/kernel/locale';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Result } from '../../shared/contract/result';
import { dbFile, defaultDataDir, hasDesk, openDesk, type DeskCore } from '../desk';
import { ProgressBar } from './progress';

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

export class PdfUsageError extends Error {}

/** True when an `export` verb's arguments ask for a PDF (`--format pdf` or `--format=pdf`). */
export function isPdfExport(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--format=pdf' || (a === '--format' && argv[i + 1] === 'pdf'));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of "YYYY-MM-DD" (plus `days`) as an ISO instant; null when it is no date. */
function localMidnight(text: string, days = 0): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(y, mo, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return null;
  return new Date(y, mo, d + days).toISOString();
}

export interface PdfArgs {
  dataDir: string;
  out: string;
  /** A dossier of this case number, or (null) a listing of `filters`. */
  caseNumber: string | null;
  filters: {
    from?: string;
    to?: string;
    status?: CaseStatus;
    category?: string;
    severity?: string;
    text?: string;
  };
  locale: Locale;
}

/** The verb's arguments, or a PdfUsageError saying what is wrong. Exported for tests. */
export function parsePdfArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): PdfArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', short: 'd' },
        help: { type: 'boolean', short: 'h' },
        lang: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        case: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        status: { type: 'string' },
        category: { type: 'string' },
        severity: { type: 'string' },
        text: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new PdfUsageError(`参数有误 / Bad arguments: ${e instanceof Error ? e.message : String(e)}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.format !== 'pdf') throw new PdfUsageError('请用 --format pdf。 / Give --format pdf.');
  if (v.out === undefined || v.out.trim() === '') {
    throw new PdfUsageError('请用 --out 指定输出文件。 / Give the output file with --out.');
  }
  if (v.data !== undefined && v.data.trim() === '')
    throw new PdfUsageError('--data 不能为空 / --data must not be empty.');
  const caseNumber = v.case?.trim() || null;
  if (v.case !== undefined && caseNumber === null)
    throw new PdfUsageError('--case 不能为空 / --case must not be empty.');
  const filters: PdfArgs['filters'] = {};
  const listingOnly = ['from', 'to', 'status', 'category', 'severity', 'text'] as const;
  if (caseNumber !== null && listingOnly.some((k) => v[k] !== undefined)) {
    throw new PdfUsageError(
      '--case 打印一张投诉单，不能与筛选条件同用。 / --case prints one case: it takes no filters.',
    );
  }
  if (v.from !== undefined) {
    const from = localMidnight(v.from);
    if (!from)
      throw new PdfUsageError(`--from 应为 YYYY-MM-DD 日期 / --from must be a YYYY-MM-DD date: ${v.from}`);
    filters.from = from;
  }
  if (v.to !== undefined) {
    const to = localMidnight(v.to, 1);
    if (!to) throw new PdfUsageError(`--to 应为 YYYY-MM-DD 日期 / --to must be a YYYY-MM-DD date: ${v.to}`);
    filters.to = to;
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.from >= filters.to) {
    throw new PdfUsageError('--from 不能晚于 --to。 / --from must not be after --to.');
  }
  if (v.status !== undefined) {
    if (!(CASE_STATUSES as readonly string[]).includes(v.status)) {
      throw new PdfUsageError(`--status 应为 / must be one of ${CASE_STATUSES.join('|')}`);
    }
    filters.status = v.status as CaseStatus;
  }
  if (v.category !== undefined) filters.category = v.category;
  if (v.severity !== undefined) filters.severity = v.severity;
  if (v.text !== undefined) filters.text = v.text;
  const lang = v.lang ?? env.LANG ?? '';
  return {
    dataDir: path.resolve(v.data ?? defaultDataDir()),
    out: path.resolve(v.out),
    caseNumber,
    filters,
    locale: lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN',
  };
}

async function moveTo(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch {
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function submit(desk: DeskCore, a: PdfArgs): Result<JobSummary> {
  return a.caseNumber !== null
    ? desk.pdf.dossier(a.caseNumber, a.locale)
    : desk.pdf.listing(a.filters, a.locale);
}

export async function pdfCommand(argv: string[]): Promise<void> {
  let args: PdfArgs | 'help';
  try {
    args = parsePdfArgs(argv);
  } catch (e) {
    if (e instanceof PdfUsageError) fail(`${e.message}\n\n${HELP}`, 2);
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const a = args;
  if (!hasDesk(a.dataDir)) {
    fail(
      `在 ${a.dataDir} 中没有找到 Loopdesk 数据（${path.basename(dbFile(a.dataDir))}）。请用 --data 指定正确的数据目录。 / No Loopdesk data (${path.basename(dbFile(a.dataDir))}) in ${a.dataDir}. Point --data at the right folder.`,
      1,
    );
  }
  if (existsSync(a.out))
    fail(`文件已存在，不会覆盖：${a.out} / The file already exists and is not overwritten: ${a.out}`, 2);
  const desk = openDesk({ dataDir: a.dataDir, sync: false });
  const bar = new ProgressBar(process.stderr, '案件 / cases');
  let jobId: string | null = null;
  const unsubscribe = desk.subscribe((e) => {
    if (e.type === 'progress' && e.jobId === jobId && e.total > 0) bar.update(e.done, e.total);
  });
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts > 1 || jobId === null) process.exit(130);
    bar.note('正在取消…（再按一次 Ctrl+C 立即退出） / Cancelling… (press Ctrl+C again to quit at once)');
    desk.jobs.cancel(jobId);
  };
  process.on('SIGINT', onInterrupt);
  let message = '';
  let code = 0;
  try {
    const submitted = submit(desk, a);
    if (!submitted.ok) {
      message = `没有生成 PDF。 / No PDF was made.\n${submitted.error.message}`;
      code = 1;
    } else {
      jobId = submitted.value.id;
      const final = await desk.jobs.whenSettled(jobId, a.locale);
      bar.end();
      const made = final?.result?.file ? desk.pdf.file(final.result.file.id) : null;
      if (final?.state === 'cancelled') {
        message = '已取消，没有生成文件。 / Cancelled; no file was written.';
        code = 130;
      } else if (final?.state !== 'done' || !made) {
        message = `没有生成 PDF。 / No PDF was made.\n${final?.error?.message ?? ''}`;
        code = 1;
      } else {
        await moveTo(made.path, a.out);
        process.stdout.write(
          `已写入 ${a.out}（${made.bytes} 字节）。 / Wrote ${a.out} (${made.bytes} bytes).\n`,
        );
      }
    }
  } catch (e) {
    message = `没有生成 PDF。 / No PDF was made.\n${e instanceof Error ? e.message : String(e)}`;
    code = 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
    bar.end();
    desk.close();
  }
  if (code !== 0) fail(message, code);
}
