/**
 * Issue 11, "a sync-model test with two desks signing and releasing
 * offline": two real desks of one branch know the same staff and the same
 * work order (brakes, a safety item, signed off and ready to leave). Their
 * line goes down. On desk B the QC inspector re-checks the brakes and fails
 * them (signed); on desk A, not knowing, the front desk releases the car.
 * Both come back and sync until nothing moves.
 *
 * Then head office's projection, the shared fold over what head office hands
 * out, and the fold of each desk's own log (with each one's staff directory)
 * are one state: the release stands (facts are kept), past the failed check
 * it is flagged `released_past_failure` with the desk that wrote it, the
 * failure counts and the item is back for rework; head office's order list
 * shows the flag. The sync invariants of harness.ts hold (nothing lost,
 * replays add nothing, cursors only move forward).
 *
 * The desks write order events through their event append path
 * (`SimDesk.forgeOwnEvent`: the intake check every pulled or written event
 * goes through) with the domain's payload schemas, as the desk's order
 * commands (engineer O3) will. SQLite always, PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { fullChecklist } from '../fixtures/checklists';
import { describe, expect, it } from 'vitest';
import type { AdminOrdersResponse } from '../../shared/contract/adminOrders';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { foldOrder } from '../../shared/domain/orders/fold';
import { DESK_CHECKS, type OrderItem, type Signature } from '../../shared/domain/orders/payloads';
import type { OrderState } from '../../shared/domain/orders/state';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import { request } from '../integration/server-fixtures';
import { branchDesks, hirer, deskLog } from './branchDesks';
import { checkInvariants, quiesce, simEngines } from './harness';
import { SimDesk } from './simDesk';

/** The shared order fold over a log, judged with the staff directory folded from the same log. */
function foldFrom(events: readonly EventEnvelope[], orderId: string): OrderState | null {
  const dir = foldStaffDirectory(events);
  const mine = events.filter((e) => e.stream === streamOf('order', orderId));
  return foldOrder(mine, { roleAt: (id, key) => dir.roleAt(id, key) });
}

for (const engine of simEngines()) {
  describe(`two desks sign and release one work order offline (${engine})`, () => {
    const branch = branchDesks(engine, '广州天河店');
    const { desk } = branch;

    it('keeps the release past the failed check, flags it, and every replica folds the same order', async () => {
      const { server } = branch;
      const a = await desk('01');
      const b = await desk('02');
      const hire = hirer(a, '1357');
      const clerk = (await hire('王柜员', 'wang', 'counter')).id;
      const lead = (await hire('李班组长', 'li', 'lead')).id;
      const qc = (await hire('赵质检', 'zhao', 'qc')).id;
      const label = () => `orders-offline ${engine}`;
      await quiesce(server, [a, b], { label });

      // The order's history on desk A, on one time line after the staff (ms apart, in the drift window).
      const orderId = newId();
      const stream = streamOf('order', orderId);
      const base = Date.now();
      let tick = 0;
      const write = (d: SimDesk, type: string, payload: unknown, actor: string): EventEnvelope =>
        d.forgeOwnEvent(stream, type, payload, actor, formatHlc(base + ++tick * 10, 0));
      const sig = (signer: string, role: 'lead' | 'qc'): Signature => ({
        signer,
        role,
        signedAt: new Date(base + tick * 10).toISOString(),
      });
      const item: OrderItem = {
        itemId: newId(),
        title: '更换前刹车片',
        trade: 'mechanical',
        safety: true,
        labourFen: 20_000,
        parts: [{ name: '刹车片', qty: 1, unitFen: 38_000 }],
        origin: 'reported',
      };
      const inspect = (d: SimDesk, inspection: string, result: string, signatures: Signature[]) =>
        write(
          d,
          'order.inspected',
          {
            inspection,
            itemId: item.itemId,
            result,
            checklist: fullChecklist(inspection as 'self' | 'process' | 'final', result === 'pass'),
            readingsAfter: {},
            reason: result === 'fail' ? '路试制动跑偏，需返工' : '',
            signatures,
          },
          clerk,
        );
      write(
        a,
        'order.opened',
        {
          number: 'WO-GZ01-20261130-0001',
          kind: 'car_repair',
          templateVersion: '1.0',
          customer: { name: '李先生', phone: '13800000000' },
          subject: {
            kind: 'vehicle',
            plate: '粤A12345',
            vinOrSerial: 'LSVAB12345C678901',
            model: '大众朗逸',
            readingsBefore: { mileage: 52_000 },
          },
          items: [item],
          receivedAt: new Date(base).toISOString(),
          promisedAt: new Date(base + 8 * 3_600_000).toISOString(),
          owner: clerk,
          reworkOf: null,
          note: '',
        },
        clerk,
      );
      write(a, 'order.item_started', { itemId: item.itemId, trade: 'mechanical' }, lead);
      write(a, 'order.item_finished', { itemId: item.itemId, note: '' }, lead);
      inspect(a, 'self', 'pass', [sig(lead, 'lead')]);
      inspect(a, 'process', 'pass', [sig(lead, 'lead'), sig(qc, 'qc')]);
      inspect(a, 'final', 'pass', [sig(qc, 'qc')]);
      write(
        a,
        'order.parts_reconciled',
        { used: [{ ...item.parts[0], itemId: item.itemId }], matches: true, note: '' },
        clerk,
      );
      for (const check of DESK_CHECKS) write(a, 'order.desk_checked', { check, note: '' }, clerk);
      await quiesce(server, [a, b], { label });
      const ready = foldFrom(deskLog(b), orderId);
      expect(ready?.status, 'desk B knows the order is ready').toBe('ready');

      // Offline: B's QC fails the brakes; A, not knowing, releases a moment later. Neither syncs.
      const fail = inspect(b, 'final', 'fail', [sig(qc, 'qc')]);
      const release = write(
        a,
        'order.released',
        { warrantyMonths: 3, nextService: '5000 公里后保养', note: '' },
        clerk,
      );
      expect(foldFrom(deskLog(a), orderId)?.flags, 'desk A alone sees a clean release').toEqual([]);
      expect(foldFrom(deskLog(b), orderId)?.status, 'desk B alone sees the brakes back for rework').toBe(
        'in_work',
      );

      await quiesce(server, [a, b], { label });
      await checkInvariants(server, [a, b], label());

      const { events } = await server.branchEvents('GZ');
      const reference = foldFrom(events, orderId) as OrderState;
      expect(reference.status).toBe('released');
      expect(reference.released?.eventId).toBe(release.id);
      expect(reference.released?.pastGate).toEqual([`final_check_failed:${item.itemId}`]);
      expect(reference.flags.map((f) => [f.eventId, f.reason, f.device])).toEqual([
        [release.id, 'released_past_failure', a.deviceId],
      ]);
      expect(reference.failedInspections).toBe(1);
      expect(reference.items[0]).toMatchObject({ status: 'rework', failures: 1 });
      expect(reference.inspections.at(-1)?.eventId).toBe(fail.id);

      const rows = await server.env.query<{ state: string }>('SELECT state FROM orders WHERE id = $1', [
        orderId,
      ]);
      expect(
        rows.map((r) => JSON.parse(r.state) as OrderState),
        'head office projection',
      ).toEqual([reference]);
      expect(foldFrom(deskLog(a), orderId), 'desk A').toEqual(reference);
      expect(foldFrom(deskLog(b), orderId), 'desk B').toEqual(reference);

      const res = await request<AdminOrdersResponse>(
        server.running,
        'GET',
        '/v1/admin/orders?branch=GZ&flag=released_past_failure',
        { token: await server.admin() },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.map((o) => [o.id, o.status, o.releasedPastFailure, o.failedInspections])).toEqual(
        [[orderId, 'released', true, 1]],
      );
    });
  });
}
