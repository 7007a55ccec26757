/**
 * Regression: a duplicated enrolment request must not lock the desk out.
 *
 * Scenario (deterministic): the desk sends one POST /v1/enroll; a retrying
 * gateway delivers it twice, 30 ms apart, and hands the desk the FIRST answer.
 * The server treats the second copy as a repeat of an enrolment whose answer
 * was lost (docs/protocol.md §2.5) and issues a fresh token. Before the fix it
 * replaced the token the desk had kept, and every later sync was refused with
 * 401. Now the replaced token stays valid until the fresh one is used
 * (server migration 0002, previous_token_hash), so the desk syncs whichever
 * answer it kept. fault.test.ts duplicates enrolment requests too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy } from './faultProxy';
import { SimServer, simEngines, until } from './harness';
import { createCase } from './ops';
import { Random } from './random';
import { SimDesk } from './simDesk';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe.each(simEngines())('enrolment through a duplicating gateway (%s)', (engine) => {
  it('a desk whose enrolment request was delivered twice can still sync', async () => {
    const server = await SimServer.create(engine);
    cleanup.push(() => server.dispose());
    await server.start();
    const proxy = new FaultProxy({
      seed: 2,
      target: server.url,
      mode: 'pass',
      rates: { dropRequest: 0, dropResponse: 0, duplicate: 1, delay: 0, reorder: 0 },
      duplicateGapMs: [30, 30],
      // Only the enrolment is duplicated.
      noDuplicate: (_method, path) => !path.startsWith('/v1/enroll'),
    });
    cleanup.push(() => proxy.close());
    const url = await proxy.lane('GZ-01');
    const desk = await SimDesk.create({
      name: 'GZ-01',
      branch: 'GZ',
      branchName: '广州天河支行',
      deviceCode: '01',
    });
    cleanup.push(() => desk.dispose());
    await createCase(desk, new Random(1));

    proxy.mode = 'faults';
    const configured = await desk.call('sync.configure', { serverUrl: url, code: await server.code('GZ') });
    expect(configured.ok).toBe(true);
    await desk.core.syncIdle();
    await until('the second copy reached the server', () =>
      proxy.forwardedTo('/v1/enroll') === 2 ? true : undefined,
    );
    proxy.mode = 'pass';
    expect(proxy.counters.duplicated).toBe(1);
    // Delivered twice, answered with the first answer (seed 2 picks the first).
    expect(proxy.recent.find((x) => x.path === '/v1/enroll')?.faults).toEqual(['duplicate:+30ms']);

    const s = await desk.syncNow();
    expect(s.lastError, 'the desk is refused with the token it was given').toBeNull();
    expect(s).toMatchObject({ state: 'online', pending: 0 });
  });
});
