/**
 * Whether the case page's work-orders section means something on this desk
 * (`order.forCase` with `withDesk`): at a desk that never opened a work order
 * (a bank counter) `deskHasOrders` is false and the section is hidden; once
 * the desk holds any order, or the case has linked ones, it is true. Without
 * `withDesk` the answer is as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderSummary } from '../../shared/contract/methods/orders';
import { createCase } from './desk-fixtures';
import { openCarOrder, openShop, type Shop } from './desk-orders-fixtures';

interface ForCase {
  items: OrderSummary[];
  more: boolean;
  deskHasOrders?: boolean;
}

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

describe('order.forCase withDesk', () => {
  it('says whether the desk holds any work order, linked to the case or not', async () => {
    const s = (shop = await openShop());
    const token = s.clerk.session.token;
    const c = await createCase(s.t, token);
    const ask = (input: Record<string, unknown>) =>
      s.t.must<ForCase>('order.forCase', { caseId: c.id, ...input }, token);

    expect(await ask({ withDesk: true })).toEqual({ items: [], more: false, deskHasOrders: false });
    expect(await ask({})).toEqual({ items: [], more: false });

    const o = await openCarOrder(s); // another customer's order: linked to no case
    expect(await ask({ withDesk: true })).toEqual({ items: [], more: false, deskHasOrders: true });

    await s.t.must('order.linkCase', { orderId: o.id, caseId: c.id }, token);
    const linked = await ask({ withDesk: true });
    expect(linked.items.map((x) => x.id)).toEqual([o.id]);
    expect(linked.deskHasOrders).toBe(true);
  });
});
