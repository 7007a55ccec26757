/**
 * Entry of the verify thread (contentPlan.ts): checks the content of ranges
 * of the log from the back, claiming each in shared memory, until it meets the
 * ranges the verifying thread claimed from the front.
 */
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';
import { contentProblems, rangeOfEvents } from './contentCheck';
import {
  FIRST_RANGE,
  FREE,
  PROGRESS,
  THREAD_BUSY,
  THREAD_DONE,
  THREAD_GAVE_UP,
  type RangeAnswer,
  type VerifyThreadData,
} from './contentPlan';

const data = workerData as VerifyThreadData | null;
if (data === null) throw new Error('verifyWorker.ts runs only as a worker thread');
const slots = new Int32Array(data.shared);
const db = new Database(data.file, { readonly: true, fileMustExist: true });
try {
  const range = rangeOfEvents(db);
  let rows = 0;
  const onRow = (): void => {
    if ((++rows & 1023) === 0) Atomics.add(slots, PROGRESS, 1024);
  };
  for (let i = data.ranges.length - 1; i >= 0; i--) {
    if (Atomics.compareExchange(slots, FIRST_RANGE + i, FREE, THREAD_BUSY) !== FREE) break;
    const [from, to] = data.ranges[i] as [number, number];
    let bad: number[];
    try {
      bad = contentProblems(range, from, to, onRow);
    } catch {
      Atomics.store(slots, FIRST_RANGE + i, THREAD_GAVE_UP);
      Atomics.notify(slots, FIRST_RANGE + i);
      break;
    }
    const answer: RangeAnswer = { range: i, bad };
    data.port.postMessage(answer);
    Atomics.store(slots, FIRST_RANGE + i, THREAD_DONE);
    Atomics.notify(slots, FIRST_RANGE + i);
  }
} finally {
  db.close();
  data.port.close();
}
