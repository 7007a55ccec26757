/**
 * Desk sync client: enrollment through DeskApi (sync.configure), the status a
 * clerk sees (sync.status and sync.status desk events), and the token kept
 * secret. Runs against the real sync server on SQLite, and on PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncStatus, syncNeedsNewCode } from '../../shared/contract/methods/sync';
import { SYNC_LIMITS } from '../../shared/contract/sync';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { caseGenerator } from '../bench/corpus';
import {
  deskMeta,
  disposeDesk,
  engines,
  FaultProxy,
  MANUAL,
  newDesk,
  staffSessionOn,
  syncNowAndWait,
  TestServer,
  waitFor,
  type SyncDesk,
} from './sync-fixtures';

describe.each(engines())('sync enrollment and status (%s)', (engine) => {
  const server = new TestServer(engine);
  const proxy = new FaultProxy();
  let proxyUrl = '';
  const desks: SyncDesk[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    await server.start();
    proxyUrl = await proxy.listen();
    proxy.target = server.url;
  });
  afterAll(async () => {
    for (const d of desks) disposeDesk(d);
    await proxy.close();
    await server.dispose();
  });

  async function desk(code: string, branch = 'GZ'): Promise<SyncDesk> {
    const d = await newDesk(code, { branch, sync: { ...MANUAL, log: (l) => logs.push(l) } });
    desks.push(d);
    return d;
  }

  it('starts unconfigured, with the records made so far waiting', async () => {
    const d = await desk('01');
    const s = await d.status();
    expect(SyncStatus.safeParse(s).success).toBe(true);
    expect(s).toMatchObject({
      state: 'unconfigured',
      serverUrl: null,
      lastSuccessAt: null,
      rejected: 0,
      lastError: null,
      clockSkewMs: null,
      clockWarning: false,
    });
    expect(s.pending).toBe(1); // the admin's staff.created from setup
    await d.must('sync.now', {}); // nothing to do, nothing breaks
    expect((await d.status()).state).toBe('unconfigured');
  });

  it('refuses bad addresses and codes with messages a clerk can act on', async () => {
    const d = await desk('02');
    for (const serverUrl of [
      'ftp://example.com',
      'not a url',
      'http://user:pw@127.0.0.1:1',
      'http://x/?a=1',
    ]) {
      const r = await d.call('sync.configure', { serverUrl, code: 'ABCDEF12' }, d.admin.token, 'zh-CN');
      expect(r.ok ? null : r.error.code, serverUrl).toBe('invalid_input');
      expect(r.ok ? null : r.error.fields?.serverUrl).toContain('http://');
    }
    // A well-formed but wrong code: the server says so, the desk says it in the clerk's language.
    const zh = await d.call(
      'sync.configure',
      { serverUrl: server.url, code: 'WRONG-CODE-123' },
      d.admin.token,
      'zh-CN',
    );
    expect(zh.ok).toBe(false);
    if (!zh.ok) {
      expect(zh.error.code).toBe('invalid_input');
      expect(zh.error.message).toContain('登记码');
      expect(zh.error.fields?.code).toContain('登记码');
    }
    const en = await d.call(
      'sync.configure',
      { serverUrl: server.url, code: 'WRONG-CODE-123' },
      d.admin.token,
      'en',
    );
    expect(en.ok ? null : en.error.message).toMatch(/enrollment code is wrong/i);
    // Too short for any code: refused before the network.
    const short = await d.call('sync.configure', { serverUrl: server.url, code: 'abc' }, d.admin.token, 'en');
    expect(short.ok ? null : short.error.fields?.code).toBeDefined();

    // Nobody listening at the address.
    proxy.mode = 'refuse';
    try {
      const down = await d.call(
        'sync.configure',
        { serverUrl: proxyUrl, code: await server.code() },
        d.admin.token,
        'zh-CN',
      );
      expect(down.ok ? null : down.error.code).toBe('unavailable');
      expect(down.ok ? null : down.error.message).toContain('连不上');
      const downEn = await d.call(
        'sync.configure',
        { serverUrl: proxyUrl, code: await server.code() },
        d.admin.token,
        'en',
      );
      expect(downEn.ok ? null : downEn.error.message).toMatch(/can't reach that server address/i);
    } finally {
      proxy.mode = 'forward';
    }

    // A code for another branch.
    const other = await d.call(
      'sync.configure',
      { serverUrl: server.url, code: await server.code('SZ') },
      d.admin.token,
      'zh-CN',
    );
    expect(other.ok ? null : other.error.code).toBe('conflict');
    expect(other.ok ? null : other.error.message).toContain('GZ');

    // None of this configured anything.
    expect((await d.status()).state).toBe('unconfigured');
    expect(deskMeta(d.dir, 'sync.token')).toBeNull();
  });

  it('lets only supervisors and administrators enroll, and only administrators disconnect', async () => {
    const d = await desk('03');
    const counter = await staffSessionOn(d, 'counter', 'clerk03');
    const supervisor = await staffSessionOn(d, 'supervisor', 'boss03');
    const byCounter = await d.call(
      'sync.configure',
      { serverUrl: server.url, code: await server.code() },
      counter.token,
    );
    expect(byCounter.ok ? null : byCounter.error.code).toBe('forbidden');
    expect((await d.call('sync.status', {}, counter.token)).ok).toBe(true);
    expect((await d.call('sync.now', {}, counter.token)).ok).toBe(true);

    const bySupervisor = await d.call(
      'sync.configure',
      { serverUrl: `${server.url}/`, code: await server.code() },
      supervisor.token,
    );
    expect(bySupervisor.ok).toBe(true);
    expect(bySupervisor.ok && bySupervisor.value).toMatchObject({ serverUrl: server.url });
    const byNonAdmin = await d.call('sync.disconnect', {}, supervisor.token);
    expect(byNonAdmin.ok ? null : byNonAdmin.error.code).toBe('forbidden');
    await waitFor(async () => ((await d.status()).state === 'online' ? true : undefined));

    const off = await d.must<SyncStatus>('sync.disconnect', {});
    expect(off).toMatchObject({ state: 'unconfigured', serverUrl: null, lastError: null });
    expect(deskMeta(d.dir, 'sync.token')).toBeNull();
  });

  it('goes unconfigured -> syncing -> online -> offline -> online, with localized errors, and never shows the token', async () => {
    const d = await desk('04');
    expect((await d.status()).state).toBe('unconfigured');
    const configured = await d.must<SyncStatus>('sync.configure', {
      serverUrl: proxyUrl,
      code: await server.code(),
    });
    expect(configured.state).toBe('syncing'); // the first run starts in the background
    const first = await waitFor(() => d.statuses.find((s) => s.state === 'online'));
    expect(first).toMatchObject({ serverUrl: proxyUrl, pending: 0, lastError: null, clockWarning: false });
    expect(first.lastSuccessAt).not.toBeNull();
    expect(Math.abs(first.clockSkewMs ?? Infinity)).toBeLessThan(5_000);

    // The line goes down.
    proxy.mode = 'refuse';
    await d.must('case.create', {
      customer: { name: '张伟', phone: '13900001111', gender: 'male', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: '断网期间受理的投诉',
    });
    const offline = await syncNowAndWait(d);
    expect(offline.state).toBe('offline');
    expect(offline.pending).toBe(1);
    expect(offline.lastError?.code).toBe('unreachable');
    expect(offline.lastError?.message).toBe('连不上总部服务器，记录已保存在本机，恢复后会自动上传。');
    const en = await d.call('sync.status', {}, d.admin.token, 'en');
    expect(en.ok && en.value).toMatchObject({
      state: 'offline',
      lastError: {
        code: 'unreachable',
        message:
          "Can't reach head office; records are saved on this desk and will upload when the line is back.",
      },
    });
    expect(offline.lastSuccessAt).toBe(first.lastSuccessAt);

    // The line is back.
    proxy.mode = 'forward';
    const back = await syncNowAndWait(d);
    expect(back).toMatchObject({ state: 'online', pending: 0, lastError: null });

    // The order a clerk saw it in.
    const states = d.statuses.map((s) => s.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(states).toEqual(['unconfigured', 'syncing', 'online', 'syncing', 'offline', 'syncing', 'online']);
    for (const s of d.statuses) expect(SyncStatus.safeParse(s).success).toBe(true);

    // The token stays in the desk's database: never in a status, an event or a log line.
    const token = deskMeta(d.dir, 'sync.token');
    expect(token).toBeTruthy();
    const shown = JSON.stringify([d.events, await d.status(), logs]);
    expect(shown).not.toContain(token!);
  });

  it('shows a revoked desk as an error a clerk can act on', async () => {
    const d = await desk('05');
    await d.must('sync.configure', { serverUrl: server.url, code: await server.code() });
    await waitFor(() => d.statuses.find((s) => s.state === 'online'));
    await server.server!.revokeDevice(deskMeta(d.dir, 'device.id')!);
    const s = await syncNowAndWait(d);
    expect(s.state).toBe('error');
    expect(s.lastError?.code).toBe('token_revoked');
    expect(s.lastError?.message).toContain('重新连接');
    const en = await d.call('sync.status', {}, d.admin.token, 'en');
    expect(en.ok && (en.value as SyncStatus).lastError?.message).toMatch(/new enrollment code/);
    expect(syncNeedsNewCode(s)).toBe(true);

    // A retry passes through "syncing"; the desk still says a new code is needed
    // throughout, so the reconnect form (and what the clerk typed in it) stays.
    const seen = d.statuses.length;
    const again = await syncNowAndWait(d);
    const during = d.statuses.slice(seen);
    expect(during.map((x) => x.state)).toContain('syncing');
    expect(during.every(syncNeedsNewCode)).toBe(true);
    expect(syncNeedsNewCode(again)).toBe(true);

    // A revoked desk comes back only with head office's code for it (issue 8).
    const reenrol = await server.code('GZ', 'counter', deskMeta(d.dir, 'device.id')!);
    await d.must('sync.configure', { serverUrl: server.url, code: reenrol });
    const back = await syncNowAndWait(d);
    expect(back.state).toBe('online');
    expect(syncNeedsNewCode(back)).toBe(false);
  });

  it('shows how many events a long pull has received, while it runs', async () => {
    const source = await desk('07');
    await source.must('sync.configure', { serverUrl: server.url, code: await server.code() });
    // 1,400 of the source desk's own events (so they enter its outbox), pushed in three batches.
    const gen = caseGenerator({
      deviceId: deskMeta(source.dir, 'device.id') ?? '',
      deviceCode: '07',
      branch: 'GZ',
      actor: source.admin.staff.id,
    });
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 200; i++) events.push(...gen.next().events);
    expect(source.core.appendEvents(events).accepted).toBe(1400);
    expect((await syncNowAndWait(source)).pending).toBe(0);

    const fresh = await desk('08');
    await fresh.must('sync.configure', { serverUrl: server.url, code: await server.code() });
    const done = await syncNowAndWait(fresh);
    expect(done.state).toBe('online');
    expect(done.received).toBeNull();
    // Each run (configure starts one, "sync now" another) counts from 0 and only goes up.
    const runs: number[][] = [];
    let run: number[] | null = null;
    for (const x of fresh.statuses) {
      if (x.state !== 'syncing') {
        expect(x.received).toBeNull();
        run = null;
        continue;
      }
      if (run === null) runs.push((run = []));
      run.push(x.received ?? -1);
    }
    for (const counts of runs) {
      expect(counts[0]).toBe(0);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
    const most = Math.max(...runs.flat());
    expect(most).toBeGreaterThanOrEqual(SYNC_LIMITS.pullPage); // at least the first page, announced
    expect(most).toBeLessThanOrEqual(1400 + 20); // the events, plus the desks' setup records
  });

  it('refuses a second desk with the same device code in the branch', async () => {
    const a = await desk('06');
    const b = await desk('06');
    await a.must('sync.configure', { serverUrl: server.url, code: await server.code() });
    const r = await b.call(
      'sync.configure',
      { serverUrl: server.url, code: await server.code() },
      b.admin.token,
      'zh-CN',
    );
    expect(r.ok ? null : r.error.code).toBe('conflict');
    expect(r.ok ? null : r.error.message).toContain('06');
  });
});
