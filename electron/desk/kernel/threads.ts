/**
 * Starting the desk's worker threads (the event checker, the rebuild and
 * export jobs): the bundled `<name>.cjs` next to the caller in a build
 * (dist-electron/, see scripts/build-electron.mjs), the TypeScript source
 * `<name>.ts` next to the caller through tsx otherwise (development, tests,
 * `npm run cli`); and running a job on one (`runOnThread`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/contract/result';
import { JobFailure, type JobMessageKey } from './jobMessages';
import { JobCancelled, type JobContext } from './jobs';

/** The ESM entry of tsx's API, from its package exports (the CommonJS one cannot register ESM hooks). */
function tsxEsmApi(from: string): string {
  const pkgFile = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } | string }>;
  };
  const entry = pkg.exports?.['./esm/api']?.import;
  const rel = typeof entry === 'string' ? entry : entry?.default;
  if (!rel) throw new Error('tsx has no ESM API entry');
  return path.join(path.dirname(pkgFile), rel);
}

/**
 * True when the caller (its `import.meta.url`) runs from a bundle, whose
 * threads start from bundled `.cjs` files; false under tsx, where every
 * thread loads the TypeScript loader too (and costs about 80 MB more).
 */
export function runsBundled(callerUrl: string): boolean {
  return !callerUrl.endsWith('.ts');
}

/**
 * Starts the thread whose entry file is `name` (no extension) in the folder of
 * `callerUrl` (the caller's `import.meta.url`). Throws when it cannot start.
 */
export function startThread(
  callerUrl: string,
  name: string,
  workerData?: unknown,
  /** Caps on the thread's heap (an export's memory bound). */
  resourceLimits?: ResourceLimits,
  /** What workerData hands over rather than copies (a MessagePort). */
  transferList?: TransferListItem[],
): Worker {
  if (runsBundled(callerUrl)) {
    return new Worker(new URL(`./${name}.cjs`, callerUrl), { workerData, resourceLimits, transferList });
  }
  const tsx = pathToFileURL(tsxEsmApi(callerUrl)).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits, transferList });
}

/** The cancel flag a job's thread reads: an Int32Array's buffer, element 0 set to 1 asks it to stop. */
export interface ThreadCancel {
  cancel: SharedArrayBuffer;
}

/** What a job's thread posts (./threadEntry.ts on its side): the same protocol for every job. */
export type ThreadMessage<R> =
  | { type: 'started' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: R }
  | { type: 'cancelled' }
  | { type: 'failed'; code: ErrorCode; key: JobMessageKey; detail: string };

export interface ThreadJob<D> {
  /** The thread's name in the log and in a failure: 'rebuild', 'export'. */
  name: string;
  /** What the log says the job does instead when the thread is unavailable: 'rebuilding here'. */
  fallback: string;
  /** The thread's workerData, less the cancel flag this adds. */
  data: D;
  /** Starts the thread (throws when it cannot). */
  spawn: (data: D & ThreadCancel) => Worker;
  ctx: JobContext;
  /** The phase its progress reports. */
  phase: string;
  log: (line: string) => void;
}

/**
 * Runs a job on its own thread (decision 0018): relays the thread's progress,
 * sets the shared cancel flag when the job is cancelled, and maps its outcome
 * to the job's (JobCancelled, JobFailure). Resolves null when the thread could
 * not start or died before it began (nothing was done): the caller then runs
 * the same work on the desk's thread.
 */
export function runOnThread<D, R>(j: ThreadJob<D>): Promise<R | null> {
  const { ctx, log } = j;
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  let w: Worker;
  try {
    w = j.spawn({ ...j.data, cancel });
  } catch (e) {
    log(
      `[desk] ${j.name} thread cannot start (${e instanceof Error ? e.message : String(e)}); ${j.fallback}`,
    );
    return Promise.resolve(null);
  }
  return new Promise<R | null>((resolve, reject) => {
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
    /** A thread that died before it began leaves everything untouched: the caller runs it here instead. */
    const lost = (why: string): void =>
      end(() => {
        if (started) {
          reject(new JobFailure('internal', 'jobFailed', `${j.name} thread: ${why}`));
        } else {
          log(`[desk] ${j.name} thread unavailable (${why}); ${j.fallback}`);
          resolve(null);
        }
      });
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) onAbort();
    w.on('message', (m: ThreadMessage<R>) => {
      switch (m.type) {
        case 'started':
          started = true;
          return;
        case 'progress':
          ctx.progress(m.done, m.total, j.phase);
          return;
        case 'done':
          return end(() => resolve(m.result));
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
