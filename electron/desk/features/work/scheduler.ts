/**
 * The deadline scheduler (issue 9, item 8): a desk Service
 * (kernel/services.ts) that sweeps `case_work` every minute for what became
 * due soon, overdue, exhausted or unreachable and raises each alert once
 * (./alerts.ts), then tells subscribers (`alert.raised`) so the app shows a
 * count and a toast (and Electron an OS notification).
 *
 * Besides the minute, it sweeps at once when the wall clock jumps: the
 * machine slept (timers stood still while the wall clock ran on) or someone
 * set the clock. A jump is the wall clock moving more than 2 minutes away
 * from where the monotonic clock says it should be; it is checked every few
 * seconds. The host's `sweep()` (after a wake, a network change, a
 * maintenance job) sweeps too.
 */
import { errorDetail } from '../../kernel/errors';
import { DeskBusyError } from '../../kernel/writeHold';
import type { Service } from '../../kernel/services';

export interface SchedulerOptions {
  /** Does one sweep (in its own transaction); returns how many alerts it raised. */
  sweep: () => number;
  /** Told after a sweep raised alerts. */
  raised: (count: number) => void;
  /** The desk's wall clock (ms). */
  wall: () => number;
  /** A monotonic clock (ms); default performance.now. */
  monotonic?: () => number;
  /** Sweep every (ms of monotonic time); default one minute. */
  intervalMs?: number;
  /** Check for a clock jump every (ms); default 5 s. */
  checkMs?: number;
  /** A jump is a wall clock this far (ms) from the monotonic expectation; default 2 minutes. */
  jumpMs?: number;
  /** Whether to run timers (tests drive `tick` themselves). */
  timers?: boolean;
  log?: (line: string) => void;
}

export class DeadlineScheduler implements Service {
  readonly name = 'deadlines';
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastWall = 0;
  private lastMono = 0;
  private lastSweepMono = -Infinity;
  private stopped = false;
  private readonly mono: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.mono = o.monotonic ?? (() => performance.now());
  }

  start(): void {
    if (this.stopped) return;
    this.lastWall = this.o.wall();
    this.lastMono = this.mono();
    this.sweep();
    if (this.o.timers !== false) {
      this.timer = setInterval(() => {
        try {
          this.tick();
        } catch (e) {
          (this.o.log ?? ((l: string) => console.warn(l)))(`[desk] deadline sweep failed: ${errorDetail(e)}`);
        }
      }, this.o.checkMs ?? 5_000);
      this.timer.unref?.();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check: sweeps when a minute has passed or the wall clock jumped. Returns whether it swept. */
  tick(): boolean {
    if (this.stopped) return false;
    const wall = this.o.wall();
    const mono = this.mono();
    const expected = this.lastWall + (mono - this.lastMono);
    const jumped = Math.abs(wall - expected) > (this.o.jumpMs ?? 120_000);
    this.lastWall = wall;
    this.lastMono = mono;
    if (jumped || mono - this.lastSweepMono >= (this.o.intervalMs ?? 60_000)) {
      this.sweep();
      return true;
    }
    return false;
  }

  /** Sweeps now; skipped (until the next tick) while a maintenance job holds the database. */
  sweep(): void {
    if (this.stopped) return;
    this.lastSweepMono = this.mono();
    let raised: number;
    try {
      raised = this.o.sweep();
    } catch (e) {
      if (e instanceof DeskBusyError) return;
      throw e;
    }
    if (raised > 0) this.o.raised(raised);
  }
}
