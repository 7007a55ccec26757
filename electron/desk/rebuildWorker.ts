/**
 * Entry of the rebuild thread (see kernel/rebuildJob.ts): opens its own
 * connection to the desk's WAL database and runs EventStore.rebuild there
 * with the desk's own projector registry (the same fold and projection code
 * as the desk's thread), posting progress after each chunk and stopping
 * between chunks once the shared cancel flag is set, in which case the
 * transaction rolls back and nothing has changed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DeskDatabase } from './db/open';
import { EventStore, RebuildCancelled } from './kernel/eventStore';
import type { RebuildWorkerData, RebuildWorkerMessage } from './kernel/rebuildJob';
import { counts } from './maintenance';
import { projectors } from './projection';
import { errorDetail, isDatabaseBusy } from './kernel/errors';

const port = parentPort;
if (port === null) throw new Error('rebuildWorker.ts runs only as a worker thread');
const data = workerData as RebuildWorkerData;
const post = (m: RebuildWorkerMessage): void => port.postMessage(m);
const flag = new Int32Array(data.cancel);

post({ type: 'started' });
let d: DeskDatabase | null = null;
try {
  d = openDatabase(data.file);
  d.sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(data.busyTimeoutMs))}`);
  new EventStore(d, projectors()).rebuild(data.chunk, {
    onProgress: (done, total) => post({ type: 'progress', done, total }),
    cancelled: () => Atomics.load(flag, 0) !== 0,
  });
  post({ type: 'done', counts: { ...counts(d) } });
} catch (e) {
  if (e instanceof RebuildCancelled) {
    post({ type: 'cancelled' });
  } else {
    post({ type: 'failed', busy: isDatabaseBusy(e), message: errorDetail(e) });
  }
} finally {
  d?.close();
}
