/**
 * The export on a worker thread of its own (as the rebuild, decision 0018):
 * the desk's thread stays free for the windows, and the thread's heap is
 * capped (`resourceLimits`), so the export's memory stays bounded whatever
 * V8's heuristics. The thread's entry is electron/desk/exportWorker.ts
 * (beside index.ts: it composes the cases feature's list query); it posts
 * progress and its outcome, and reads a shared cancel flag between pages
 * (kernel/threads.ts `runOnThread`, as the rebuild).
 * When the thread cannot start, the caller runs the same export here.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { JobResult } from '../../../../shared/contract/methods/jobs';
import type { WorkClock } from '../../kernel/deadlineSettings';
import type { JobContext } from '../../kernel/jobs';
import { runOnThread, type ThreadCancel } from '../../kernel/threads';
import type { HandlingScript, Taxonomy } from '../../../../shared/domain/cases/script';
import type { AnalysisLists } from '../../../../shared/domain/settings/lists';
import type { ExportParams, MadeFile } from './job';

export interface ExportWorkerData extends ThreadCancel {
  file: string;
  dir: string;
  fileId: string;
  nowMs: number;
  params: ExportParams;
  script: HandlingScript;
  taxonomy: Taxonomy;
  timeZone: string;
  lists?: AnalysisLists;
  clock: WorkClock;
  pageSize?: number;
  sheetRows?: number;
  /** 2: a CSV export renders on a second thread too (./lanes.ts). */
  lanes?: 1 | 2;
}

/**
 * The heap caps of an export's thread: the export's memory stays bounded.
 * With a second lane, a 32 MB young generation rather than 16: fewer
 * scavenges, 8 % less CPU for a CSV of 100,000 cases (this thread collects
 * the most: it also writes the file and takes the lane's pages). On one
 * lane 16 MB: under tsx, 32 took 1,100,000 cases to 315 MB (decision 0047).
 */
export function exportThreadLimits(lanes: 1 | 2): ResourceLimits {
  return { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: lanes === 2 ? 32 : 16 };
}

/**
 * A CSV export's second lane (./lanes.ts): 16 MB of young generation. With
 * 32 MB like the export's thread, 1,100,000 cases peaked at 282-284 MB; with
 * 16, at 261 MB and no slower (decision 0047).
 */
export const LANE_THREAD_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 96,
  maxYoungGenerationSizeMb: 16,
};

/** What an export makes: the job's result and the file. */
export interface ExportOutcome {
  result: JobResult;
  file: MadeFile;
}

/** The export on its thread; null when the thread could not start (nothing was done). */
export function exportOnThread(
  data: Omit<ExportWorkerData, 'cancel'>,
  ctx: JobContext,
  spawn: (data: ExportWorkerData) => Worker,
  log: (line: string) => void,
): Promise<ExportOutcome | null> {
  return runOnThread<typeof data, ExportOutcome>({
    name: 'export',
    fallback: 'exporting here',
    data,
    spawn,
    ctx,
    phase: 'write',
    log,
  });
}
