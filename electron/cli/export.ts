/**
 * `npm run cli -- export`: the case log as CSV or XLSX (issue 13;
 * docs/exports.md), made by the desk's export job as the 导出 button makes
 * it (the same filters, describers and writers), with a progress bar on
 * stderr; Ctrl+C cancels and no file is left. The person at the machine
 * holds the data folder itself, so no sign-in is asked (as for rebuild).
 *
 * Exit codes: 0 written, 1 failed, 2 bad usage, 130 cancelled.
 */
import path from 'node:path';
import type { ExportFilters } from '../../shared/contract/methods/exports';
import type { Locale } from '../../shared/domain/kernel/locale';
import { defaultDataDir, openDesk } from '../desk';
import {
  argsOrHelp,
  checkOutAndData,
  cliLocale,
  dataDirOf,
  parseFileVerbOptions,
  filtersIn,
  UsageError,
} from './filters';
import { DONE, finish, moveTo, checkOutFile, requireDesk, runJobLoop, type Outcome } from './jobLoop';

export const EXPORT_USAGE = `  export --format csv|xlsx --out <文件> [--from <日期>] [--to <日期>] [--status new|in_progress|closed]
            [--category <类别>] [--severity <级别>] [--text <关键词>]
            导出案件日志（含完整处理记录）为 CSV 或 XLSX；日期为网点日历时区的 YYYY-MM-DD，--to 当天包含在内
            Export the case log (full thread text) as CSV or XLSX; dates are YYYY-MM-DD in this
            branch calendar's time zone, --to's day included. Ctrl+C cancels and leaves no file.`;

const HELP = `用法 / Usage: npm run cli -- export --format csv|xlsx --out <文件 file> [选项 options]

${EXPORT_USAGE}

选项 / Options:
  --data <目录>      数据目录 / Data folder (default: ${defaultDataDir()})
  --lang en|zh-CN    表头与处理记录的语言 / Language of the headers and threads (default: from LANG)
  --help             显示本帮助 / Show this help

退出码 / Exit codes: 0 完成 done, 1 失败 failed, 2 用法错误 bad usage, 130 已取消 cancelled`;

export interface ExportArgs {
  dataDir: string;
  format: 'csv' | 'xlsx';
  out: string;
  /** The filters, their `--from`/`--to` days in the zone given (the branch's, once the desk is open). */
  filters: (timeZone: string) => ExportFilters;
  locale: Locale;
}

/** The verb's arguments, or a UsageError saying what is wrong. Exported for tests. */
export function parseExportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ExportArgs | 'help' {
  const v = parseFileVerbOptions(argv);
  if (v.help) return 'help';
  if (v.format !== 'csv' && v.format !== 'xlsx') {
    throw new UsageError('请用 --format 指定 csv 或 xlsx。 / Give --format csv or xlsx.');
  }
  const out = checkOutAndData(v);
  return {
    dataDir: dataDirOf(v.data),
    format: v.format,
    out: path.resolve(out),
    filters: filtersIn(v),
    locale: cliLocale(v.lang, env),
  };
}

export async function exportCommand(argv: string[]): Promise<void> {
  const a = argsOrHelp(() => parseExportArgs(argv), HELP);
  if (a === null) return;
  requireDesk(a.dataDir);
  checkOutFile(a.out, a.dataDir);
  const started = Date.now();
  const desk = openDesk({ dataDir: a.dataDir, sync: false });
  let outcome: Outcome;
  try {
    outcome = await runJobLoop(desk, {
      label: '案件 / cases',
      cancelling:
        '正在取消导出…（再按一次 Ctrl+C 立即退出） / Cancelling the export… (press Ctrl+C again to quit at once)',
      start: () =>
        desk.exports.start(
          { format: a.format, filters: a.filters(desk.timeZone()), locale: a.locale },
          a.locale,
        ),
      locale: a.locale,
      settled: async (final) => {
        const made = final?.result?.file ? desk.exports.file(final.result.file.id) : null;
        if (final?.state === 'cancelled') {
          return {
            code: 130,
            message: '已取消导出，没有生成文件。 / Export cancelled; no file was written.',
          };
        }
        if (final?.state !== 'done' || !made) {
          return {
            code: 1,
            message: `导出失败，没有生成文件。 / Export failed; no file was written.\n${final?.error?.message ?? ''}`,
          };
        }
        await moveTo(made.path, a.out);
        const n = final.result?.counts?.cases ?? 0;
        const ms = Date.now() - started;
        process.stdout.write(
          `已导出 ${n} 件案件到 ${a.out}（${made.bytes} 字节，用时 ${ms} ms）。 / Exported ${n} cases to ${a.out} (${made.bytes} bytes, ${ms} ms).\n`,
        );
        return DONE;
      },
    });
  } catch (e) {
    outcome = {
      code: 1,
      message: `导出失败，没有生成文件。 / Export failed; no file was written.\n${e instanceof Error ? e.message : String(e)}`,
    };
  }
  finish(outcome);
}
