/**
 * Issue 7 item 8: after the line returns, a desk with records waiting reaches
 * head office within about 10 s, without hammering a server that is down:
 * cheap probes on a short capped interval while offline, and new records or a
 * regained network interface shorten the wait. The backoff here is long (a
 * first retry after about 30 s), so only the probes can be this quick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncOptions } from '../../electron/desk/index';
import { until } from './harness';
import { enrolledDesk, lineToHeadOffice, recordCase, sleep, type Cleanup } from './lineFixtures';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Timers on, a long backoff with deterministic jitter (the first retry after ~30 s). */
const LONG_BACKOFF: SyncOptions = {
  timers: true,
  debounceMs: 40,
  intervalMs: 60_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 5 * 60_000,
  random: () => 0.999,
  networkPollMs: 0,
};

describe('sync notices the line is back (issue 7 item 8)', () => {
  it('reaches head office within 10 s of the line returning, probing a down line only a few times', async () => {
    const line = await lineToHeadOffice(cleanup);
    const d = await enrolledDesk(line, cleanup, '01', LONG_BACKOFF);
    line.proxy.setLaneMode(d.name, 'down');
    const before = line.proxy.requestsOn(d.name);
    await recordCase(d);
    await recordCase(d);
    await until('the desk notices head office is out of reach', async () => {
      const s = await d.status();
      return s.state === 'offline' && s.pending === 2 ? s : undefined;
    });
    await sleep(5_000);
    const whileDown = line.proxy.requestsOn(d.name) - before;
    // One run, then probes at about 1, 2, 4 s: a down server is not hammered.
    expect(whileDown, line.proxy.describe()).toBeLessThanOrEqual(8);

    line.proxy.setLaneMode(d.name, 'pass');
    const back = Date.now();
    const s = await until(
      'the records reach head office',
      async () => {
        const st = await d.status();
        return st.state === 'online' && st.pending === 0 ? st : undefined;
      },
      10_000,
    );
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(s.lastError).toBeNull();
    expect((await line.server.branchEvents('GZ')).events.length).toBe(d.ownEvents().length);
  }, 30_000);

  const PROBES_RARE: SyncOptions = { ...LONG_BACKOFF, probeBaseMs: 60_000, probeMaxMs: 60_000 };

  it('a new record while backing off makes the desk try head office at once', async () => {
    const line = await lineToHeadOffice(cleanup);
    const d = await enrolledDesk(line, cleanup, '02', PROBES_RARE);
    line.proxy.setLaneMode(d.name, 'down');
    await recordCase(d);
    await until('offline', async () => ((await d.status()).state === 'offline' ? true : undefined));
    line.proxy.setLaneMode(d.name, 'pass');
    await recordCase(d);
    await until(
      'both records reach head office soon after the second was written',
      async () => ((await d.status()).pending === 0 ? true : undefined),
      3_000,
    );
  }, 20_000);

  it('a regained network interface makes the desk try head office at once', async () => {
    const line = await lineToHeadOffice(cleanup);
    const d = await enrolledDesk(line, cleanup, '03', PROBES_RARE);
    line.proxy.setLaneMode(d.name, 'down');
    await recordCase(d);
    await until('offline', async () => ((await d.status()).state === 'offline' ? true : undefined));
    line.proxy.setLaneMode(d.name, 'pass');
    await sleep(300);
    expect((await d.status()).pending).toBe(1); // nothing happens by itself this soon
    d.core.networkChanged();
    await until(
      'the record reaches head office soon after the network came back',
      async () => ((await d.status()).pending === 0 ? true : undefined),
      3_000,
    );
  }, 20_000);
});
