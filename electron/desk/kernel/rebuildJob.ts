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
import { runOnThread, type ThreadCancel } from './threads';

/** What the rebuild reports when done: named counts a clerk sees (events, cases, staff). */
export type RebuildCounts = Record<string, number>;

export interface RebuildWorkerData extends ThreadCancel {
  file: string;
  chunk: number;
  /** How long to wait for another writer before giving up (SQLITE_BUSY). */
  busyTimeoutMs: number;
}

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
  return runOnThread<Omit<RebuildWorkerData, 'cancel'>, RebuildCounts>({
    name: 'rebuild',
    fallback: 'rebuilding here',
    data: { file: o.file, chunk: o.chunk ?? 2000, busyTimeoutMs: o.busyTimeoutMs ?? 5000 },
    spawn: o.spawn,
    ctx,
    phase: 'fold',
    log: o.log ?? ((l: string) => console.warn(l)),
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
    throw rebuildFailure(e);
  }
}

/** A rebuild's error as the clerk reads it, on either thread: the database held by another program, or a failure. */
export function rebuildFailure(e: unknown): JobFailure {
  const detail = errorDetail(e);
  return isDatabaseBusy(e)
    ? new JobFailure('busy', 'jobDatabaseBusy', detail)
    : new JobFailure('internal', 'jobFailed', detail);
}
