/**
 * What the desk core offers its callers (electron/desk/index.ts `openDesk`,
 * which re-exports these): the options it opens with, and the DeskCore the
 * shells, the CLI and the tests hold, with its facades for jobs, exports,
 * PDFs and evidence files.
 */
import type { CallContext, DeskEvent } from '../../shared/contract/api';
import type { ExportStartInput } from '../../shared/contract/methods/exports';
import type { JobKind, JobSummary } from '../../shared/contract/methods/jobs';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import type { Result } from '../../shared/contract/result';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import type { Locale } from '../../shared/domain/kernel/locale';
import type { DeskImports } from './features/import';
import type { PdfPrinter } from './features/pdf';
import type { RecoveryInput } from './features/staff';
import type { AppendEventsResult } from './kernel/desk';
import type { DeskPdf } from './pdfCases';
import type { SyncOptions } from './sync/engine';
import type { SecretSealer } from './sync/secretSealer';

export interface DeskCoreOptions {
  dataDir: string;
  resourcesDir?: string;
  now?: () => number;
  appVersion?: string;
  /** Sync engine settings (timers, intervals, timeouts); `false` leaves sync stopped (CLI tools). */
  sync?: SyncOptions | false;
  /** How the device token is kept at rest; the Electron shell passes its safeStorage sealer. Default: as it is. */
  secretSealer?: SecretSealer;
  /** Job runner settings (tests: small chunks, a fast progress rate, a short busy timeout). */
  jobs?: { progressIntervalMs?: number; rebuildChunk?: number; busyTimeoutMs?: number };
  /** Import settings (tests: a small chunk to see cancel keep whole chunks). */
  imports?: { chunk?: number; thread?: boolean };
  /** Export settings (tests: small pages, a small sheet to see the XLSX roll over). */
  exports?: {
    pageSize?: number;
    sheetRows?: number;
    thread?: boolean;
    /**
     * Threads a CSV export renders on (decision 0047): 2 by default in a
     * bundled desk, 1 under tsx (each thread's TypeScript loader would take
     * the export past its memory bound).
     */
    lanes?: 1 | 2;
  };
  /**
   * The PDF printer (issue 13): Electron's printToPDF in the desktop app
   * (electron/main/pdfPrinter.ts); headless Chromium when absent.
   */
  pdfPrinter?: PdfPrinter;
  /** Deadline scheduler settings (tests: `timers: false` and sweep through `sweep()`). */
  deadlines?: { timers?: boolean; intervalMs?: number };
  /** The daily backup schedule (tests: `timers: false`, runs through `sweep()`). Default: on when sync is. */
  backup?: { timers?: boolean };
  /** Background fetching of the branch's evidence files (tests: `timers: false`, passes through `sweep()`). */
  evidence?: { timers?: boolean; windowDays?: number; perPass?: number };
}

/**
 * Evidence files for the shells (issue 12; docs/evidence.md): a shell stages
 * an incoming file (streams the upload or copies the chosen file to `path`),
 * then calls `case.evidence.add` with the id; to hand a file out it calls
 * `case.evidence.open` (which checks the session and fetches a missing file)
 * (which also re-checks the file's type) and then hands out `served`: the
 * file as its DETECTED type under a name with that type's extension, or null
 * when its bytes are off the allow-list.
 */
export interface DeskEvidence {
  stage(): { id: string; path: string };
  discard(id: string): void;
  localPath(sha256: string): string | null;
  served(sha256: string, name: string): { path: string; mime: string; fileName: string } | null;
}

/**
 * Exports of the case log for the shells and the CLI (issue 13;
 * docs/exports.md): `start` as DeskApi's export.start does, for tools that
 * hold no session (the CLI); `file` finds what a finished export made, by
 * its JobResult.file id, for the host to serve or the CLI to move.
 */
export interface DeskExports {
  start(input: ExportStartInput, locale?: Locale): Result<JobSummary>;
  file(fileId: string): { path: string; name: string; bytes: number } | null;
}

/** Long jobs for tools that hold no session (the CLI, tests); DeskApi's job.* methods do the same. */
export interface DeskJobs {
  start(kind: JobKind, locale?: Locale): Result<JobSummary>;
  list(locale?: Locale): JobSummary[];
  cancel(jobId: string, locale?: Locale): Result<JobSummary>;
  /** Resolves with the job once it has ended (null for an unknown id). */
  whenSettled(jobId: string, locale?: Locale): Promise<JobSummary | null>;
  /** Resolves once no job is queued or running. */
  idle(): Promise<void>;
  /** A backup job into `folder` (the CLI's `backup --out`); null: the configured backup folder. */
  backup(folder: string | null, locale?: Locale): Result<JobSummary>;
}

export interface DeskCore {
  /** Runs one DeskApi method. Never throws. */
  call(method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  subscribe(listener: (e: DeskEvent) => void): () => void;
  /**
   * Whether a session token is still live and its staff record enabled,
   * without counting as use: the host's event stream asks before each event,
   * so a stream outlives neither a sign-out nor a disable.
   */
  sessionLive(token: string): boolean;
  /** Drops the projections and folds them again from the event log (one transaction, on this thread). */
  rebuild(): void;
  /** The job runner: rebuild (and later export, import, reports) off the write thread, with progress events. */
  jobs: DeskJobs;
  /** Exports of the case log (files the host serves; the CLI's export verb). */
  exports: DeskExports;
  /** PDF dossiers and listings (the CLI's export --format pdf; files the host serves). */
  pdf: DeskPdf;
  /** Staged import files (the host's upload route, Electron's IPC, the CLI). */
  imports: DeskImports;
  /** Asks every background service to do its work now (after a wake, a clock jump, a network change). */
  sweep(): Promise<void>;
  /**
   * Stores events made elsewhere (sync, import, benchmark) in one transaction:
   * checks envelope, hash and payload, ignores duplicates (same id and hash),
   * rejects conflicts (same id, other hash), folds the projections and merges
   * each HLC into the local clock.
   */
  appendEvents(events: EventEnvelope[]): AppendEventsResult;
  /**
   * Bulk append of many batches, each in its own transaction like
   * appendEvents, with the checks of the next batch running on a second
   * thread while the current one is written.
   */
  appendEventBatches(
    batches: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
    onBatch?: (r: AppendEventsResult) => void,
  ): Promise<AppendEventsResult>;
  /**
   * Runs one full sync (push, pull, attachments) after any run in progress and
   * resolves with the status. For tools and tests; DeskApi's sync.now does not wait.
   */
  syncNow(): Promise<SyncStatus>;
  /** Resolves with the status once every sync run requested so far has finished (starts none). */
  syncIdle(): Promise<SyncStatus>;
  /** A network interface came back or the machine woke: sync asks head office now if it was out of reach. */
  networkChanged(): void;
  /**
   * The desk CLI's `staff recover-admin`: writes a recovery administrator when
   * the branch has no enabled one left (features/staff/recovery.ts). Not a
   * DeskApi method, so nothing reaches it over HTTP or IPC.
   */
  recoverAdmin(input: RecoveryInput, locale?: Locale): Promise<Result<StaffSummary>>;
  /** The branch calendar's time zone in force now (the CLI reads its `--from`/`--to` days on it). */
  timeZone(): string;
  /** Stores file bytes in the evidence store and queues them for upload to the central server (idempotent by sha256). */
  enqueueAttachment(bytes: Uint8Array): { sha256: string; size: number };
  /** Evidence files for the shells (see DeskEvidence). */
  evidence: DeskEvidence;
  /**
   * Stops the background services in reverse order (jobs are cancelled and
   * roll back on their own connection; the sync engine cancels its run) and
   * closes the database.
   */
  close(): void;
}
