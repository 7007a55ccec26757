/**
 * The sync scheduler's timers follow the monotonic clock: a wall clock moved
 * by an hour (an NTP correction, a clerk setting the time) neither holds a
 * new record back for the whole interval nor pushes a short retry out to it.
 * A review reproduced both with due times taken from Date.now().
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncScheduler } from '../../electron/desk/sync/schedule';
import { TEST_SCHEDULE } from '../fixtures/syncSchedule';
import type { Failure } from '../../electron/desk/sync/failure';

const S = TEST_SCHEDULE;
const SERVER_ERROR: Failure = { state: 'offline', code: 'server_error', key: 'syncServerError', detail: '' };

let runs = 0;
function scheduler(): SyncScheduler {
  return new SyncScheduler(S, {
    run: () => {
      runs++;
    },
    probe: () => Promise.resolve(true),
  });
}

beforeEach(() => {
  runs = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the sync schedule and the wall clock', () => {
  it('a record made after the wall clock jumped forward goes after the debounce, not the interval', () => {
    const s = scheduler();
    s.runStarting();
    s.runEnded({ failure: null, progressed: false }); // the next run in 30 s
    vi.setSystemTime(Date.now() + 3_600_000);
    s.localAppend();
    vi.advanceTimersByTime(1_000);
    expect(runs).toBe(1);
    s.stop();
  });

  it('a short retry stays short when the wall clock jumps back', () => {
    const s = scheduler();
    s.runStarting();
    s.runEnded({ failure: SERVER_ERROR, progressed: false }); // a retry in 250 ms
    vi.setSystemTime(Date.now() - 3_600_000);
    s.localAppend();
    vi.advanceTimersByTime(1_000);
    expect(runs).toBe(1);
    s.stop();
  });
});
