/**
 * The thread's side of a job run by `runOnThread` (./threads.ts): its
 * workerData, a typed `post` for the job's messages, and whether the job was
 * cancelled (the shared flag). Throws when the file runs as anything but a
 * worker thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ThreadCancel, ThreadMessage } from './threads';

export interface ThreadEntry<D, R> {
  data: D;
  post: (m: ThreadMessage<R>) => void;
  /** True once the job has been cancelled: stop at the next page or chunk. */
  cancelled: () => boolean;
}

export function threadEntry<D extends ThreadCancel, R>(file: string): ThreadEntry<D, R> {
  const port = parentPort;
  if (port === null) throw new Error(`${file} runs only as a worker thread`);
  const data = workerData as D;
  const flag = new Int32Array(data.cancel);
  return {
    data,
    post: (m) => port.postMessage(m),
    cancelled: () => Atomics.load(flag, 0) !== 0,
  };
}
