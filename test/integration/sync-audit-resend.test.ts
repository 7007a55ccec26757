/**
 * Audit rows head office already holds, sent again while they wait (an event
 * held back as too far ahead keeps its chain row pending), are no progress:
 * when every run then fails (a struggling head office answering 503 without
 * Retry-After), the desk backs off (2 s, 4 s, 8 s …) instead of running again
 * every half second as if each run had moved something.
 */
import { afterEach, expect, it } from 'vitest';
import {
  disposeDesk,
  newDesk,
  runCleanup,
  serverBehindProxy,
  waitFor,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a run whose only answer is the same pending audit rows again does not reset the backoff', async () => {
  const { server, proxy, url } = await serverBehindProxy('sqlite', cleanup);
  // The desk's clock 7 minutes fast: its records are held back (hlc_too_far) and their rows stay pending.
  const d = await newDesk('01', {
    now: () => Date.now() + 7 * 60_000,
    sync: { timers: true, networkPollMs: 0, requestTimeoutMs: 5000, enrollTimeoutMs: 5000, log: () => {} },
  });
  cleanup.push(() => disposeDesk(d));
  await d.must('sync.configure', { serverUrl: url, code: await server.code('GZ', 'supervisor') });
  const first = await waitFor(async () => {
    const s = await d.status();
    return s.state === 'online' ? s : undefined;
  });
  expect(first.pending).toBeGreaterThan(0); // held back, waiting
  proxy.answer = (_m, p) =>
    p.startsWith('/v1/pull')
      ? {
          status: 503,
          body: JSON.stringify({
            ok: false,
            error: { code: 'internal', message: 'busy' },
            serverTime: Date.now(),
          }),
        }
      : null;
  const start = proxy.log.length;
  await d.must('sync.now', {});
  await sleep(10_000);
  const pulls = proxy.log.slice(start).filter((x) => x.path.startsWith('/v1/pull')).length;
  // 2 s, 4 s, 8 s with jitter: a handful of runs in 10 s. Counted as progress, it was about 20.
  expect(pulls).toBeGreaterThan(0);
  expect(pulls).toBeLessThan(8);
}, 60_000);
