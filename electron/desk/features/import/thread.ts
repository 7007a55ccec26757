/**
 * Reading and checking a log on a worker thread of its own (issue 13; as the
 * rebuild and the exports, decision 0018): SheetJS reads a 100,000-row
 * workbook in one synchronous call of several seconds, which must not stall
 * the desk's thread (the windows' calls, sync, the write of the cases). The
 * thread's entry is electron/desk/importWorker.ts; it posts progress, the
 * accepted cases chunk by chunk (so the desk writes while the thread still
 * checks), and the preview (without its cases) or why the file was refused.
 * A cancel terminates the thread (it writes nothing). When the thread cannot
 * start, the caller checks the file on its own thread.
 */
import type { Worker } from 'node:worker_threads';
import type { ImportIds } from '../../../../shared/domain/import/importIds';
import type { ImportedCase } from '../../../../shared/domain/import/rows';
import type { ImportTaxonomy, ListEntry } from '../../../../shared/domain/import/values';
import { caseIdsOf, rememberIds } from './ids';
import { previewImport, type ImportPreview } from './preview';
import { ImportFileError, readImportFile, type ImportFileProblem } from './read';
import type { MappingUpdate, RememberedMapping } from './remember';

export interface ImportWorkerData {
  path: string;
  name: string;
  sheet?: string;
  mapping?: MappingUpdate;
  remembered: RememberedMapping;
  taxonomy: ImportTaxonomy;
  /** Issue 14: the organisation's customer levels (the lists in force when the check starts). */
  customerLevels: readonly ListEntry[];
  timeZone: string;
  now: number;
  /** The desk's branch: the thread works out each case's ids (./ids.ts) with it; null on a desk not set up. */
  branch: string | null;
}

export type ImportWorkerMessage =
  | { type: 'progress'; done: number; total: number; phase: 'read' | 'check' }
  | { type: 'sheet'; name: string }
  /** `ids[i]`: the ids of `cases[i]` in the branch given (null without one). */
  | { type: 'cases'; cases: ImportedCase[]; ids: ImportIds[] | null }
  | { type: 'done'; preview: Omit<ImportPreview, 'cases'> }
  | { type: 'refused'; problem: ImportFileProblem; file: string; params: Record<string, string | number> }
  | { type: 'failed'; message: string };

/** What the worker does (electron/desk/importWorker.ts): read, check, post. */
export function checkInWorker(data: ImportWorkerData, post: (m: ImportWorkerMessage) => void): void {
  try {
    post({ type: 'progress', done: 0, total: 0, phase: 'read' });
    const book = readImportFile(data.path, undefined, data.name);
    const { cases: _cases, ...rest } = previewImport(book, {
      sheet: data.sheet,
      mapping: data.mapping,
      remembered: data.remembered,
      taxonomy: data.taxonomy,
      customerLevels: data.customerLevels,
      timeZone: data.timeZone,
      now: data.now,
      onProgress: (done, total) => post({ type: 'progress', done, total, phase: 'check' }),
      onCases: (cases) => {
        const branch = data.branch;
        post({ type: 'cases', cases, ids: branch === null ? null : cases.map((c) => caseIdsOf(branch, c)) });
      },
      onSheet: (name) => post({ type: 'sheet', name }),
    });
    post({ type: 'done', preview: rest });
  } catch (e) {
    if (e instanceof ImportFileError)
      post({ type: 'refused', problem: e.problem, file: e.file, params: e.params });
    else post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

export interface ThreadHooks {
  signal: AbortSignal;
  onProgress: (done: number, total: number, phase: 'read' | 'check') => void;
  onCases: (cases: ImportedCase[]) => void;
  onSheet: (name: string) => void;
}

/** Thrown when the thread cannot start: the caller checks the file itself. */
export class ThreadUnavailable extends Error {}

/**
 * The preview from the thread (its cases as handed to `onCases`, in order).
 * Rejects with ImportFileError for a refused file, with the signal's reason
 * when cancelled, ThreadUnavailable when no thread could start.
 */
export function checkOnThread(
  data: ImportWorkerData,
  spawn: (data: ImportWorkerData) => Worker,
  hooks: ThreadHooks,
): Promise<ImportPreview> {
  let w: Worker;
  try {
    w = spawn(data);
  } catch (e) {
    return Promise.reject(new ThreadUnavailable(e instanceof Error ? e.message : String(e)));
  }
  const cases: ImportedCase[] = [];
  return new Promise<ImportPreview>((resolve, reject) => {
    let ended = false;
    const end = (f: () => void): void => {
      if (ended) return;
      ended = true;
      hooks.signal.removeEventListener('abort', onAbort);
      f();
      void w.terminate();
    };
    const onAbort = (): void => end(() => reject(hooks.signal.reason));
    hooks.signal.addEventListener('abort', onAbort);
    w.on('message', (m: ImportWorkerMessage) => {
      if (ended) return;
      switch (m.type) {
        case 'progress':
          return hooks.onProgress(m.done, m.total, m.phase);
        case 'sheet':
          return hooks.onSheet(m.name);
        case 'cases':
          m.cases.forEach((c, i) => {
            const ids = m.ids?.[i];
            if (data.branch !== null && ids !== undefined) rememberIds(data.branch, c, ids);
            cases.push(c);
          });
          return hooks.onCases(m.cases);
        case 'done':
          return end(() => resolve({ ...m.preview, cases }));
        case 'refused':
          return end(() => reject(new ImportFileError(m.problem, m.file, m.params)));
        case 'failed':
          return end(() => reject(new Error(`import thread failed: ${m.message}`)));
      }
    });
    w.on('error', (e) => end(() => reject(e)));
    w.on('exit', (code) => end(() => reject(new Error(`import thread exited (${code}) before it answered`))));
    if (hooks.signal.aborted) onAbort();
  });
}
