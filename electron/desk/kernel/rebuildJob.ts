/**
 * The rebuild job: drops the projections and folds them again from the event
 * log on a worker thread (electron/desk/rebuildWorker.ts, which composes the
 * features' projectors, so the kernel starts it through `spawn`) with its own connection to the
 * same WAL database, so the desk's thread stays free to answer reads and send
 * progress. The fold runs in one transaction, chunk by chunk; a cancel stops
 * it between chunks and rolls it back. While it runs the desk refuses writes
 * with a clear "busy" message (`holdWrites`) instead of blocking its thread on
 * the database lock; reads see the projections as they were until it commits.
 *
 * If the thread cannot start, the same rebuild runs on the desk's thread (the
 * reason is logged): slower to show progress, same result.
 */
import type { Worker } from 'node:worker_threads';
import type { JobResult } from '../../../shared/contract/methods/jobs';
import { RebuildCancelled, type RebuildHooks } from './eventStore';
import { JobFailure } from './jobMessages';
import { JobCancelled, type JobContext, type JobKindSpec } from './jobs';
import { errorDetail, isDatabaseBusy } from './errors';

/** What the rebuild reports when done: named counts a clerk sees (events, cases, staff). */
export type RebuildCounts = Record<string, number>;

export interface RebuildWorkerData {
  file: string;
  chunk: number;
  /** How long to wait for another writer before giving up (SQLITE_BUSY). */
  busyTimeoutMs: number;
  /** An Int32Array's buffer: element 0 set to 1 asks the rebuild to stop. */
  cancel: SharedArrayBuffer;
}

export type RebuildWorkerMessage =
  | { type: 'started' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; counts: RebuildCounts }
  | { type: 'cancelled' }
  | { type: 'failed'; busy: boolean; message: string };

export interface RebuildJobOptions {
  /** The desk's database file. */
  file: string;
  /** The same rebuild on the desk's own connection (when no thread can start). */
  inThread: (chunk: number, hooks: RebuildHooks) => RebuildCounts;
  /** true while the rebuild holds the database: the desk refuses writes. */
  holdWrites: (held: boolean) => void;
  /** Called once the database is released (e.g. to let background services catch up). */
  afterwards?: () => void;
  chunk?: number;
  busyTimeoutMs?: number;
  /** Starts the rebuild thread (throws when it cannot). */
  spawn: (data: RebuildWorkerData) => Worker;
  log?: (line: string) => void;
}

export function rebuildJob(o: RebuildJobOptions): JobKindSpec {
  return { exclusive: true, busyKey: 'jobBusyRebuild', run: (ctx) => runRebuild(o, ctx) };
}

async function runRebuild(o: RebuildJobOptions, ctx: JobContext): Promise<JobResult> {
  o.holdWrites(true);
  try {
    return { counts: (await onThread(o, ctx)) ?? inThread(o, ctx) };
  } finally {
    o.holdWrites(false);
    o.afterwards?.();
  }
}

/** The rebuild on its thread; null when the thread could not start (nothing was done). */
function onThread(o: RebuildJobOptions, ctx: JobContext): Promise<RebuildCounts | null> {
  const log = o.log ?? ((l: string) => console.warn(l));
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const data: RebuildWorkerData = {
    file: o.file,
    chunk: o.chunk ?? 2000,
    busyTimeoutMs: o.busyTimeoutMs ?? 5000,
    cancel,
  };
  let w: Worker;
  try {
    w = o.spawn(data);
  } catch (e) {
    log(
      `[desk] rebuild thread cannot start (${e instanceof Error ? e.message : String(e)}); rebuilding here`,
    );
    return Promise.resolve(null);
  }
  return new Promise<RebuildCounts | null>((resolve, reject) => {
    let started = false;
    let ended = false;
    const onAbort = (): void => {
      Atomics.store(flag, 0, 1);
    };
    const end = (then: () => void): void => {
      if (ended) return;
      ended = true;
      ctx.signal.removeEventListener('abort', onAbort);
      then();
    };
    /** A thread that died before it began leaves the data untouched: rebuild here instead. */
    const lost = (why: string): void =>
      end(() => {
        if (started) {
          reject(new JobFailure('internal', 'jobFailed', `rebuild thread: ${why}`));
        } else {
          log(`[desk] rebuild thread unavailable (${why}); rebuilding here`);
          resolve(null);
        }
      });
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) onAbort();
    w.on('message', (m: RebuildWorkerMessage) => {
      switch (m.type) {
        case 'started':
          started = true;
          return;
        case 'progress':
          ctx.progress(m.done, m.total, 'fold');
          return;
        case 'done':
          return end(() => resolve(m.counts));
        case 'cancelled':
          return end(() => reject(new JobCancelled()));
        case 'failed':
          return end(() =>
            reject(
              m.busy
                ? new JobFailure('busy', 'jobDatabaseBusy', m.message)
                : new JobFailure('internal', 'jobFailed', m.message),
            ),
          );
      }
    });
    w.on('error', (e) => lost(e.stack ?? e.message));
    w.on('exit', (code) => lost(`stopped with exit code ${code}`));
  });
}

function inThread(o: RebuildJobOptions, ctx: JobContext): RebuildCounts {
  try {
    return o.inThread(o.chunk ?? 2000, {
      onProgress: (done, total) => ctx.progress(done, total, 'fold'),
      cancelled: () => ctx.signal.aborted,
    });
  } catch (e) {
    if (e instanceof RebuildCancelled) throw new JobCancelled();
    const detail = errorDetail(e);
    throw isDatabaseBusy(e)
      ? new JobFailure('busy', 'jobDatabaseBusy', detail)
      : new JobFailure('internal', 'jobFailed', detail);
  }
}
