/**
 * What the order desk refuses and accepts that a review found wrong (stop
 * 35): a substitution for a part the item never quoted (it let any quantity
 * of a substitute past the release gate), readings below zero or a
 * percentage over 100, an order number typed in full-width characters or
 * lower case, and an item back for rework handed to another trade. And a
 * hand-over or a substitution on a released order is refused before the
 * signer's PIN is checked: a wrong PIN there counted towards the signer's
 * lockout for an act that could never be recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import {
  carOrderInput,
  checklist,
  creds,
  eventCount,
  inspect,
  openCarOrder,
  openShop,
  readingsFor,
  readyCarOrder,
  refused,
  work,
  type Shop,
} from './desk-orders-fixtures';

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

const fullWidth = (s: string) =>
  s.replace(/[A-Z0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('order desk refusals', () => {
  it('refuses a substitution for a part the item never quoted, naming it, in both languages', async () => {
    const s = (shop = await openShop());
    const d = await openCarOrder(s);
    const wiper = d.items[1]!;
    const sub = {
      orderId: d.id,
      itemId: wiper.itemId,
      original: '根本不存在',
      substitute: '雨刮片(副厂)',
      customerApproved: true,
    };
    const before = eventCount(s.t);
    const zh = await refused(s, 'order.approveSubstitution', sub, s.clerk.session.token);
    expect(zh.code).toBe('invalid_input');
    expect(zh.fields?.original).toBe('“根本不存在”不在这个项目的报价配件里。请选择报价单上被代用的配件。');
    const en = await s.t.call('order.approveSubstitution', sub, s.clerk.session.token, 'en');
    expect(!en.ok && en.error.fields?.original).toContain('is not a quoted part of this item');
    expect(eventCount(s.t)).toBe(before);
  });

  it('refuses a negative reading and a percentage over 100, naming the reading', async () => {
    const s = (shop = await openShop());
    const base = carOrderInput();
    const open = (readingsBefore: Record<string, number | string>) =>
      s.t.call(
        'order.open',
        { ...base, subject: { ...base.subject, readingsBefore } },
        s.clerk.session.token,
      );
    const before = eventCount(s.t);
    const r = await open({ ...readingsFor('car_repair'), mileage: -12000, fuel: 500 });
    expect(r.ok).toBe(false);
    const fields = r.ok ? {} : (r.error.fields ?? {});
    expect(fields['subject.readingsBefore.mileage']).toMatch(/不能是负数/);
    expect(fields['subject.readingsBefore.fuel']).toMatch(/0 到 100/);
    expect(eventCount(s.t)).toBe(before);
    expect((await open({ ...readingsFor('car_repair'), mileage: 0, fuel: 100 })).ok).toBe(true);
  });

  it('finds an order by its number typed in full-width characters or lower case, for a rework return too', async () => {
    const s = (shop = await openShop());
    const first = await readyCarOrder(s);
    await s.t.must('order.release', { orderId: first.id }, s.clerk.session.token);
    for (const typed of [fullWidth(first.number), first.number.toLowerCase()]) {
      const got = await s.t.must<OrderDetail>('order.get', { number: typed }, s.clerk.session.token);
      expect(got.id).toBe(first.id);
    }
    const back = await s.t.must<OrderDetail>(
      'order.returnForRework',
      {
        originalNumber: fullWidth(first.number),
        items: [{ title: '刹车异响', trade: 'mechanical' }],
        readingsBefore: readingsFor('car_repair'),
        promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      s.clerk.session.token,
    );
    expect(back.reworkOfOrder?.number).toBe(first.number);
  });

  it('hands an item back for rework after a failed check to another trade, with the QC inspector', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const wiper = d.items[1]!;
    d = await work(s, d.id, wiper.itemId);
    d = await inspect(s, d, wiper.itemId, 'self', 'fail');
    expect(d.items[1]!.status).toBe('rework');
    d = await s.t.must<OrderDetail>(
      'order.handItem',
      { orderId: d.id, itemId: wiper.itemId, toTrade: 'electrical', signer: creds(s.qc) },
      s.clerk.session.token,
    );
    expect(d.items[1]).toMatchObject({ trade: 'electrical', status: 'in_work' });
    expect(d.flagList).toEqual([]);
  });

  it('refuses a hand-over, a substitution or a failed check on a released order before checking any PIN', async () => {
    const s = (shop = await openShop());
    const d = await readyCarOrder(s);
    await s.t.must('order.release', { orderId: d.id }, s.clerk.session.token);
    const wiper = d.items[1]!;
    const wrongPin = { login: s.qc.login, secret: 'wrong-pin-0000' };
    const before = eventCount(s.t);
    for (let i = 0; i < 6; i++) {
      const hand = await refused(
        s,
        'order.handItem',
        { orderId: d.id, itemId: wiper.itemId, toTrade: 'electrical', signer: wrongPin },
        s.clerk.session.token,
      );
      expect(hand.code).toBe('invalid_state');
      expect(hand.message).toContain('工单已出厂');
    }
    const sub = await refused(
      s,
      'order.approveSubstitution',
      {
        orderId: d.id,
        itemId: d.items[0]!.itemId,
        original: d.items[0]!.parts[0]!.name,
        substitute: '副厂刹车片',
        customerApproved: true,
        signer: wrongPin,
      },
      s.clerk.session.token,
    );
    expect(sub.code).toBe('invalid_state');
    for (let i = 0; i < 6; i++) {
      const fail = await refused(
        s,
        'order.inspect',
        {
          orderId: d.id,
          itemId: wiper.itemId,
          inspection: 'final',
          result: 'fail',
          checklist: {
            ...checklist('car_repair', 'final', false),
            [Object.keys(checklist('car_repair', 'final', false))[0]!]: false,
          },
          readingsAfter: {},
          reason: '客户投诉雨刮异响',
          signers: [wrongPin],
        },
        s.clerk.session.token,
      );
      expect(fail.code).toBe('invalid_state');
      expect(fail.message).toContain('出厂后记录了检验不合格');
    }
    expect(eventCount(s.t)).toBe(before);
    // Six wrong PINs would have locked the inspector's login; it signs in as ever.
    const signIn = await s.t.call('auth.signIn', { login: s.qc.login, secret: s.qc.secret });
    expect(signIn.ok).toBe(true);
  });

  it('refuses a part without a name on a new order, an added item and a reconciliation, naming the line', async () => {
    const s = (shop = await openShop());
    const base = carOrderInput();
    const blankPart = { name: '   ', qty: 2, unitFen: 1500 };
    const before = eventCount(s.t);
    const open = await refused(
      s,
      'order.open',
      {
        ...base,
        subject: { ...base.subject, readingsBefore: readingsFor('car_repair') },
        items: [{ ...base.items[0]!, parts: [base.items[0]!.parts[0]!, blankPart] }],
      },
      s.clerk.session.token,
    );
    expect(open.code).toBe('invalid_input');
    expect(open.fields?.['items.0.parts.1.name']).toBe('不能为空。');
    expect(eventCount(s.t)).toBe(before);

    const d = await openCarOrder(s);
    const afterOpen = eventCount(s.t);
    const add = await refused(
      s,
      'order.addItem',
      {
        orderId: d.id,
        item: { title: '更换空调滤芯', trade: 'mechanical', labourFen: 3000, parts: [blankPart] },
      },
      s.clerk.session.token,
    );
    expect(add.code).toBe('invalid_input');
    expect(Object.keys(add.fields ?? {})).toContain('item.parts.0.name');
    const reconcile = await refused(
      s,
      'order.reconcileParts',
      { orderId: d.id, used: [{ ...blankPart, itemId: d.items[0]!.itemId }], matches: false },
      s.clerk.session.token,
    );
    expect(Object.keys(reconcile.fields ?? {})).toContain('used.0.name');
    expect(eventCount(s.t)).toBe(afterOpen);
  });
});
