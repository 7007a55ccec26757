/**
 * Work orders through DeskApi (issue 11, part O3): an order opened with its
 * WO- number, each inspection signed by the right people at that moment,
 * and every refusal (a wrong PIN, a wrong role, the same person twice,
 * consent twice, an item not finished, checks out of order) answered with a
 * clear error and nothing stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import { parseOrderNumber } from '../../shared/domain/orders/number';
import {
  checklist,
  creds,
  eventCount,
  inspect,
  openCarOrder,
  openShop,
  refused,
  work,
  type Shop,
} from './desk-orders-fixtures';

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

const brakeOf = (d: OrderDetail) => d.items.find((i) => i.title.includes('刹车'))!;
const wiperOf = (d: OrderDetail) => d.items.find((i) => i.title.includes('雨刮'))!;

describe('opening an order', () => {
  it('numbers it WO-, marks the brake item safety from the templates, and lists it on the board', async () => {
    const s = (shop = await openShop());
    const d = await openCarOrder(s);
    expect(parseOrderNumber(d.number)).toMatchObject({ branch: 'GZ', device: '01', seq: 1 });
    expect(brakeOf(d).safety).toBe(true);
    expect(wiperOf(d).safety).toBe(false);
    expect(d.status).toBe('open');
    expect(d.gate.ok).toBe(false);
    expect(d.gate.missing.map((g) => g.code)).toContain('item_not_finished');
    const second = await openCarOrder(s);
    expect(parseOrderNumber(second.number)?.seq).toBe(2);
    const board = await s.t.must<{ items: { id: string }[]; counts: { open: { count: number } } }>(
      'order.list',
      { status: 'open' },
      s.clerk.session.token,
    );
    expect(board.items.map((i) => i.id)).toEqual([second.id, d.id]);
    expect(board.counts.open.count).toBe(2);
  });

  it('refuses a team lead opening an order, an unknown trade and missing readings, storing nothing', async () => {
    const s = (shop = await openShop());
    const before = eventCount(s.t);
    const asLead = await s.t.call('order.open', {}, s.lead.session.token);
    expect(asLead.ok).toBe(false);
    const e = await refused(
      s,
      'order.open',
      {
        kind: 'car_repair',
        customer: { name: '张伟', phone: '139' },
        subject: { plate: '粤A1', readingsBefore: {} },
        items: [{ title: '补漆', trade: 'paintt' }],
        promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      s.clerk.session.token,
    );
    expect(e.code).toBe('invalid_input');
    expect(Object.keys(e.fields ?? {})).toEqual(
      expect.arrayContaining(['items.0.trade', 'subject.readingsBefore.mileage']),
    );
    expect(eventCount(s.t)).toBe(before);
  });
});

describe('signed inspections', () => {
  it('takes a self-check signed by a team lead, refuses a wrong PIN, a QC inspector and nothing is stored', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    d = await work(s, d.id, wiperOf(d).itemId);
    const before = eventCount(s.t);
    const base = {
      orderId: d.id,
      itemId: wiperOf(d).itemId,
      inspection: 'self',
      result: 'pass',
      checklist: checklist('car_repair', 'self', false),
    };
    const wrongPin = await refused(
      s,
      'order.inspect',
      { ...base, signers: [{ login: 'lead', secret: 'nope-9' }] },
      s.clerk.session.token,
    );
    expect(wrongPin.code).toBe('bad_credentials');
    expect(wrongPin.message).toContain('签字人');
    const wrongRole = await refused(
      s,
      'order.inspect',
      { ...base, signers: [creds(s.qc)] },
      s.clerk.session.token,
    );
    expect(wrongRole.code).toBe('forbidden');
    expect(eventCount(s.t)).toBe(before);
    d = await s.t.must<OrderDetail>(
      'order.inspect',
      { ...base, signers: [creds(s.lead)] },
      s.clerk.session.token,
    );
    expect(wiperOf(d).checks.self).toMatchObject({ result: 'pass', current: true });
    expect(wiperOf(d).checks.self?.signatures).toEqual([
      expect.objectContaining({ signer: s.lead.id, role: 'lead' }),
    ]);
    expect(eventCount(s.t)).toBe(before + 1);
  });

  it('needs a lead and a QC, two people, for the process check of a safety item', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const brake = brakeOf(d).itemId;
    d = await work(s, d.id, brake);
    d = await inspect(s, d, brake, 'self');
    const before = eventCount(s.t);
    const base = {
      orderId: d.id,
      itemId: brake,
      inspection: 'process',
      result: 'pass',
      checklist: checklist('car_repair', 'process', true),
    };
    const one = await refused(
      s,
      'order.inspect',
      { ...base, signers: [creds(s.lead)] },
      s.clerk.session.token,
    );
    expect(one.code).toBe('invalid_input');
    expect(one.fields?.signers).toContain('2');
    const twoLeads = await refused(
      s,
      'order.inspect',
      { ...base, signers: [creds(s.lead), creds(s.lead2)] },
      s.clerk.session.token,
    );
    expect(twoLeads.code).toBe('forbidden');
    expect(Object.keys(twoLeads.fields ?? {})).toEqual(['signers.1.login']);
    const samePerson = await refused(
      s,
      'order.inspect',
      { ...base, signers: [creds(s.lead), creds(s.lead)] },
      s.clerk.session.token,
    );
    expect(samePerson.message).toMatch(/同一人/);
    const adminAsQc = await refused(
      s,
      'order.inspect',
      { ...base, signers: [creds(s.lead), creds(s.admin)] },
      s.clerk.session.token,
    );
    expect(adminAsQc.code).toBe('forbidden');
    expect(eventCount(s.t)).toBe(before);
    d = await s.t.must<OrderDetail>(
      'order.inspect',
      { ...base, signers: [creds(s.lead), creds(s.qc)] },
      s.clerk.session.token,
    );
    expect(brakeOf(d).checks.process?.signatures.map((x) => x.role)).toEqual(['lead', 'qc']);
  });

  it('refuses a final check before the checks that come first, on an unfinished item, and by a lead', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const brake = brakeOf(d).itemId;
    const before = eventCount(s.t);
    const final = {
      orderId: d.id,
      itemId: brake,
      inspection: 'final',
      result: 'pass',
      checklist: checklist('car_repair', 'final', true),
      signers: [creds(s.qc)],
    };
    expect((await refused(s, 'order.inspect', final, s.clerk.session.token)).message).toContain('还没有完工');
    d = await work(s, d.id, brake);
    d = await inspect(s, d, brake, 'self');
    const early = await refused(s, 'order.inspect', final, s.clerk.session.token);
    expect(early.message).toContain('过程检');
    d = await inspect(s, d, brake, 'process');
    const byLead = await refused(
      s,
      'order.inspect',
      { ...final, signers: [creds(s.lead)] },
      s.clerk.session.token,
    );
    expect(byLead.code).toBe('forbidden');
    expect(eventCount(s.t)).toBe(before + 4); // start, finish, self, process
    d = await inspect(s, d, brake, 'final');
    expect(brakeOf(d).checks.final).toMatchObject({ result: 'pass', current: true });
  });

  it('sends a failed item back for rework and makes the earlier passes stale', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const wiper = wiperOf(d).itemId;
    d = await work(s, d.id, wiper);
    d = await inspect(s, d, wiper, 'self');
    d = await inspect(s, d, wiper, 'final', 'fail');
    expect(wiperOf(d)).toMatchObject({ status: 'rework', failures: 1 });
    expect(d.gate.missing).toContainEqual(
      expect.objectContaining({ code: 'final_check_failed', itemId: wiper }),
    );
    d = await work(s, d.id, wiper);
    expect(wiperOf(d).checks.self?.current).toBe(false);
    expect(d.gate.missing.map((g) => g.code)).toContain('self_check_missing');
  });

  it('needs the QC inspector to accept a hand-over between trades', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const wiper = wiperOf(d).itemId;
    await s.t.must('order.startItem', { orderId: d.id, itemId: wiper }, s.lead.session.token);
    const before = eventCount(s.t);
    // Starting it again under another trade would skip the inspector: refused, in both languages.
    const restart = { orderId: d.id, itemId: wiper, trade: 'electrical' };
    const skip = await refused(s, 'order.startItem', restart, s.lead.session.token);
    expect(skip.fields?.trade).toContain('请办理交接，由质检员确认');
    const skipEn = await s.t.call('order.startItem', restart, s.lead.session.token, 'en');
    expect(!skipEn.ok && skipEn.error.fields?.trade).toContain('hand it over; a QC inspector accepts it');
    expect(eventCount(s.t)).toBe(before);
    const hand = { orderId: d.id, itemId: wiper, toTrade: 'electrical' };
    const byLead = await refused(
      s,
      'order.handItem',
      { ...hand, signer: creds(s.lead) },
      s.clerk.session.token,
    );
    expect(byLead.code).toBe('forbidden');
    expect(byLead.fields).toHaveProperty('signer.login');
    expect(eventCount(s.t)).toBe(before);
    d = await s.t.must<OrderDetail>(
      'order.handItem',
      { ...hand, signer: creds(s.qc) },
      s.clerk.session.token,
    );
    expect(wiperOf(d)).toMatchObject({ trade: 'electrical', quotedTrade: 'mechanical', status: 'in_work' });
  });
});

describe('added items and consent', () => {
  it('records the customer’s answer once; a second answer is refused and nothing is stored', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    d = await s.t.must<OrderDetail>(
      'order.addItem',
      { orderId: d.id, item: { title: '左前轮胎鼓包更换', trade: 'tyres', labourFen: 3000 } },
      s.clerk.session.token,
    );
    const tyre = d.items.find((i) => i.origin === 'found')!;
    expect(tyre).toMatchObject({ status: 'waiting_consent', safety: true });
    expect(d.gate.missing).toContainEqual(
      expect.objectContaining({ code: 'consent_pending', itemId: tyre.itemId }),
    );
    const startEarly = await refused(
      s,
      'order.startItem',
      { orderId: d.id, itemId: tyre.itemId },
      s.lead.session.token,
    );
    expect(startEarly.message).toContain('客户尚未同意');
    const consent = { orderId: d.id, itemId: tyre.itemId, consent: 'given', how: 'phone' };
    d = await s.t.must<OrderDetail>('order.recordConsent', consent, s.clerk.session.token);
    const before = eventCount(s.t);
    const twice = await refused(
      s,
      'order.recordConsent',
      { ...consent, consent: 'refused' },
      s.clerk.session.token,
    );
    expect(twice.code).toBe('invalid_state');
    expect(twice.message).toContain('已经记录为“同意”');
    const en = await s.t.call('order.recordConsent', consent, s.clerk.session.token, 'en');
    expect(!en.ok && en.error.message).toContain('already recorded (agreed)');
    const notNeeded = await refused(
      s,
      'order.recordConsent',
      { ...consent, itemId: wiperOf(d).itemId },
      s.clerk.session.token,
    );
    expect(notNeeded.code).toBe('invalid_state');
    expect(eventCount(s.t)).toBe(before);
  });
});
