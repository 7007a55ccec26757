/**
 * The CLI's run of one desk job (rebuild, export, PDF): a progress bar on
 * stderr while it runs, Ctrl+C cancels it (a second Ctrl+C, or one before the
 * job started, quits at once with 130), and the verb says how it ended and
 * exits with its code (0 done, 1 failed, 2 bad usage, 130 cancelled). Also
 * the pieces those verbs share around it: the data folder check, the output
 * file that must not exist yet, and moving the finished file there.
 */
import { constants, existsSync } from 'node:fs';
import { copyFile, link, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Result } from '../../shared/contract/result';
import type { Locale } from '../../shared/domain/kernel/locale';
import { dbFile, hasDesk, isInsideFolder, isWritableFolder, type DeskCore } from '../desk';
import { ProgressBar } from './progress';

/** How a verb ended: 0 with nothing more to say, or its exit code and the message for stderr. */
export interface Outcome {
  code: number;
  message: string;
}

export const DONE: Outcome = { code: 0, message: '' };

/** Says `message` on stderr and exits with `code`. */
export function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Exits with the outcome's code and message unless it is 0. */
export function finish(o: Outcome): void {
  if (o.code !== 0) fail(o.message, o.code);
}

/** Exits 1 unless `dataDir` holds a desk's database. */
export function requireDesk(dataDir: string): void {
  if (!hasDesk(dataDir)) {
    fail(
      `在 ${dataDir} 中没有找到 Loopdesk 数据（${path.basename(dbFile(dataDir))}）。请用 --data 指定正确的数据目录。 / No Loopdesk data (${path.basename(dbFile(dataDir))}) in ${dataDir}. Point --data at the right folder.`,
      1,
    );
  }
}

/**
 * Exits 2 unless a file can be written at `out` (absolute), before any work:
 * never over an existing file; never inside the data folder `dataDir` (the
 * desk clears its working folders when it opens, so a file put there could
 * vanish); only into a folder that is there and writable.
 */
export function checkOutFile(out: string, dataDir: string): void {
  if (existsSync(out)) fail(existsMessage(out), 2);
  const data = path.resolve(dataDir);
  if (isInsideFolder(out, data)) {
    fail(
      `输出文件不能放在本机数据目录 ${data} 里（Loopdesk 打开时会清理其中的文件夹），请换一个位置。 / The output file must not be inside the desk's data folder ${data} (Loopdesk clears folders in it when it opens). Choose another place.`,
      2,
    );
  }
  const folder = path.dirname(out);
  if (!isWritableFolder(folder)) {
    fail(
      `文件夹 ${folder} 不存在或无法写入，请先建好该文件夹或换一个位置。 / The folder ${folder} does not exist or cannot be written to. Create it first or choose another place.`,
      2,
    );
  }
}

function existsMessage(out: string): string {
  return `文件已存在，不会覆盖：${out} / The file already exists and is not overwritten: ${out}`;
}

/**
 * Moves the finished file to where it was asked for, never over a file that
 * appeared there meanwhile, and never leaving a partial file under that name:
 * a hard link (which refuses an existing name) on the same disk; else (another
 * disk, a file system without links) a copy beside it, renamed into place
 * only when whole. Throws an Error with a bilingual message when `to` exists.
 */
export async function moveTo(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
    await rm(from, { force: true });
    return;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EEXIST') throw new Error(existsMessage(to));
  }
  const part = `${to}.part`;
  try {
    await copyFile(from, part, constants.COPYFILE_EXCL);
    if (existsSync(to)) throw new Error(existsMessage(to));
    await rename(part, to);
  } catch (e) {
    await rm(part, { force: true });
    if ((e as { code?: unknown }).code === 'EEXIST') throw new Error(existsMessage(part));
    throw e;
  }
  await rm(from, { force: true });
}

export interface JobLoop<T> {
  /** Shown after the bar's counts, e.g. "事件 / events". */
  label: string;
  /** The note on the first Ctrl+C. */
  cancelling: string;
  /** Starts the job; a refusal is thrown as an Error with its message. */
  start: () => Result<JobSummary>;
  /** The language the settled job's error is read in (default: the desk's). */
  locale?: Locale;
  /** What to do with the settled job while the desk is still open (its file is still there). */
  settled: (final: JobSummary | null, jobId: string) => T | Promise<T>;
}

/**
 * Runs the job on `desk` to its end and hands it to `settled`; throws what
 * starting it or `settled` throws. The desk is closed afterwards, always.
 */
export async function runJobLoop<T>(desk: DeskCore, o: JobLoop<T>): Promise<T> {
  const bar = new ProgressBar(process.stderr, o.label);
  let jobId: string | null = null;
  const unsubscribe = desk.subscribe((e) => {
    if (e.type === 'progress' && e.jobId === jobId && e.total > 0) bar.update(e.done, e.total);
  });
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts > 1 || jobId === null) process.exit(130);
    bar.note(o.cancelling);
    desk.jobs.cancel(jobId);
  };
  process.on('SIGINT', onInterrupt);
  try {
    const submitted = o.start();
    if (!submitted.ok) throw new Error(submitted.error.message);
    const id = submitted.value.id;
    jobId = id;
    const final = await desk.jobs.whenSettled(id, o.locale);
    bar.end();
    return await o.settled(final, id);
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
    bar.end();
    desk.close();
  }
}
