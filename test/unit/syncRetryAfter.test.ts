/**
 * Head office's Retry-After is honoured: a desk told "busy, come back in two
 * minutes" (429 from the rate limiter, or a 503) used to come back after its
 * own backoff, a quarter of a second at first, and be refused again, every
 * time new records arrived too. The header now reaches the failure, and the
 * scheduler starts no timer-driven run before it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncScheduler } from '../../electron/desk/sync/schedule';
import { TEST_SCHEDULE } from '../fixtures/syncSchedule';
import { classifyFailure, type Failure } from '../../electron/desk/sync/failure';
import { SyncClient, SyncRequestError } from '../../electron/desk/sync/client';
import { parseRetryAfter, RETRY_AFTER_MAX_MS } from '../../electron/desk/sync/answerTime';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-04T08:00:00Z');
  it('reads delay seconds and HTTP dates, bounded to an hour', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 04 Dec 2026 08:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(RETRY_AFTER_MAX_MS);
  });
  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('12345678901', now)).toBeNull();
  });
});

describe('a refusal carries the wait head office asked for', () => {
  let server: http.Server;
  let base = '';
  let retryAfter: string | null = '120';
  let date: string | null = null;
  beforeEach(async () => {
    server = http.createServer((_req, res) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (retryAfter !== null) headers['retry-after'] = retryAfter;
      if (date !== null) headers.date = date;
      res.writeHead(429, headers);
      res.end(JSON.stringify({ ok: false, error: { code: 'rate_limited', message: 'Too many requests' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  const refusal = async (now: () => number = () => Date.now()): Promise<SyncRequestError> => {
    const client = new SyncClient({ baseUrl: base, token: 't', now, timeoutMs: 5_000 });
    const e = await client.health().then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SyncRequestError);
    return e as SyncRequestError;
  };

  it('429 with Retry-After: 120 gives a two-minute wait on the failure', async () => {
    retryAfter = '120';
    const e = await refusal();
    expect(e.retryAfterMs).toBe(120_000);
    const f = classifyFailure(e);
    expect(f).toMatchObject({ code: 'rate_limited', key: 'syncBusy', retryAfterMs: 120_000 });
  });

  it('a Retry-After date is measured against the clock of the answer that gave it, not the desk’s', async () => {
    const sent = Date.parse('Wed, 02 Dec 2026 08:00:00 GMT');
    date = new Date(sent).toUTCString();
    retryAfter = new Date(sent + 60_000).toUTCString();
    try {
      for (const offset of [2 * 60_000, -30 * 60_000]) {
        // The desk's clock two minutes fast, then half an hour slow: the wait is a minute all the same.
        const e = await refusal(() => sent + offset);
        expect(e.retryAfterMs).toBe(60_000);
      }
    } finally {
      date = null;
    }
  });

  it('without the header the failure has no wait and the backoff decides', async () => {
    retryAfter = null;
    const e = await refusal();
    expect(e.retryAfterMs).toBeNull();
    expect(classifyFailure(e).retryAfterMs).toBeUndefined();
  });
});

const S = TEST_SCHEDULE;
const BUSY: Failure = {
  state: 'offline',
  code: 'rate_limited',
  key: 'syncBusy',
  detail: '',
  retryAfterMs: 120_000,
};

describe('the scheduler waits as head office asked', () => {
  let runs = 0;
  let probes = 0;
  const scheduler = (): SyncScheduler =>
    new SyncScheduler(S, {
      run: () => {
        runs++;
      },
      probe: () => {
        probes++;
        return Promise.resolve(true);
      },
    });
  beforeEach(() => {
    runs = 0;
    probes = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('no run before the Retry-After, though the backoff is 250 ms', () => {
    const s = scheduler();
    s.runStarting();
    s.runEnded({ failure: BUSY, progressed: false });
    vi.advanceTimersByTime(119_000);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1_500);
    expect(runs).toBe(1);
    s.stop();
  });

  it('new records, a progressed run and a network change do not bring it sooner', async () => {
    const s = scheduler();
    s.runStarting();
    s.runEnded({ failure: BUSY, progressed: true });
    s.localAppend();
    s.wake();
    await vi.advanceTimersByTimeAsync(60_000);
    s.localAppend();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(runs).toBe(0);
    expect(probes).toBe(0);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(runs).toBe(1);
    s.stop();
  });

  it('a network change after a failed run does not probe or run before the Retry-After', async () => {
    const s = scheduler();
    s.runStarting();
    // Nothing got through: the failure counts, so a network change would probe at once but for the wait.
    s.runEnded({ failure: BUSY, progressed: false });
    s.wake();
    await vi.advanceTimersByTimeAsync(30_000);
    s.wake();
    await vi.advanceTimersByTimeAsync(89_000);
    expect(probes).toBe(0);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(runs).toBe(1);
    s.stop();
  });

  it('a run that succeeds afterwards clears the wait', () => {
    const s = scheduler();
    s.runStarting();
    s.runEnded({ failure: BUSY, progressed: false });
    // A clerk's "sync now" went at once and got through.
    s.runStarting();
    s.runEnded({ failure: null, progressed: true });
    s.localAppend();
    vi.advanceTimersByTime(1_000);
    expect(runs).toBe(1);
    s.stop();
  });
});
