/**
 * The release gate and rework returns through DeskApi (issue 11, part O3):
 * a release the gate refuses is recorded (who, why) and nothing else is
 * stored; released once every gap is closed; a rework return is refused for
 * an unknown or unreleased original and its final check covers the
 * original's items with the rework items; three failed inspections alert the
 * supervisors; a rebuild gives the same order rows; a forged signature from
 * another desk is kept, flagged, and has no effect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBoard, OrderDetail } from '../../shared/contract/methods/orders';
import type { Alert } from '../../shared/contract/methods/work';
import { newId } from '../../shared/domain/kernel/ids';
import { hashSecret } from '../../electron/desk/features/staff/credentials';
import { readDeskDb, RemoteDevice } from './desk-fixtures';
import {
  checklist,
  deskSide,
  eventCount,
  inspect,
  openCarOrder,
  openShop,
  readyCarOrder,
  orderRow,
  readingsFor,
  refused,
  work,
  workAndPass,
  type Shop,
} from './desk-orders-fixtures';

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

describe('the release gate', () => {
  it('refuses a release with the gaps listed, records the attempt and stores nothing else', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    d = await workAndPass(s, d.id, d.items[1]!.itemId); // the wiper; the brakes are not done
    const before = eventCount(s.t);
    const e = await refused(s, 'order.release', { orderId: d.id }, s.clerk.session.token);
    expect(e.code).toBe('invalid_state');
    expect(e.message).toContain('不能出厂');
    expect(e.message).toContain('更换前刹车片（机修）：尚未完工');
    expect(e.message).toContain('前台检查未完成');
    expect(eventCount(s.t)).toBe(before + 1);
    d = await s.t.must<OrderDetail>('order.get', { orderId: d.id }, s.clerk.session.token);
    expect(d.status).not.toBe('released');
    expect(d.released).toBeNull();
    expect(d.releaseAttempts).toHaveLength(1);
    expect(d.releaseAttempts[0]).toMatchObject({ actor: s.clerk.id });
    expect(d.releaseAttempts[0]!.reasons).toContain('更换前刹车片（机修）：尚未完工');
    expect(d.timeline.at(-1)?.type).toBe('order.release_refused');
    const en = await s.t.call('order.release', { orderId: d.id }, s.clerk.session.token, 'en');
    expect(!en.ok && en.error.message).toContain('not finished');
  });

  it('releases once every gap is closed, with the kind’s warranty and the follow-up call due', async () => {
    const s = (shop = await openShop());
    const d0 = await readyCarOrder(s);
    expect(d0.gate).toEqual({ ok: true, missing: [] });
    expect(d0.status).toBe('ready');
    const d = await s.t.must<OrderDetail>(
      'order.release',
      { orderId: d0.id, nextService: '5000 公里后保养' },
      s.clerk.session.token,
    );
    expect(d.status).toBe('released');
    expect(d.released).toMatchObject({ actor: s.clerk.id, warrantyMonths: 3, pastGate: [] });
    expect(d.followUpDueAt).not.toBeNull();
    const days = (Date.parse(d.followUpDueAt!) - Date.parse(d.released!.at)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(3);
    expect(d.flagList).toEqual([]);
    const again = await refused(s, 'order.release', { orderId: d0.id }, s.clerk.session.token);
    expect(again.message).toContain('已出厂');
  });

  it('holds the release until parts are reconciled and the quote checked again after an added item is answered for', async () => {
    const s = (shop = await openShop());
    let d = await readyCarOrder(s);
    d = await s.t.must<OrderDetail>(
      'order.addItem',
      {
        orderId: d.id,
        item: {
          title: '更换机油滤芯',
          trade: 'mechanical',
          parts: [{ name: '机滤', qty: 1, unitFen: 4500 }],
        },
      },
      s.clerk.session.token,
    );
    const added = d.items.at(-1)!;
    d = await s.t.must<OrderDetail>(
      'order.recordConsent',
      { orderId: d.id, itemId: added.itemId, consent: 'refused', how: 'in_person' },
      s.clerk.session.token,
    );
    // The quote the desk checked before is no longer the one answered for.
    expect(d.gate.missing.map((g) => g.check ?? g.code)).toEqual(['parts_not_reconciled', 'quote_matched']);
    expect(d.deskChecks.map((c) => c.check)).not.toContain('quote_matched');
    const before = eventCount(s.t);
    d = await deskSide(s, d);
    // The reconciliation and the stale check are written again; the six still counting are not.
    expect(eventCount(s.t)).toBe(before + 2);
    expect(d.gate.ok).toBe(true);
  });
});

describe('rework returns', () => {
  it('refuses a return for an unknown or an unreleased order, storing nothing', async () => {
    const s = (shop = await openShop());
    const d = await openCarOrder(s);
    const before = eventCount(s.t);
    const input = {
      items: [{ title: '刹车异响', trade: 'mechanical' }],
      readingsBefore: readingsFor('car_repair'),
      promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const unknown = await refused(
      s,
      'order.returnForRework',
      { ...input, originalNumber: 'WO-GZ01-20200101-0099' },
      s.clerk.session.token,
    );
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toContain('WO-GZ01-20200101-0099');
    const unreleased = await refused(
      s,
      'order.returnForRework',
      { ...input, originalNumber: d.number },
      s.clerk.session.token,
    );
    expect(unreleased.code).toBe('invalid_state');
    expect(unreleased.message).toContain('还没有出厂');
    expect(eventCount(s.t)).toBe(before);
  });

  it('refuses work on a released order, and a return dated before the release, storing nothing', async () => {
    const s = (shop = await openShop());
    const first = await readyCarOrder(s);
    await s.t.must('order.release', { orderId: first.id }, s.clerk.session.token);
    const before = eventCount(s.t);
    const start = await refused(
      s,
      'order.startItem',
      { orderId: first.id, itemId: first.items[0]!.itemId },
      s.lead.session.token,
    );
    expect(start.code).toBe('invalid_state');
    expect(start.message).toContain('工单已出厂');
    const early = await refused(
      s,
      'order.returnForRework',
      {
        originalNumber: first.number,
        items: [{ title: '刹车异响', trade: 'mechanical' }],
        readingsBefore: readingsFor('car_repair'),
        receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      s.clerk.session.token,
    );
    expect(early.code).toBe('invalid_input');
    expect(early.fields?.receivedAt).toContain(`原工单 ${first.number} 的出厂时间`);
    expect(eventCount(s.t)).toBe(before);
  });

  it('re-inspects the original items with the rework items before the return may leave', async () => {
    const s = (shop = await openShop());
    const first = await readyCarOrder(s);
    await s.t.must('order.release', { orderId: first.id }, s.clerk.session.token);
    let r = await s.t.must<OrderDetail>(
      'order.returnForRework',
      {
        originalNumber: first.number,
        items: [{ title: '刹车异响', trade: 'mechanical' }],
        readingsBefore: readingsFor('car_repair'),
        promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      s.clerk.session.token,
    );
    expect(r.reworkOf).toBe(first.id);
    expect(r.reworkOfOrder).toMatchObject({ orderId: first.id, number: first.number });
    expect(r.subject.plate).toBe(first.subject.plate);
    const originals = r.items.filter((i) => i.origin === 'original');
    expect(originals.map((i) => i.title)).toEqual(first.items.map((i) => i.title));
    expect(originals.every((i) => i.status === 'finished')).toBe(true);
    const rework = r.items.find((i) => i.origin === 'rework')!;
    expect(rework.safety).toBe(true); // 刹车 names a safety item
    const gaps = r.gate.missing.filter((g) => g.code === 'final_check_missing').map((g) => g.itemId);
    expect(gaps).toEqual(originals.map((i) => i.itemId));
    r = await workAndPass(s, r.id, rework.itemId);
    r = await deskSide(s, r);
    // The rework item passed; the original items still need their final check.
    expect(r.gate.missing.map((g) => g.code)).toEqual(['final_check_missing', 'final_check_missing']);
    await refused(s, 'order.release', { orderId: r.id }, s.clerk.session.token);
    for (const o of originals) r = await inspect(s, r, o.itemId, 'final');
    expect(r.gate.ok).toBe(true);
    r = await s.t.must<OrderDetail>('order.release', { orderId: r.id }, s.clerk.session.token);
    expect(r.status).toBe('released');
    const orig = await s.t.must<OrderDetail>('order.get', { number: first.number }, s.clerk.session.token);
    expect(orig.reworkReturns).toEqual([{ orderId: r.id, number: r.number }]);
    const board = await s.t.must<OrderBoard>('order.list', { rework: true }, s.boss.session.token);
    expect(board.items.map((i) => i.id)).toEqual([r.id]);
  });
});

describe('the supervisor’s view', () => {
  it('alerts the supervisors once an order has failed three inspections', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const wiper = d.items[1]!.itemId;
    for (let i = 0; i < 3; i++) {
      d = await work(s, d.id, wiper);
      d = await inspect(s, d, wiper, 'self', 'fail');
      await s.t.core.sweep();
      const alerts = await s.t.must<{ items: Alert[] }>('alert.list', {}, s.boss.session.token);
      expect(alerts.items.filter((a) => a.rule === 'order_failures')).toHaveLength(i < 2 ? 0 : 1);
    }
    expect(d.failures).toBe(3);
    const [alert] = (await s.t.must<{ items: Alert[] }>('alert.list', {}, s.boss.session.token)).items;
    expect(alert).toMatchObject({ caseId: d.id, caseNumber: d.number, kind: 'order_failures' });
    const clerkSees = await s.t.must<{ items: Alert[] }>('alert.list', {}, s.clerk.session.token);
    expect(clerkSees.items).toEqual([]);
  });

  it('keeps a forged QC signature from another desk, flags it, gives it no effect, and a rebuild agrees', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const wiper = d.items[1]!.itemId;
    d = await work(s, d.id, wiper);
    d = await inspect(s, d, wiper, 'self');
    // The clerk's other desk signs the final check as "qc" for the clerk.
    const evil = new RemoteDevice('dev-evil', Date.now() + 60_000, 'GZ', s.clerk.id);
    const forged = evil.event(`order:${d.id}`, 'order.inspected', {
      inspection: 'final',
      itemId: wiper,
      result: 'pass',
      checklist: checklist('car_repair', 'final', false),
      readingsAfter: {},
      reason: '',
      signatures: [{ signer: s.clerk.id, role: 'qc', signedAt: new Date().toISOString() }],
    });
    expect(s.t.core.appendEvents([forged]).accepted).toBe(1);
    d = await s.t.must<OrderDetail>('order.get', { orderId: d.id }, s.boss.session.token);
    expect(d.items[1]!.checks.final).toBeNull();
    expect(d.flagList).toEqual([
      expect.objectContaining({ eventId: forged.id, reason: 'bad_signature_role', device: 'dev-evil' }),
    ]);
    expect(d.timeline.map((e) => e.eventId)).toContain(forged.id);
    expect(d.flags).toBe(1);
    const flagged = await s.t.must<OrderBoard>('order.list', { flagged: true }, s.boss.session.token);
    expect(flagged.items.map((i) => i.id)).toEqual([d.id]);

    // A second order on its way, a release and a rework return: a rebuild gives the very same rows.
    const other = await readyCarOrder(s);
    await s.t.must('order.release', { orderId: other.id }, s.clerk.session.token);
    await refused(s, 'order.release', { orderId: d.id }, s.clerk.session.token);
    const rows = () => readDeskDb(s.t.dir, (db) => db.prepare('SELECT * FROM orders ORDER BY pos').all());
    const before = rows();
    expect(before).toHaveLength(2);
    s.t.core.rebuild();
    expect(rows()).toEqual(before);
    expect(orderRow(s.t, d.id)).toMatchObject({ flags: 1, status: 'in_work' });
  });

  it('judges a signature again when the signer’s staff record arrives after it', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const wiper = d.items[1]!.itemId;
    d = await work(s, d.id, wiper);
    d = await inspect(s, d, wiper, 'self');
    // The admin's other desk enrols a new QC inspector, who signs the final check there.
    const other = new RemoteDevice('dev-other', Date.now() + 60_000, 'GZ', s.admin.id);
    const qcId = newId();
    const created = other.event(`staff:${qcId}`, 'staff.created', {
      name: '孙质检',
      login: 'sun',
      role: 'qc',
      credential: await hashSecret('pin', '482913', null),
    });
    const signed = other.event(`order:${d.id}`, 'order.inspected', {
      inspection: 'final',
      itemId: wiper,
      result: 'pass',
      checklist: checklist('car_repair', 'final', false),
      readingsAfter: {},
      reason: '',
      signatures: [{ signer: qcId, role: 'qc', signedAt: new Date().toISOString() }],
    });
    // The inspection arrives first: its signer is unknown here yet.
    expect(s.t.core.appendEvents([signed]).accepted).toBe(1);
    d = await s.t.must<OrderDetail>('order.get', { orderId: d.id }, s.boss.session.token);
    expect(d.flagList.map((f) => f.reason)).toEqual(['signer_disabled']);
    expect(d.items[1]!.checks.final).toBeNull();
    expect(s.t.core.appendEvents([created]).accepted).toBe(1);
    d = await s.t.must<OrderDetail>('order.get', { orderId: d.id }, s.boss.session.token);
    expect(d.flagList).toEqual([]);
    expect(d.items[1]!.checks.final).toMatchObject({ result: 'pass', current: true });
    const row = orderRow(s.t, d.id);
    s.t.core.rebuild();
    expect(orderRow(s.t, d.id)).toEqual(row);
  });
});
