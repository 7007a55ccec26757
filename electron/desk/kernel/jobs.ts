/**
 * The job runner: long work (rebuild today; export, import, reports next)
 * started through DeskApi or the CLI, running off the write thread, reporting
 * `progress` desk events at a bounded rate, cancellable, and listed by any
 * window: a job belongs to the desk core, so a reloaded window finds it again.
 *
 * A kind says what its work is (`run`, which gets an AbortSignal and a
 * progress callback) and whether only one job of it may run at a time. Work
 * that honours a cancel throws JobCancelled; work that fails in a way a clerk
 * should read throws JobFailure (a message key, localized per caller); any
 * other error is logged and shown as the generic "job failed" message.
 *
 * Jobs live in memory until the desk closes; the last `keepFinished` finished
 * ones stay listed. The runner is a Service: stopping it cancels what runs.
 */
import type { DeskEvent } from '../../../shared/contract/api';
import {
  isJobActive,
  type JobKind,
  type JobProgress,
  type JobResult,
  type JobState,
  type JobSummary,
} from '../../../shared/contract/methods/jobs';
import { err, ok, type Result } from '../../../shared/contract/result';
import { newId } from '../../../shared/domain/kernel/ids';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { JobFailure, jobMessage, type JobMessageKey } from './jobMessages';
import type { Service } from './services';
import { errorDetail } from './errors';

export interface JobContext {
  /** Aborted when someone cancels the job or the desk closes. */
  readonly signal: AbortSignal;
  /** Reports how far the work is; the runner decides when to tell the windows. */
  progress(done: number, total: number, phase?: string): void;
}

export interface JobKindSpec {
  /** True: a second job of this kind is refused while one is queued or running. */
  exclusive: boolean;
  /** The message for that refusal. */
  busyKey: JobMessageKey;
  run(ctx: JobContext): Promise<JobResult>;
}

/**
 * What one job of a kind does when it has parameters (an export's filters
 * and format, a backup's folder): started by its feature's own method, which
 * validated them. `dispose` runs once the job is dropped from the list or
 * the runner stops (e.g. to remove the file the job made).
 */
export interface JobParams {
  run: JobKindSpec['run'];
  dispose?: () => void;
}

/**
 * Thrown by work that stopped because it was cancelled (and left the data as
 * it was, or, for work done in parts such as an import, says in `result`
 * what it had done: the cancelled job keeps it).
 */
export class JobCancelled extends Error {
  constructor(readonly result: JobResult | null = null) {
    super('job cancelled');
    this.name = 'JobCancelled';
  }
}

export interface JobRunnerOptions {
  emit: (e: DeskEvent) => void;
  kinds: Partial<Record<JobKind, JobKindSpec>>;
  /** Wall clock for the times a job shows (the desk's `now`). */
  now?: () => number;
  /** Monotonic clock for the progress rate. */
  clock?: () => number;
  /** Least time between two progress events of one job (state changes are always sent). */
  progressIntervalMs?: number;
  /** How many finished jobs stay listed. */
  keepFinished?: number;
  log?: (line: string) => void;
}

interface JobRecord {
  id: string;
  kind: JobKind;
  state: JobState;
  progress: JobProgress;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: JobResult | null;
  failure: JobFailure | null;
  abort: AbortController;
  settled: Promise<void>;
  lastEmitAt: number;
  dispose: (() => void) | null;
}

export class JobRunner implements Service {
  readonly name = 'jobs';
  private readonly jobs: JobRecord[] = [];
  private closed = false;
  private readonly now: () => number;
  private readonly clock: () => number;
  private readonly interval: number;
  private readonly keep: number;
  private readonly log: (line: string) => void;

  constructor(private readonly o: JobRunnerOptions) {
    this.now = o.now ?? (() => Date.now());
    this.clock = o.clock ?? (() => performance.now());
    this.interval = o.progressIntervalMs ?? 200;
    this.keep = o.keepFinished ?? 20;
    this.log = o.log ?? ((l) => console.warn(l));
  }

  /** Nothing runs on its own: jobs start when asked. */
  start(): void {}

  /** Jobs have no timers to bring forward. */
  sweep(): void {}

  /**
   * Refuses new jobs and cancels every job still queued or running, at once
   * (synchronously, so the desk can close its database right after; a job's
   * thread rolls back on its own connection). `idle()` waits for them to end.
   */
  stop(): void {
    this.closed = true;
    for (const j of this.jobs) if (isJobActive(j.state)) this.requestCancel(j);
    for (const j of this.jobs) if (!isJobActive(j.state)) this.dispose(j);
  }

  /** Resolves once no job is queued or running. */
  async idle(): Promise<void> {
    await Promise.all(this.jobs.map((j) => j.settled));
  }

  /**
   * Starts a job of `kind`; refused while one of an exclusive kind runs.
   * `params` gives this job's own work (a kind with parameters); without
   * it the kind's `run` is used.
   */
  submit(kind: JobKind, locale: Locale, params?: JobParams): Result<JobSummary> {
    const spec = this.o.kinds[kind];
    if (this.closed) return err('busy', jobMessage(locale, 'jobClosing'));
    if (!spec) return err('invalid_input', jobMessage(locale, 'jobKindUnavailable'));
    if (spec.exclusive && this.jobs.some((j) => j.kind === kind && isJobActive(j.state))) {
      return err('busy', jobMessage(locale, spec.busyKey));
    }
    const rec: JobRecord = {
      id: newId(),
      kind,
      state: 'queued',
      progress: { done: 0, total: 0 },
      cancelRequested: false,
      createdAt: this.iso(),
      startedAt: null,
      finishedAt: null,
      result: null,
      failure: null,
      abort: new AbortController(),
      settled: Promise.resolve(),
      lastEmitAt: Number.NEGATIVE_INFINITY,
      dispose: params?.dispose ?? null,
    };
    this.jobs.push(rec);
    this.emit(rec);
    rec.settled = this.run(rec, params ? { ...spec, run: params.run } : spec);
    return ok(this.summary(rec, locale));
  }

  /** Every job still listed, newest first. */
  list(locale: Locale): JobSummary[] {
    return [...this.jobs].reverse().map((j) => this.summary(j, locale));
  }

  get(jobId: string, locale: Locale): JobSummary | null {
    const j = this.find(jobId);
    return j ? this.summary(j, locale) : null;
  }

  /** Asks a job to stop; it ends as cancelled (data unchanged) unless its work had already finished. */
  cancel(jobId: string, locale: Locale): Result<JobSummary> {
    const j = this.find(jobId);
    if (!j) return err('not_found', jobMessage(locale, 'jobNotFound'));
    if (isJobActive(j.state)) this.requestCancel(j);
    return ok(this.summary(j, locale));
  }

  /** Resolves with the job once it has ended (at once for an ended job). */
  async whenSettled(jobId: string, locale: Locale): Promise<JobSummary | null> {
    const j = this.find(jobId);
    if (!j) return null;
    await j.settled;
    return this.summary(j, locale);
  }

  private find(jobId: string): JobRecord | undefined {
    return this.jobs.find((j) => j.id === jobId);
  }

  private requestCancel(j: JobRecord): void {
    if (j.cancelRequested) return;
    j.cancelRequested = true;
    j.abort.abort();
    this.emit(j);
  }

  private async run(rec: JobRecord, spec: JobKindSpec): Promise<void> {
    await Promise.resolve(); // the caller gets its answer (queued) before the work begins
    if (rec.abort.signal.aborted) return this.finish(rec, 'cancelled');
    rec.state = 'running';
    rec.startedAt = this.iso();
    this.emit(rec);
    const ctx: JobContext = {
      signal: rec.abort.signal,
      progress: (done, total, phase) => {
        if (!isJobActive(rec.state)) return;
        rec.progress = phase === undefined ? { done, total } : { done, total, phase };
        if (this.clock() - rec.lastEmitAt >= this.interval) this.emit(rec);
      },
    };
    try {
      rec.result = await spec.run(ctx);
      this.finish(rec, 'done');
    } catch (e) {
      if (e instanceof JobCancelled) {
        rec.result = e.result;
        return this.finish(rec, 'cancelled');
      }
      if (e instanceof JobFailure) {
        this.log(`[desk] job ${rec.kind} ${rec.id} failed: ${e.detail}`);
        rec.failure = e;
      } else {
        const detail = errorDetail(e);
        this.log(`[desk] job ${rec.kind} ${rec.id} failed: ${detail}`);
        rec.failure = new JobFailure('internal', 'jobFailed', detail);
      }
      this.finish(rec, 'failed');
    }
  }

  private finish(rec: JobRecord, state: JobState): void {
    rec.state = state;
    rec.finishedAt = this.iso();
    this.emit(rec);
    const finished = this.jobs.filter((j) => !isJobActive(j.state));
    for (const old of finished.slice(0, Math.max(0, finished.length - this.keep))) {
      this.jobs.splice(this.jobs.indexOf(old), 1);
      this.dispose(old);
    }
    if (this.closed) this.dispose(rec);
  }

  private dispose(j: JobRecord): void {
    const d = j.dispose;
    j.dispose = null;
    try {
      d?.();
    } catch (e) {
      this.log(`[desk] job ${j.kind} ${j.id} cleanup failed: ${errorDetail(e)}`);
    }
  }

  private emit(rec: JobRecord): void {
    rec.lastEmitAt = this.clock();
    this.o.emit({
      type: 'progress',
      task: rec.kind,
      jobId: rec.id,
      state: rec.state,
      done: rec.progress.done,
      total: rec.progress.total,
    });
  }

  private summary(j: JobRecord, locale: Locale): JobSummary {
    return {
      id: j.id,
      kind: j.kind,
      state: j.state,
      progress: { ...j.progress },
      cancelRequested: j.cancelRequested,
      createdAt: j.createdAt,
      startedAt: j.startedAt,
      finishedAt: j.finishedAt,
      result: j.result,
      error: j.failure ? { code: j.failure.code, message: jobMessage(locale, j.failure.key) } : null,
    };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
