/**
 * Issue 7 item 9: on a lossy line a lost answer after progress is not a failed
 * sync. Here the answer of every second file upload is lost (the server
 * stored the file, the desk never hears so). Each run uploads one file and
 * then loses an answer; counted as failures, those runs would wait 2, 4, 8 s
 * (backoff with deterministic jitter), about 14 s in all. Runs that made
 * progress retry at once, so the six files are on the server within seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './harness';
import { enrolledDesk, lineToHeadOffice, type Cleanup } from './lineFixtures';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('a sync that made progress is not a failure (issue 7 item 9)', () => {
  it('keeps going on a line that loses every second upload answer', async () => {
    let puts = 0;
    const line = await lineToHeadOffice(cleanup, {
      mode: 'faults',
      rates: { dropRequest: 0, dropResponse: 1, duplicate: 0, delay: 0, reorder: 0 },
      // Only uploads meet faults, and only every second one.
      faultsOn: (method) => method === 'PUT' && ++puts % 2 === 0,
    });
    const d = await enrolledDesk(line, cleanup, '01', {
      timers: true,
      debounceMs: 40,
      intervalMs: 60_000,
      backoffBaseMs: 2_000,
      backoffMaxMs: 60_000,
      random: () => 0.999,
      networkPollMs: 0,
    });
    for (let i = 0; i < 6; i++)
      d.core.enqueueAttachment(new TextEncoder().encode(`投诉凭证 ${i} ${'证'.repeat(100)}`));
    const started = Date.now();
    await until(
      'every file on the server',
      async () => ((await d.status()).pendingAttachments === 0 ? true : undefined),
      8_000,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${d.log.join('\n')}\n${line.proxy.describe()}`);
    });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(line.proxy.counters.droppedResponses, line.proxy.describe()).toBe(3);
    expect((await d.status()).state).toBe('online');
  }, 30_000);
});
