/**
 * What the order view and the board need from the desk (issue 11, round 4):
 * the responsibility decision on a rework return is a supervisor's or an
 * administrator's (a counter clerk, a team lead and a QC inspector are
 * refused `forbidden` and nothing is stored), and the board's rows name the
 * distinct flag reasons (`flagReasons`) so the serious conflicts can be named
 * without opening the order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBoard, OrderDetail } from '../../shared/contract/methods/orders';
import { RemoteDevice } from './desk-fixtures';
import {
  deskSide,
  eventCount,
  openCarOrder,
  openShop,
  readingsFor,
  refused,
  workAndPass,
  type Shop,
} from './desk-orders-fixtures';

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

async function reworkReturn(s: Shop): Promise<OrderDetail> {
  let d = await openCarOrder(s);
  for (const it of d.items) d = await workAndPass(s, d.id, it.itemId);
  d = await deskSide(s, d);
  await s.t.must('order.release', { orderId: d.id }, s.clerk.session.token);
  return s.t.must<OrderDetail>(
    'order.returnForRework',
    {
      originalNumber: d.number,
      items: [{ title: '刹车异响', trade: 'mechanical' }],
      readingsBefore: readingsFor('car_repair'),
      promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
    s.clerk.session.token,
  );
}

describe('the responsibility decision on a rework return', () => {
  it('is refused to the counter, a team lead and a QC inspector, storing nothing; a supervisor and an admin decide', async () => {
    const s = (shop = await openShop());
    const r = await reworkReturn(s);
    expect(r.reworkOf).not.toBeNull();
    const decide = {
      orderId: r.id,
      responsible: '配件供应商',
      severity: 'serious',
      note: '刹车片批次有问题',
    };
    const before = eventCount(s.t);
    for (const who of [s.clerk, s.lead, s.qc]) {
      const e = await refused(s, 'order.decideResponsibility', decide, who.session.token);
      expect(e.code).toBe('forbidden');
    }
    expect(eventCount(s.t)).toBe(before);
    const seen = await s.t.must<OrderDetail>('order.get', { orderId: r.id }, s.clerk.session.token);
    expect(seen.responsibility).toBeNull();
    expect(seen.timeline.map((e) => e.type)).not.toContain('order.responsibility_decided');

    let d = await s.t.must<OrderDetail>('order.decideResponsibility', decide, s.boss.session.token);
    expect(d.responsibility).toMatchObject({
      responsible: '配件供应商',
      severity: 'serious',
      note: '刹车片批次有问题',
      actor: s.boss.id,
    });
    expect(eventCount(s.t)).toBe(before + 1);
    // A later decision replaces it (the administrator's, a team lead's name).
    d = await s.t.must<OrderDetail>(
      'order.decideResponsibility',
      { orderId: r.id, responsible: 'lead lead', severity: 'minor', note: '' },
      s.admin.session.token,
    );
    expect(d.responsibility).toMatchObject({
      responsible: 'lead lead',
      severity: 'minor',
      actor: s.admin.id,
    });
  });
});

describe('the board names the flags', () => {
  it('gives each row its distinct flag reasons, empty on an unflagged order', async () => {
    const s = (shop = await openShop());
    const quiet = await openCarOrder(s);
    const d = await openCarOrder(s);
    // The clerk's other desk, offline, releases the order before anything was worked: twice.
    const other = new RemoteDevice('dev-other', Date.now() + 60_000, 'GZ', s.clerk.id);
    const release = () =>
      other.event(`order:${d.id}`, 'order.released', { warrantyMonths: 3, nextService: '', note: '' });
    expect(s.t.core.appendEvents([release(), release()]).accepted).toBe(2);

    const board = await s.t.must<OrderBoard>('order.list', {}, s.boss.session.token);
    const row = board.items.find((i) => i.id === d.id);
    expect(row?.flags).toBe(2);
    expect(row?.flagReasons).toEqual(['released_past_failure', 'released_twice']);
    expect(board.items.find((i) => i.id === quiet.id)?.flagReasons).toEqual([]);
    // The same on a text search (another query), and in the order's view.
    const found = await s.t.must<OrderBoard>('order.list', { text: d.number }, s.boss.session.token);
    expect(found.items.map((i) => i.flagReasons)).toEqual([['released_past_failure', 'released_twice']]);
    const view = await s.t.must<OrderDetail>('order.get', { orderId: d.id }, s.boss.session.token);
    expect(view.flagReasons).toEqual(['released_past_failure', 'released_twice']);
  });
});
