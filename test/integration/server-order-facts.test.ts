/**
 * Issue 14 repair KPIs at head office: the `order_facts` rows the order
 * projector writes (server migration 0017, server/store/orderFacts.ts) for
 * orders of two branches pushed from their desks — released on time and
 * late, QC failed twice then passed, follow-up calls reached on day 1 and
 * day 14, a rework return pushed later, which rewrites its original's row —
 * equal to the shared orderFacts of the state a desk folds; the repair KPIs
 * counted over them by the shared groupings compiled for the store's engine,
 * per branch and for all, equal to the hand-computed ones; a rebuild gives
 * the same rows. SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_FACT_COLUMNS, orderFacts, orderFactsRow } from '../../shared/domain/analysis/orderFacts';
import {
  compileOrderGrouping,
  readOrderRow,
  repairKpis,
  type OrderGrouping,
} from '../../shared/domain/analysis/repair';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { foldOrder } from '../../shared/domain/orders/fold';
import type { OrderState } from '../../shared/domain/orders/state';
import { EMPTY_SETTINGS, settingsAt } from '../../shared/domain/settings/fold';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { SyncServer } from '../../server/app';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import { TestEnv, engines, enrollDevice, pullAll, pushOk, request, type TestDevice } from './server-fixtures';
import {
  OrderEvents,
  TimeLine,
  branchStaff,
  brakes,
  oil,
  signature,
  type BranchStaff,
} from './server-orders-fixtures';

const DAY_S = 86_400;

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`order facts at head office on ${engine}${skip ? ` (${skip})` : ''}`, () => {
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

    const accepted = async (dev: TestDevice, events: EventEnvelope[]) => {
      const acks = await pushOk(server, dev, events);
      expect(acks.map((a) => a.status)).toEqual(events.map(() => 'accepted'));
    };

    async function branch(code: string) {
      const sup = await enrollDevice(server, code, { role: 'supervisor' });
      const counter = await enrollDevice(server, code, { role: 'counter' });
      const t = new TimeLine(env.clock.t - 60_000);
      const staff = branchStaff(sup, t);
      await accepted(sup, staff.events);
      return { sup, counter, staff, t };
    }

    const followUp = (o: OrderEvents, dev: TestDevice, s: number, reachedAfterS: number) =>
      o.ev(
        dev,
        'order.followed_up',
        { at: o.t.iso(reachedAfterS), outcome: 'reached', reachedWho: '本人', satisfaction: 5, comment: '' },
        // Recorded when it was made, or later: a call dated after its own event is refused by the fold.
        Math.max(s, reachedAfterS),
        o.staff.counter,
      );

    /** Q: the brakes' process check failed twice, then everything passed; ready to release. */
    function failedTwice(o: OrderEvents, dev: TestDevice, staff: BranchStaff, s: number): EventEnvelope[] {
      const b = brakes();
      const two = (at: number) => [
        signature(staff.lead, 'lead', o.t, at),
        signature(staff.qc, 'qc', o.t, at),
      ];
      const out = [o.opened(dev, [b], s)];
      for (const at of [s + 10, s + 20]) {
        out.push(
          o.start(dev, b, at),
          o.finish(dev, b, at + 1),
          o.inspect(dev, 'self', b, 'pass', [signature(staff.lead, 'lead', o.t, at + 2)], at + 2),
          o.inspect(dev, 'process', b, 'fail', two(at + 3), at + 3),
        );
      }
      out.push(o.start(dev, b, s + 30), o.finish(dev, b, s + 31), ...o.signedChain(dev, b, s + 32));
      out.push(...o.deskSide(dev, [b], s + 40));
      return out;
    }

    const rows = (where = '') =>
      env.query<Record<string, unknown>>(`SELECT * FROM order_facts ${where} ORDER BY order_id`);

    /** The shared facts of what a desk of the branch folds, with every return of the order it pulled. */
    async function deskFacts(dev: TestDevice, orderId: string) {
      const { events } = await pullAll(server, dev);
      const dir = foldStaffDirectory(events);
      const fold = (id: string) =>
        foldOrder(
          events.filter((e) => e.stream === streamOf('order', id)),
          { roleAt: (a, k) => dir.roleAt(a, k) },
        ) as OrderState;
      const returns = [...new Set(events.filter((e) => e.type === 'order.opened').map((e) => e.stream))]
        .map((st) => fold(st.slice('order:'.length)))
        .filter((s) => s.reworkOf?.orderId === orderId)
        .map((s) => s.receivedAt);
      const state = fold(orderId);
      return orderFactsRow(
        orderFacts(state, (ms) => settingsAt(EMPTY_SETTINGS, ms), { returnsReceivedAt: returns }),
      );
    }

    const num = (r: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /_ms$/.test(k) ? Number(v) : v]),
      );

    const run = async (g: OrderGrouping) => {
      const { sql, params } = compileOrderGrouping(g, engine === 'postgres' ? 'postgres' : 'sqlite');
      return readOrderRow(g, (await env.query(sql, params))[0]);
    };

    it('writes each order its shared facts with its branch, a late rework return rewriting the original, and the KPIs per branch and for all', async () => {
      const ra = await branch('RA');
      const rb = await branch('RB');
      // Head office's clock three weeks on: the calls below, made up to two weeks after a release, are
      // pushed when they were made, not ahead of time (the fold refuses a call dated after its event).
      env.clock.advance(21 * DAY_S * 1000);
      const { counter, staff } = ra;
      // A: on time (promised 8 h after receipt), released at 200 s, reached the next day.
      const A = new OrderEvents(staff, ra.t);
      await accepted(counter, [
        ...A.readyToRelease(counter, [oil()], 10),
        A.released(counter, 200),
        followUp(A, counter, 210, 200 + DAY_S),
      ]);
      // B: promised 8 h after receipt, released "late": its receipt is 9 h before the release.
      const B = new OrderEvents(staff, ra.t);
      const [bOpened, ...bRest] = B.readyToRelease(counter, [oil()], 20);
      const late = B.ev(
        counter,
        'order.opened',
        {
          ...(bOpened!.payload as object),
          receivedAt: ra.t.iso(220 - 9 * 3600),
          promisedAt: ra.t.iso(220 - 3600),
        },
        20,
        staff.counter,
      );
      await accepted(counter, [late, ...bRest, B.released(counter, 220)]);
      // Q: two failed process checks, released, reached on day 14: late whatever day the test runs.
      // The call is due at the end of the working day 3 days after release on the branch's calendar,
      // and this clock is the real one: day 4 was in time when the 3 days ended on a weekend or
      // before a holiday (a run on a Wednesday failed); the default calendar's longest wait is 13 days.
      const Q = new OrderEvents(staff, ra.t);
      await accepted(counter, [
        ...failedTwice(Q, counter, staff, 30),
        Q.released(counter, 230),
        followUp(Q, counter, 240, 230 + 14 * DAY_S),
      ]);
      // RB: one order released on time, never called.
      const Z = new OrderEvents(rb.staff, rb.t);
      await accepted(rb.counter, [...Z.readyToRelease(rb.counter, [oil()], 10), Z.released(rb.counter, 200)]);

      let stored = await rows();
      expect(stored).toHaveLength(4);
      const byId = () => new Map(stored.map((r) => [r.order_id, num(r)]));
      expect(byId().get(B.orderId)).toMatchObject({ branch: 'RA', on_time: 0, first_time_fix: 1 });

      // B comes back for rework in a later push: B's row is written again.
      const C = new OrderEvents(staff, ra.t);
      await accepted(counter, [
        C.opened(counter, [oil({ origin: 'rework' })], 250, {
          reworkOf: { orderId: B.orderId, number: B.number, releasedAt: ra.t.iso(220) },
        }),
      ]);
      stored = await rows();
      expect(stored).toHaveLength(5);
      const facts = byId();
      expect(facts.get(B.orderId)).toMatchObject({ first_time_fix: 0 });
      expect(facts.get(C.orderId)).toMatchObject({ branch: 'RA', rework: 1, first_time_fix: null });
      expect(facts.get(A.orderId)).toMatchObject({ on_time: 1, first_time_fix: 1, callback_in_time: 1 });
      expect(facts.get(Q.orderId)).toMatchObject({ qc_failures: 2, callback_in_time: 0 });
      expect(facts.get(Z.orderId)).toMatchObject({ branch: 'RB', callback_in_time: null });
      // Every row is the shared function's over what a desk of its branch folds.
      for (const [id, dev] of [
        [A.orderId, ra.sup],
        [B.orderId, ra.sup],
        [C.orderId, ra.sup],
        [Q.orderId, ra.sup],
        [Z.orderId, rb.sup],
      ] as const) {
        const { order_id: _o, branch: _b, ...row } = facts.get(id)!;
        expect(Object.keys(row).sort()).toEqual(Object.values(ORDER_FACT_COLUMNS).sort());
        expect(row).toEqual(await deskFacts(dev, id));
      }

      // The KPIs, with "now" far enough for every call to be due.
      const day = String(facts.get(A.orderId)!.received_day);
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
      const from = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      const period = { fromDay: from, toDay: next };
      const nowMs = env.clock.t + 30 * 86_400_000;
      const kRA = await repairKpis(run, period, { nowMs, branch: 'RA' });
      expect(kRA).toEqual({
        received: 4, // A, B, Q, C
        released: 3,
        firstTimeFix: { yes: 2, known: 3, rate: 2 / 3, windowDays: 30 },
        onTimeDelivery: { yes: 2, known: 3, rate: 2 / 3 },
        callbackWithin3Days: { yes: 1, known: 3, rate: 1 / 3, pending: 0 },
        qcFailures: { count: 2, perOrder: 2 / 4, orders: 1, alerted: 0 },
        reworkReturns: { count: 1, rate: 1 / 3 },
      });
      const all = await repairKpis(run, period, { nowMs });
      expect(all).toMatchObject({
        received: 5,
        released: 4,
        firstTimeFix: { yes: 3, known: 4 },
        onTimeDelivery: { yes: 3, known: 4 },
        callbackWithin3Days: { yes: 1, known: 4, pending: 0 },
        qcFailures: { count: 2, orders: 1 },
      });
      expect(await repairKpis(run, period, { nowMs, branch: 'NONE' })).toBeNull();

      // GET /v1/admin/analysis gives the same KPIs (its "now" is the server's clock).
      env.clock.advance(30 * 86_400_000);
      const http = async (query: string) => {
        const res = await request<{ analysis: AnalysisResult }>(
          server,
          'GET',
          `/v1/admin/analysis?${query}`,
          {
            token: admin,
          },
        );
        expect(res.status).toBe(200);
        return res.body.analysis;
      };
      const q = `from=${period.fromDay}&to=${period.toDay}`;
      expect((await http(`${q}&branch=RA`)).repair).toEqual(kRA);
      expect((await http(q)).repair).toEqual(all);
      const none = await http(`${q}&branch=ZZ`);
      expect(none.repair).toBeNull();
      expect(none.unavailable.repair).toBe('not_recorded');

      // A rebuild (a new fold signature at start-up) writes the same rows.
      await server.close();
      await env.exec("DELETE FROM meta WHERE key = 'projection.fold'");
      await env.exec('DELETE FROM order_facts');
      server = await env.start();
      expect(await rows()).toEqual(stored);
    });
  });
}
