/**
 * The event checker thread and the pipelined bulk path: the same verdicts and
 * the same stored result as checking in this thread, and a fallback that keeps
 * working when the thread is missing or dies.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { checkBatch } from '../../electron/desk/kernel/checkBatch';
import { EventChecker } from '../../electron/desk/kernel/checker';
import { DB_FILE_NAME } from '../../electron/desk';
import { caseGenerator } from '../bench/corpus';
import { openTestDesk, type TestDesk } from './desk-fixtures';

function rehash(e: EventEnvelope, changes: Partial<EventEnvelope>): EventEnvelope {
  const { hash: _old, ...body } = { ...e, ...changes };
  return { ...body, hash: eventHash(body) };
}

/** 40 cases (280 events) with a few bad ones mixed in, in batches of 50. */
function corpusBatches(): { batches: unknown[][]; bad: string[] } {
  const gen = caseGenerator({
    deviceId: '0196f3a0-0000-7000-8000-00000000be01',
    deviceCode: '02',
    actor: '0196f3a0-0000-7000-8000-00000000be02',
  });
  const all: unknown[] = [];
  for (let i = 0; i < 40; i++) all.push(...gen.next().events);
  const e = (i: number) => all[i] as EventEnvelope;
  const tampered = { ...e(10), payload: { step: 1, fields: { apologyGiven: false } } };
  const badPayload = rehash(e(20), { payload: { step: 9, fields: {} } });
  const noEnvelope = { hello: 'world' };
  all[10] = tampered;
  all[20] = badPayload;
  all.splice(100, 0, noEnvelope, e(30)); // an odd object, and a duplicate of an event already sent
  const batches: unknown[][] = [];
  for (let i = 0; i < all.length; i += 50) batches.push(all.slice(i, i + 50));
  return { batches, bad: [tampered.id, badPayload.id] };
}

function projection(t: TestDesk) {
  const db = new Database(path.join(t.dir, DB_FILE_NAME), { readonly: true });
  try {
    return {
      cases: db.prepare('SELECT * FROM cases ORDER BY pos').all(),
      events: db
        .prepare(
          "SELECT seq, id, payload, hash FROM events WHERE device = '0196f3a0-0000-7000-8000-00000000be01' ORDER BY seq",
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

describe('EventChecker', () => {
  const checkers: EventChecker[] = [];
  afterAll(() => {
    for (const c of checkers) c.close();
  });

  it('gives on its thread the verdicts the in-thread checks give', async () => {
    const logs: string[] = [];
    const c = new EventChecker((l) => logs.push(l));
    checkers.push(c);
    const { batches } = corpusBatches();
    for (const b of batches) expect(await c.check(b)).toEqual(checkBatch(b));
    expect(c.threaded).toBe(true);
    expect(logs).toEqual([]);
    const verdicts = (await Promise.all(batches.map((b) => c.check(b)))).flat();
    expect(verdicts.filter((v) => v !== null).map((v) => v?.reason.split(':')[0])).toEqual([
      'hash_mismatch',
      'invalid_payload',
      'invalid_envelope',
    ]);
  });

  it('checks a batch that cannot be copied to the thread in this thread', async () => {
    const c = new EventChecker(() => {});
    checkers.push(c);
    const raws = [{ id: 'x', payload: () => 1 }];
    expect(await c.check(raws)).toEqual(checkBatch(raws));
    expect(c.threaded).toBe(true);
  });

  it('falls back to in-thread checks when the thread cannot start or dies, and says so once', async () => {
    const { batches } = corpusBatches();
    const logs: string[] = [];
    const broken = new EventChecker(
      (l) => logs.push(l),
      () => {
        throw new Error('no threads here');
      },
    );
    checkers.push(broken);
    expect(await broken.check(batches[0] ?? [])).toEqual(checkBatch(batches[0] ?? []));
    expect(broken.threaded).toBe(false);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('no threads here');

    const dyingLogs: string[] = [];
    const dying = new EventChecker(
      (l) => dyingLogs.push(l),
      () => new Worker('process.exit(3)', { eval: true }),
    );
    checkers.push(dying);
    const answers = await Promise.all(batches.map((b) => dying.check(b)));
    expect(answers).toEqual(batches.map((b) => checkBatch(b)));
    expect(dying.threaded).toBe(false);
    expect(dyingLogs.join('\n')).toMatch(/exit code 3/);
  });

  it('after close, still answers (in this thread)', async () => {
    const c = new EventChecker(() => {});
    await c.check([{}]);
    c.close();
    expect(c.threaded).toBe(false);
    expect(await c.check([{}])).toEqual(checkBatch([{}]));
  });
});

describe('appendEventBatches', () => {
  it('stores exactly what appendEvents batch by batch stores, with the same rejections', async () => {
    const { batches, bad } = corpusBatches();
    const a = await openTestDesk({ sync: false });
    const b = await openTestDesk({ sync: false });
    try {
      const seen: number[] = [];
      const piped = await a.core.appendEventBatches(
        (async function* () {
          for (const batch of batches) yield batch;
        })(),
        (r) => seen.push(r.accepted),
      );
      const one = { accepted: 0, duplicate: 0, rejected: [] as { id: string; reason: string }[] };
      for (const batch of batches) {
        const r = b.core.appendEvents(batch as EventEnvelope[]);
        one.accepted += r.accepted;
        one.duplicate += r.duplicate;
        one.rejected.push(...r.rejected);
      }
      expect(piped).toEqual(one);
      expect(piped.accepted).toBe(278);
      expect(piped.duplicate).toBe(1);
      expect(piped.rejected.map((r) => r.id)).toEqual(expect.arrayContaining(bad));
      expect(seen).toHaveLength(batches.length);
      expect(seen.reduce((x, y) => x + y, 0)).toBe(278);
      // Same rows, same rowids, same folded states (seq differs only by the setup events: none).
      expect(projection(a)).toEqual(projection(b));
      const list = await a.must<{ total: number }>('case.list', { limit: 5 }, a.admin.token);
      expect(list.total).toBe(40);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('the checker thread as built for Electron', () => {
  it('dist-electron/checkWorker.cjs answers like the source', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    execFileSync(process.execPath, [path.join(root, 'scripts/build-electron.mjs')], {
      cwd: root,
      stdio: 'pipe',
    });
    const bundle = path.join(root, 'dist-electron/checkWorker.cjs');
    const c = new EventChecker(
      () => {},
      () => new Worker(bundle),
    );
    try {
      const { batches } = corpusBatches();
      for (const b of batches.slice(0, 3)) expect(await c.check(b)).toEqual(checkBatch(b));
      expect(c.threaded).toBe(true);
    } finally {
      c.close();
    }
  }, 60_000);
});
