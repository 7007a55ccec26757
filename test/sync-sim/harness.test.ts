/**
 * The simulations are only as good as their checks: here each invariant of
 * harness.ts is shown to fail when its property is broken on purpose (an
 * event missing on a replica, an event no desk wrote, a projection that
 * differs, a cursor that went back, an event whose replay is not a
 * duplicate), and the fault proxy is shown to do what its counters say.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/contract/sync';
import { newId } from '../../shared/domain/kernel/ids';
import { caseNote, pushOk } from '../integration/server-fixtures';
import { FaultProxy } from './faultProxy';
import { checkInvariants, quiesce, SimServer, until } from './harness';
import { createCase, recordNextStep } from './ops';
import { Random } from './random';
import { SimDesk } from './simDesk';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function converged() {
  const server = await SimServer.create('sqlite');
  cleanup.push(() => server.dispose());
  await server.start();
  const rng = new Random(7);
  const desks: SimDesk[] = [];
  for (const [branch, code] of [
    ['GZ', '01'],
    ['GZ', '02'],
    ['SZ', '01'],
  ] as const) {
    const d = await SimDesk.create({
      name: `${branch}-${code}`,
      branch,
      branchName: '测试支行',
      deviceCode: code,
    });
    cleanup.push(() => d.dispose());
    await d.must('sync.configure', { serverUrl: server.url, code: await server.code(branch) });
    await d.signIn(); // under the branch key from now on (decision 0021), before the mutants restart it
    const c = await createCase(d, rng);
    await recordNextStep(d, c.id);
    desks.push(d);
  }
  await quiesce(server, desks, { label: () => 'harness self-test' });
  return { server, desks };
}

describe('the invariant checks catch what they claim to', () => {
  it('pass on a converged system', async () => {
    const { server, desks } = await converged();
    const r = await checkInvariants(server, desks, 'ok');
    expect(r.cases).toBe(3);
    expect(r.replayed).toBe(r.events);
  });

  it('(b) a replica missing an event', async () => {
    const { server, desks } = await converged();
    const d = desks[1]!;
    d.crash();
    const db = new Database(path.join(d.dir, 'loopdesk.db'));
    db.prepare(
      "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events WHERE device <> (SELECT value FROM meta WHERE key = 'device.id'))",
    ).run();
    db.close();
    await d.reopen();
    await expect(checkInvariants(server, desks, 'mutant')).rejects.toThrow(/log differs from the server/);
  });

  it('(b) an event on the server that no desk wrote', async () => {
    const { server, desks } = await converged();
    const reader = await server.reader('GZ');
    const caseId = (await desks[0]!.caseIds())[0]!;
    expect(await pushOk(server.running, reader, [caseNote(reader, caseId)])).toMatchObject([
      { status: 'accepted' },
    ]);
    await expect(checkInvariants(server, desks, 'mutant')).rejects.toThrow(/no desk of the branch wrote/);
  });

  it('(a) a server projection that differs from the fold', async () => {
    const { server, desks } = await converged();
    await server.stop();
    const db = new Database(path.join(server.env.dataDir, 'server.db'));
    db.prepare("UPDATE cases SET state = json_set(state, '$.noteCount', 99) WHERE branch = 'SZ'").run();
    db.close();
    await server.start();
    await expect(checkInvariants(server, desks, 'mutant')).rejects.toThrow(/server projection of case/);
  });

  it('(d) a cursor that went back', async () => {
    const { server, desks } = await converged();
    desks[2]!.cursorSamples.splice(1, 0, 1_000);
    await expect(checkInvariants(server, desks, 'mutant')).rejects.toThrow(/cursor moved backwards/);
  });

  it('(c) a replay the server does not answer "duplicate"', async () => {
    const { server, desks } = await converged();
    const d = desks[0]!;
    d.crash();
    // The desk's copy of its own event no longer matches what it pushed.
    const db = new Database(path.join(d.dir, 'loopdesk.db'));
    db.prepare(
      "UPDATE events SET hash = (CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END) || substr(hash, 2) WHERE type = 'case.step_recorded'",
    ).run();
    db.close();
    await d.reopen();
    await expect(checkInvariants(server, desks, 'mutant')).rejects.toThrow(/not answered "duplicate"/);
  });
});

describe('fault proxy', () => {
  it('passes through, drops, duplicates and counts, replayable by seed', async () => {
    const server = await SimServer.create('sqlite');
    cleanup.push(() => server.dispose());
    await server.start();
    const health = async (url: string) => {
      try {
        const r = await fetch(`${url}/health`);
        return r.status;
      } catch {
        return 'closed';
      }
    };
    const run = async (seed: number) => {
      const proxy = new FaultProxy({
        seed,
        target: server.url,
        rates: { duplicate: 0.3, dropRequest: 0.2 },
        delayMs: [1, 20],
        reorderHoldMs: 40,
      });
      cleanup.push(() => proxy.close());
      const url = await proxy.lane('A');
      const seen: (number | string)[] = [];
      for (let i = 0; i < 40; i++) seen.push(await health(url));
      // Duplicates answered with the first answer are still on their way: let them arrive.
      await until('every duplicate forwarded', () =>
        proxy.counters.forwarded === 40 - proxy.counters.droppedRequests + proxy.counters.duplicated
          ? true
          : undefined,
      );
      await proxy.close();
      return { seen, counters: { ...proxy.counters } };
    };
    const a = await run(42);
    const b = await run(42);
    expect(b.seen).toEqual(a.seen); // same seed, same faults
    expect(a.counters.droppedRequests).toBeGreaterThan(0);
    expect(a.counters.duplicated).toBeGreaterThan(0);
    expect(a.counters.requests).toBe(40);
    // Duplicates reach the server twice; dropped requests never.
    expect(a.counters.forwarded).toBe(40 - a.counters.droppedRequests + a.counters.duplicated);
    expect(a.seen.filter((s) => s !== 200)).toHaveLength(
      a.counters.droppedRequests + a.counters.droppedResponses,
    );

    // A push duplicated and its answer dropped: stored once, answered 'duplicate' when repeated.
    const proxy = new FaultProxy({
      seed: 1,
      target: server.url,
      rates: { dropRequest: 0, dropResponse: 1, duplicate: 1, delay: 0, reorder: 0 },
    });
    cleanup.push(() => proxy.close());
    const url = await proxy.lane('B');
    const reader = await server.reader('GZ');
    const d = await SimDesk.create({ name: 'GZ-05', branch: 'GZ', branchName: '测试支行', deviceCode: '05' });
    cleanup.push(() => d.dispose());
    await d.must('sync.configure', { serverUrl: server.url, code: await server.code('GZ') });
    await d.syncNow();
    const token = d.token()!;
    const e = caseNote({ ...reader, id: d.deviceId, token, branch: 'GZ' }, newId());
    const res = await fetch(`${url}/v1/push`, {
      method: 'POST',
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ events: [e] }),
    }).catch((x: unknown) => x);
    expect(res).toBeInstanceOf(Error); // the answer never came
    expect(proxy.counters).toMatchObject({ duplicated: 1, droppedResponses: 1, forwarded: 2 });
    expect(await pushOk(server.running, { token }, [e])).toEqual([{ id: e.id, status: 'duplicate' }]);
    const { events } = await server.branchEvents('GZ');
    expect(events.filter((x) => x.id === e.id)).toHaveLength(1);
  });
});
