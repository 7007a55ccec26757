/**
 * The sync engine's runs, never two at once (./engine.ts): a request made
 * during a run queues exactly one more, and each request resolves once a run
 * that started after it has finished (or the engine stopped). What a run is,
 * and what the scheduler hears when the runs stop for now, the engine says
 * (`RunDriver`).
 */
import { errorDetail } from '../kernel/errors';
import type { RunEnd } from './schedule';

export interface RunDriver {
  /** One run; null when it did not happen or was cancelled (nothing to count). */
  runOnce(): Promise<RunEnd | null>;
  /** A run is about to start. */
  starting(): void;
  /** No run is requested any more: the last run's end (null: none counted). */
  ended(last: RunEnd | null): void;
  stopped(): boolean;
  log(line: string): void;
}

export class RunQueue {
  private driving: Promise<void> | null = null;
  private requested = 0;
  private completed = 0;
  private waiters: { ticket: number; resolve: () => void }[] = [];

  constructor(private readonly d: RunDriver) {}

  /** Requests a run (at once, or right after the one in progress); resolves when one covering it is over. */
  trigger(): Promise<void> {
    if (this.d.stopped()) return Promise.resolve();
    const ticket = ++this.requested;
    const done = new Promise<void>((resolve) => this.waiters.push({ ticket, resolve }));
    if (this.driving === null) {
      this.driving = this.drive().catch((e: unknown) => {
        this.d.log(`[sync] scheduler failed: ${errorDetail(e)}`);
      });
    }
    return done;
  }

  /** Resolves once every run requested so far has finished (null: none is pending); does not start one. */
  idle(): Promise<void> | null {
    if (this.d.stopped() || this.completed >= this.requested) return null;
    const ticket = this.requested;
    return new Promise<void>((resolve) => this.waiters.push({ ticket, resolve }));
  }

  /** The engine stopped: every waiting request resolves now. */
  stop(): void {
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Runs until every request made so far is covered by a run that started after it. */
  private async drive(): Promise<void> {
    let last: RunEnd | null = null;
    try {
      while (!this.d.stopped() && this.completed < this.requested) {
        const covers = this.requested;
        this.d.starting();
        last = await this.d.runOnce();
        this.completed = covers;
        this.releaseWaiters();
      }
    } finally {
      this.driving = null;
      this.releaseWaiters();
      this.d.ended(last);
    }
  }

  private releaseWaiters(): void {
    const keep: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.d.stopped() || w.ticket <= this.completed) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }
}
