/**
 * Two desks of one branch record while head office is out of reach, then the
 * server comes up: after "sync now" on both, both desks and the server hold
 * the same cases, every event exactly once, and both outboxes are empty.
 * Also: the scheduler syncs new records on its own (debounce), retries with
 * backoff until the line is back, and never runs two syncs at once.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { DeskEvent } from '../../shared/contract/api';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { backoffDelay } from '../../electron/desk/sync/engine';
import { newCaseInput, STEP_FIELDS } from './desk-fixtures';
import {
  countById,
  disposeDesk,
  engines,
  FaultProxy,
  MANUAL,
  newDesk,
  ownEventIds,
  reopenDesk,
  serverEvents,
  syncNowAndWait,
  TestServer,
  waitFor,
  type SyncDesk,
  runCleanup,
  serverBehindProxy,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

async function caseIds(d: SyncDesk): Promise<string[]> {
  const page = await d.must<CaseListPage>('case.list', { limit: 200 });
  return page.items.map((c) => c.id).sort();
}

describe.each(engines())('sync convergence (%s)', (engine) => {
  it('two desks record offline; once the server is up, both desks and the server hold the same cases exactly once', async () => {
    const server = new TestServer(engine);
    const proxy = new FaultProxy();
    const url = await proxy.listen();
    cleanup.push(
      () => server.dispose(),
      () => proxy.close(),
    );
    proxy.mode = 'refuse'; // head office is unreachable

    const a = await newDesk('01');
    const b = await newDesk('02');
    cleanup.push(
      () => disposeDesk(a),
      () => disposeDesk(b),
    );

    // Both record while nothing can be reached (not even enrolled yet).
    const madeOnA: CaseDetail[] = [];
    const madeOnB: CaseDetail[] = [];
    for (let i = 0; i < 3; i++) {
      madeOnA.push(await a.must<CaseDetail>('case.create', newCaseInput({ account: `A 柜台第 ${i} 件` })));
      madeOnB.push(await b.must<CaseDetail>('case.create', newCaseInput({ account: `B 柜台第 ${i} 件` })));
    }
    await a.must('case.recordStep', { caseId: madeOnA[0]!.id, step: 1, fields: STEP_FIELDS[1] });
    await b.must('case.addNote', { caseId: madeOnB[1]!.id, text: '客户下午再来' });
    expect((await a.status()).pending).toBe(ownEventIds(a.dir).length);
    expect((await b.status()).pending).toBe(ownEventIds(b.dir).length);
    expect((await a.status()).pending).toBe(5); // staff.created + 3 opened + 1 step
    a.core.rebuild(); // projections only: the outbox is not one
    expect((await a.status()).pending).toBe(5);

    const changedOnA: string[] = [];
    a.core.subscribe((e: DeskEvent) => {
      if (e.type === 'case.changed') changedOnA.push(e.caseId);
    });

    // Head office comes up; both desks enroll through the proxy.
    await server.start();
    proxy.target = server.url;
    proxy.mode = 'forward';
    for (const d of [a, b]) {
      // Supervisor desks: the founding admins' staff.created must reach head office (issue 8: a
      // counter device may not push staff.created).
      const r = await d.must<SyncStatus>('sync.configure', {
        serverUrl: url,
        code: await server.code('GZ', 'supervisor'),
      });
      expect(r.serverUrl).toBe(url);
    }
    await waitFor(async () =>
      (await a.status()).state === 'online' && (await b.status()).state === 'online' ? true : undefined,
    );

    // "Sync now" on both (the second run of A picks up what B pushed after A's first pull).
    for (const d of [a, b, a]) expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0 });

    const all = [...madeOnA, ...madeOnB].map((c) => c.id).sort();
    expect(await caseIds(a)).toEqual(all);
    expect(await caseIds(b)).toEqual(all);
    // The same folded state on both desks, timeline included.
    for (const id of all) {
      expect(await b.must<CaseDetail>('case.get', { caseId: id })).toEqual(
        await a.must<CaseDetail>('case.get', { caseId: id }),
      );
    }
    // Pulled cases told A's UI to refresh; A's own cases coming back did not.
    for (const c of madeOnB) expect(changedOnA).toContain(c.id);
    for (const c of madeOnA) expect(changedOnA).not.toContain(c.id);

    // The server: every event of both desks, each exactly once.
    const onServer = await serverEvents(server);
    const counts = countById(onServer);
    const mine = [...ownEventIds(a.dir), ...ownEventIds(b.dir)];
    expect(mine).toHaveLength(10);
    for (const id of mine) expect(counts.get(id), id).toBe(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(onServer.filter((e) => e.type === 'case.opened').map((e) => e.stream.slice(5)))).toEqual(
      new Set(all),
    );

    // Another round changes nothing anywhere.
    for (const d of [a, b])
      expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0, rejected: 0 });
    expect((await serverEvents(server)).length).toBe(onServer.length);
    expect(await caseIds(a)).toEqual(all);
  });

  it('syncs new records on its own, retries with backoff while the line is down, and never runs twice at once', async () => {
    const { server, proxy, url } = await serverBehindProxy(engine, cleanup);

    const timed = {
      ...MANUAL,
      timers: true,
      debounceMs: 50,
      intervalMs: 60_000,
      backoffBaseMs: 100,
      backoffMaxMs: 200,
    };
    const a = await newDesk('11', { sync: timed });
    cleanup.push(() => disposeDesk(a));
    await a.must('sync.configure', { serverUrl: url, code: await server.code() });
    await waitFor(() => a.statuses.find((s) => s.state === 'online'));

    // A new case reaches head office without anyone pressing "sync now".
    const c = await a.must<CaseDetail>('case.create', newCaseInput({ account: '自动同步' }));
    await waitFor(async () =>
      (await serverEvents(server)).some((e) => e.stream === `case:${c.id}`) ? true : undefined,
    );
    await waitFor(async () => ((await a.status()).pending === 0 ? true : undefined));

    // The line drops: runs keep failing and are retried on their own.
    proxy.mode = 'refuse';
    const from = a.statuses.length;
    await a.must('case.addNote', { caseId: c.id, text: '断网后补充' });
    await waitFor(() =>
      a.statuses.slice(from).filter((s) => s.state === 'offline').length >= 3 ? true : undefined,
    );
    expect((await a.status()).pending).toBe(1);
    // The line is back: the next retry succeeds with nobody pressing anything.
    proxy.mode = 'forward';
    await waitFor(async () => {
      const s = await a.status();
      return s.state === 'online' && s.pending === 0 ? true : undefined;
    });

    // Many "sync now" presses during a run: one run at a time, and one more run after it.
    proxy.maxInFlight = 0;
    const before = a.statuses.length;
    for (let i = 0; i < 5; i++) await a.must('sync.now', {});
    const after = await a.core.syncIdle(); // every requested run is over
    expect(after.state).toBe('online');
    expect(proxy.maxInFlight).toBe(1);
    // Runs started = transitions into 'syncing': the first press starts one, the other four queue one more.
    const seen = a.statuses.slice(before - 1).map((s) => s.state);
    const runs = seen.filter((st, i) => st === 'syncing' && i > 0 && seen[i - 1] !== 'syncing').length;
    expect(runs).toBe(2);
  });
});

describe('upgrade', () => {
  it('queues the records of a desk made before sync existed (migration 0002)', async () => {
    const d = await newDesk('21');
    await d.must('case.create', newCaseInput());
    await d.must('case.create', newCaseInput());
    d.closeKeepData();
    // Back to schema 1, as written by the previous release.
    const db = new Database(path.join(d.dir, 'loopdesk.db'));
    db.exec(
      'DROP TRIGGER events_into_outbox; DROP TABLE outbox; DROP TABLE sync_rejected; DROP TABLE attachment_queue;' +
        ' ALTER TABLE staff DROP COLUMN enabled; DROP TABLE case_judged;' +
        ' DROP TABLE case_work; DROP TABLE case_work_basis; DROP TABLE callback_days; DROP TABLE alerts;' +
        ' DROP TABLE drafts; DROP TABLE orders; DROP TABLE order_judged; DROP TABLE order_search;' +
        ' DROP TABLE library_items; DROP TABLE library_search; DROP TABLE order_case_links; DROP INDEX cases_number;' +
        ' DROP TABLE evidence_fetch; DROP TABLE customers_index; DROP INDEX cases_repeat; DROP INDEX cases_nature;' +
        ' DROP INDEX cases_fcr;' +
        ' ALTER TABLE cases DROP COLUMN repeat; ALTER TABLE cases DROP COLUMN nature; ALTER TABLE cases DROP COLUMN fcr;' +
        ' DROP INDEX cases_escalated; DROP INDEX cases_unreviewed; DROP INDEX cases_malice;' +
        ' ALTER TABLE cases DROP COLUMN escalation_level; ALTER TABLE cases DROP COLUMN malice;' +
        ' ALTER TABLE cases DROP COLUMN unreviewed; DROP TABLE audit_chain; DROP TABLE audit_checkpoints;' +
        ' ALTER TABLE cases DROP COLUMN repeat_same_category; DROP TABLE case_facts;' +
        ' DROP TABLE rectifications; DROP TABLE volume_figures; DROP TABLE facts_rollup;' +
        ' DROP TABLE order_facts;',
    );
    db.pragma('user_version = 1');
    db.close();
    const again = await reopenDesk(d);
    cleanup.push(() => disposeDesk(again));
    expect((await again.status()).pending).toBe(3);
    expect(ownEventIds(again.dir)).toHaveLength(3);
  });
});

describe('backoff', () => {
  it('grows exponentially from 2 s to a 5 min ceiling, with full jitter', () => {
    const base = 2_000;
    const max = 300_000;
    expect(backoffDelay(1, base, max, () => 0.999_999)).toBe(1_999);
    expect(backoffDelay(2, base, max, () => 0.999_999)).toBe(3_999);
    expect(backoffDelay(5, base, max, () => 0.5)).toBe(16_000);
    expect(backoffDelay(50, base, max, () => 0.999_999)).toBe(299_999);
    expect(backoffDelay(3, base, max, () => 0)).toBe(250); // never a busy loop
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(4, base, max, Math.random)));
    expect(seen.size).toBeGreaterThan(10); // jittered
    for (const d of seen) expect(d).toBeLessThanOrEqual(16_000);
  });
});
