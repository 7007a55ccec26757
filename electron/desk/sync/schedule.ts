/**
 * When the sync engine runs (issue 7 items 8 and 9):
 *
 * - healthy: shortly after local writes (debounced) and every `intervalMs`;
 * - after a run that failed without progress: full-jitter exponential backoff
 *   (`failures` counts such runs in a row), up to `backoffMaxMs`;
 * - a run that made progress (acks applied, pages stored, files uploaded)
 *   before it failed is not counted: the next run comes after the debounce;
 * - while head office cannot be reached at all (connectivity failure): cheap
 *   probes (GET /health) on a short capped interval (`probeBaseMs` doubling
 *   up to `probeMaxMs`), independent of the backoff. A probe that answers
 *   after the line was seen down (a probe failed since the last run) starts
 *   a full run at once, and the outage's failed runs no longer count toward
 *   the backoff (a first run that meets the line's last flap retries within
 *   seconds, not minutes). A probe that answers while no probe has failed (the
 *   server answers, the run did not: a lossy or slow line) leaves the next
 *   run to the backoff, so a struggling server is not hammered;
 * - new local records and `wake()` (a network interface came back) ask for a
 *   probe soon, whose answer starts a run at once; after a failure where the
 *   server did answer (5xx, busy, refusals) new records bring the next run to
 *   at most `intervalMs` away, never sooner;
 * - head office's Retry-After (a 429 or 503 that says how long) is a floor:
 *   no timer-driven run comes before it, whatever the backoff, new records
 *   or a progressed run would say. A clerk's "sync now" still goes at once.
 */
import { isConnectivityFailure, type Failure } from './failure';

export interface ScheduleSettings {
  timers: boolean;
  debounceMs: number;
  intervalMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  probeBaseMs: number;
  probeMaxMs: number;
  random: () => number;
}

/** How a run ended, as the scheduler needs it. */
export interface RunEnd {
  /** null: the run succeeded. */
  failure: Failure | null;
  /** Something was acknowledged, stored or uploaded before the run ended. */
  progressed: boolean;
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(failures-1))], at least 250 ms. */
export function backoffDelay(failures: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.max(250, Math.floor(random() * ceiling));
}

export class SyncScheduler {
  /** Failed runs in a row that made no progress. */
  private failures = 0;
  private runTimer: ReturnType<typeof setTimeout> | null = null;
  private runDue = Number.POSITIVE_INFINITY;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private probeDue = Number.POSITIVE_INFINITY;
  /** Probes are on: the last run could not reach head office. */
  private probing = false;
  private probeStep = 0;
  /** A probe failed since the last run: the line was seen down. */
  private sawDown = false;
  /** The next answered probe starts a run (new records, a network change). */
  private forced = false;
  private probeInFlight = false;
  private running = false;
  /** Local records arrived while a run was in progress (it may have missed them). */
  private appendedDuringRun = false;
  private stopped = false;
  /** Monotonic time before which no timer starts a run (head office's Retry-After). */
  private notBefore = 0;

  constructor(
    private readonly o: ScheduleSettings,
    private readonly hooks: {
      /** Starts a full run now (or right after the one in progress). */
      run(): void;
      /** One cheap request to head office; true when it answered. */
      probe(): Promise<boolean>;
    },
  ) {}

  /** A first run soon after opening. */
  start(): void {
    this.runIn(this.o.debounceMs);
  }

  stop(): void {
    this.stopped = true;
    this.reset();
  }

  /** Forgets failures and timers (a new enrolment, a disconnect). */
  reset(): void {
    this.failures = 0;
    this.notBefore = 0;
    this.clearRun();
    this.stopProbing();
  }

  /** A run starts: its own timer and the probes wait for its end. */
  runStarting(): void {
    this.running = true;
    this.clearRun();
    this.clearProbe();
  }

  /** Decides what comes after a run. */
  runEnded(end: RunEnd): void {
    this.running = false;
    if (this.stopped) return;
    const f = end.failure;
    const appended = this.appendedDuringRun;
    this.appendedDuringRun = false;
    this.notBefore = f?.retryAfterMs !== undefined ? performance.now() + f.retryAfterMs : 0;
    if (f === null) {
      this.failures = 0;
      this.stopProbing();
      this.runIn(appended ? this.o.debounceMs : this.o.intervalMs);
      return;
    }
    if (end.progressed) {
      // The line works, it just lost an answer: not a failure that lengthens the wait.
      this.failures = 0;
      this.runIn(this.o.debounceMs);
    } else {
      this.failures++;
      this.runIn(backoffDelay(this.failures, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random));
    }
    if (isConnectivityFailure(f)) {
      if (!this.probing) this.probeStep = 0;
      this.probing = true;
      this.sawDown = false;
      this.probeIn(this.nextProbeDelay());
    } else {
      this.stopProbing();
      if (appended) this.runIn(this.o.intervalMs);
    }
  }

  /** A run ended without an outcome (cancelled): the next one comes as the state says, nothing is counted. */
  resume(): void {
    this.running = false;
    if (this.stopped) return;
    this.runIn(
      this.failures > 0
        ? backoffDelay(this.failures, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random)
        : this.o.intervalMs,
    );
  }

  /** New local records (or files) wait to be sent. */
  localAppend(): void {
    if (this.stopped) return;
    if (this.running) {
      // The run in progress may miss them; what comes after it decides (see runEnded).
      this.appendedDuringRun = true;
      this.forced = true;
    } else if (this.probing) {
      // Offline: ask head office cheaply; if it answers, the records go at once.
      this.forced = true;
      this.probeIn(this.o.debounceMs);
    } else if (this.failures > 0) {
      // The server answered with an error: do not hammer it, but do not wait minutes either.
      this.runIn(this.o.intervalMs);
    } else {
      this.runIn(this.o.debounceMs);
    }
  }

  /** A network interface came back (or the machine woke): try head office now if it was out of reach. */
  wake(): void {
    if (this.stopped || (this.failures === 0 && !this.probing)) return;
    // Head office said when to come back; a network change does not answer that.
    if (this.notBefore > performance.now()) return;
    this.forced = true;
    if (!this.probing) {
      this.probing = true;
      this.probeStep = 0;
    }
    this.probeIn(0);
  }

  private nextProbeDelay(): number {
    const d = Math.min(this.o.probeMaxMs, this.o.probeBaseMs * 2 ** Math.min(this.probeStep, 30));
    this.probeStep++;
    return d;
  }

  private async probeNow(): Promise<void> {
    if (this.stopped || !this.probing || this.probeInFlight || this.running) return;
    this.probeInFlight = true;
    let answered = false;
    try {
      answered = await this.hooks.probe();
    } catch {
      answered = false;
    } finally {
      this.probeInFlight = false;
    }
    // A run started meanwhile decides what comes next when it ends.
    if (this.stopped || !this.probing || this.running) return;
    if (answered && (this.sawDown || this.forced)) {
      // Back after the line was seen down: the outage's failed runs say nothing of the line now,
      // so a run that meets its last flap retries within seconds (a lossy line still backs off from here).
      if (this.sawDown) this.failures = 0;
      this.forced = false;
      this.sawDown = false;
      this.hooks.run();
      return;
    }
    if (!answered) this.sawDown = true;
    this.probeIn(this.nextProbeDelay());
  }

  private stopProbing(): void {
    this.probing = false;
    this.sawDown = false;
    this.forced = false;
    this.probeStep = 0;
    this.clearProbe();
  }

  /**
   * Sets the run timer to `delayMs` unless it is already due sooner. Due
   * times are on the monotonic clock, as setTimeout's are: a wall clock
   * moved by an hour (NTP, a clerk) must not make a timer look due later or
   * sooner than it is.
   */
  private runIn(wantMs: number): void {
    if (!this.o.timers || this.stopped) return;
    const delayMs = Math.max(wantMs, this.notBefore - performance.now());
    const due = performance.now() + delayMs;
    if (this.runTimer !== null && this.runDue <= due) return;
    this.clearRun();
    this.runDue = due;
    this.runTimer = setTimeout(() => {
      this.runTimer = null;
      this.runDue = Number.POSITIVE_INFINITY;
      this.hooks.run();
    }, delayMs);
    // Never keep a process (CLI, tests) alive just for the next sync.
    this.runTimer.unref?.();
  }

  private probeIn(delayMs: number): void {
    if (!this.o.timers || this.stopped) return;
    const due = performance.now() + delayMs;
    if (this.probeTimer !== null && this.probeDue <= due) return;
    this.clearProbe();
    this.probeDue = due;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.probeDue = Number.POSITIVE_INFINITY;
      void this.probeNow();
    }, delayMs);
    this.probeTimer.unref?.();
  }

  private clearRun(): void {
    if (this.runTimer !== null) clearTimeout(this.runTimer);
    this.runTimer = null;
    this.runDue = Number.POSITIVE_INFINITY;
  }

  private clearProbe(): void {
    if (this.probeTimer !== null) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.probeDue = Number.POSITIVE_INFINITY;
  }
}
