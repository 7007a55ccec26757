/**
 * `npm run cli -- export`: the case log as CSV or XLSX (issue 13;
 * docs/exports.md), made by the desk's export job as the 导出 button makes
 * it (the same filters, describers and writers), with a progress bar on
 * stderr; Ctrl+C cancels and no file is left. The person at the machine
 * holds the data folder itself, so no sign-in is asked (as for rebuild).
 *
 * Exit codes: 0 written, 1 failed, 2 bad usage, 130 cancelled.
 */
import { copyFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportFilters } from '../../shared/contract/methods/exports';
import { CASE_STATUSES, type CaseStatus } from '../../shared/domain/cases/payloads';
import type { Locale } from '../../shared/domain/kernel/locale';
import { dbFile, defaultDataDir, hasDesk, openDesk } from '../desk';
import { ProgressBar } from './progress';

export const EXPORT_USAGE = `  export --format csv|xlsx --out <文件> [--from <日期>] [--to <日期>] [--status new|in_progress|closed]
            [--category <类别>] [--severity <级别>] [--text <关键词>]
            导出案件日志（含完整处理记录）为 CSV 或 XLSX；日期为本机时区的 YYYY-MM-DD，--to 当天包含在内
            Export the case log (full thread text) as CSV or XLSX; dates are YYYY-MM-DD in this
            computer's time zone, --to's day included. Ctrl+C cancels and leaves no file.`;

const HELP = `用法 / Usage: npm run cli -- export --format csv|xlsx --out <文件 file> [选项 options]

${EXPORT_USAGE}

选项 / Options:
  --data <目录>      数据目录 / Data folder (default: ${defaultDataDir()})
  --lang en|zh-CN    表头与处理记录的语言 / Language of the headers and threads (default: from LANG)
  --help             显示本帮助 / Show this help

退出码 / Exit codes: 0 完成 done, 1 失败 failed, 2 用法错误 bad usage, 130 已取消 cancelled`;

class UsageError extends Error {}

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

export interface ExportArgs {
  dataDir: string;
  format: 'csv' | 'xlsx';
  out: string;
  filters: ExportFilters;
  locale: Locale;
}

/** The verb's arguments, or a UsageError saying what is wrong. Exported for tests. */
export function parseExportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ExportArgs | 'help' {
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
    throw new UsageError(`参数有误 / Bad arguments: ${e instanceof Error ? e.message : String(e)}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.format !== 'csv' && v.format !== 'xlsx') {
    throw new UsageError('请用 --format 指定 csv 或 xlsx。 / Give --format csv or xlsx.');
  }
  if (v.out === undefined || v.out.trim() === '') {
    throw new UsageError('请用 --out 指定输出文件。 / Give the output file with --out.');
  }
  if (v.data !== undefined && v.data.trim() === '')
    throw new UsageError('--data 不能为空 / --data must not be empty.');
  const filters: ExportFilters = {};
  if (v.from !== undefined) {
    const from = localMidnight(v.from);
    if (!from)
      throw new UsageError(
        `--from 应为 YYYY-MM-DD 日期：${v.from} / --from must be a YYYY-MM-DD date: ${v.from}`,
      );
    filters.from = from;
  }
  if (v.to !== undefined) {
    if (!localMidnight(v.to))
      throw new UsageError(`--to 应为 YYYY-MM-DD 日期：${v.to} / --to must be a YYYY-MM-DD date: ${v.to}`);
    filters.to = localMidnight(v.to, 1) ?? undefined;
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.from >= filters.to) {
    throw new UsageError('--from 不能晚于 --to。 / --from must not be after --to.');
  }
  if (v.status !== undefined) {
    if (!(CASE_STATUSES as readonly string[]).includes(v.status)) {
      throw new UsageError(
        `--status 应为 ${CASE_STATUSES.join('|')} / --status must be one of ${CASE_STATUSES.join('|')}`,
      );
    }
    filters.status = v.status as CaseStatus;
  }
  if (v.category !== undefined) filters.category = v.category;
  if (v.severity !== undefined) filters.severity = v.severity;
  if (v.text !== undefined) filters.text = v.text;
  const lang = v.lang ?? env.LANG ?? '';
  return {
    dataDir: path.resolve(v.data ?? defaultDataDir()),
    format: v.format,
    out: path.resolve(v.out),
    filters,
    locale: lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN',
  };
}

/** Moves the finished file to where it was asked for (a copy when it is on another disk). */
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

export async function exportCommand(argv: string[]): Promise<void> {
  let args: ExportArgs | 'help';
  try {
    args = parseExportArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message}\n\n${HELP}`, 2);
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
  const started = Date.now();
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
    bar.note(
      '正在取消导出…（再按一次 Ctrl+C 立即退出） / Cancelling the export… (press Ctrl+C again to quit at once)',
    );
    desk.jobs.cancel(jobId);
  };
  process.on('SIGINT', onInterrupt);
  let message = '';
  let code = 0;
  try {
    const submitted = desk.exports.start(
      { format: a.format, filters: a.filters, locale: a.locale },
      a.locale,
    );
    if (!submitted.ok) throw new Error(submitted.error.message);
    jobId = submitted.value.id;
    const final = await desk.jobs.whenSettled(jobId, a.locale);
    bar.end();
    const made = final?.result?.file ? desk.exports.file(final.result.file.id) : null;
    if (final?.state === 'cancelled') {
      message = '已取消导出，没有生成文件。 / Export cancelled; no file was written.';
      code = 130;
    } else if (final?.state !== 'done' || !made) {
      message = `导出失败，没有生成文件。 / Export failed; no file was written.\n${final?.error?.message ?? ''}`;
      code = 1;
    } else {
      await moveTo(made.path, a.out);
      const n = final.result?.counts?.cases ?? 0;
      const ms = Date.now() - started;
      process.stdout.write(
        `已导出 ${n} 件案件到 ${a.out}（${made.bytes} 字节，用时 ${ms} ms）。 / Exported ${n} cases to ${a.out} (${made.bytes} bytes, ${ms} ms).\n`,
      );
    }
  } catch (e) {
    message = `导出失败，没有生成文件。 / Export failed; no file was written.\n${e instanceof Error ? e.message : String(e)}`;
    code = 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
    bar.end();
    desk.close();
  }
  if (code !== 0) fail(message, code);
}
