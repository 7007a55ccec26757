/**
 * The desk's sync engine: pushes the outbox, pulls the branch's events, and
 * uploads queued evidence files, in the core's process and never on the
 * caller's path (every DeskApi method returns without waiting for a run).
 *
 * This file is the facade: runs, state and status. The parts live beside it:
 * runs never two at once (runQueue.ts: a request during a run queues exactly
 * one more), when to run (schedule.ts: debounce, interval, backoff, probes), enrolment
 * (enrol.ts), error wording (failure.ts), the transport loops (transport.ts),
 * the status in words (status.ts), and the clock rule (clockOffset.ts). It
 * reaches the desk only through SyncPort (port.ts).
 *
 * Crash safety: the outbox, refused events and the pull cursor are in the
 * database. A push whose ack was lost is simply sent again (the server answers
 * "duplicate"); a pull page and its cursor commit in one transaction.
 */
import type { SyncStatus } from '../../../shared/contract/methods/sync';
import { err, ok, type Result } from '../../../shared/contract/result';
import { SYNC_LIMITS } from '../../../shared/contract/sync';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/domain/kernel/locale';
import { errorMessage } from '../kernel/messages';
import { DeskBusyError } from '../kernel/writeHold';
import { META_KEYS } from '../kernel/meta';
import { SyncClient, SyncRequestError } from './client';
import { MeasuredSkew } from './clockOffset';
import { enrol } from './enrol';
import { classifyFailure, type Failure, type Outcome } from './failure';
import { watchNetworkInterfaces } from './network';
import { SYNC_DEFAULTS, type SyncOptions, type SyncSettings } from './options';
import type { SyncPort } from './port';
import { backoffDelay, SyncScheduler, type RunEnd } from './schedule';
import { renderStatus, statusEvent, type StatusSnapshot } from './status';
import { SyncStore, type HeldTooFar, type SyncConfig } from './store';
import { RunQueue } from './runQueue';
import { StatusPace } from './statusPace';
import { pullAll, pushAll, uploadAll, type RunContext } from './transport';
import { pushAudit } from './audit';
import { fetchAttachment, type FetchOutcome } from './download';

export { backoffDelay };
export type { FetchOutcome };
export type { SyncOptions };

/** A long pull announces how far it got at most this often. */
const PROGRESS_EVERY_MS = 500;

export class SyncEngine {
  readonly store: SyncStore;

  private readonly o: SyncSettings;
  private readonly scheduler: SyncScheduler;
  private config: SyncConfig | null;
  private stopped = false;
  private readonly stopAbort = new AbortController();
  private runAbort: AbortController | null = null;
  private running = false;
  /** Runs one at a time (./runQueue.ts). */
  private readonly runs = new RunQueue({
    runOnce: () => this.runOnce(),
    starting: () => this.scheduler.runStarting(),
    ended: (last) => {
      if (!this.stopped && this.config) {
        if (last) this.scheduler.runEnded(last);
        else this.scheduler.resume();
      }
    },
    stopped: () => this.stopped,
    log: (line) => this.o.log(line),
  });
  private outcome: Outcome | null = null;
  private failure: Failure | null = null;
  private readonly skew: MeasuredSkew;
  private held: HeldTooFar | null;
  /** The status after local writes, paced by what reading it costs (./statusPace.ts). */
  private readonly statusPace = new StatusPace(() => this.emitStatus());
  private lastEmitted = '';
  /** Events stored from pulls in the run in progress (null between runs). */
  private received: number | null = null;
  private lastProgressAt = 0;
  private stopWatch: (() => void) | null = null;

  constructor(
    private readonly port: SyncPort,
    options: SyncOptions = {},
  ) {
    this.o = { ...SYNC_DEFAULTS, ...stripUndefined(options) };
    this.store = new SyncStore(port, { sealer: this.o.sealer, log: this.o.log });
    this.config = this.store.config();
    // The last measured skew survives restarts: the warning shows at once, the HLC keeps its correction.
    this.skew = new MeasuredSkew(this.store, (ms) => this.port.setClockOffset(ms), this.o.log);
    this.held = this.store.heldTooFar();
    this.scheduler = new SyncScheduler(this.o, {
      run: () => void this.trigger(),
      probe: () => this.probe(),
    });
  }

  /** Begins background work: a first run soon after opening when the desk is enrolled. */
  start(): void {
    if (this.config) this.scheduler.start();
    if (this.o.timers && this.o.networkPollMs > 0 && this.stopWatch === null) {
      this.stopWatch = watchNetworkInterfaces(() => this.networkChanged(), this.o.networkPollMs);
    }
  }

  /** Stops timers and cancels the run in progress (its writes so far are committed or rolled back whole). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.scheduler.stop();
    this.stopWatch?.();
    this.stopWatch = null;
    this.stopAbort.abort();
    this.runAbort?.abort();
    this.runs.stop();
  }

  /** Called by the desk (inside the write transaction) after local events were appended. */
  noteLocalAppend(): void {
    if (this.stopped) return;
    this.statusPace.queue();
    if (this.config) this.scheduler.localAppend();
  }

  /**
   * A network interface came up (or the machine woke): when head office was
   * out of reach, ask it now instead of waiting for the next probe.
   */
  networkChanged(): void {
    if (!this.stopped && this.config) this.scheduler.wake();
  }

  /** "Sync now": starts a run at once (or right after the one in progress) without waiting for it. */
  requestNow(): void {
    void this.trigger();
  }

  /** A clerk's "sync now": files head office refused go again in this run, not after their wait. */
  requestNowWithRefusedFiles(): void {
    this.store.attachments.retryNow();
    this.requestNow();
  }

  /** Runs a full sync (after any run in progress) and resolves with the status when it is over. */
  async runNow(locale: Locale = DEFAULT_LOCALE): Promise<SyncStatus> {
    await this.trigger();
    return this.status(locale);
  }

  /** Resolves (with the status) once every run requested so far has finished; does not start one. */
  async whenIdle(locale: Locale = DEFAULT_LOCALE): Promise<SyncStatus> {
    const pending = this.runs.idle();
    if (pending !== null) await pending;
    return this.status(locale);
  }

  /** The status in `locale`. Reads only: changes nothing. */
  status(locale: Locale): SyncStatus {
    return renderStatus(this.snapshot(), locale);
  }

  /**
   * Enrolls this desk with the server at `serverUrl` using a one-time code and
   * keeps the device token. Errors come back localized; on success a first
   * run starts in the background.
   */
  async configure(serverUrlInput: string, code: string, locale: Locale): Promise<Result<SyncStatus>> {
    const r = await enrol(this.port, serverUrlInput, code, locale, {
      timeoutMs: this.o.enrollTimeoutMs,
      signal: this.stopAbort.signal,
      onClockSkew: (s) => this.measuredSkew(s),
      log: this.o.log,
    });
    if (!r.ok) return r;
    if (this.stopped) return err('unavailable', errorMessage(locale, 'unavailable'));
    const { serverUrl, token, role, who, keys, currentKey } = r.value;
    this.runAbort?.abort(); // a run against the previous configuration stops here
    this.port.adoptCredentialKeys(keys, currentKey);
    this.store.saveEnrollment(serverUrl, token, role, this.isoNow());
    this.config = { serverUrl, token };
    this.outcome = null;
    this.failure = null;
    this.scheduler.reset();
    this.o.log(`[sync] enrolled with ${serverUrl} as ${who}`);
    this.requestNow();
    this.emitStatus();
    return ok(this.status(locale));
  }

  /** Forgets the server and the token. The outbox stays: records still upload after the next enrollment. */
  disconnect(locale: Locale): SyncStatus {
    this.runAbort?.abort();
    this.scheduler.reset();
    this.store.forget();
    this.config = null;
    this.outcome = null;
    this.failure = null;
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
    const r = this.store.attachments.enqueue(bytes, this.isoNow());
    this.noteLocalAppend();
    return r;
  }

  /**
   * Queues a file already in the desk's content store for upload; call it in
   * the transaction that appends the event referring to it (the desk's
   * append hook schedules the run).
   */
  enqueueStored(sha256: string, size: number): void {
    this.store.attachments.enqueueStored(sha256, size, this.isoNow());
  }

  /**
   * Fetches a file of the branch's evidence from head office into the
   * content store (./download.ts). Not part of a run: a clerk opening the
   * evidence waits for this one file only.
   */
  fetchAttachment(sha256: string, signal?: AbortSignal): Promise<FetchOutcome> {
    const config = this.config;
    const client =
      config === null || this.stopped ? null : this.client(config, this.o.requestTimeoutMs, signal ?? null);
    return fetchAttachment(this.port.files, client, sha256, this.o.log);
  }

  // ------------------------------------------------------------ runs

  private trigger(): Promise<void> {
    return this.runs.trigger();
  }

  /** One run; null when it did not happen or was cancelled (nothing to count). */
  private async runOnce(): Promise<RunEnd | null> {
    const config = this.config;
    if (!config || this.stopped) return null;
    const abort = new AbortController();
    this.runAbort = abort;
    this.running = true;
    this.received = 0;
    this.emitStatus();
    let progressed = false;
    const c: RunContext = {
      port: this.port,
      store: this.store,
      client: this.client(config, this.o.requestTimeoutMs, abort.signal),
      cancelled: () => this.stopped || abort.signal.aborted,
      isoNow: () => this.isoNow(),
      log: this.o.log,
      emitStatus: () => this.emitStatus(),
      noteReceived: (n) => this.noteReceived(n),
      progressed: () => {
        progressed = true;
      },
    };
    try {
      const held = await pushAll(c);
      if (held !== null) this.setHeld(held);
      // Head office's refusal of the audit chain (409 chain_broken) is its answer, not a broken
      // line: the events and files still go both ways, then the run reports it (docs/protocol.md §1).
      let auditRefused: SyncRequestError | null = null;
      try {
        await pushAudit(c);
      } catch (e) {
        if (!(e instanceof SyncRequestError && e.kind === 'http' && e.status === 409)) throw e;
        auditRefused = e;
      }
      await pullAll(c);
      await uploadAll(c);
      if (c.cancelled()) return null;
      if (auditRefused !== null) {
        this.port.meta.delete(META_KEYS.restoreAwaitingSync);
        throw auditRefused;
      }
      if (this.failure) this.o.log(`[sync] back in contact with ${config.serverUrl}`);
      this.failure = null;
      this.outcome = 'online';
      this.store.setLastSuccessAt(this.isoNow());
      // A restored desk has every number head office holds now: it may number again (docs/backups.md).
      this.port.meta.delete(META_KEYS.restoreAwaitingSync);
      return { failure: null, progressed };
    } catch (e) {
      if (c.cancelled()) return null;
      if (e instanceof DeskBusyError) {
        // A maintenance job (rebuild) holds the database: not a failure of the
        // line or of head office. Nothing was lost (the page and its cursor were
        // not written); the job sweeps the services when it ends, which runs again.
        this.o.log('[sync] the desk is busy with maintenance; this run waits for it');
        return null;
      }
      const f = classifyFailure(e);
      if (this.failure?.code !== f.code || f.code === 'internal') {
        this.o.log(`[sync] ${f.state}: ${f.code} (${f.detail})${progressed ? ' after progress' : ''}`);
      }
      this.failure = f;
      this.outcome = f.state;
      return { failure: f, progressed };
    } finally {
      if (this.runAbort === abort) this.runAbort = null;
      this.running = false;
      this.received = null;
      if (!this.stopped) this.emitStatus();
    }
  }

  /** A cheap request to head office while it could not be reached: true when it answered. */
  private async probe(): Promise<boolean> {
    const config = this.config;
    if (!config || this.stopped) return false;
    try {
      await this.client(config, this.o.probeTimeoutMs, null).health();
      return true;
    } catch {
      return false;
    }
  }

  private client(config: SyncConfig, timeoutMs: number, signal: AbortSignal | null): SyncClient {
    return new SyncClient({
      baseUrl: config.serverUrl,
      token: config.token,
      now: this.port.now,
      timeoutMs,
      signal: signal ? AbortSignal.any([signal, this.stopAbort.signal]) : this.stopAbort.signal,
      onClockSkew: (s) => this.measuredSkew(s),
    });
  }

  // ------------------------------------------------------------ clock and held records

  /** Head office's time was read (clockOffset.ts: kept across restarts, applied to the HLC). */
  private measuredSkew(skewMs: number): void {
    if (!this.stopped) this.skew.measured(skewMs);
  }

  private setHeld(held: HeldTooFar): void {
    const next = held.count > 0 ? held : null;
    if (next?.count === this.held?.count && next?.latestMs === this.held?.latestMs) return;
    this.held = next;
    this.store.setHeldTooFar(next);
  }

  // ------------------------------------------------------------ status events

  private snapshot(): StatusSnapshot {
    const configured = this.config !== null;
    return {
      state: !configured ? 'unconfigured' : this.running ? 'syncing' : (this.outcome ?? 'offline'),
      serverUrl: this.config?.serverUrl ?? null,
      lastSuccessAt: this.store.lastSuccessAt(),
      pending: this.store.pendingCount(),
      rejected: this.store.rejectedCount(),
      pendingAttachments: this.store.attachments.count(),
      attachmentFailures: this.store.attachments.failureCounts(),
      received: this.running ? this.received : null,
      failure: configured ? this.failure : null,
      skewMs: this.skew.ms,
      held: this.held,
      nowMs: this.port.now(),
    };
  }

  /** Counts pulled events and shows the progress of a long pull, at most every PROGRESS_EVERY_MS. */
  private noteReceived(n: number): void {
    this.received = (this.received ?? 0) + n;
    const t = Date.now();
    if (t - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = t;
    this.emitStatus();
  }

  /**
   * Emits `sync.status` (in every locale) when anything in the status changed
   * since the last one. Returns the outbox count it read (null: no status was read).
   */
  private emitStatus(): number | null {
    if (this.stopped) return null;
    let snap: StatusSnapshot;
    try {
      snap = this.statusPace.timed(() => this.snapshot());
    } catch (e) {
      if (!this.stopped)
        this.o.log(`[sync] status unavailable: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    const event = statusEvent(snap);
    const key = JSON.stringify(event.byLocale);
    if (key !== this.lastEmitted) {
      this.lastEmitted = key;
      this.port.emit(event);
    }
    return snap.pending;
  }

  private isoNow(): string {
    return new Date(this.port.now()).toISOString();
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
