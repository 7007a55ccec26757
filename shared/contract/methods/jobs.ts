/**
 * DeskApi methods for long jobs (rebuild today; export, import and reports
 * next), what they return, and what `progress` desk events carry.
 *
 * A job lives in the desk core, not in a window: a reloaded or second window
 * lists the jobs and keeps receiving their progress events. Files never cross
 * DeskApi as JSON: a job that makes a file (an export) names it in
 * `result.file`, and the host serves its bytes by that id (see
 * docs/decisions/0018-services-and-jobs.md).
 */
import { z } from 'zod';
import { ErrorCode } from '../result';
import { empty, id, type MethodTable } from './common';

export const JOB_KINDS = ['rebuild', 'backup', 'export', 'import', 'report'] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

/** True while a job may still change (not yet done, failed or cancelled). */
export function isJobActive(state: JobState): boolean {
  return state === 'queued' || state === 'running';
}

export const JobProgress = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** What the job is doing now, as a code the screen translates (e.g. 'fold'). */
  phase: z.string().max(32).optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** A file a job made, served by the host by `id` (never sent inside a JSON body). */
export const JobFile = z.object({
  id: z.string(),
  name: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type JobFile = z.infer<typeof JobFile>;

export const JobResult = z.object({
  /** Named counts a clerk may see (rebuild: events, cases, staff). */
  counts: z.record(z.string(), z.number()).optional(),
  file: JobFile.optional(),
});
export type JobResult = z.infer<typeof JobResult>;

export const JobSummary = z.object({
  id: z.string(),
  kind: JobKind,
  state: JobState,
  progress: JobProgress,
  /** True once someone asked to cancel a job that is still running. */
  cancelRequested: z.boolean(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  result: JobResult.nullable(),
  /** Why the job failed, in the caller's language. */
  error: z.object({ code: ErrorCode, message: z.string() }).nullable(),
});
export type JobSummary = z.infer<typeof JobSummary>;

/** The `progress` desk event: sent while a job runs (at a bounded rate) and on every state change. */
export interface JobProgressEvent {
  type: 'progress';
  /** The job's kind. */
  task: JobKind;
  jobId: string;
  state: JobState;
  done: number;
  total: number;
}

export const jobMethods = {
  /** Kinds without parameters; a kind with them is started by its feature's method (export.start). */
  'job.start': {
    input: z.object({ kind: JobKind.extract(['rebuild']) }).strict(),
    output: JobSummary,
    auth: ['admin'],
  },
  'job.list': { input: empty, output: z.array(JobSummary), auth: 'any' },
  'job.cancel': { input: z.object({ jobId: id }).strict(), output: JobSummary, auth: ['admin'] },
} as const satisfies MethodTable;
