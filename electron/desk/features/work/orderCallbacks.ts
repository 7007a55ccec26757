/**
 * Work orders' follow-up calls in the callback queue (issue 11): an order
 * released and not yet followed up with the customer reached
 * (`orders.follow_up_open`, migration 0008). Its call is due 3 calendar days
 * after release at the end of that working day, on the branch calendar in
 * force at release. For one calendar the due time never decreases as the
 * release time grows, so walking the partial index by release time walks
 * the calls in due order (a calendar change between releases can swap
 * neighbours by a day at most); the due time and state are derived here.
 *
 * 我的待办 (`work.mine`) lists the calls of the orders the clerk received
 * (`orders.owner`) by the partial index `orders_follow_up_owner` (desk
 * migration 0011), in the same order.
 */
import type Database from 'better-sqlite3';
import type { OrderCallbackItem, OrderCallbackList } from '../../../../shared/contract/methods/work';
import { endOfWorkingDay } from '../../../../shared/domain/deadlines/businessTime';
import { statusAt, type SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import { ORDER_FOLLOW_UP_DAYS } from '../../../../shared/domain/orders/state';
import type { DeskDatabase } from '../../db/open';
import type { WorkClock } from '../../kernel/deadlineSettings';
import { COUNT_CAP } from './queries';
import { preparedOnce } from './statements';

const DAY_MS = 86_400_000;

const ROW = `SELECT o.id, o.number, o.customer_name, o.customer_phone, o.plate, o.owner, s.name AS owner_name,
  o.released_at FROM orders o LEFT JOIN staff s ON s.id = o.owner`;

/** The queue's SQL (exported for the query-plan tests). */
export const ORDER_CALLBACK_SQL = {
  open: `${ROW} WHERE o.follow_up_open = 1 ORDER BY o.released_at, o.pos LIMIT ?`,
  count: `SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.follow_up_open = 1 LIMIT ${COUNT_CAP + 1})`,
  mine: `${ROW} WHERE o.follow_up_open = 1 AND o.owner = ? ORDER BY o.released_at, o.pos LIMIT ?`,
  mineCount: `SELECT count(*) FROM (SELECT 1 FROM orders o WHERE o.follow_up_open = 1 AND o.owner = ?
    LIMIT ${COUNT_CAP + 1})`,
};

const statements = preparedOnce(ORDER_CALLBACK_SQL);

interface Row {
  id: string;
  number: string;
  customer_name: string;
  customer_phone: string;
  plate: string;
  owner: string;
  owner_name: string | null;
  released_at: string;
}

/** The follow-up call's due time for an order released at `releasedMs` (Infinity: the calendar ran out). */
export function orderFollowUpDueMs(settingsAt: SettingsAt, releasedMs: number): number {
  return endOfWorkingDay(settingsAt(releasedMs).calendar, releasedMs + ORDER_FOLLOW_UP_DAYS * DAY_MS);
}

/** The board's follow-up calls: every open one, earliest due first. */
export function orderCallbacks(
  d: DeskDatabase,
  limit: number,
  settingsAt: SettingsAt,
  clock: WorkClock,
): OrderCallbackList {
  const st = statements(d.sqlite);
  const n = Number((st.count as Database.Statement).pluck().get() ?? 0);
  return listOf(st.open.all(limit) as Row[], n, settingsAt, clock);
}

/** The follow-up calls of the orders `staffId` received (我的待办), earliest due first. */
export function myOrderCallbacks(
  d: DeskDatabase,
  staffId: string,
  limit: number,
  settingsAt: SettingsAt,
  clock: WorkClock,
): OrderCallbackList {
  const st = statements(d.sqlite);
  const n = Number((st.mineCount as Database.Statement).pluck().get(staffId) ?? 0);
  return listOf(st.mine.all(staffId, limit) as Row[], n, settingsAt, clock);
}

function listOf(rows: Row[], n: number, settingsAt: SettingsAt, clock: WorkClock): OrderCallbackList {
  const items: OrderCallbackItem[] = rows.map((r) => {
    const due = orderFollowUpDueMs(settingsAt, Date.parse(r.released_at));
    const dueMs = Number.isFinite(due) ? due : null;
    return {
      orderId: r.id,
      orderNumber: r.number,
      customerName: r.customer_name,
      customerPhone: r.customer_phone,
      plate: r.plate,
      owner: r.owner,
      ownerName: r.owner_name ?? '',
      releasedAt: r.released_at,
      dueAt: dueMs === null ? null : new Date(dueMs).toISOString(),
      state: statusAt({ dueMs, metMs: null, endedMs: null }, clock.nowMs, clock.soonMs),
    };
  });
  return { items, count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
