/**
 * Work orders at head office (issue 11, part O4; docs/protocol.md §3.4 and
 * §8): order events are taken from counter and supervisor desks alike, but
 * a counter desk's `order.responsibility_decided` is refused per event; the
 * server folds each order with the shared fold against its branch's staff
 * directory into the `orders` projection; head office lists orders with
 * filters and shows one with its gate, flags and rework links. SQLite always,
 * PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminOrderResponse, AdminOrdersResponse } from '../../shared/contract/adminOrders';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { foldOrder } from '../../shared/domain/orders/fold';
import type { OrderState } from '../../shared/domain/orders/state';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pullAll,
  pushOk,
  request,
  type TestDevice,
} from './server-fixtures';
import {
  OrderEvents,
  TimeLine,
  branchStaff,
  brakes,
  oil,
  signature,
  type BranchStaff,
} from './server-orders-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`work orders at head office on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let admin: string;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      admin = await server.createAdminToken();
    });

    afterAll(async () => {
      await env?.dispose();
    });

    const statuses = (acks: { status: string }[]) => acks.map((a) => a.status);
    const allAccepted = (acks: { status: string }[]) =>
      expect(statuses(acks)).toEqual(acks.map(() => 'accepted'));

    /** A branch with a supervisor desk (its staff pushed) and a counter desk. */
    async function branch(
      code: string,
    ): Promise<{ sup: TestDevice; counter: TestDevice; staff: BranchStaff; t: TimeLine }> {
      const sup = await enrollDevice(server, code, { role: 'supervisor' });
      const counter = await enrollDevice(server, code, { role: 'counter' });
      const t = new TimeLine(env.clock.t - 60_000);
      const staff = branchStaff(sup, t);
      allAccepted(await pushOk(server, sup, staff.events));
      return { sup, counter, staff, t };
    }

    async function stored(id: string): Promise<OrderState | null> {
      const rows = await env.query<{ state: string }>('SELECT state FROM orders WHERE id = $1', [id]);
      return rows[0] ? (JSON.parse(rows[0].state) as OrderState) : null;
    }

    /** What a desk of the branch folds from what it pulls: the order fold with its staff directory. */
    async function deskFold(dev: TestDevice, orderId: string): Promise<OrderState | null> {
      const { events } = await pullAll(server, dev);
      const dir = foldStaffDirectory(events);
      const mine = events.filter((e) => e.stream === streamOf('order', orderId));
      return foldOrder(mine, { roleAt: (id, key) => dir.roleAt(id, key) });
    }

    async function list(query: string, token = admin): Promise<AdminOrdersResponse> {
      const res = await request<AdminOrdersResponse>(server, 'GET', `/v1/admin/orders?${query}`, { token });
      if (res.status !== 200) throw new Error(`admin orders: ${res.status} ${res.text}`);
      return res.body;
    }

    async function detail(id: string, token = admin): Promise<AdminOrderResponse> {
      const res = await request<AdminOrderResponse>(server, 'GET', `/v1/admin/orders/${id}`, { token });
      if (res.status !== 200) throw new Error(`admin order: ${res.status} ${res.text}`);
      return res.body;
    }

    it('accepts order events from a counter desk, answers a replay "duplicate", and projects the order', async () => {
      const { counter, sup, staff, t } = await branch('OA');
      const o = new OrderEvents(staff, t);
      const item = oil();
      const events = o.readyToRelease(counter, [item], 10);
      allAccepted(await pushOk(server, counter, events));
      expect(statuses(await pushOk(server, counter, events))).toEqual(events.map(() => 'duplicate'));
      expect(await env.count('events', 'stream = $1', [streamOf('order', o.orderId)])).toBe(events.length);

      let s = (await stored(o.orderId)) as OrderState;
      expect(s).toMatchObject({ number: o.number, branch: 'OA', status: 'ready', flags: [] });
      expect(s).toEqual(await deskFold(sup, o.orderId));
      let row = (await list('branch=OA')).items;
      expect(row).toHaveLength(1);
      expect(row[0]).toMatchObject({
        id: o.orderId,
        number: o.number,
        status: 'ready',
        ownerName: '王柜员',
        plate: '粤A12345',
        flags: [],
        gateGaps: 0,
        releasedAt: null,
        reworkOf: null,
      });

      allAccepted(await pushOk(server, counter, [o.released(counter, 100)]));
      s = (await stored(o.orderId)) as OrderState;
      expect(s.status).toBe('released');
      expect(s.flags).toEqual([]);
      expect(s).toEqual(await deskFold(sup, o.orderId));
      row = (await list('branch=OA&status=released')).items;
      expect(row.map((r) => r.id)).toEqual([o.orderId]);
      expect(row[0]?.releasedAt).toBe(t.iso(100));
      expect((await list('branch=OA&status=ready')).items).toEqual([]);
    });

    it('refuses a counter desk’s responsibility decision per event; a supervisor desk’s goes in', async () => {
      const { counter, sup, staff, t } = await branch('OB');
      const o = new OrderEvents(staff, t);
      const opened = o.opened(counter, [oil()], 10);
      const decided = o.responsibility(counter, 11);
      const future = makeEvent(counter, {
        stream: streamOf('order', o.orderId),
        type: 'order.something_new',
        schema: 2,
        payload: { anything: true },
        hlc: t.hlc(12),
        actor: staff.counter,
      });
      const acks = await pushOk(server, counter, [opened, decided, future]);
      expect(statuses(acks)).toEqual(['accepted', 'rejected', 'accepted']);
      expect(acks[1]?.reason).toMatch(/^order_forbidden: /);
      expect(await env.count('events', 'id = $1', [decided.id])).toBe(0);
      // A future order type passes (stored raw, counted as ignored by this version's fold).
      expect(((await stored(o.orderId)) as OrderState).ignored).toBe(1);

      const bySup = o.responsibility(sup, 13);
      allAccepted(await pushOk(server, sup, [bySup]));
      const s = (await stored(o.orderId)) as OrderState;
      expect(s.responsibility).toMatchObject({
        responsible: staff.lead,
        severity: 'minor',
        actor: staff.boss,
      });
      // The supervisor desk's event by a clerk is stored, but the fold gives it no effect.
      const byClerk = o.responsibility(sup, 14, staff.counter);
      allAccepted(await pushOk(server, sup, [byClerk]));
      const after = (await stored(o.orderId)) as OrderState;
      expect(after.responsibility?.hlc).toBe(t.hlc(13));
      expect(after.flags.map((f) => [f.eventId, f.reason])).toEqual([[byClerk.id, 'no_authority']]);
    });

    it('flags a release past a failed final check from two desks, and head office filters and describes it', async () => {
      const { counter, sup, staff, t } = await branch('OC');
      const other = await enrollDevice(server, 'OC', { role: 'counter' });
      const o = new OrderEvents(staff, t);
      const item = brakes();
      const before = o.readyToRelease(counter, [item], 10);
      allAccepted(await pushOk(server, counter, before));
      // Desk B's QC fails the brakes at 60 s; desk A, not knowing, releases at 61 s. A's release arrives first.
      const fail = o.inspect(other, 'final', item, 'fail', [signature(staff.qc, 'qc', t, 60)], 60);
      const release = o.released(counter, 61);
      allAccepted(await pushOk(server, counter, [release]));
      expect(((await stored(o.orderId)) as OrderState).flags).toEqual([]);
      allAccepted(await pushOk(server, other, [fail]));

      const s = (await stored(o.orderId)) as OrderState;
      expect(s.status).toBe('released');
      expect(s.released?.eventId).toBe(release.id);
      expect(s.released?.pastGate).toEqual([`final_check_failed:${item.itemId}`]);
      expect(s.flags.map((f) => [f.eventId, f.reason, f.device])).toEqual([
        [release.id, 'released_past_failure', counter.id],
      ]);
      expect(s).toEqual(await deskFold(sup, o.orderId));

      const flagged = await list('branch=OC&flagged=true');
      expect(flagged.items.map((r) => r.id)).toEqual([o.orderId]);
      expect(flagged.items[0]).toMatchObject({
        flags: ['released_past_failure'],
        releasedPastFailure: true,
        failedAfterRelease: false,
        failedInspections: 1,
      });
      expect((await list('branch=OC&flag=released_past_failure')).total).toBe(1);
      expect((await list('branch=OC&flag=no_authority')).total).toBe(0);
      expect((await list('branch=OC&flagged=false')).total).toBe(0);

      const d = await detail(o.orderId);
      expect(d.flags[0]?.text['zh-CN']).toContain('放行条件未满足');
      expect(d.flags[0]?.text.en).toContain('Released while the gate was not passed');
      expect(d.released?.pastGateText).toEqual([
        {
          'zh-CN': expect.stringContaining('更换刹车片') as unknown,
          en: expect.stringContaining('更换刹车片') as unknown,
        },
      ]);
      expect(d.gate.ok).toBe(false);
      expect(d.gate.missing.map((g) => g.code)).toEqual(['already_released', 'final_check_failed']);
      expect(d.items[0]).toMatchObject({ status: 'rework', failures: 1 });
      expect(d.inspections.map((i) => [i.inspection, i.result])).toEqual([
        ['self', 'pass'],
        ['process', 'pass'],
        ['final', 'pass'],
        ['final', 'fail'],
      ]);
    });

    it('flags a release past a joint inspection made before the brakes were redone, as the desk folds it', async () => {
      const { counter, sup, staff, t } = await branch('OH');
      const o = new OrderEvents(staff, t);
      const item = brakes();
      // Ready at 37 s; QC fails the brakes at 40 s, the lead redoes them and all is signed again; a desk
      // that did not do its checks of the result again releases at 50 s.
      const events = [
        ...o.readyToRelease(counter, [item], 10),
        o.inspect(counter, 'final', item, 'fail', [signature(staff.qc, 'qc', t, 40)], 40),
        o.start(counter, item, 41),
        o.finish(counter, item, 42),
        ...o.signedChain(counter, item, 43),
        o.released(counter, 50),
      ];
      allAccepted(await pushOk(server, counter, events));
      // Nor was the count of the parts used made again after the redone work.
      const stale = [
        'parts_not_reconciled',
        'desk_check_missing:vehicle_records_checked',
        'desk_check_missing:inspected_with_customer',
      ];
      const s = (await stored(o.orderId)) as OrderState;
      expect(s.released?.pastGate).toEqual(stale);
      expect(s.flags.map((f) => f.reason)).toEqual(['released_past_failure']);
      expect(s).toEqual(await deskFold(sup, o.orderId));
      const d = await detail(o.orderId);
      expect(d.deskChecks.map((c) => c.check)).toEqual([
        'quote_matched',
        'documents_keys_collected',
        'warranty_explained',
        'callback_booked',
        'next_service_suggested',
      ]);
    });

    it('links a rework return both ways, filters the list, and pages it', async () => {
      const { counter, staff, t } = await branch('OD');
      const first = new OrderEvents(staff, t);
      const item = brakes();
      allAccepted(
        await pushOk(server, counter, [
          ...first.readyToRelease(counter, [item], 10),
          first.released(counter, 50),
        ]),
      );
      const back = new OrderEvents(staff, t);
      const again = { ...item, origin: 'original' as const };
      const fault = brakes({ title: '刹车异响返修', origin: 'rework' });
      const reopened = back.opened(counter, [again, fault], 70, {
        reworkOf: { orderId: first.orderId, number: first.number, releasedAt: t.iso(50) },
      });
      allAccepted(await pushOk(server, counter, [reopened]));

      const reworks = await list('branch=OD&rework=true');
      expect(reworks.items.map((r) => [r.id, r.reworkOf])).toEqual([
        [back.orderId, { id: first.orderId, number: first.number }],
      ]);
      expect((await list('branch=OD&rework=false')).items.map((r) => r.id)).toEqual([first.orderId]);
      const d = await detail(first.orderId);
      expect(d.reworks).toEqual([{ id: back.orderId, number: back.number, status: 'in_work', branch: 'OD' }]);
      const r = await detail(back.orderId);
      // The final check must cover the original item again, and the rework item is to be done.
      expect(r.gate.missing.filter((g) => g.itemId === item.itemId).map((g) => g.code)).toEqual([
        'final_check_missing',
      ]);
      expect(r.gate.missing.filter((g) => g.itemId === fault.itemId).map((g) => g.code)).toEqual([
        'item_not_finished',
      ]);
      expect(r.gate.missing[0]?.text['zh-CN']).toContain('更换刹车片');

      // Newest opened first, keyset-paged; text finds by number.
      const p1 = await list('branch=OD&limit=1');
      expect(p1.items.map((i) => i.id)).toEqual([back.orderId]);
      expect(p1.total).toBe(2);
      const p2 = await list(`branch=OD&limit=1&cursor=${p1.nextCursor ?? ''}`);
      expect(p2.items.map((i) => i.id)).toEqual([first.orderId]);
      expect(p2.nextCursor).toBeNull();
      expect(
        (await list(`text=${encodeURIComponent(first.number.toLowerCase())}`)).items.map((i) => i.id),
      ).toEqual([first.orderId]);
    });

    it('keeps a supervisor desk to its own branch and refuses counter desks and bad requests', async () => {
      const a = await branch('OE');
      const b = await branch('OF');
      const o = new OrderEvents(b.staff, b.t);
      allAccepted(await pushOk(server, b.counter, [o.opened(b.counter, [oil()], 10)]));
      expect((await list('', a.sup.token)).items.every((i) => i.branch === 'OE')).toBe(true);
      expectSyncError(
        await request(server, 'GET', '/v1/admin/orders?branch=OF', { token: a.sup.token }),
        403,
        'forbidden',
      );
      const hidden = await request(server, 'GET', `/v1/admin/orders/${o.orderId}`, { token: a.sup.token });
      expect(expectSyncError(hidden, 404, 'not_found').error.message).toContain('施工单');
      expect((await detail(o.orderId, b.sup.token)).order.id).toBe(o.orderId);
      expectSyncError(
        await request(server, 'GET', '/v1/admin/orders', { token: b.counter.token }),
        403,
        'forbidden',
      );
      expectSyncError(
        await request(server, 'GET', '/v1/admin/orders/not-a-uuid', { token: admin }),
        400,
        'invalid_request',
      );
      expectSyncError(
        await request(server, 'GET', '/v1/admin/orders?status=lost', { token: admin }),
        400,
        'invalid_request',
      );
      expectSyncError(
        await request(server, 'GET', '/v1/admin/orders?cursor=abc', { token: admin }),
        400,
        'invalid_request',
      );
    });

    it('folds order events that arrive before their opening, and a rebuild gives the same rows', async () => {
      const { counter, sup, staff, t } = await branch('OG');
      const o = new OrderEvents(staff, t);
      const item = oil();
      const events: EventEnvelope[] = o.readyToRelease(counter, [item], 10);
      const [opened, ...rest] = events;
      allAccepted(await pushOk(server, counter, rest.reverse()));
      expect(await stored(o.orderId)).toBeNull();
      allAccepted(await pushOk(server, counter, [opened as EventEnvelope]));
      const s = (await stored(o.orderId)) as OrderState;
      expect(s.status).toBe('ready');
      expect(s).toEqual(await deskFold(sup, o.orderId));

      const rows = await env.query('SELECT * FROM orders ORDER BY id');
      await server.close();
      await env.exec("DELETE FROM meta WHERE key = 'projection.fold'");
      server = await env.start();
      const again = await env.query('SELECT * FROM orders ORDER BY id');
      const strip = (r: Record<string, unknown>[]) => r.map(({ updated_at: _u, ...rest }) => rest);
      expect(strip(again)).toEqual(strip(rows));
    });
  });
}
