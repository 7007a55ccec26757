/**
 * Entry of an import's check thread (features/import/thread.ts): reads the
 * staged log and checks its rows, posting progress, the accepted cases
 * chunk by chunk and the preview. Touches no database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkInWorker, type ImportWorkerData } from './features/import';

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs only as a worker thread');
checkInWorker(workerData as ImportWorkerData, (m) => port.postMessage(m));
