/**
 * A real desk tells head office how many of its events are still waiting
 * (x-loopdesk-waiting on push and pull), so GET /v1/admin/devices and
 * /v1/admin/branches show it: records made while the server was unreachable
 * are waiting until the desk syncs again, and events the server refuses for
 * now (a desk clock ahead of head office) stay counted until they go through.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdminBranchesResponse,
  AdminDevicesResponse,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type AdminBranch,
  type AdminDevice,
} from '../../shared/contract/sync';
import { newCaseInput } from './desk-fixtures';
import {
  deskMeta,
  disposeDesk,
  engines,
  MANUAL,
  newDesk,
  syncNowAndWait,
  TestServer,
  whoOf,
  type SyncDesk,
  runCleanup,
  serverBehindProxy,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

async function setup(engine: 'sqlite' | 'postgres', serverNow?: () => number) {
  const { server, proxy, url } = await serverBehindProxy(engine, cleanup, serverNow);
  if (!server.server) throw new Error('server not started');
  const admin = await server.server.createAdminToken();
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${admin}` },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const device = async (d: SyncDesk): Promise<AdminDevice | undefined> =>
    AdminDevicesResponse.parse(await get('/v1/admin/devices')).devices.find(
      (x) => x.id === deskMeta(d.dir, 'device.id'),
    );
  const branch = async (code = 'GZ'): Promise<AdminBranch | undefined> =>
    AdminBranchesResponse.parse(await get('/v1/admin/branches')).branches.find((b) => b.branch === code);
  return { server, proxy, url, device, branch };
}

async function enrolledDesk(
  code: string,
  ctx: { server: TestServer; url: string },
  now?: () => number,
): Promise<SyncDesk> {
  const d = await newDesk(code, { sync: MANUAL, ...(now ? { now } : {}) });
  cleanup.push(() => disposeDesk(d));
  // A supervisor desk: its founding admin's staff.created is taken (issue 8: not from a counter desk).
  await d.must('sync.configure', { serverUrl: ctx.url, code: await ctx.server.code('GZ', 'supervisor') });
  await syncNowAndWait(d);
  return d;
}

describe.each(engines())('events waiting reported by a desk (%s)', (engine) => {
  it('counts records made while head office was unreachable as waiting until the desk syncs', async () => {
    const ctx = await setup(engine);
    const d = await enrolledDesk('01', ctx);
    const first = await ctx.device(d);
    expect(first).toMatchObject({ eventsWaiting: 0, eventsReceived: 1 }); // the admin's staff.created
    expect(first?.waitingReportedAt).not.toBeNull();

    ctx.proxy.mode = 'refuse';
    for (let i = 0; i < 3; i++) await d.must('case.create', newCaseInput({ account: `断网时登记 ${i}` }));
    expect(await syncNowAndWait(d)).toMatchObject({ state: 'offline', pending: 3 });
    // Head office has heard nothing since: it still shows the last report.
    expect(await ctx.device(d)).toEqual(first);

    ctx.proxy.mode = 'forward';
    const from = ctx.proxy.log.length;
    expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0 });
    const run = ctx.proxy.log.slice(from).filter((x) => x.who === whoOf(deskMeta(d.dir, 'sync.token')!));
    // The push carried all three and said nothing would be left; the pull confirmed it.
    const pushes = run.filter((x) => x.path === '/v1/push');
    expect(pushes.map((x) => x.waiting)).toEqual(['0']);
    expect(run.filter((x) => x.path.startsWith('/v1/pull')).map((x) => x.waiting)).toEqual(['0']);

    const after = await ctx.device(d);
    expect(after).toMatchObject({ eventsWaiting: 0, eventsReceived: 4 });
    expect(after?.waitingReportedAt).toBeGreaterThanOrEqual(first?.waitingReportedAt ?? Infinity);
    expect((await ctx.branch())?.eventsWaiting).toBe(0);
  });

  it('keeps events the server refuses for now counted as waiting, per desk and per branch', async () => {
    let serverOffset = 0;
    const ctx = await setup(engine, () => Date.now() + serverOffset);
    const ahead = 10 * 60_000;
    // This desk's clock is 10 minutes ahead: its events are refused (hlc_too_far) until head office catches up.
    const fast = await enrolledDesk('02', ctx, () => Date.now() + ahead);
    await fast.must('case.create', newCaseInput({ account: '时钟超前 1' }));
    await fast.must('case.create', newCaseInput({ account: '时钟超前 2' }));
    const s = await syncNowAndWait(fast);
    expect(s).toMatchObject({ state: 'online', pending: 3, rejected: 0 });
    expect(await ctx.device(fast)).toMatchObject({ eventsWaiting: 3, eventsReceived: 0 });

    const ok = await enrolledDesk('03', ctx);
    expect(await ctx.device(ok)).toMatchObject({ eventsWaiting: 0, eventsReceived: 1 });
    expect(await ctx.branch()).toMatchObject({ devices: 2, eventsWaiting: 3 });

    serverOffset = ahead; // head office's clock reaches the events' time
    expect(await syncNowAndWait(fast)).toMatchObject({ state: 'online', pending: 0 });
    expect(await ctx.device(fast)).toMatchObject({ eventsWaiting: 0, eventsReceived: 3 });
    expect((await ctx.branch())?.eventsWaiting).toBe(0);
  });
});
