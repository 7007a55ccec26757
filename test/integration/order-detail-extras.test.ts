/**
 * What the order view reads from `order.get` beyond the fold's facts
 * (issue 11): the follow-up call's state by the DESK's clock
 * (`followUpState`, judged as the callback queue judges it: pending, then
 * overdue once the desk's clock passes the due time, met once a call
 * reached the customer; null before the release), and the part
 * substitutions per item with the QC inspector's signature when the item is
 * a safety item (the items card shows them under the item).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import type { Session } from '../../shared/contract/methods/staff';
import { openTestDesk } from './desk-fixtures';
import {
  carOrderInput,
  creds,
  deskSide,
  person,
  readingsFor,
  workAndPass,
  type Shop,
} from './desk-orders-fixtures';

/** A local time in the branch's zone (Asia/Shanghai). */
const at = (local: string) => Date.parse(`${local}:00+08:00`);
const DAY = 86_400_000;
/** Signing in and every signature hash a password: slow on a busy machine. */
const SLOW = 180_000;

let open: Shop[] = [];
afterEach(() => {
  for (const s of open) s.t.close();
  open = [];
});

async function shopAt(start: string) {
  const clock = { t: at(start) };
  const t = await openTestDesk({ now: () => clock.t, sync: false, deadlines: { timers: false } });
  const s: Shop = {
    t,
    clerk: await person(t, 'counter', 'clerk'),
    lead: await person(t, 'lead', 'lead'),
    lead2: await person(t, 'lead', 'leadtwo'),
    qc: await person(t, 'qc', 'qc'),
    qc2: await person(t, 'qc', 'qctwo'),
    boss: await person(t, 'supervisor', 'boss'),
    admin: { id: t.admin.staff.id, login: 'admin', secret: '246810', session: t.admin },
  };
  open.push(s);
  const opened = async (): Promise<OrderDetail> => {
    const base = carOrderInput();
    // The wipers quoted by brand, so a substitution can replace them (it replaces a quoted part).
    const items = base.items.map((i) =>
      i.title === '更换雨刮' ? { ...i, parts: [{ name: '博世雨刮', qty: 1, unitFen: 8000 }] } : i,
    );
    const input = { ...base, items };
    const subject = { ...input.subject, readingsBefore: readingsFor('car_repair') };
    const promisedAt = new Date(clock.t + 2 * DAY).toISOString();
    return t.must<OrderDetail>('order.open', { ...input, subject, promisedAt }, s.clerk.session.token);
  };
  return {
    s,
    opened,
    /** Moves the desk's clock; the clerk signs in again (sessions idle out). */
    set: async (ms: number) => {
      clock.t = ms;
      s.clerk.session.token = (
        await t.must<Session>('auth.signIn', { login: s.clerk.login, secret: s.clerk.secret })
      ).token;
    },
    get: (orderId: string) => t.must<OrderDetail>('order.get', { orderId }, s.clerk.session.token),
  };
}

describe('order.get: the follow-up state by the desk clock, the substitutions per item', () => {
  it(
    'followUpState: null before release, pending, overdue when the desk clock passes the due time, met once reached',
    async () => {
      // Monday 9 March 2026, 10:00 (default calendar, Mon-Fri): due on Thursday at the close.
      const r = await shopAt('2026-03-09T10:00');
      let d = await r.opened();
      expect(d.followUpState).toBeNull();
      for (const it of d.items) d = await workAndPass(r.s, d.id, it.itemId);
      d = await deskSide(r.s, d);
      expect(d.followUpState).toBeNull();
      d = await r.s.t.must<OrderDetail>('order.release', { orderId: d.id }, r.s.clerk.session.token);
      expect(d.followUpState).toBe('pending');
      const due = Date.parse(d.followUpDueAt ?? '');

      // Only the desk's clock moves (a window's clock plays no part): a minute past due, overdue.
      await r.set(due + 60_000);
      expect((await r.get(d.id)).followUpState).toBe('overdue');

      // A call that did not reach the customer leaves it overdue; one that did, met (late).
      let f = await r.s.t.must<OrderDetail>(
        'order.followUp.record',
        { orderId: d.id, outcome: 'no_answer', reachedWho: '', satisfaction: null },
        r.s.clerk.session.token,
      );
      expect(f.followUpState).toBe('overdue');
      f = await r.s.t.must<OrderDetail>(
        'order.followUp.record',
        { orderId: d.id, outcome: 'reached', reachedWho: '本人', satisfaction: 5 },
        r.s.clerk.session.token,
      );
      expect(f.followUpState).toBe('met_late');
      expect((await r.get(d.id)).followUpState).toBe('met_late');
    },
    SLOW,
  );

  it(
    'substitutions: each with its item, what replaced what, and the QC signature on a safety item',
    async () => {
      const r = await shopAt('2026-03-09T10:00');
      let d = await r.opened();
      const brakes = d.items.find((i) => i.title === '更换前刹车片');
      const wipers = d.items.find((i) => i.title === '更换雨刮');
      expect(brakes?.safety).toBe(true);
      expect(wipers?.safety).toBe(false);
      d = await r.s.t.must<OrderDetail>(
        'order.approveSubstitution',
        {
          orderId: d.id,
          itemId: wipers?.itemId,
          original: '博世雨刮',
          substitute: '法雷奥雨刮',
          customerApproved: true,
        },
        r.s.clerk.session.token,
      );
      d = await r.s.t.must<OrderDetail>(
        'order.approveSubstitution',
        {
          orderId: d.id,
          itemId: brakes?.itemId,
          original: '刹车片',
          substitute: '刹车片(副厂)',
          customerApproved: true,
          signer: creds(r.s.qc),
        },
        r.s.clerk.session.token,
      );
      const got = await r.get(d.id);
      expect(got.substitutions).toEqual([
        expect.objectContaining({
          itemId: wipers?.itemId,
          original: '博世雨刮',
          substitute: '法雷奥雨刮',
          approvedBy: null,
        }),
        expect.objectContaining({
          itemId: brakes?.itemId,
          original: '刹车片',
          substitute: '刹车片(副厂)',
          approvedBy: expect.objectContaining({ signer: r.s.qc.id, role: 'qc' }),
        }),
      ]);
      for (const x of got.substitutions) expect(Number.isNaN(Date.parse(x.at))).toBe(false);
    },
    SLOW,
  );
});
