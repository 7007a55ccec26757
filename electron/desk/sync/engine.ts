/**
 * The desk's sync engine: pushes the outbox, pulls the branch's events, and
 * uploads queued evidence files, in the core's process and never on the
 * caller's path (every DeskApi method returns without waiting for a run).
 *
 * When it runs:
 *   - shortly after local events are written (debounced),
 *   - on a timer while healthy, and after failures with exponential backoff
 *     and full jitter,
 *   - on "sync now",
 * and never two runs at once: a request during a run queues exactly one more.
 *
 * Crash safety: the outbox, refused events and the pull cursor are in the
 * database. A push whose ack was lost is simply sent again (the server answers
 * "duplicate"); a pull page and its cursor commit in one transaction.
 */
import type { SyncStatus } from '../../../shared/contract/methods/sync';
import { err, ok, type Result } from '../../../shared/contract/result';
import { SYNC_LIMITS } from '../../../shared/contract/sync';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/domain/kernel/locale';
import type { Verdict } from '../kernel/checkBatch';
import type { Desk } from '../kernel/desk';
import { errorMessage, msg, type MessageKey, type MessageParams } from '../kernel/messages';
import { normalizeServerUrl, SyncClient, SyncRequestError, type PullPageBody } from './client';
import { CursorBackwardsError, SyncStore, type OutboxItem, type SyncConfig } from './store';

export interface SyncOptions {
  /** Run on timers (debounce after local writes, periodic, backoff). Default true; false = only on request. */
  timers?: boolean;
  /** Delay after a local write before a run (ms). Default 500. */
  debounceMs?: number;
  /** Time between runs while healthy (ms). Default 30 s. */
  intervalMs?: number;
  /** Backoff ceiling after the first failure (ms); doubles per failure. Default 2 s. */
  backoffBaseMs?: number;
  /** Largest backoff (ms). Default 5 min. */
  backoffMaxMs?: number;
  /** Time limit of one push, pull or HEAD request (ms). Default 20 s. */
  requestTimeoutMs?: number;
  /** Time limit of the enrollment request (ms). Default 15 s. */
  enrollTimeoutMs?: number;
  /** Random source in [0, 1) for the jitter. */
  random?: () => number;
  /** Where one-line failure and recovery notes go (never the token). Default console.warn. */
  log?: (line: string) => void;
}

type Settings = Required<SyncOptions>;

const DEFAULTS: Settings = {
  timers: true,
  debounceMs: 500,
  intervalMs: 30_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  requestTimeoutMs: 20_000,
  enrollTimeoutMs: 15_000,
  random: Math.random,
  log: (line) => console.warn(line),
};

/** A long pull announces how far it got at most this often. */
const PROGRESS_EVERY_MS = 500;

/** A push body stays below the server's limit with room for the wrapper. */
const PUSH_BODY_BUDGET = SYNC_LIMITS.bodyBytes - 64 * 1024;
/** Attachments looked at per query (their bytes are read one at a time). */
const ATTACHMENT_PAGE = 20;

type Outcome = 'online' | 'offline' | 'error';

interface Failure {
  state: Exclude<Outcome, 'online'>;
  code: string;
  key: MessageKey;
  params?: MessageParams;
  /** For the log only. */
  detail: string;
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(failures-1))], at least 250 ms. */
export function backoffDelay(failures: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.max(250, Math.floor(random() * ceiling));
}

/** Maps a failed run to the state and the clerk-readable message it shows. */
export function classifyFailure(e: unknown): Failure {
  if (e instanceof CursorBackwardsError) {
    return { state: 'error', code: 'bad_response', key: 'syncBadResponse', detail: e.message };
  }
  if (!(e instanceof SyncRequestError)) {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { state: 'error', code: 'internal', key: 'syncInternal', detail };
  }
  const detail = e.message;
  switch (e.kind) {
    case 'unreachable':
    case 'aborted':
      return { state: 'offline', code: 'unreachable', key: 'syncUnreachable', detail };
    case 'timeout':
      return { state: 'offline', code: 'timeout', key: 'syncTimeout', detail };
    case 'bad_response':
      return { state: 'error', code: 'bad_response', key: 'syncBadResponse', detail };
    case 'http':
      break;
  }
  const status = e.status ?? 0;
  switch (e.code) {
    case 'protocol_too_old':
      return { state: 'error', code: e.code, key: 'syncClientTooOld', detail };
    case 'protocol_unknown':
      return { state: 'error', code: e.code, key: 'syncServerTooOld', detail };
    case 'token_revoked':
      return { state: 'error', code: e.code, key: 'syncTokenRevoked', detail };
    case 'unauthenticated':
      return { state: 'error', code: e.code, key: 'syncUnauthenticated', detail };
    case 'forbidden':
      return { state: 'error', code: e.code, key: 'syncForbidden', detail };
    case 'rate_limited':
      return { state: 'offline', code: e.code, key: 'syncBusy', detail };
    default:
      break;
  }
  if (status === 401) return { state: 'error', code: 'unauthenticated', key: 'syncUnauthenticated', detail };
  if (status === 403) return { state: 'error', code: 'forbidden', key: 'syncForbidden', detail };
  if (status === 429) return { state: 'offline', code: 'rate_limited', key: 'syncBusy', detail };
  if (status >= 500 || status === 408) {
    return { state: 'offline', code: 'server_error', key: 'syncServerError', detail };
  }
  const code = e.code ?? `http_${status}`;
  return { state: 'error', code, key: 'syncRefused', params: { code }, detail };
}

export class SyncEngine {
  readonly store: SyncStore;
  /** Locale of status messages sent as desk events (the last locale a sync method was called with). */
  locale: Locale = DEFAULT_LOCALE;

  private readonly o: Settings;
  private config: SyncConfig | null;
  private stopped = false;
  private readonly stopAbort = new AbortController();
  private runAbort: AbortController | null = null;
  private running = false;
  private driving: Promise<void> | null = null;
  private requested = 0;
  private completed = 0;
  private waiters: { ticket: number; resolve: () => void }[] = [];
  private outcome: Outcome | null = null;
  private failure: Failure | null = null;
  private failures = 0;
  private skewMs: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private statusQueued = false;
  private lastEmitted = '';
  /** Events stored from pulls in the run in progress (null between runs). */
  private received: number | null = null;
  private lastProgressAt = 0;

  constructor(
    private readonly desk: Desk,
    options: SyncOptions = {},
  ) {
    this.o = { ...DEFAULTS, ...stripUndefined(options) };
    this.store = new SyncStore(desk);
    this.config = this.store.config();
  }

  /** Begins background work: a first run soon after opening when the desk is enrolled. */
  start(): void {
    if (this.config) this.schedule(this.o.debounceMs);
  }

  /** Stops timers and cancels the run in progress (its writes so far are committed or rolled back whole). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    this.stopAbort.abort();
    this.runAbort?.abort();
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Called by the desk (inside the write transaction) after local events were appended. */
  noteLocalAppend(): void {
    if (this.stopped) return;
    this.queueStatus();
    if (!this.config) return;
    // After failures the backoff timer decides; new records do not hammer a struggling server.
    if (this.failures > 0 && this.timer !== null) return;
    this.schedule(this.o.debounceMs);
  }

  /** "Sync now": starts a run at once (or right after the one in progress) without waiting for it. */
  requestNow(): void {
    void this.trigger();
  }

  /** Runs a full sync (after any run in progress) and resolves with the status when it is over. */
  async runNow(locale: Locale = this.locale): Promise<SyncStatus> {
    await this.trigger();
    return this.status(locale);
  }

  /** Resolves (with the status) once every run requested so far has finished; does not start one. */
  async whenIdle(locale: Locale = this.locale): Promise<SyncStatus> {
    if (!this.stopped && this.completed < this.requested) {
      const ticket = this.requested;
      await new Promise<void>((resolve) => this.waiters.push({ ticket, resolve }));
    }
    return this.status(locale);
  }

  status(locale: Locale = this.locale): SyncStatus {
    const state = !this.config ? 'unconfigured' : this.running ? 'syncing' : (this.outcome ?? 'offline');
    const f = this.config ? this.failure : null;
    return {
      state,
      serverUrl: this.config?.serverUrl ?? null,
      lastSuccessAt: this.store.lastSuccessAt(),
      pending: this.store.pendingCount(),
      rejected: this.store.rejectedCount(),
      pendingAttachments: this.store.attachmentCount(),
      received: this.running ? this.received : null,
      lastError: f ? { code: f.code, message: msg(locale, f.key, f.params) } : null,
      clockSkewMs: this.skewMs,
      clockWarning: this.skewMs !== null && Math.abs(this.skewMs) > SYNC_LIMITS.warnSkewMs,
    };
  }

  /**
   * Enrolls this desk with the server at `serverUrl` using a one-time code and
   * keeps the device token. Errors come back localized; on success a first
   * run starts in the background.
   */
  async configure(serverUrlInput: string, code: string, locale: Locale): Promise<Result<SyncStatus>> {
    const serverUrl = normalizeServerUrl(serverUrlInput);
    if (serverUrl === null) {
      return err('invalid_input', errorMessage(locale, 'invalid_input'), {
        serverUrl: msg(locale, 'serverUrlInvalid'),
      });
    }
    const id = this.desk.identity();
    if (!id) return err('not_initialized', errorMessage(locale, 'not_initialized'));
    const client = new SyncClient({
      baseUrl: serverUrl,
      token: null,
      now: this.desk.now,
      timeoutMs: this.o.enrollTimeoutMs,
      signal: this.stopAbort.signal,
      onClockSkew: (s) => {
        this.skewMs = s;
      },
    });
    let enrolled: Awaited<ReturnType<SyncClient['enroll']>>;
    try {
      enrolled = await client.enroll({
        code,
        deviceId: id.deviceId,
        branchCode: id.branchCode,
        deviceCode: id.deviceCode,
        label: `${id.branchName} ${id.deviceCode}`.slice(0, 100),
      });
    } catch (e) {
      return this.enrollError(e, locale, id);
    }
    if (this.stopped) return err('unavailable', errorMessage(locale, 'unavailable'));
    if (enrolled.branchCode !== id.branchCode) {
      return err('conflict', msg(locale, 'enrollBranchMismatch', { branchCode: id.branchCode }));
    }
    this.runAbort?.abort(); // a run against the previous configuration stops here
    this.store.saveEnrollment(serverUrl, enrolled.token, enrolled.role, this.isoNow());
    this.config = { serverUrl, token: enrolled.token };
    this.outcome = null;
    this.failure = null;
    this.failures = 0;
    this.o.log(`[sync] enrolled with ${serverUrl} as ${id.branchCode}-${id.deviceCode}`);
    this.requestNow();
    this.emitStatus();
    return ok(this.status(locale));
  }

  /** Forgets the server and the token. The outbox stays: records still upload after the next enrollment. */
  disconnect(locale: Locale): SyncStatus {
    this.runAbort?.abort();
    this.clearTimer();
    this.store.forget();
    this.config = null;
    this.outcome = null;
    this.failure = null;
    this.failures = 0;
    this.emitStatus();
    return this.status(locale);
  }

  /** Queues evidence bytes for upload (idempotent by sha256) and schedules a run. */
  enqueueAttachment(bytes: Uint8Array): { sha256: string; size: number } {
    if (bytes.byteLength > SYNC_LIMITS.attachmentBytes) {
      throw new RangeError(
        `attachment is ${bytes.byteLength} bytes; the limit is ${SYNC_LIMITS.attachmentBytes}`,
      );
    }
    const r = this.store.enqueueAttachment(bytes, this.isoNow());
    this.noteLocalAppend();
    return r;
  }

  // ------------------------------------------------------------ scheduling

  private trigger(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.clearTimer();
    const ticket = ++this.requested;
    const done = new Promise<void>((resolve) => this.waiters.push({ ticket, resolve }));
    if (this.driving === null) {
      this.driving = this.drive().catch((e: unknown) => {
        this.o.log(`[sync] scheduler failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      });
    }
    return done;
  }

  /** Runs until every request made so far is covered by a run that started after it. */
  private async drive(): Promise<void> {
    try {
      while (!this.stopped && this.completed < this.requested) {
        const covers = this.requested;
        await this.runOnce();
        this.completed = covers;
        this.releaseWaiters();
      }
    } finally {
      this.driving = null;
      this.releaseWaiters();
      if (!this.stopped) this.scheduleNext();
    }
  }

  private releaseWaiters(): void {
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.stopped || w.ticket <= this.completed) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }

  private scheduleNext(): void {
    if (!this.config) return;
    if (this.failures > 0) {
      this.schedule(backoffDelay(this.failures, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random));
    } else {
      this.schedule(this.o.intervalMs);
    }
  }

  /** Sets the run timer to `delayMs` unless it is already due sooner. */
  private schedule(delayMs: number): void {
    if (!this.o.timers || this.stopped) return;
    const due = Date.now() + delayMs;
    if (this.timer !== null && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Number.POSITIVE_INFINITY;
      void this.trigger();
    }, delayMs);
    // Never keep a process (CLI, tests) alive just for the next sync.
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  // ------------------------------------------------------------ one run

  private async runOnce(): Promise<void> {
    const config = this.config;
    if (!config || this.stopped) return;
    const abort = new AbortController();
    this.runAbort = abort;
    this.running = true;
    this.received = 0;
    this.emitStatus();
    const client = new SyncClient({
      baseUrl: config.serverUrl,
      token: config.token,
      now: this.desk.now,
      timeoutMs: this.o.requestTimeoutMs,
      signal: AbortSignal.any([abort.signal, this.stopAbort.signal]),
      onClockSkew: (s) => {
        this.skewMs = s;
      },
    });
    const cancelled = () => this.stopped || abort.signal.aborted;
    try {
      await this.pushAll(client, cancelled);
      await this.pullAll(client, cancelled);
      await this.uploadAll(client, cancelled);
      if (cancelled()) return;
      if (this.failure) this.o.log(`[sync] back in contact with ${config.serverUrl}`);
      this.failures = 0;
      this.failure = null;
      this.outcome = 'online';
      this.store.setLastSuccessAt(this.isoNow());
    } catch (e) {
      if (cancelled()) return;
      const f = classifyFailure(e);
      this.failures++;
      if (this.failure?.code !== f.code || f.code === 'internal') {
        this.o.log(`[sync] ${f.state}: ${f.code} (${f.detail})`);
      }
      this.failure = f;
      this.outcome = f.state;
    } finally {
      if (this.runAbort === abort) this.runAbort = null;
      this.running = false;
      this.received = null;
      if (!this.stopped) this.emitStatus();
    }
  }

  /** Pushes the whole outbox in bounded batches; every ack is applied as it comes. */
  private async pushAll(client: SyncClient, cancelled: () => boolean): Promise<void> {
    let after = 0;
    let limit: number = SYNC_LIMITS.pushBatch;
    // The outbox count the last status emitted read, while nothing has touched
    // the outbox since (no await in between): saves counting it twice a batch.
    let pending: number | null = null;
    for (;;) {
      if (cancelled()) return;
      const items = this.store.outboxAfter(after, limit);
      if (items.length === 0) return;
      const batch: OutboxItem[] = [];
      let bytes = 16;
      for (const it of items) {
        const n = Buffer.byteLength(it.json, 'utf8') + 1;
        if (batch.length > 0 && bytes + n > PUSH_BODY_BUDGET) break;
        batch.push(it);
        bytes += n;
      }
      let res: Awaited<ReturnType<SyncClient['pushRaw']>>;
      try {
        // What head office will see as still waiting here once this batch is in.
        const waiting = Math.max(0, (pending ?? this.store.pendingCount()) - batch.length);
        res = await client.pushRaw(`{"events":[${batch.map((b) => b.json).join(',')}]}`, waiting);
      } catch (e) {
        if (e instanceof SyncRequestError && e.kind === 'http' && e.status === 413 && !cancelled()) {
          const only = batch.length === 1 ? batch[0] : undefined;
          if (!only) {
            limit = Math.max(1, Math.floor(batch.length / 2)); // the server's limit is lower: smaller batches
            continue;
          }
          // One event too large for the server on its own: set it aside, keep going.
          this.store.rejectOne(only, 'too_large', this.isoNow());
          after = only.seq;
          pending = this.emitStatus();
          continue;
        }
        throw e;
      }
      if (cancelled()) return;
      after = batch[batch.length - 1]?.seq ?? after;
      const rejected = this.store.settleAcks(batch, res.acks, this.isoNow());
      if (rejected > 0) this.o.log(`[sync] the server refused ${rejected} event(s); kept in sync_rejected`);
      pending = this.emitStatus();
    }
  }

  /**
   * Pulls until the server has nothing more; each page and its cursor commit
   * together. Three pages are in flight at once: page n is written while page
   * n+1 is checked on the checker thread and page n+2 is on its way.
   */
  private async pullAll(client: SyncClient, cancelled: () => boolean): Promise<void> {
    const fetchPage = (from: number): Promise<PullPageBody> => {
      const p = client.pull(from, SYNC_LIMITS.pullPage, this.store.pendingCount());
      p.catch(() => {}); // awaited below; a failure surfaces after the pages before it are stored
      return p;
    };
    /** A page that moved the cursor as the protocol says it must. */
    const progressed = (page: PullPageBody, from: number): PullPageBody => {
      if (page.cursor < from) throw new CursorBackwardsError(from, page.cursor);
      if (page.hasMore && page.cursor === from) {
        throw new SyncRequestError('bad_response', `pull: has_more without progress at cursor ${from}`);
      }
      return page;
    };
    interface Arrived {
      page: PullPageBody;
      verdicts: Promise<Verdict[]>;
    }
    const arrive = (page: PullPageBody): Arrived => ({
      page,
      verdicts: this.desk.checker.check(page.events),
    });

    const start = this.store.cursor();
    let current: Arrived | null = arrive(progressed(await fetchPage(start), start));
    let fetching = current.page.hasMore ? fetchPage(current.page.cursor) : null;
    while (current !== null) {
      if (cancelled()) return;
      let ahead: Arrived | null = null;
      let aheadFailure: { error: unknown } | null = null;
      if (fetching !== null) {
        try {
          const page = progressed(await fetching, current.page.cursor);
          ahead = arrive(page); // checked on the other thread while `current` is written below
          fetching = page.hasMore ? fetchPage(page.cursor) : null;
        } catch (error) {
          aheadFailure = { error };
          fetching = null;
        }
      }
      const verdicts = await current.verdicts;
      if (cancelled()) return;
      const { outcome, rejected } = this.store.applyPullPage(
        current.page.events,
        current.page.cursor,
        this.isoNow(),
        verdicts,
      );
      if (rejected > 0)
        this.o.log(`[sync] ${rejected} pulled event(s) could not be stored; kept in sync_rejected`);
      this.desk.emitChanges(outcome);
      this.noteReceived(current.page.events.length);
      if (aheadFailure !== null) throw aheadFailure.error; // after the page before it is safely stored
      current = ahead;
    }
  }

  /** Uploads queued files: HEAD first (skip what the server has), then an idempotent PUT. */
  private async uploadAll(client: SyncClient, cancelled: () => boolean): Promise<void> {
    let after = '';
    let changed = false;
    try {
      for (;;) {
        if (cancelled()) return;
        const list = this.store.attachmentsAfter(after, ATTACHMENT_PAGE);
        if (list.length === 0) return;
        for (const a of list) {
          after = a.sha256;
          if (cancelled()) return;
          const bytes = this.store.attachmentBytes(a);
          if ('problem' in bytes) {
            this.store.attachmentFailed(a.sha256, bytes.problem);
            continue;
          }
          try {
            if (!(await client.hasAttachment(a.sha256))) await client.putAttachment(a.sha256, bytes);
          } catch (e) {
            // The server refused this one file (too large, hash mismatch): keep it queued, go on.
            if (e instanceof SyncRequestError && e.kind === 'http' && isPerFileRefusal(e.status)) {
              if (!cancelled()) this.store.attachmentFailed(a.sha256, e.message);
              continue;
            }
            throw e;
          }
          if (cancelled()) return;
          this.store.attachmentDone(a.sha256);
          changed = true;
        }
      }
    } finally {
      if (changed && !this.stopped) this.emitStatus();
    }
  }

  // ------------------------------------------------------------ status events

  /** Counts pulled events and shows the progress of a long pull, at most every PROGRESS_EVERY_MS. */
  private noteReceived(n: number): void {
    this.received = (this.received ?? 0) + n;
    const t = Date.now();
    if (t - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = t;
    this.emitStatus();
  }

  private queueStatus(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      this.emitStatus();
    });
  }

  /**
   * Emits `sync.status` when anything in the status changed since the last
   * one. Returns the outbox count it read (null: no status was read).
   */
  private emitStatus(): number | null {
    if (this.stopped) return null;
    let status: SyncStatus;
    try {
      status = this.status(this.locale);
    } catch (e) {
      if (!this.stopped)
        this.o.log(`[sync] status unavailable: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    const key = JSON.stringify(status);
    if (key !== this.lastEmitted) {
      this.lastEmitted = key;
      this.desk.emit({ type: 'sync.status', status });
    }
    return status.pending;
  }

  private isoNow(): string {
    return new Date(this.desk.now()).toISOString();
  }

  private enrollError(
    e: unknown,
    locale: Locale,
    id: { branchCode: string; deviceCode: string },
  ): Result<SyncStatus> {
    if (!(e instanceof SyncRequestError)) {
      this.o.log(`[sync] enrollment failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return err('internal', errorMessage(locale, 'internal'));
    }
    this.o.log(`[sync] enrollment failed: ${e.kind} ${e.message}`);
    if (e.kind === 'unreachable' || e.kind === 'timeout' || e.kind === 'aborted') {
      return err('unavailable', msg(locale, 'enrollUnreachable'));
    }
    if (e.kind === 'bad_response') return err('unavailable', msg(locale, 'enrollNotLoopdesk'));
    switch (e.code) {
      case 'enrollment_invalid':
      case 'invalid_request': {
        const text = msg(locale, 'enrollCodeInvalid');
        return err('invalid_input', text, { code: text });
      }
      case 'device_code_taken':
        return err('conflict', msg(locale, 'enrollDeviceCodeTaken', { deviceCode: id.deviceCode }));
      case 'branch_mismatch':
        return err('conflict', msg(locale, 'enrollBranchMismatch', { branchCode: id.branchCode }));
      case 'rate_limited':
        return err('rate_limited', msg(locale, 'enrollBusy'));
      case 'protocol_too_old':
        return err('unavailable', msg(locale, 'syncClientTooOld'));
      case 'protocol_unknown':
        return err('unavailable', msg(locale, 'syncServerTooOld'));
      default:
        break;
    }
    const status = e.status ?? 0;
    if (e.code === null && (status === 404 || status === 405)) {
      return err('unavailable', msg(locale, 'enrollNotLoopdesk'));
    }
    if (status === 429) return err('rate_limited', msg(locale, 'enrollBusy'));
    if (status >= 500) return err('unavailable', errorMessage(locale, 'unavailable'));
    return err('unavailable', msg(locale, 'syncRefused', { code: e.code ?? `http_${status}` }));
  }
}

function isPerFileRefusal(status: number | null): boolean {
  return status === 400 || status === 409 || status === 413 || status === 415 || status === 422;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
