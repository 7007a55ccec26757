/**
 * The group-commit batcher (server/store/batcher.ts): what arrives together
 * runs together, no more groups run at once than allowed, groups respect
 * their weight bound, and every item gets its own answer.
 */
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../server/store/batcher';

const ok = <T>(value: T): PromiseSettledResult<T> => ({ status: 'fulfilled', value });
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A run function that records its groups and finishes when the test says so. */
function recorder() {
  const groups: number[][] = [];
  const finish: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const run = async (items: readonly number[]): Promise<PromiseSettledResult<number>[]> => {
    groups.push([...items]);
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise<void>((r) => finish.push(r));
    running--;
    return items.map((i) => ok(i * 10));
  };
  return {
    run,
    groups,
    finishNext: async () => {
      finish.shift()?.();
      await tick();
      await tick();
    },
    get maxRunning() {
      return maxRunning;
    },
  };
}

describe('Batcher', () => {
  it('runs items submitted in the same turn of the event loop as one group', async () => {
    const rec = recorder();
    const b = new Batcher(rec.run, { inFlight: 1, maxWeight: 100 });
    const answers = [1, 2, 3].map((i) => b.submit(i));
    await tick();
    expect(rec.groups).toEqual([[1, 2, 3]]);
    await rec.finishNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30]);
    expect(b.stats).toEqual({ groups: 1, items: 3, largest: 3 });
  });

  it('queues what arrives while a group runs and sends it together next', async () => {
    const rec = recorder();
    const b = new Batcher(rec.run, { inFlight: 1, maxWeight: 100 });
    const first = b.submit(1);
    await tick();
    const later = [2, 3, 4].map((i) => b.submit(i));
    await tick();
    expect(rec.groups).toEqual([[1]]);
    expect(b.waiting).toBe(3);
    await rec.finishNext();
    expect(rec.groups).toEqual([[1], [2, 3, 4]]);
    await rec.finishNext();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('never runs more groups at once than inFlight allows', async () => {
    const rec = recorder();
    const b = new Batcher(rec.run, { inFlight: 2, maxWeight: 1 });
    const all = [1, 2, 3, 4, 5].map((i) => b.submit(i));
    await tick();
    expect(rec.groups).toEqual([[1], [2]]);
    for (let i = 0; i < 5; i++) await rec.finishNext();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(rec.maxRunning).toBe(2);
    expect(rec.groups).toEqual([[1], [2], [3], [4], [5]]);
  });

  it('keeps a group within maxWeight, and still runs a single heavier item on its own', async () => {
    const rec = recorder();
    const b = new Batcher(rec.run, { inFlight: 1, maxWeight: 10, weigh: (n) => n });
    const all = [4, 5, 3, 12, 2].map((i) => b.submit(i));
    await tick();
    for (let i = 0; i < 4; i++) await rec.finishNext();
    expect(await Promise.all(all)).toEqual([40, 50, 30, 120, 20]);
    expect(rec.groups).toEqual([[4, 5], [3], [12], [2]]);
  });

  it('answers each item on its own: one rejected item does not fail the others', async () => {
    const b = new Batcher<number, number>(
      async (items) =>
        items.map((i) => (i === 2 ? { status: 'rejected', reason: new Error('two is bad') } : ok(i))),
      { inFlight: 1, maxWeight: 10 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => b.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('two is bad'));
  });

  it('fails every item of a group whose run throws, and keeps working afterwards', async () => {
    let calls = 0;
    const b = new Batcher<number, number>(
      async (items) => {
        calls++;
        if (calls === 1) throw new Error('database went away');
        return items.map(ok);
      },
      { inFlight: 1, maxWeight: 10 },
    );
    const failed = await Promise.allSettled([1, 2].map((i) => b.submit(i)));
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await b.submit(7)).toBe(7);
  });

  it('fails an item the run left without an answer instead of leaving it hanging', async () => {
    const b = new Batcher<number, number>(async () => [ok(1)], { inFlight: 1, maxWeight: 10 });
    const results = await Promise.allSettled([1, 2].map((i) => b.submit(i)));
    expect(results[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(results[1]?.status).toBe('rejected');
  });

  it('refuses nonsense limits', () => {
    expect(() => new Batcher(async () => [], { inFlight: 0, maxWeight: 1 })).toThrow(/at least 1/);
    expect(() => new Batcher(async () => [], { inFlight: 1, maxWeight: 0 })).toThrow(/at least 1/);
  });
});
