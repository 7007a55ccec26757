/**
 * Head office re-judges work orders when a staff event arrives late (issue
 * 11, part O4): every order act and signature is judged with the branch's
 * staff directory at the event's place in the fold, so a QC inspector's
 * record that arrives after their signature makes the signature count, and a
 * demotion dated before a final check makes it count no more (and the
 * release after it then went past the gate). Orders whose events all lie
 * before the late staff event are left as they are. Head office ends with
 * what a desk folds from the same events. SQLite always, PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import { foldOrder } from '../../shared/domain/orders/fold';
import type { OrderState } from '../../shared/domain/orders/state';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  engines,
  enrollDevice,
  makeEvent,
  pullAll,
  pushOk,
  type TestDevice,
} from './server-fixtures';
import { OrderEvents, TimeLine, branchStaff, brakes, oil, staffCreatedBy } from './server-orders-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `head office re-judges orders on late staff events on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start();
      });

      afterAll(async () => {
        await env?.dispose();
      });

      const allAccepted = (acks: { status: string }[]) =>
        expect(acks.map((a) => a.status)).toEqual(acks.map(() => 'accepted'));

      async function stored(id: string): Promise<{ state: OrderState; updated: number }> {
        const rows = await env.query<{ state: string; updated_at: number | string }>(
          'SELECT state, updated_at FROM orders WHERE id = $1',
          [id],
        );
        const r = rows[0];
        if (!r) throw new Error(`no order row ${id}`);
        return { state: JSON.parse(r.state) as OrderState, updated: Number(r.updated_at) };
      }

      async function deskFold(dev: TestDevice, orderId: string): Promise<OrderState | null> {
        const { events } = await pullAll(server, dev);
        const dir = foldStaffDirectory(events);
        const mine = events.filter((e) => e.stream === streamOf('order', orderId));
        return foldOrder(mine, { roleAt: (id, key) => dir.roleAt(id, key) });
      }

      it('counts a QC signature once the inspector’s record arrives, though it was made after the signature', async () => {
        const sup = await enrollDevice(server, 'RA', { role: 'supervisor' });
        const counter = await enrollDevice(server, 'RA', { role: 'counter' });
        const t = new TimeLine(env.clock.t - 60_000);
        const staff = branchStaff(sup, t);
        // The QC inspector's record (second 4) waits on the supervisor desk; everything else is here.
        const qcRecord = staff.events.find((e) => e.stream === streamOf('staff', staff.qc));
        allAccepted(
          await pushOk(
            server,
            sup,
            staff.events.filter((e) => e !== qcRecord),
          ),
        );
        const o = new OrderEvents(staff, t);
        const item = oil();
        allAccepted(await pushOk(server, counter, o.readyToRelease(counter, [item], 10)));

        let s = (await stored(o.orderId)).state;
        expect(s.status).toBe('awaiting_final');
        expect(s.flags.map((f) => [f.type, f.reason])).toEqual([['order.inspected', 'signer_disabled']]);
        expect(s.items[0]?.checks.final).toBeNull();

        allAccepted(await pushOk(server, sup, [qcRecord as (typeof staff.events)[number]]));
        s = (await stored(o.orderId)).state;
        expect(s.status).toBe('ready');
        expect(s.flags).toEqual([]);
        expect(s.items[0]?.checks.final?.result).toBe('pass');
        expect(s).toEqual(await deskFold(sup, o.orderId));
      });

      it('un-counts a final check when a demotion dated before it arrives late, and flags the release past it', async () => {
        const sup = await enrollDevice(server, 'RB', { role: 'supervisor' });
        const counter = await enrollDevice(server, 'RB', { role: 'counter' });
        const t = new TimeLine(env.clock.t - 120_000);
        const staff = branchStaff(sup, t);
        allAccepted(await pushOk(server, sup, staff.events));

        // An order finished and released before the demotion: untouched by it.
        const early = new OrderEvents(staff, t);
        const earlyItem = oil();
        allAccepted(
          await pushOk(server, counter, [
            ...early.readyToRelease(counter, [earlyItem], 6),
            early.released(counter, 34),
          ]),
        );
        // The brakes: signed off by the QC inspector at 42-44 s, released at 60 s.
        const o = new OrderEvents(staff, t);
        const item = brakes();
        allAccepted(
          await pushOk(server, counter, [...o.readyToRelease(counter, [item], 30), o.released(counter, 60)]),
        );
        expect((await stored(o.orderId)).state).toMatchObject({ status: 'released', flags: [] });
        const earlyBefore = await stored(early.orderId);

        // The administrator had made the inspector a counter clerk at 35 s on a desk that was offline.
        env.clock.advance(1_000);
        const demotion = makeEvent(sup, {
          stream: streamOf('staff', staff.qc),
          type: 'staff.roleChanged',
          payload: { role: 'counter' },
          hlc: t.hlc(35),
          actor: staff.admin,
        });
        allAccepted(await pushOk(server, sup, [demotion]));

        const s = (await stored(o.orderId)).state;
        expect(s.status).toBe('released');
        expect(s.flags.map((f) => f.reason)).toEqual([
          'bad_signature_role',
          'bad_signature_role',
          'released_past_failure',
        ]);
        expect(s.released?.pastGate).toEqual([
          `process_check_missing:${item.itemId}`,
          `final_check_missing:${item.itemId}`,
        ]);
        expect(s).toEqual(await deskFold(sup, o.orderId));
        const row = await env.query<{ past_failure: number | string; flag_reasons: string }>(
          'SELECT past_failure, flag_reasons FROM orders WHERE id = $1',
          [o.orderId],
        );
        expect(row.map((r) => [Number(r.past_failure), r.flag_reasons])).toEqual([
          [1, ' bad_signature_role released_past_failure '],
        ]);

        // The early order, all before 35 s, was not folded again and is still what a desk folds.
        const earlyAfter = await stored(early.orderId);
        expect(earlyAfter.updated).toBe(earlyBefore.updated);
        expect(earlyAfter.state).toEqual(await deskFold(sup, early.orderId));
        expect(earlyAfter.state.flags).toEqual([]);
      });

      it('folds an order pushed in the same batch as the staff record that authorises its actor', async () => {
        const sup = await enrollDevice(server, 'RC', { role: 'supervisor' });
        const t = new TimeLine(env.clock.t - 60_000);
        const staff = branchStaff(sup, t);
        const clerk = newId();
        const hire = staffCreatedBy(
          sup,
          staff.admin,
          clerk,
          { name: '新柜员', login: 'xin', role: 'counter' },
          t.hlc(8),
        );
        const o = new OrderEvents({ ...staff, counter: clerk }, t);
        allAccepted(await pushOk(server, sup, [...staff.events, o.opened(sup, [oil()], 10), hire]));
        const s = (await stored(o.orderId)).state;
        expect(s.flags).toEqual([]);
        expect(s.owner).toBe(clerk);
        expect(s).toEqual(await deskFold(sup, o.orderId));
      });
    },
  );
}
