/**
 * After an outage, the first run may meet the line's last flap (its
 * connection drops) while the probes that follow answer. The outage's failed
 * runs must not size the wait after it: a probe that answers after the line
 * was seen down starts the count again, so the desk retries within seconds,
 * not after a backoff of minutes. On a lossy line, where runs keep failing
 * while probes answer, the backoff still grows from there.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncScheduler } from '../../electron/desk/sync/schedule';
import type { Failure } from '../../electron/desk/sync/failure';
import { TEST_SCHEDULE } from '../fixtures/syncSchedule';

const DOWN: Failure = { state: 'offline', code: 'unreachable', key: 'syncUnreachable', detail: '' };

let runs = 0;
let lineUp = false;
beforeEach(() => {
  runs = 0;
  lineUp = false;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => vi.useRealTimers());

function scheduler(): SyncScheduler {
  // Full jitter at its ceiling: the wait a failure count means, at most.
  return new SyncScheduler(
    { ...TEST_SCHEDULE, random: () => 0.999 },
    {
      run: () => {
        runs++;
      },
      probe: () => Promise.resolve(lineUp),
    },
  );
}

/** One run that meets a dead line. */
function failedRun(s: SyncScheduler): void {
  s.runStarting();
  s.runEnded({ failure: DOWN, progressed: false });
}

describe('the sync schedule after an outage', () => {
  it('retries within seconds when the first run after the line came back lost its connection', async () => {
    const s = scheduler();
    for (let i = 0; i < 9; i++) failedRun(s); // a long outage: the backoff is at its 5-minute ceiling
    await vi.advanceTimersByTimeAsync(8_000); // a probe fails: the line is seen down
    lineUp = true;
    runs = 0;
    await vi.advanceTimersByTimeAsync(8_000); // the next probe answers: a run
    expect(runs).toBe(1);
    failedRun(s); // its connection dropped (the line's last flap); probes answer from now on
    runs = 0;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBeGreaterThanOrEqual(1);
    s.stop();
  });

  it('still backs off on a lossy line whose runs keep failing while probes answer', async () => {
    const s = scheduler();
    failedRun(s);
    await vi.advanceTimersByTimeAsync(1_500); // a probe fails: the line is seen down
    lineUp = true;
    runs = 0;
    let handled = 0;
    for (let t = 0; t < 62; t++) {
      await vi.advanceTimersByTimeAsync(1_000);
      for (; handled < runs; handled++) failedRun(s); // every run fails; every probe answers
    }
    // 1 s, 2 s, 4 s, 8 s, 16 s, 32 s ceilings: a handful of runs in a minute, not one a second.
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThanOrEqual(7);
    s.stop();
  });
});
