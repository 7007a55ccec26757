/**
 * Entry of the checker thread (see checker.ts): answers every batch of raw
 * events with one verdict per event.
 */
import { parentPort } from 'node:worker_threads';
import { checkBatch } from './checkBatch';
import { errorDetail } from './errors';

const port = parentPort;
if (port === null) throw new Error('checkWorker.ts runs only as a worker thread');
port.on('message', (m: { id: number; raws: unknown[] }) => {
  try {
    port.postMessage({ id: m.id, verdicts: checkBatch(m.raws) });
  } catch (e) {
    port.postMessage({ id: m.id, error: errorDetail(e) });
  }
});
