/**
 * Entry of an export's thread (features/exports/thread.ts): runs the same
 * export as the desk's thread would (features/exports/job.ts) with the cases
 * feature's list query composed in (./exportCases.ts), posting progress
 * after each page and stopping at the next page once the shared cancel flag
 * is set, in which case the part file is removed.
 */
import { JobFailure } from './kernel/jobMessages';
import { JobCancelled, type JobContext } from './kernel/jobs';
import { errorDetail } from './kernel/errors';
import { caseLister } from './exportCases';
import { runExport } from './features/exports/job';
import type { ExportOutcome, ExportWorkerData } from './features/exports/thread';
import { threadEntry } from './kernel/threadEntry';
import { startThread } from './kernel/threads';
import { LANE_THREAD_LIMITS } from './features/exports/thread';

const { data, post, cancelled } = threadEntry<ExportWorkerData, ExportOutcome>('exportWorker.ts');
const abort = new AbortController();
const ctx: JobContext = {
  signal: abort.signal,
  progress: (done, total) => {
    if (cancelled()) abort.abort();
    post({ type: 'progress', done, total });
  },
};

post({ type: 'started' });
runExport(
  {
    file: data.file,
    dir: data.dir,
    lister: caseLister,
    script: data.script,
    taxonomy: data.taxonomy,
    timeZone: () => data.timeZone,
    lists: data.lists ? () => data.lists! : undefined,
    clock: () => data.clock,
    pageSize: data.pageSize,
    sheetRows: data.sheetRows,
    lane:
      data.lanes === 2
        ? (lane) => startThread(import.meta.url, 'exportLaneWorker', lane, LANE_THREAD_LIMITS)
        : undefined,
    log: (line) => console.warn(line),
  },
  data.params,
  data.fileId,
  data.nowMs,
  ctx,
).then(
  (outcome) => post({ type: 'done', result: outcome }),
  (e: unknown) => {
    if (e instanceof JobCancelled) post({ type: 'cancelled' });
    else if (e instanceof JobFailure) post({ type: 'failed', code: e.code, key: e.key, detail: e.detail });
    else post({ type: 'failed', code: 'internal', key: 'jobFailed', detail: errorDetail(e) });
  },
);
