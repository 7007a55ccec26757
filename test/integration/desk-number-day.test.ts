/**
 * Case and work-order numbers carry the branch's calendar date (the time zone
 * of its business calendar, Asia/Shanghai unless set otherwise), not the date
 * of the computer's own clock setting: a counter PC left on UTC opening a case
 * at 07:30 Beijing time still numbers it with that Beijing day.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { OrderDetail } from '../../shared/contract/methods/orderViews';
import { createCase } from './desk-fixtures';
import { clockedShop, openCarOrder, type ClockedShop } from './desk-orders-fixtures';

let shop: ClockedShop | null = null;
let tz: string | undefined;
beforeEach(() => {
  tz = process.env.TZ;
  process.env.TZ = 'UTC'; // the computer's zone: not the branch's
});
afterEach(() => {
  shop?.s.t.close();
  shop = null;
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('numbers by the branch calendar date', () => {
  it('numbers a case and an order opened at 07:30 Beijing time (23:30 UTC the day before) with the Beijing day', async () => {
    shop = await clockedShop(Date.parse('2026-11-30T07:30:00+08:00'));
    expect(new Date(shop.clock.t).getDate()).toBe(29); // the computer's own date is still the 29th
    const c: CaseDetail = await createCase(shop.s.t, shop.s.clerk.session.token);
    expect(c.number).toBe('GZ01-20261130-0001');
    const o: OrderDetail = await openCarOrder(shop.s);
    expect(o.number).toBe('WO-GZ01-20261130-0001');
  });
});
