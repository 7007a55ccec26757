/**
 * The pace of the sync status after local writes (./engine.ts; decision
 * 0045): on the next turn of the event loop while reading the status is
 * cheap, but no more often than its cost allows. The status's pending count
 * is a count of the outbox, which grows with what waits (a desk offline for
 * months, or an import of a hand-kept log: 34 ms a count at ten million
 * records waiting, once per 500 imported cases). After each read the next
 * waits COST_FACTOR times what the read took, at most MAX_WAIT_MS, so the
 * status costs at most a fiftieth of the desk's thread and still shows the
 * count within a second or two. Every other status (a run, enrolment, the
 * status query) reads at once.
 */
const COST_FACTOR = 50;
const MIN_WAIT_MS = 5;
const MAX_WAIT_MS = 2_000;

export class StatusPace {
  private queued = false;
  /** What the last read took (ms). */
  private costMs = 0;

  /** `emit` reads and emits the status (through `timed`). */
  constructor(private readonly emit: () => void) {}

  /** Runs a status read, noting what it cost. */
  timed<T>(read: () => T): T {
    const t0 = performance.now();
    const value = read();
    this.costMs = performance.now() - t0;
    return value;
  }

  /** Local writes happened: emit the status once, when its cost allows. */
  queue(): void {
    if (this.queued) return;
    this.queued = true;
    const run = () => {
      this.queued = false;
      this.emit();
    };
    const wait = Math.min(MAX_WAIT_MS, this.costMs * COST_FACTOR);
    if (wait < MIN_WAIT_MS) setImmediate(run);
    else setTimeout(run, wait).unref();
  }
}
