/**
 * The desk sync client when things go wrong: a desk killed between its local
 * commit and its push, a push whose ack is lost on the way back, an event the
 * server refuses, a desk clock ahead of the server's, the pull cursor across
 * restarts (and a server answer that would move it backwards), and evidence
 * files uploaded idempotently.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, PushResponse, SYNC_LIMITS } from '../../shared/contract/sync';
import { newCaseInput } from './desk-fixtures';
import {
  countById,
  deskMeta,
  disposeDesk,
  engines,
  MANUAL,
  newDesk,
  ownEventIds,
  readDeskDb,
  reopenDesk,
  serverEvents,
  syncNowAndWait,
  TestServer,
  whoOf,
  type SyncDesk,
  runCleanup,
  serverBehindProxy,
  type CleanupList,
} from './sync-fixtures';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import path from 'node:path';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

async function enrolled(
  code: string,
  ctx: { server: TestServer; url: string },
  opts: { now?: () => number } = {},
): Promise<SyncDesk> {
  const d = await newDesk(code, { sync: MANUAL, ...(opts.now ? { now: opts.now } : {}) });
  let current = d;
  cleanup.push(() => disposeDesk(current));
  // A supervisor desk: its founding admin's staff.created is taken (issue 8: not from a counter desk).
  await d.must('sync.configure', { serverUrl: ctx.url, code: await ctx.server.code('GZ', 'supervisor') });
  await syncNowAndWait(d);
  // Callers that reopen the desk swap it in here so cleanup closes the live one.
  (d as SyncDesk & { swap?: (n: SyncDesk) => void }).swap = (n) => {
    current = n;
  };
  return d;
}

function swap(old: SyncDesk, next: SyncDesk): SyncDesk {
  (old as SyncDesk & { swap?: (n: SyncDesk) => void }).swap?.(next);
  return next;
}

describe.each(engines())('sync under faults (%s)', (engine) => {
  it('pushes on the next run what a desk committed before it was killed', async () => {
    const ctx = await serverBehindProxy(engine, cleanup);
    let d = await enrolled('01', ctx);
    expect((await d.status()).pending).toBe(0);
    const c = await d.must<CaseDetail>('case.create', newCaseInput({ account: '提交后马上断电' }));
    d.closeKeepData(); // killed: committed locally, never pushed

    d = swap(d, await reopenDesk(d));
    const s = await d.status();
    expect(s.pending).toBe(1);
    expect(s.state).toBe('offline'); // not yet in contact since the restart
    expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0 });
    const onServer = await serverEvents(ctx.server);
    expect(onServer.filter((e) => e.stream === `case:${c.id}`)).toHaveLength(1);
  });

  it('repeats a push whose ack was lost; the server answers duplicate and nothing doubles', async () => {
    const ctx = await serverBehindProxy(engine, cleanup);
    const d = await enrolled('02', ctx);
    for (let i = 0; i < 3; i++) await d.must('case.create', newCaseInput({ account: `回执丢失 ${i}` }));
    const mine = ownEventIds(d.dir);

    const from = ctx.proxy.log.length;
    ctx.proxy.dropResponses(1, (method, p) => method === 'POST' && p === '/v1/push');
    const lost = await syncNowAndWait(d);
    expect(lost.state).toBe('offline');
    expect(lost.pending).toBe(3); // no ack, so nothing left the outbox
    const dropped = ctx.proxy.log.slice(from).filter((x) => x.dropped);
    expect(dropped).toHaveLength(1);
    expect(PushResponse.parse(JSON.parse(dropped[0]!.body)).acks.map((a) => a.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);

    const again = await syncNowAndWait(d);
    expect(again).toMatchObject({ state: 'online', pending: 0, rejected: 0 });
    const repeat = ctx.proxy.log.slice(from).filter((x) => x.path === '/v1/push' && !x.dropped);
    expect(repeat).toHaveLength(1);
    expect(PushResponse.parse(JSON.parse(repeat[0]!.body)).acks.map((a) => a.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const counts = countById(await serverEvents(ctx.server));
    for (const id of mine) expect(counts.get(id), id).toBe(1);
  });

  it('sets a refused event aside without blocking the events after it', async () => {
    const ctx = await serverBehindProxy(engine, cleanup);
    let d = await enrolled('03', ctx);
    const cases: CaseDetail[] = [];
    for (let i = 0; i < 3; i++)
      cases.push(await d.must<CaseDetail>('case.create', newCaseInput({ account: `第 ${i} 件` })));
    const bad = cases[1]!;
    d.closeKeepData();
    // The middle event is damaged on disk: its content no longer matches its hash.
    const db = new Database(path.join(d.dir, 'loopdesk.db'));
    db.prepare("UPDATE events SET payload = json_set(payload, '$.account', '被改动') WHERE stream = ?").run(
      `case:${bad.id}`,
    );
    db.close();
    d = swap(d, await reopenDesk(d));

    const s = await syncNowAndWait(d);
    expect(s).toMatchObject({ state: 'online', pending: 0, rejected: 1 });
    const rejected = readDeskDb(d.dir, (x) =>
      x.prepare('SELECT event_id, direction, reason FROM sync_rejected').all(),
    );
    expect(rejected).toEqual([{ event_id: expect.any(String), direction: 'push', reason: 'hash_mismatch' }]);
    let onServer = await serverEvents(ctx.server);
    expect(onServer.some((e) => e.stream === `case:${bad.id}`)).toBe(false);
    expect(onServer.some((e) => e.stream === `case:${cases[0]!.id}`)).toBe(true);
    expect(onServer.some((e) => e.stream === `case:${cases[2]!.id}`)).toBe(true);

    // Later records still flow, and the refused one is not sent again.
    const later = await d.must<CaseDetail>('case.create', newCaseInput({ account: '之后的记录' }));
    const pushesBefore = ctx.proxy.log.length;
    expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0, rejected: 1 });
    onServer = await serverEvents(ctx.server);
    expect(onServer.some((e) => e.stream === `case:${later.id}`)).toBe(true);
    const rejectedId = (rejected[0] as { event_id: string }).event_id;
    for (const x of ctx.proxy.log.slice(pushesBefore))
      expect(x.path === '/v1/push' && x.body.includes(rejectedId)).toBe(false);
  });

  it('keeps events whose clock is ahead of the server waiting (with a clock warning) until the server catches up', async () => {
    let serverOffset = 0;
    const ctx = await serverBehindProxy(engine, cleanup, () => Date.now() + serverOffset);
    const ahead = 10 * 60_000;
    const d = await newDesk('04', { sync: MANUAL, now: () => Date.now() + ahead });
    cleanup.push(() => disposeDesk(d));
    await d.must('sync.configure', { serverUrl: ctx.url, code: await ctx.server.code('GZ', 'supervisor') });
    const first = await syncNowAndWait(d);
    // Everything this desk wrote carries an HLC 10 minutes ahead of head office: refused for now, not for good.
    expect(first.state).toBe('online');
    expect(first.rejected).toBe(0);
    expect(first.pending).toBe(1);
    expect(first.clockWarning).toBe(true);
    expect(first.clockSkewMs).toBeGreaterThan(ahead - 5_000);
    expect(first.clockSkewMs).toBeLessThan(ahead + 5_000);

    serverOffset = ahead; // head office's time reaches the events' time
    const later = await syncNowAndWait(d);
    expect(later).toMatchObject({ state: 'online', pending: 0, rejected: 0, clockWarning: false });
    expect(Math.abs(later.clockSkewMs!)).toBeLessThan(SYNC_LIMITS.warnSkewMs);
  });

  it('keeps the pull cursor across restarts, only moving forward, and refuses a server answer that goes back', async () => {
    const ctx = await serverBehindProxy(engine, cleanup);
    const a = await enrolled('05', ctx);
    let b = await enrolled('06', ctx);
    for (let i = 0; i < 4; i++) await a.must('case.create', newCaseInput({ account: `游标 ${i}` }));
    await syncNowAndWait(a);
    await syncNowAndWait(b);
    const c1 = Number(deskMeta(b.dir, 'sync.cursor'));
    expect(c1).toBeGreaterThan(0);

    b.closeKeepData();
    b = swap(b, await reopenDesk(b));
    expect(Number(deskMeta(b.dir, 'sync.cursor'))).toBe(c1);
    await a.must('case.create', newCaseInput({ account: '重启之后' }));
    await syncNowAndWait(a);
    expect(await syncNowAndWait(b)).toMatchObject({ state: 'online' });
    const c2 = Number(deskMeta(b.dir, 'sync.cursor'));
    expect(c2).toBeGreaterThan(c1);
    // Every pull B ever sent, across the restart, asked for a cursor no smaller than the one before.
    const bWho = whoOf(deskMeta(b.dir, 'sync.token')!);
    const asked = ctx.proxy.log
      .filter((x) => x.path.startsWith('/v1/pull') && x.who === bWho)
      .map((x) => Number(new URL(x.path, 'http://x').searchParams.get('cursor')));
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked).toEqual([...asked].sort((x, y) => x - y));
    expect(asked.at(-1)).toBe(c1);

    // A server answer that would move the cursor back is refused and changes nothing.
    await a.must('case.create', newCaseInput({ account: '坏游标' }));
    await syncNowAndWait(a);
    const casesBefore = readDeskDb(
      b.dir,
      (x) => (x.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
    );
    ctx.proxy.rewrite = (method, p, body) =>
      p.startsWith('/v1/pull') ? body.replace(/"cursor":\d+/, '"cursor":0') : body;
    const bad = await syncNowAndWait(b);
    ctx.proxy.rewrite = null;
    expect(bad.state).toBe('error');
    expect(bad.lastError?.code).toBe('bad_response');
    expect(Number(deskMeta(b.dir, 'sync.cursor'))).toBe(c2);
    expect(
      readDeskDb(b.dir, (x) => (x.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n),
    ).toBe(casesBefore);
    expect(await syncNowAndWait(b)).toMatchObject({ state: 'online', lastError: null });
    expect(Number(deskMeta(b.dir, 'sync.cursor'))).toBeGreaterThan(c2);
  });

  it('uploads a queued evidence file once: HEAD first, PUT only when missing', async () => {
    const ctx = await serverBehindProxy(engine, cleanup);
    const d = await enrolled('07', ctx);
    const bytes = new TextEncoder().encode('现场照片(测试数据)'.repeat(1000));
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(d.core.enqueueAttachment(bytes)).toEqual({ sha256: sha, size: bytes.byteLength });
    expect(d.core.enqueueAttachment(bytes)).toEqual({ sha256: sha, size: bytes.byteLength }); // queued once
    expect((await d.status()).pendingAttachments).toBe(1);

    const from = ctx.proxy.log.length;
    expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pendingAttachments: 0 });
    const first = ctx.proxy.log.slice(from).filter((x) => x.path === `/v1/attachments/${sha}`);
    expect(first.map((x) => `${x.method} ${x.status}`)).toEqual(['HEAD 404', 'PUT 200']);
    expect(JSON.parse(first[1]!.body)).toMatchObject({ ok: true, sha256: sha, created: true });

    // The same file again: the server has it, nothing is sent.
    d.core.enqueueAttachment(bytes);
    const from2 = ctx.proxy.log.length;
    expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pendingAttachments: 0 });
    expect(
      ctx.proxy.log
        .slice(from2)
        .filter((x) => x.path === `/v1/attachments/${sha}`)
        .map((x) => x.method),
    ).toEqual(['HEAD']);

    // A repeated PUT changes nothing on the server.
    const token = deskMeta(d.dir, 'sync.token')!;
    const put = await fetch(`${ctx.server.url}/v1/attachments/${sha}`, {
      method: 'PUT',
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ created: false });
  });
});

// The status type is part of the contract the renderer uses.
export type { SyncStatus };
