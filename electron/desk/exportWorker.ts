/**
 * Entry of an export's thread (features/exports/thread.ts): runs the same
 * export as the desk's thread would (features/exports/job.ts) with the cases
 * feature's list query composed in (./exportCases.ts), posting progress
 * after each page and stopping at the next page once the shared cancel flag
 * is set, in which case the part file is removed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JobFailure } from './kernel/jobMessages';
import { JobCancelled, type JobContext } from './kernel/jobs';
import { errorDetail } from './kernel/errors';
import { caseLister } from './exportCases';
import { runExport } from './features/exports/job';
import type { ExportWorkerData, ExportWorkerMessage } from './features/exports/thread';

const port = parentPort;
if (port === null) throw new Error('exportWorker.ts runs only as a worker thread');
const data = workerData as ExportWorkerData;
const post = (m: ExportWorkerMessage): void => port.postMessage(m);
const flag = new Int32Array(data.cancel);
const abort = new AbortController();
const ctx: JobContext = {
  signal: abort.signal,
  progress: (done, total) => {
    if (Atomics.load(flag, 0) !== 0) abort.abort();
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
    clock: () => data.clock,
    pageSize: data.pageSize,
    sheetRows: data.sheetRows,
  },
  data.params,
  data.fileId,
  data.nowMs,
  ctx,
).then(
  ({ result, file }) => post({ type: 'done', result, file }),
  (e: unknown) => {
    if (e instanceof JobCancelled) post({ type: 'cancelled' });
    else if (e instanceof JobFailure) post({ type: 'failed', code: e.code, key: e.key, detail: e.detail });
    else post({ type: 'failed', code: 'internal', key: 'jobFailed', detail: errorDetail(e) });
  },
);
