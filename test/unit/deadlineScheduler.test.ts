/**
 * The deadline scheduler's timing (electron/desk/features/work/scheduler.ts):
 * a sweep at start, every minute of monotonic time, at once when the wall
 * clock jumps more than 2 minutes from the monotonic expectation (sleep, a
 * clock set by hand), none while a maintenance job holds the database, and
 * none after stop. Driven by hand: no timers.
 */
import { describe, expect, it } from 'vitest';
import { DeadlineScheduler } from '../../electron/desk/features/work/scheduler';
import { DeskBusyError } from '../../electron/desk/kernel/writeHold';

function rig(raises = 0) {
  const clock = { wall: 1_800_000_000_000, mono: 1000 };
  const sweeps: number[] = [];
  const raised: number[] = [];
  let busy = false;
  const s = new DeadlineScheduler({
    timers: false,
    wall: () => clock.wall,
    monotonic: () => clock.mono,
    sweep: () => {
      if (busy) throw new DeskBusyError();
      sweeps.push(clock.wall);
      return raises;
    },
    raised: (n) => raised.push(n),
  });
  /** Both clocks run on by `ms` (no jump). */
  const pass = (ms: number) => {
    clock.wall += ms;
    clock.mono += ms;
  };
  return { s, clock, sweeps, raised, pass, setBusy: (b: boolean) => (busy = b) };
}

describe('DeadlineScheduler', () => {
  it('sweeps at start, then once a minute of monotonic time', () => {
    const r = rig();
    r.s.start();
    expect(r.sweeps).toHaveLength(1);
    r.pass(5_000);
    expect(r.s.tick()).toBe(false);
    r.pass(54_999);
    expect(r.s.tick()).toBe(false);
    r.pass(1);
    expect(r.s.tick()).toBe(true);
    expect(r.sweeps).toHaveLength(2);
  });

  it('sweeps at once when the wall clock jumps ahead or back by more than 2 minutes', () => {
    const r = rig();
    r.s.start();
    r.pass(5_000);
    r.clock.wall += 120_000; // exactly 2 minutes: not a jump
    expect(r.s.tick()).toBe(false);
    r.pass(5_000);
    r.clock.wall += 120_001; // the machine slept, or the clock was set forward
    expect(r.s.tick()).toBe(true);
    r.pass(5_000);
    r.clock.wall -= 3 * 3_600_000; // set back
    expect(r.s.tick()).toBe(true);
    expect(r.sweeps).toHaveLength(3);
  });

  it('announces only sweeps that raised alerts', () => {
    const quiet = rig(0);
    quiet.s.start();
    expect(quiet.raised).toEqual([]);
    const loud = rig(3);
    loud.s.start();
    expect(loud.raised).toEqual([3]);
  });

  it('skips a sweep while the database is held and tries again at the next minute', () => {
    const r = rig(1);
    r.setBusy(true);
    r.s.start();
    expect(r.sweeps).toHaveLength(0);
    r.setBusy(false);
    r.pass(60_000);
    expect(r.s.tick()).toBe(true);
    expect(r.sweeps).toHaveLength(1);
  });

  it('does nothing once stopped', () => {
    const r = rig();
    r.s.start();
    r.s.stop();
    r.pass(120_000);
    r.clock.wall += 600_000;
    expect(r.s.tick()).toBe(false);
    r.s.sweep();
    expect(r.sweeps).toHaveLength(1);
  });
});
