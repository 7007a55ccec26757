/**
 * Head-office endpoints and the server's case projection, on both engines:
 * who may call them, what each role sees, the desk's filters, paging, and a
 * projection equal to foldCase of the pushed events whatever order they
 * arrived in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminBranchesResponse,
  AdminCasesResponse,
  AdminDevicesResponse,
  type AdminCase,
} from '../../shared/contract/sync';
import type { EnrollResponse } from '../../shared/contract/sync';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { foldCase } from '../../shared/domain/cases/fold';
import { hlcWallMs } from '../../shared/domain/kernel/hlc';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseClosed,
  caseFieldSet,
  caseIdOf,
  caseNote,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pushOk,
  request,
  rehash,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`head office on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let admin: string;
    let gz1: TestDevice;
    let gz2: TestDevice;
    let gzSup: TestDevice;
    let sz1: TestDevice;
    const all: EventEnvelope[] = [];
    const opened = new Map<string, EventEnvelope>();

    const get = (path: string, token: string) => request(server, 'GET', path, { token });
    const cases = async (query: string, token = admin) => {
      const res = await get(`/v1/admin/cases${query ? `?${query}` : ''}`, token);
      if (res.status !== 200) throw new Error(`cases ${query}: ${res.status} ${res.text}`);
      return AdminCasesResponse.parse(res.body);
    };
    const numbers = (items: AdminCase[]) => items.map((c) => c.number);
    /** The list order (newest opened first: opening HLC, then case id, descending) of these case numbers. */
    const order = (...nums: string[]): string[] => {
      const key = (n: string) => {
        const e = [...opened.values()].find((x) => (x.payload as { number: string }).number === n);
        if (!e) throw new Error(`no case ${n}`);
        return `${e.hlc}|${caseIdOf(e)}`;
      };
      return [...nums].sort((x, y) => (key(x) < key(y) ? 1 : key(x) > key(y) ? -1 : 0));
    };

    async function record(dev: TestDevice, events: EventEnvelope[]) {
      const acks = await pushOk(server, dev, events);
      expect(acks.every((a) => a.status === 'accepted')).toBe(true);
      all.push(...events);
      for (const e of events) if (e.type === 'case.opened') opened.set(caseIdOf(e), e);
    }

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      admin = await server.createAdminToken();
      // Enrolled as a supervisor desk to record the staff member, then head office
      // re-enrols it as a counter (issue 8: counter desks may not push staff.created).
      gz1 = await enrollDevice(server, 'GZ', { deviceCode: '01', label: '柜台 1', role: 'supervisor' });
      gz2 = await enrollDevice(server, 'GZ', { deviceCode: '02', label: '柜台 2' });
      gzSup = await enrollDevice(server, 'GZ', { deviceCode: '09', role: 'supervisor', label: '主管' });
      sz1 = await enrollDevice(server, 'SZ', { deviceCode: '01' });
      await enrollDevice(server, 'BJ', { deviceCode: '01' }).then((d) => server.revokeDevice(d.id));

      await record(gz1, [staffCreated(gz1, '王小明')]);
      const asCounter = await request<EnrollResponse>(server, 'POST', '/v1/enroll', {
        json: {
          code: await server.createEnrollmentCode('GZ', 'counter', { reenrolDevice: gz1.id }),
          deviceId: gz1.id,
          branchCode: 'GZ',
          deviceCode: '01',
        },
      });
      gz1 = { ...gz1, token: asCounter.body.token, role: 'counter' };
      const a = caseOpened(gz1, {
        number: 'GZ01-20261101-0001',
        name: '张伟',
        phone: '13911112222',
        category: 'banking.fees',
        severity: 'high',
        account: '信用卡年费重复扣收',
        receivedAt: '2026-11-01T02:00:00.000Z',
      });
      const b = caseOpened(gz1, {
        number: 'GZ01-20261105-0002',
        name: '李娜',
        phone: '13733334444',
        category: 'banking.service',
        severity: 'normal',
        account: '柜员态度冷淡',
        receivedAt: '2026-11-05T03:00:00+08:00',
      });
      // Received weeks before its entry: a supervisor's act (docs/roles.md), judged at
      // head office too, so the branch's administrator (gz1's founding record) enters it on desk 02.
      const c = rehash({
        ...caseOpened(gz2, {
          number: 'GZ02-20261110-0001',
          name: '王芳',
          phone: '13655556666',
          category: 'banking.fees',
          severity: 'normal',
          account: '转账手续费不透明',
          receivedAt: '2026-11-10T09:30:00.000Z',
          owner: gz1.staffId,
        }),
        actor: gz1.staffId,
      });
      const d = caseOpened(sz1, {
        number: 'SZ01-20261112-0001',
        name: '赵强',
        phone: '13577778888',
        category: 'insurance.claims',
        severity: 'high',
        account: '理赔拖延',
        receivedAt: '2026-11-12T01:00:00.000Z',
      });
      await record(gz1, [a, b]);
      await record(gz2, [c]);
      await record(sz1, [d]);
      await record(gz1, [caseNote(gz1, caseIdOf(a)), caseClosed(gz1, caseIdOf(a))]);
      await record(gz2, [
        // A severity outside SEVERITY_ORDER cannot be ranked, so changing it is a
        // supervisor's act (docs/roles.md), judged at head office too: the
        // branch's administrator (gz1's founding record) makes it on desk 02.
        makeEvent(gz2, {
          stream: b.stream,
          type: 'case.field_set',
          payload: { field: 'severity', value: 'high' },
          actor: gz1.staffId,
        }),
        caseFieldSet(gz2, caseIdOf(b), 'assignee', gz2.staffId),
      ]);
    });

    afterAll(async () => {
      await env?.dispose();
    });

    it('lists branches with devices, last seen, events received and cases (admin: every branch)', async () => {
      const res = await get('/v1/admin/branches', admin);
      expect(res.status).toBe(200);
      const body = AdminBranchesResponse.parse(res.body);
      expect(body.serverTime).toBe(env.clock.t);
      const byBranch = new Map(body.branches.map((b) => [b.branch, b]));
      expect([...byBranch.keys()]).toEqual(['BJ', 'GZ', 'SZ']);
      expect(byBranch.get('GZ')).toMatchObject({
        devices: 3,
        revokedDevices: 0,
        eventsReceived: 8,
        // These test desks never report x-loopdesk-waiting (see server-waiting.test.ts).
        eventsWaiting: 0,
        cases: 3,
        lastPushAt: env.clock.t,
      });
      expect(byBranch.get('SZ')).toMatchObject({ devices: 1, eventsReceived: 1, cases: 1 });
      expect(byBranch.get('BJ')).toMatchObject({
        devices: 0,
        revokedDevices: 1,
        eventsReceived: 0,
        cases: 0,
        lastPushAt: null,
      });
    });

    it('lists devices with code, label, role, last push, newest HLC, waiting and revocation', async () => {
      const body = AdminDevicesResponse.parse((await get('/v1/admin/devices', admin)).body);
      expect(body.devices).toHaveLength(5);
      const g1 = body.devices.find((d) => d.id === gz1.id);
      const newest = all
        .filter((e) => e.device === gz1.id)
        .map((e) => e.hlc)
        .sort()
        .pop();
      expect(g1).toMatchObject({
        branch: 'GZ',
        deviceCode: '01',
        label: '柜台 1',
        role: 'counter',
        revoked: false,
        eventsReceived: 5,
        newestHlc: newest,
        lastPushAt: env.clock.t,
        eventsWaiting: null,
        waitingReportedAt: null,
      });
      expect(body.devices.find((d) => d.id === gzSup.id)).toMatchObject({
        role: 'supervisor',
        eventsReceived: 0,
        lastPushAt: null,
        newestHlc: null,
      });
      expect(body.devices.find((d) => d.branch === 'BJ')).toMatchObject({
        revoked: true,
        revokedAt: env.clock.t,
      });
      const onlySz = AdminDevicesResponse.parse((await get('/v1/admin/devices?branch=SZ', admin)).body);
      expect(onlySz.devices.map((d) => d.id)).toEqual([sz1.id]);
    });

    it('lets a supervisor desk see only its own branch and refuses counter desks', async () => {
      const branches = AdminBranchesResponse.parse((await get('/v1/admin/branches', gzSup.token)).body);
      expect(branches.branches.map((b) => b.branch)).toEqual(['GZ']);
      const devices = AdminDevicesResponse.parse((await get('/v1/admin/devices', gzSup.token)).body);
      expect(devices.devices.every((d) => d.branch === 'GZ')).toBe(true);
      expect((await cases('', gzSup.token)).items.every((c) => c.branch === 'GZ')).toBe(true);
      expect((await cases('branch=GZ', gzSup.token)).total).toBe(3);
      expect(
        expectSyncError(await get('/v1/admin/cases?branch=SZ', gzSup.token), 403, 'forbidden').error.message,
      ).toContain('GZ');
      expectSyncError(await get('/v1/admin/devices?branch=SZ', gzSup.token), 403, 'forbidden');
      for (const path of ['/v1/admin/branches', '/v1/admin/devices', '/v1/admin/cases']) {
        expectSyncError(await get(path, gz1.token), 403, 'forbidden');
        expectSyncError(await get(path, 'wrong-token'), 401, 'unauthenticated');
      }
    });

    it('answers the cross-branch case list from the projection, newest opened first', async () => {
      const page = await cases('');
      expect(page.total).toBe(4);
      expect(page.totalCapped).toBe(false);
      expect(numbers(page.items)).toEqual(
        order('SZ01-20261112-0001', 'GZ02-20261110-0001', 'GZ01-20261105-0002', 'GZ01-20261101-0001'),
      );
      const a = page.items.find((c) => c.number === 'GZ01-20261101-0001');
      const aOpened = [...opened.values()].find(
        (e) => (e.payload as { number: string }).number === 'GZ01-20261101-0001',
      );
      expect(a).toMatchObject({
        branch: 'GZ',
        device: gz1.id,
        status: 'closed',
        customerName: '张伟',
        ownerName: '王小明',
        receivedAt: '2026-11-01T02:00:00.000Z',
        openedAt: new Date(hlcWallMs(aOpened?.hlc ?? '')).toISOString(),
      });
      expect(a?.closedAt).not.toBeNull();
      const b = page.items.find((c) => c.number === 'GZ01-20261105-0002');
      expect(b).toMatchObject({
        severity: 'high',
        assignee: gz2.staffId,
        status: 'new',
        receivedAt: '2026-11-04T19:00:00.000Z',
      });
    });

    it('filters like the desk: status, category, severity, owner, received range, text and branch', async () => {
      expect(numbers((await cases('status=closed')).items)).toEqual(['GZ01-20261101-0001']);
      expect(numbers((await cases('category=banking.fees')).items)).toEqual(
        order('GZ02-20261110-0001', 'GZ01-20261101-0001'),
      );
      expect(numbers((await cases('severity=high&branch=GZ')).items)).toEqual(
        order('GZ01-20261105-0002', 'GZ01-20261101-0001'),
      );
      expect(numbers((await cases(`owner=${gz1.staffId}`)).items)).toEqual(
        order('GZ02-20261110-0001', 'GZ01-20261105-0002', 'GZ01-20261101-0001'),
      );
      const range = await cases(
        `from=${encodeURIComponent('2026-11-05T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-12T01:00:00Z')}`,
      );
      expect(numbers(range.items)).toEqual(order('GZ02-20261110-0001', 'GZ01-20261105-0002'));
      expect(numbers((await cases(`text=${encodeURIComponent('手续费')}`)).items)).toEqual([
        'GZ02-20261110-0001',
      ]);
      expect(numbers((await cases(`text=${encodeURIComponent('李')}`)).items)).toEqual([
        'GZ01-20261105-0002',
      ]);
      expect(numbers((await cases('text=13577778888')).items)).toEqual(['SZ01-20261112-0001']);
      expect(numbers((await cases('text=gz02')).items)).toEqual(['GZ02-20261110-0001']);
      expect(numbers((await cases('branch=SZ')).items)).toEqual(['SZ01-20261112-0001']);
      expect((await cases('status=in_progress')).items).toEqual([]);
    });

    it('pages with an opaque cursor and refuses bad queries', async () => {
      const first = await cases('limit=3');
      expect(first.items).toHaveLength(3);
      expect(first.total).toBe(4);
      expect(first.nextCursor).not.toBeNull();
      const second = await cases(`limit=3&cursor=${first.nextCursor}`);
      expect(numbers(second.items)).toEqual(
        order('SZ01-20261112-0001', 'GZ02-20261110-0001', 'GZ01-20261105-0002', 'GZ01-20261101-0001').slice(
          3,
        ),
      );
      expect([...numbers(first.items), ...numbers(second.items)]).toEqual(numbers((await cases('')).items));
      expect(second.nextCursor).toBeNull();
      for (const q of [
        'status=open',
        'limit=0',
        'limit=500',
        'owner=nobody',
        'from=yesterday',
        'cursor=bm9wZQ',
        'branch=gz',
        'colour=red',
      ]) {
        expectSyncError(await get(`/v1/admin/cases?${q}`, admin), 400, 'invalid_request');
      }
    });

    it('keeps the projection equal to foldCase of the log, whatever order events arrive in', async () => {
      // A supervisor desk and its founding administrator, whose severity change below
      // counts (a supervisor's act, judged at head office too).
      const dev = await enrollDevice(server, 'OO', { deviceCode: '01', role: 'supervisor' });
      const founded = await pushOk(server, dev, [staffCreated(dev, '欧阳管理员')]);
      expect(founded.map((a) => a.status)).toEqual(['accepted']);
      const open = caseOpened(dev, {
        number: 'OO01-20261120-0001',
        category: 'banking.fees',
        severity: 'normal',
      });
      const id = caseIdOf(open);
      const later = [
        caseNote(dev, id),
        caseFieldSet(dev, id, 'category', 'banking.service'),
        makeEvent(dev, {
          stream: open.stream,
          type: 'case.step_recorded',
          payload: { step: 1, fields: { greeted: true } },
        }),
        caseFieldSet(dev, id, 'severity', 'high'),
        makeEvent(dev, { stream: open.stream, type: 'case.future_thing', payload: { x: 1 } }),
        caseClosed(dev, id),
        makeEvent(dev, { stream: open.stream, type: 'case.reopened', payload: { reason: '客户再次来电' } }),
      ];
      // Arrival order: the end of the story first, the opening last, then the middle.
      await pushOk(server, dev, [later[5] as EventEnvelope, later[6] as EventEnvelope]);
      expect((await cases('branch=OO')).items).toEqual([]);
      await pushOk(server, dev, [later[3] as EventEnvelope, open]);
      await pushOk(server, dev, [
        later[0] as EventEnvelope,
        later[4] as EventEnvelope,
        later[2] as EventEnvelope,
        later[1] as EventEnvelope,
      ]);

      const expected = foldCase([open, ...later]);
      expect(expected).not.toBeNull();
      const rows = await env.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [id]);
      expect(JSON.parse(rows[0]?.state ?? 'null')).toEqual(expected);
      const item = (await cases('branch=OO')).items[0];
      expect(item).toMatchObject({
        status: 'in_progress',
        category: 'banking.service',
        severity: 'high',
        currentStep: 2,
      });
    });

    it('folds events of an unknown type as raw log entries only (the projection ignores them)', async () => {
      const dev = await enrollDevice(server, 'UK', { deviceCode: '01' });
      const open = caseOpened(dev);
      await pushOk(server, dev, [
        open,
        makeEvent(dev, { stream: open.stream, type: 'case.video_added', payload: { v: 1 } }),
      ]);
      const rows = await env.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [
        caseIdOf(open),
      ]);
      expect(JSON.parse(rows[0]?.state ?? '{}')).toMatchObject({ ignored: 1, status: 'new' });
      expect(await env.count('events', "type = 'case.video_added'")).toBe(1);
    });
  });
}
