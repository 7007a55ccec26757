/**
 * The export on a worker thread of its own (as the rebuild, decision 0018):
 * the desk's thread stays free for the windows, and the thread's heap is
 * capped (`resourceLimits`), so the export's memory stays bounded whatever
 * V8's heuristics. The thread's entry is electron/desk/exportWorker.ts
 * (beside index.ts: it composes the cases feature's list query); it posts
 * progress and its outcome, and reads a shared cancel flag between pages.
 * When the thread cannot start, the caller runs the same export here.
 */
import type { Worker } from 'node:worker_threads';
import type { JobResult } from '../../../../shared/contract/methods/jobs';
import type { WorkClock } from '../../kernel/deadlineSettings';
import { JobFailure, type JobMessageKey } from '../../kernel/jobMessages';
import { JobCancelled, type JobContext } from '../../kernel/jobs';
import type { HandlingScript, Taxonomy } from '../../../../shared/domain/cases/script';
import type { ErrorCode } from '../../../../shared/contract/result';
import type { ExportParams, MadeFile } from './job';

export interface ExportWorkerData {
  file: string;
  dir: string;
  fileId: string;
  nowMs: number;
  params: ExportParams;
  script: HandlingScript;
  taxonomy: Taxonomy;
  timeZone: string;
  clock: WorkClock;
  pageSize?: number;
  sheetRows?: number;
  /** An Int32Array's buffer: element 0 set to 1 asks the export to stop. */
  cancel: SharedArrayBuffer;
}

export type ExportWorkerMessage =
  | { type: 'started' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: JobResult; file: MadeFile }
  | { type: 'cancelled' }
  | { type: 'failed'; code: ErrorCode; key: JobMessageKey; detail: string };

/** The export on its thread; null when the thread could not start (nothing was done). */
export function exportOnThread(
  data: Omit<ExportWorkerData, 'cancel'>,
  ctx: JobContext,
  spawn: (data: ExportWorkerData) => Worker,
  log: (line: string) => void,
): Promise<{ result: JobResult; file: MadeFile } | null> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  let w: Worker;
  try {
    w = spawn({ ...data, cancel });
  } catch (e) {
    log(`[desk] export thread cannot start (${e instanceof Error ? e.message : String(e)}); exporting here`);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
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
    const lost = (why: string): void =>
      end(() => {
        if (started) reject(new JobFailure('internal', 'jobFailed', `export thread: ${why}`));
        else {
          log(`[desk] export thread unavailable (${why}); exporting here`);
          resolve(null);
        }
      });
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) onAbort();
    w.on('message', (m: ExportWorkerMessage) => {
      switch (m.type) {
        case 'started':
          started = true;
          return;
        case 'progress':
          ctx.progress(m.done, m.total, 'write');
          return;
        case 'done':
          return end(() => resolve({ result: m.result, file: m.file }));
        case 'cancelled':
          return end(() => reject(new JobCancelled()));
        case 'failed':
          return end(() => reject(new JobFailure(m.code, m.key, m.detail)));
      }
    });
    w.on('error', (e) => lost(e.stack ?? e.message));
    w.on('exit', (code) => lost(`stopped with exit code ${code}`));
  });
}
