/**
 * The sync status after local appends reads the outbox count, which grows
 * with what waits: at ten million records waiting it took 34 ms, and an
 * import read it after every chunk of 500 cases (a sixth of the import's
 * time at 1,000,000 cases). The engine now waits after each read in
 * proportion to what it cost, so a slow count is read a few times a stretch
 * of appends, not once each, and the last status still counts everything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kernelDeskWithEngine, runCleanup, waitFor, type CleanupList } from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a slow outbox count, as at ten million records waiting
  }
}

describe('the sync status after local appends', () => {
  it('reads a slow pending count a few times over a stretch of appends, and last after the last one', async () => {
    const { engine } = kernelDeskWithEngine(cleanup);
    const reads: number[] = [];
    const count = engine.store.pendingCount.bind(engine.store);
    engine.store.pendingCount = () => {
      busyWait(20);
      reads.push(performance.now());
      return count();
    };
    await new Promise((r) => setTimeout(r, 50)); // whatever the engine read at its start
    reads.length = 0;

    let lastAppend = 0;
    const first = performance.now();
    for (let i = 0; i < 20; i++) {
      engine.noteLocalAppend();
      lastAppend = performance.now();
      await new Promise((r) => setTimeout(r, 25));
    }
    // Twenty appends over half a second or more: each read costs 20 ms, so reads are 1 s apart at
    // least (one read per append before: 20).
    const spanS = (lastAppend - first) / 1000;
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.length).toBeLessThanOrEqual(2 + Math.ceil(spanS));
    expect(reads.length).toBeLessThan(10);
    // The appends' status is not lost: one more read comes after the last append, within the longest wait.
    await waitFor(() => (reads.some((t) => t > lastAppend) ? true : undefined), 3_000);
  });

  it('reads a cheap count on the next turn of the event loop, as before', async () => {
    const { engine } = kernelDeskWithEngine(cleanup);
    let reads = 0;
    const count = engine.store.pendingCount.bind(engine.store);
    engine.store.pendingCount = () => {
      reads++;
      return count();
    };
    await new Promise((r) => setTimeout(r, 20));
    reads = 0;
    engine.noteLocalAppend();
    await new Promise((r) => setImmediate(r));
    expect(reads).toBe(1);
  });
});
