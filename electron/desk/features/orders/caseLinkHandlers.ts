/**
 * Linking a complaint case and a work order, from either side (issue 11,
 * item 5; docs/repair.md "Linked cases"): `order.linkCase` takes the order
 * and the case each by id or by number (clerks know numbers), and
 * `order.forCase` lists a case's orders from `order_case_links`.
 */
import type { orderMethods } from '../../../../shared/contract/methods/orders';
import { err, ok } from '../../../../shared/contract/result';
import type { HandlersFor } from '../../kernel/handler';
import { caseIdOfNumber, caseKnown } from './caseLinks';
import type { Fields } from './items';
import { messages } from './messages';
import { orderIdOfNumber, SUMMARY_COLS, summaryOf, type SummaryRow } from './queries';
import { failWith, writeOrder } from './write';

/**
 * A case's orders, newest first, straight from the primary key (case_id,
 * order_pos) of `order_case_links`, each order row by its rowid: no scan, no
 * sort (test/integration/order-case-links.test.ts checks the plan). Binds
 * the case id and the row limit.
 */
export const ORDERS_OF_CASE = `${SUMMARY_COLS} FROM order_case_links l CROSS JOIN orders o ON o.pos = l.order_pos
  LEFT JOIN staff s ON s.id = o.owner
  WHERE l.case_id = ? ORDER BY l.order_pos DESC LIMIT ?`;

/** Whether the desk holds any work order: one step into the orders table. */
export const ANY_ORDER = 'SELECT 1 FROM orders LIMIT 1';

type LinkMethods = Pick<typeof orderMethods, 'order.linkCase' | 'order.forCase'>;

export const caseLinkHandlers: HandlersFor<LinkMethods> = {
  'order.linkCase': (input, ctx) => {
    // Each unknown number is said under its own field; nothing is stored.
    const fields: Fields = {};
    let orderId = input.orderId ?? null;
    if (input.orderNumber !== undefined) {
      orderId = orderIdOfNumber(ctx.desk, input.orderNumber);
      if (orderId === null) {
        fields.orderNumber = messages.msg(ctx.locale, 'orderNumberNotFound', { number: input.orderNumber });
      }
    }
    let caseId = input.caseId ?? null;
    if (input.caseNumber !== undefined) {
      caseId = caseIdOfNumber(ctx.desk, input.caseNumber);
      if (caseId === null) {
        fields.caseNumber = messages.msg(ctx.locale, 'caseNumberNotFound', { number: input.caseNumber });
      }
    } else if (caseId !== null && !caseKnown(ctx.desk, caseId)) {
      return failWith(ctx, 'not_found', 'caseNotFound');
    }
    const first = Object.values(fields)[0];
    if (first !== undefined) return err('not_found', first, fields);
    if (orderId === null || caseId === null) return failWith(ctx, 'not_found', 'orderNotFound');
    const linked = caseId;
    return writeOrder(ctx, orderId, (state) =>
      // Linked already: nothing to record (the fold keeps one link per case).
      state.caseIds.includes(linked)
        ? null
        : { specs: [{ type: 'order.case_linked', payload: { caseId: linked } }] },
    );
  },

  'order.forCase': (input, ctx) => {
    const rows = ctx.desk.d.sqlite.prepare(ORDERS_OF_CASE).all(input.caseId, input.limit + 1) as SummaryRow[];
    const more = rows.length > input.limit;
    const items = (more ? rows.slice(0, input.limit) : rows).map(summaryOf);
    if (!input.withDesk) return ok({ items, more });
    const deskHasOrders = items.length > 0 || ctx.desk.d.sqlite.prepare(ANY_ORDER).get() !== undefined;
    return ok({ items, more, deskHasOrders });
  },
};
