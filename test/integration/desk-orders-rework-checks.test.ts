/**
 * The front desk's checks of the work's result go stale with rework
 * (docs/repair.md "The release gate"), through DeskApi: a joint inspection
 * with the customer (and the vehicle and records check) recorded before an
 * item was sent back and redone does not count for the release, nor does the
 * count of the parts used; the gate names them, the order view shows them as
 * not done, recording them again writes an event and lets the order leave.
 * The checks that do not look at the work (warranty, documents and keys ...)
 * still count. A desk upgraded from order projection version 4 rebuilds its
 * rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import { removeDir } from './desk-fixtures';
import {
  eventCount,
  inspect,
  openShop,
  readyCarOrder,
  orderRow,
  reconcileAsQuoted,
  refused,
  reopenFromOrderVersion,
  work,
  workAndPass,
  type Shop,
} from './desk-orders-fixtures';

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

const STALE = [
  'parts_not_reconciled',
  'desk_check_missing:vehicle_records_checked',
  'desk_check_missing:inspected_with_customer',
];
const gaps = (d: OrderDetail) => d.gate.missing.map((g) => (g.check ? `${g.code}:${g.check}` : g.code));

describe('desk checks of the result after rework', () => {
  it('does not count a joint inspection made before the brakes failed their final check and were redone', async () => {
    const s = (shop = await openShop());
    let d = await readyCarOrder(s);
    expect(d.gate).toEqual({ ok: true, missing: [] });
    const brakes = d.items[0]!.itemId;
    expect(d.items[0]!.safety).toBe(true);
    // The QC inspector fails the brakes after all; the lead redoes them and every check is signed again.
    d = await inspect(s, d, brakes, 'final', 'fail');
    d = await workAndPass(s, d.id, brakes);
    expect(d.items[0]!.checks.final).toMatchObject({ result: 'pass', current: true });

    expect(gaps(d)).toEqual(STALE);
    expect(d.deskChecks.map((c) => c.check)).toEqual([
      'quote_matched',
      'documents_keys_collected',
      'warranty_explained',
      'callback_booked',
      'next_service_suggested',
    ]);
    const e = await refused(s, 'order.release', { orderId: d.id }, s.clerk.session.token);
    expect(e.code).toBe('invalid_state');
    expect(e.message).toContain('前台检查未完成：已与客户一同验收');

    // Recorded again after the rework: each writes an event, and then the order may leave.
    const before = eventCount(s.t);
    for (const check of ['vehicle_records_checked', 'inspected_with_customer']) {
      d = await s.t.must<OrderDetail>('order.deskCheck', { orderId: d.id, check }, s.clerk.session.token);
    }
    expect(eventCount(s.t)).toBe(before + 2);
    expect(gaps(d)).toEqual(['parts_not_reconciled']);
    expect(d.partsReconciled).not.toBeNull();
    d = await reconcileAsQuoted(s, d);
    expect(eventCount(s.t)).toBe(before + 3);
    expect(d.gate).toEqual({ ok: true, missing: [] });
    expect(d.deskChecks).toHaveLength(7);
    // Done once after the rework: asked again, nothing more is written.
    await s.t.must(
      'order.deskCheck',
      { orderId: d.id, check: 'inspected_with_customer' },
      s.clerk.session.token,
    );
    expect(eventCount(s.t)).toBe(before + 3);
    d = await s.t.must<OrderDetail>('order.release', { orderId: d.id }, s.clerk.session.token);
    expect(d.released).toMatchObject({ pastGate: [] });
    expect(d.flagList).toEqual([]);
  });

  it('does not count one made before a finished item was started again and finished again', async () => {
    const s = (shop = await openShop());
    let d = await readyCarOrder(s);
    const wiper = d.items[1]!.itemId;
    d = await work(s, d.id, wiper);
    d = await inspect(s, d, wiper, 'self');
    d = await inspect(s, d, wiper, 'final');
    expect(gaps(d)).toEqual(STALE);
  });

  it('keeps the checks while the item is back in rework, the gate naming the item', async () => {
    const s = (shop = await openShop());
    let d = await readyCarOrder(s);
    d = await inspect(s, d, d.items[0]!.itemId, 'final', 'fail');
    expect(gaps(d)).toEqual(['final_check_failed']);
    expect(d.deskChecks).toHaveLength(7);
  });

  it('is the same after a rebuild, and a desk upgraded from version 4 rebuilds its rows', async () => {
    const s = (shop = await openShop());
    let d = await readyCarOrder(s);
    const brakes = d.items[0]!.itemId;
    d = await inspect(s, d, brakes, 'final', 'fail');
    d = await workAndPass(s, d.id, brakes);
    const row = orderRow(s.t, d.id);
    s.t.core.rebuild();
    expect(orderRow(s.t, d.id)).toEqual(row);

    // The row as version 4 (before desk checks were keyed) left it: no keys, the older signature.
    const state = JSON.parse(row.state as string) as { deskChecks: { key?: string }[] };
    for (const c of state.deskChecks) delete c.key;
    shop = null; // the old core is closed: this test closes the new one and removes the folder
    const { core, call } = await reopenFromOrderVersion(s, 4, (db) => {
      db.prepare('UPDATE orders SET state = ? WHERE id = ?').run(JSON.stringify(state), d.id);
    });
    try {
      const r = await call('order.get', { orderId: d.id });
      expect(r.ok && gaps(r.value as OrderDetail)).toEqual(STALE);
    } finally {
      core.close();
    }
    expect(orderRow(s.t, d.id)).toEqual(row);
    removeDir(s.t.dir);
  });
});
