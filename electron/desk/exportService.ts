/**
 * The exports service as the desk composes it (issue 13): the cases
 * feature's list query (./exportCases.ts) and an export thread of its own
 * with a capped heap, so the desk's thread stays free and the memory
 * bounded (decision 0033). Kept apart from ./exportCases.ts, which the
 * export's thread loads: the thread needs none of this.
 */
import * as exportsFeature from './features/exports';
import type { JobRunner } from './kernel/jobs';
import { runsBundled, startThread } from './kernel/threads';
import { caseLister } from './exportCases';
import type { DeskCoreOptions } from './coreTypes';

type Given = Omit<exportsFeature.ExportsOptions, 'lister' | 'spawn' | 'pageSize' | 'sheetRows' | 'lanes'>;

export function deskExports(
  jobs: JobRunner,
  given: Given,
  opts: DeskCoreOptions['exports'],
): exportsFeature.Exports {
  // Two lanes where threads start from bundles (the desktop app, `npm run cli`): ~260 MB at the
  // peak. Under tsx each thread carries the TypeScript loader too, and a second lane would pass
  // the export's 300 MB bound (355 MB measured), so development and tests run one unless they ask.
  const lanes = opts?.lanes ?? (runsBundled(import.meta.url) ? 2 : 1);
  return new exportsFeature.Exports(jobs, {
    ...given,
    lister: caseLister,
    spawn:
      opts?.thread === false
        ? undefined
        : (data) =>
            startThread(import.meta.url, 'exportWorker', data, exportsFeature.exportThreadLimits(lanes)),
    pageSize: opts?.pageSize,
    sheetRows: opts?.sheetRows,
    lanes,
  });
}
