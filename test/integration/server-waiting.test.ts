/**
 * "Events waiting" per desk, on both engines: what a desk reports in the
 * x-loopdesk-waiting request header on push and pull reaches the head-office
 * device and branch lists; a malformed value is ignored without failing the
 * request; a desk that never sends it stays null; a pull writes only when
 * there is news; a database of the previous schema upgrades with nulls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminBranchesResponse,
  AdminDevicesResponse,
  MAX_WAITING_REPORT,
  WAITING_HEADER,
  parseWaitingHeader,
  type AdminBranch,
  type AdminDevice,
} from '../../shared/contract/sync';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import { ServerStore } from '../../server/store';
import { SERVER_MIGRATIONS } from '../../server/store/migrations';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  request,
  type TestDevice,
} from './server-fixtures';

const MALFORMED = [
  '-1',
  'abc',
  '1e3',
  '1.5',
  '0x10',
  '+3',
  '',
  '3, 4',
  String(MAX_WAITING_REPORT + 1),
  '99999999999999999999',
];

describe('parseWaitingHeader', () => {
  it('takes plain decimal counts up to the bound and nothing else', () => {
    expect(parseWaitingHeader('0')).toBe(0);
    expect(parseWaitingHeader('42')).toBe(42);
    expect(parseWaitingHeader('007')).toBe(7);
    expect(parseWaitingHeader(String(MAX_WAITING_REPORT))).toBe(MAX_WAITING_REPORT);
    expect(parseWaitingHeader(undefined)).toBeNull();
    expect(parseWaitingHeader(null)).toBeNull();
    expect(parseWaitingHeader(['1', '2'])).toBeNull();
    for (const v of MALFORMED) expect(parseWaitingHeader(v), JSON.stringify(v)).toBeNull();
  });
});

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`events waiting on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let admin: string;

    const waitingHeaders = (v: string | undefined): Record<string, string> =>
      v === undefined ? {} : { [WAITING_HEADER]: v };
    const pushWith = (dev: TestDevice, waiting: string | undefined, events: unknown[] = [caseOpened(dev)]) =>
      request<{ acks: { status: string }[] }>(server, 'POST', '/v1/push', {
        token: dev.token,
        json: { events },
        headers: waitingHeaders(waiting),
      });
    const pullWith = (dev: TestDevice, waiting: string | undefined) =>
      request(server, 'GET', '/v1/pull?cursor=0&limit=1', {
        token: dev.token,
        headers: waitingHeaders(waiting),
      });
    const devices = async (): Promise<Map<string, AdminDevice>> => {
      const res = await request(server, 'GET', '/v1/admin/devices', { token: admin });
      expect(res.status).toBe(200);
      return new Map(AdminDevicesResponse.parse(res.body).devices.map((d) => [d.id, d]));
    };
    const device = async (dev: TestDevice): Promise<AdminDevice> => {
      const d = (await devices()).get(dev.id);
      if (!d) throw new Error(`device ${dev.id} not listed`);
      return d;
    };
    const branch = async (code: string): Promise<AdminBranch | undefined> => {
      const res = await request(server, 'GET', '/v1/admin/branches', { token: admin });
      expect(res.status).toBe(200);
      return AdminBranchesResponse.parse(res.body).branches.find((b) => b.branch === code);
    };
    const stored = async (dev: TestDevice) =>
      (
        await env.query<{ events_waiting: unknown; waiting_at: unknown; last_seen_at: unknown }>(
          'SELECT events_waiting, waiting_at, last_seen_at FROM devices WHERE id = $1',
          [dev.id],
        )
      )[0];

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start({ rateLimit: false });
      admin = await server.createAdminToken();
    });

    afterAll(async () => {
      await env?.dispose();
    });

    it('shows the count a desk reports on push and on pull, per device and summed per branch', async () => {
      const a = await enrollDevice(server, 'WA', { deviceCode: '01' });
      const b = await enrollDevice(server, 'WA', { deviceCode: '02' });
      const gone = await enrollDevice(server, 'WA', { deviceCode: '03' });
      const other = await enrollDevice(server, 'WB', { deviceCode: '01' });

      const pushedAt = env.clock.t;
      const res = await pushWith(a, '7');
      expect(res.status).toBe(200);
      expect(res.body.acks.map((x) => x.status)).toEqual(['accepted']);
      expect(await device(a)).toMatchObject({
        eventsWaiting: 7,
        waitingReportedAt: pushedAt,
        eventsReceived: 1,
      });

      env.clock.advance(1_000);
      expect((await pullWith(b, '5')).status).toBe(200);
      expect(await device(b)).toMatchObject({
        eventsWaiting: 5,
        waitingReportedAt: env.clock.t,
        eventsReceived: 0,
      });
      expect((await pushWith(gone, '4')).status).toBe(200);
      expect((await pushWith(other, '100')).status).toBe(200);
      expect((await branch('WA'))?.eventsWaiting).toBe(7 + 5 + 4);

      // A revoked desk keeps its last report in the device list but no longer counts for its branch.
      await server.revokeDevice(gone.id);
      expect(await device(gone)).toMatchObject({ revoked: true, eventsWaiting: 4 });
      expect(await branch('WA')).toMatchObject({ devices: 2, revokedDevices: 1, eventsWaiting: 7 + 5 });
      expect((await branch('WB'))?.eventsWaiting).toBe(100);

      // Everything sent: the next push reports 0.
      env.clock.advance(1_000);
      expect((await pushWith(a, '0')).status).toBe(200);
      expect(await device(a)).toMatchObject({ eventsWaiting: 0, waitingReportedAt: env.clock.t });
      expect((await branch('WA'))?.eventsWaiting).toBe(5);
    });

    it('writes on pull only when the count changed or the last-seen time is due anyway', async () => {
      const d = await enrollDevice(server, 'WP', { deviceCode: '01' });
      const t0 = env.clock.t;
      expect((await pullWith(d, '3')).status).toBe(200); // never seen: touch due
      expect(await stored(d)).toMatchObject({ events_waiting: 3 });
      expect(Number((await stored(d))?.waiting_at)).toBe(t0);

      // Same count, 1 s later: nothing to write.
      env.clock.advance(1_000);
      expect((await pullWith(d, '3')).status).toBe(200);
      expect(Number((await stored(d))?.waiting_at)).toBe(t0);
      expect(Number((await stored(d))?.last_seen_at)).toBe(t0);

      // Another count within the 5 s: written at once.
      env.clock.advance(1_000);
      const t2 = env.clock.t;
      expect((await pullWith(d, '2')).status).toBe(200);
      expect(await device(d)).toMatchObject({ eventsWaiting: 2, waitingReportedAt: t2, lastSeenAt: t2 });

      // Same count once the last-seen touch is due: the report's time moves along with it.
      env.clock.advance(6_000);
      expect((await pullWith(d, '2')).status).toBe(200);
      expect(await device(d)).toMatchObject({
        eventsWaiting: 2,
        waitingReportedAt: env.clock.t,
        lastSeenAt: env.clock.t,
      });
    });

    it('ignores a malformed count without failing the request or storing anything from it', async () => {
      const d = await enrollDevice(server, 'WM', { deviceCode: '01' });
      expect((await pushWith(d, '9')).status).toBe(200);
      const reportedAt = env.clock.t;
      for (const bad of MALFORMED) {
        env.clock.advance(10_000); // every pull's last-seen touch is due
        const pushed = await pushWith(d, bad);
        expect(pushed.status, `push with ${JSON.stringify(bad)}`).toBe(200);
        expect(pushed.body.acks.map((x) => x.status)).toEqual(['accepted']);
        env.clock.advance(10_000);
        expect((await pullWith(d, bad)).status, `pull with ${JSON.stringify(bad)}`).toBe(200);
        expect(await device(d), JSON.stringify(bad)).toMatchObject({
          eventsWaiting: 9,
          waitingReportedAt: reportedAt,
          lastSeenAt: env.clock.t,
        });
      }
      expect((await branch('WM'))?.eventsWaiting).toBe(9);
    });

    it('stores nothing from a push the server refuses', async () => {
      const d = await enrollDevice(server, 'WR', { deviceCode: '01' });
      expect((await pushWith(d, '6')).status).toBe(200);
      const before = await device(d);
      env.clock.advance(1_000);
      const refused = await request(server, 'POST', '/v1/push', {
        token: d.token,
        json: { events: [], extra: true },
        headers: waitingHeaders('1'),
      });
      expectSyncError(refused, 400, 'invalid_request');
      expect(await device(d)).toEqual(before);
    });

    it('leaves a desk that never sends the header at null (older desks), and its branch at 0', async () => {
      const d = await enrollDevice(server, 'WO', { deviceCode: '01' });
      expect(await device(d)).toMatchObject({ eventsWaiting: null, waitingReportedAt: null });
      expect((await pushWith(d, undefined)).status).toBe(200);
      env.clock.advance(10_000);
      expect((await pullWith(d, undefined)).status).toBe(200);
      expect(await device(d)).toMatchObject({
        eventsWaiting: null,
        waitingReportedAt: null,
        eventsReceived: 1,
        lastSeenAt: env.clock.t,
      });
      expect(await branch('WO')).toMatchObject({ devices: 1, eventsWaiting: 0, eventsReceived: 1 });
    });

    it('upgrades a database of the previous schema: existing devices start at null', async () => {
      const upgradeEnv = await TestEnv.create(engine);
      try {
        const opts = { dataDir: upgradeEnv.dataDir, databaseUrl: upgradeEnv.pgUrl ?? undefined };
        const old = await ServerStore.open({ ...opts, migrations: SERVER_MIGRATIONS.slice(0, 2) });
        const deviceId = newId();
        try {
          const code = await old.createEnrollmentCode('WU', 'counter', Date.now());
          await old.enroll({ code, deviceId, branchCode: 'WU', deviceCode: '01' }, Date.now());
        } finally {
          await old.close();
        }
        const cols = await upgradeEnv.query<{ version: unknown }>('SELECT version FROM schema_migrations');
        expect(cols.map((r) => Number(r.version)).sort()).toEqual([1, 2]);

        const upgraded = await upgradeEnv.start();
        const token = await upgraded.createAdminToken();
        const res = await request(upgraded, 'GET', '/v1/admin/devices', { token });
        expect(AdminDevicesResponse.parse(res.body).devices).toEqual([
          expect.objectContaining({ id: deviceId, eventsWaiting: null, waitingReportedAt: null }),
        ]);
        const branches = await request(upgraded, 'GET', '/v1/admin/branches', { token });
        expect(AdminBranchesResponse.parse(branches.body).branches).toEqual([
          expect.objectContaining({ branch: 'WU', devices: 1, eventsWaiting: 0 }),
        ]);
      } finally {
        await upgradeEnv.dispose();
      }
    });
  });
}
