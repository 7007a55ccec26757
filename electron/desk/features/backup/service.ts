/**
 * Backups as the desk runs them: the settings a supervisor sets (this
 * device's `meta`, not a branch event: the folder is a path on this computer),
 * the backup job (kind 'backup', started with its folder as the job's
 * parameter), the result of the last run, and the daily schedule.
 *
 * The schedule is a Service (kernel/services.ts): a timer to the next due
 * time capped at a minute, so a sleeping machine or a clock jump never makes
 * it late by more than that, plus `sweep` (the host calls it after a wake).
 * A backup is due a day after the last one that succeeded; one that failed or
 * was cancelled (by a supervisor, or by closing the desk) is tried again an
 * hour later. A time recorded in the future (the clock ran ahead and was
 * corrected) does not count, so the backup is due at once; and the backup
 * just made is never rotated away (a clock set back gives it the oldest
 * name). After a backup into the configured folder,
 * rotation deletes this device's older backups beyond the keep counts
 * (rotation.ts); nothing else is ever deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BackupRun, BackupSettings, BackupView } from '../../../../shared/contract/methods/backup';
import { BACKUP_LIMITS } from '../../../../shared/contract/methods/backup';
import type { JobResult, JobSummary } from '../../../../shared/contract/methods/jobs';
import { err, type Result } from '../../../../shared/contract/result';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { Desk } from '../../kernel/desk';
import { errorDetail } from '../../kernel/errors';
import { isInsideFolder, isWritableFolder } from '../../kernel/folders';
import { JobFailure, jobMessage, type JobMessageKey } from '../../kernel/jobMessages';
import { JobCancelled, type JobContext, type JobKindSpec, type JobRunner } from '../../kernel/jobs';
import type { Service } from '../../kernel/services';
import { makeBackup } from './make';
import { messages, type BackupMessageKey } from './messages';
import { rotateBackups } from './rotation';

const KEYS = {
  folder: 'backup.folder',
  keepDaily: 'backup.keepDaily',
  keepWeekly: 'backup.keepWeekly',
  last: 'backup.last',
  lastSuccessAt: 'backup.lastSuccessAt',
  /** When the schedule last started a backup: a cancelled one waits RETRY_MS, as a failed one. */
  scheduledAt: 'backup.scheduledAt',
} as const;

export const DAY_MS = 86_400_000;
export const RETRY_MS = 3_600_000;
const TIMER_CAP_MS = 60_000;

/** The last run as stored: the failure as a message key, read in each caller's language. */
interface StoredRun extends Omit<BackupRun, 'message'> {
  failure: JobMessageKey | null;
}

export interface BackupServiceOptions {
  /** false: no timer (tools and tests: the schedule runs through `sweep`). */
  timers?: boolean;
  /** The desk's data folder: a backup folder inside it is refused. */
  dataDir: string;
  log?: (line: string) => void;
}

export class BackupService implements Service {
  readonly name = 'backup';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private jobs: JobRunner | null = null;
  private readonly log: (line: string) => void;

  constructor(
    private readonly desk: Desk,
    private readonly o: BackupServiceOptions,
  ) {
    this.log = o.log ?? ((l) => console.warn(l));
  }

  /** The job kind for the runner: by itself it backs up to the configured folder. */
  kind(): JobKindSpec {
    return {
      exclusive: true,
      busyKey: 'jobBusyBackup',
      run: (ctx) => this.run(this.settings().folder, true, ctx),
    };
  }

  /** The runner the backups are submitted to (set once openDesk built it). */
  attach(jobs: JobRunner): void {
    this.jobs = jobs;
  }

  start(): void {
    if (this.o.timers === false) return;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Starts the daily backup if it is due (after a wake, a clock jump, or the timer). */
  sweep(): void {
    if (this.stopped) return;
    try {
      const due = this.nextDueAt();
      if (due !== null && this.desk.now() >= due && this.desk.identity() !== null) {
        const r = this.submit(null, true, 'en');
        if (!r.ok && r.error.code !== 'busy')
          this.log(`[desk] scheduled backup not started: ${r.error.message}`);
      }
    } catch (e) {
      this.log(`[desk] backup schedule: ${errorDetail(e)}`);
    }
    if (this.o.timers !== false) this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const due = this.nextDueAt();
    const wait = due === null ? TIMER_CAP_MS : Math.min(TIMER_CAP_MS, Math.max(1000, due - this.desk.now()));
    this.timer = setTimeout(() => this.sweep(), wait);
    this.timer.unref?.();
  }

  // ------------------------------------------------------------------ settings

  settings(): BackupSettings {
    const meta = this.desk.meta;
    const int = (key: string, fallback: number): number => {
      const n = Number(meta.get(key));
      return Number.isSafeInteger(n) && meta.get(key) !== null ? n : fallback;
    };
    return {
      folder: meta.get(KEYS.folder),
      keepDaily: int(KEYS.keepDaily, BACKUP_LIMITS.keepDaily.default),
      keepWeekly: int(KEYS.keepWeekly, BACKUP_LIMITS.keepWeekly.default),
    };
  }

  /** Checks and stores the settings; the folder must be a full path to a writable folder outside the data folder. */
  configure(s: BackupSettings, locale: Locale): Result<BackupView> {
    if (s.folder !== null) {
      const refusal = this.folderProblem(s.folder);
      if (refusal !== null) {
        const text = messages.msg(locale, refusal, { folder: s.folder });
        return err('invalid_input', text, { folder: text });
      }
    }
    this.desk.tx(() => {
      const meta = this.desk.meta;
      if (s.folder === null) meta.delete(KEYS.folder);
      else meta.set(KEYS.folder, path.resolve(s.folder));
      meta.set(KEYS.keepDaily, String(s.keepDaily));
      meta.set(KEYS.keepWeekly, String(s.keepWeekly));
    });
    if (this.o.timers !== false) this.arm();
    return { ok: true, value: this.view(locale) };
  }

  private folderProblem(folder: string): BackupMessageKey | null {
    if (!path.isAbsolute(folder)) return 'backupFolderNotAbsolute';
    if (isInsideFolder(folder, this.o.dataDir)) return 'backupFolderInsideData';
    return isWritableFolder(path.resolve(folder)) ? null : 'backupFolderMissing';
  }

  view(locale: Locale): BackupView {
    const stored = this.lastRun();
    const due = this.nextDueAt();
    return {
      settings: this.settings(),
      last:
        stored === null
          ? null
          : {
              ...(({ failure: _f, ...rest }) => rest)(stored),
              message: stored.failure === null ? null : jobMessage(locale, stored.failure),
            },
      lastSuccessAt: this.desk.meta.get(KEYS.lastSuccessAt),
      nextDueAt: due === null ? null : new Date(due).toISOString(),
    };
  }

  private lastRun(): StoredRun | null {
    const raw = this.desk.meta.get(KEYS.last);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as StoredRun;
    } catch {
      return null;
    }
  }

  /** When the schedule backs up next (ms), or null when no folder is set. */
  nextDueAt(): number | null {
    if (this.settings().folder === null) return null;
    const now = this.desk.now();
    // An instant recorded while the clock ran ahead (corrected since) does not count: the schedule
    // backs up at once rather than when the wrong date comes round.
    const atMost = (ms: number) => (ms > now ? NaN : ms);
    const success = atMost(Date.parse(this.desk.meta.get(KEYS.lastSuccessAt) ?? ''));
    const last = this.lastRun();
    let due = Number.isFinite(success) ? success + DAY_MS : now;
    const attempts = [
      last !== null && !last.ok ? Date.parse(last.at) : NaN,
      Date.parse(this.desk.meta.get(KEYS.scheduledAt) ?? ''),
    ].map(atMost);
    for (const attempt of attempts) {
      // An attempt after the last success that did not succeed (failed, cancelled, or still running).
      if (Number.isFinite(attempt) && (!Number.isFinite(success) || attempt > success)) {
        due = Math.max(due, attempt + RETRY_MS);
      }
    }
    return due;
  }

  // ------------------------------------------------------------------ the job

  /** Starts a backup job into `folder` (null: the configured folder). */
  submit(folder: string | null, scheduled: boolean, locale: Locale): Result<JobSummary> {
    if (!this.jobs) return err('internal', jobMessage(locale, 'jobKindUnavailable'));
    const target = folder ?? this.settings().folder;
    if (target === null) return err('invalid_input', messages.msg(locale, 'backupNoFolder'));
    // A folder given for this backup alone (the CLI's --out) meets the rules of a configured one.
    const refusal = folder === null ? null : this.folderProblem(folder);
    if (refusal !== null) {
      const text = messages.msg(locale, refusal, { folder: target });
      return err('invalid_input', text, { folder: text });
    }
    const at = new Date(this.desk.now()).toISOString();
    const r = this.jobs.submit('backup', locale, { run: (ctx) => this.run(target, scheduled, ctx, at) });
    // The schedule's attempt counts from now: cancelled (even before it began), it is not due again at once.
    if (r.ok && scheduled) {
      try {
        this.desk.meta.set(KEYS.scheduledAt, at);
      } catch (e) {
        this.log(`[desk] backup attempt not recorded: ${errorDetail(e)}`);
      }
    }
    return r;
  }

  private async run(
    folder: string | null,
    scheduled: boolean,
    ctx: JobContext,
    startedAt?: string,
  ): Promise<JobResult> {
    const identity = this.desk.identity();
    if (folder === null) throw new JobFailure('invalid_input', 'jobBackupFolderMissing', 'no folder set');
    if (identity === null) throw new JobFailure('not_initialized', 'jobFailed', 'desk not set up');
    const at = startedAt ?? new Date(this.desk.now()).toISOString();
    try {
      if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
        throw new JobFailure('invalid_input', 'jobBackupFolderMissing', `no folder ${folder}`);
      }
      const made = await makeBackup(
        { sqlite: this.desk.d.sqlite, identity, appVersion: this.desk.appVersion, now: this.desk.now },
        folder,
        ctx,
      );
      const configured = this.settings();
      const intoConfigured =
        configured.folder !== null && path.resolve(configured.folder) === path.resolve(folder);
      if (intoConfigured) {
        const deleted = rotateBackups(folder, identity, configured, made.file);
        if (deleted.length > 0) this.log(`[desk] backup rotation deleted ${deleted.join(', ')}`);
      }
      this.record(intoConfigured, {
        at,
        ok: true,
        file: made.file,
        bytes: made.manifest.bytes,
        events: made.manifest.events,
        scheduled,
        failure: null,
      });
      return { counts: { events: made.manifest.events, bytes: made.manifest.bytes } };
    } catch (e) {
      if (e instanceof JobCancelled) throw e;
      const failure =
        e instanceof JobFailure ? e : new JobFailure('internal', 'jobBackupFailed', errorDetail(e));
      this.record(false, {
        at,
        ok: false,
        file: null,
        bytes: null,
        events: null,
        scheduled,
        failure: failure.key,
      });
      throw failure;
    }
  }

  /** Stores the last run; a success into the configured folder also moves the schedule on a day. */
  private record(scheduleMet: boolean, run: StoredRun): void {
    try {
      this.desk.tx(() => {
        this.desk.meta.set(KEYS.last, JSON.stringify(run));
        if (run.ok && scheduleMet) this.desk.meta.set(KEYS.lastSuccessAt, run.at);
      });
    } catch (e) {
      this.log(`[desk] backup result not recorded: ${errorDetail(e)}`);
    }
  }
}
