/**
 * Reading work orders: the board (order.list: by status, filtered, newest
 * first, with counts per status capped like the work queue's) and one
 * order's folded state. Reads the projection (`orders`, migration 0008);
 * one order's view (order.get) is ./detail.ts.
 */
import type Database from 'better-sqlite3';
import type { OrderBoard, OrderSummary, OrderListQuery } from '../../../../shared/contract/methods/orders';
import { ORDER_STATUSES } from '../../../../shared/contract/methods/orders';
import type { z } from 'zod';
import type { OrderState } from '../../../../shared/domain/orders/state';
import type { Desk } from '../../kernel/desk';
import { filterMatch, orderTextMatch } from './search';
import { normalizeNumber } from './caseLinks';

/** Counts per status stop here (`capped`), as the work queue's (features/work/queries.ts). */
export const ORDER_COUNT_CAP = 1_000;

export interface SummaryRow {
  pos: number;
  id: string;
  number: string;
  kind: string;
  status: string;
  customer_name: string;
  customer_phone: string;
  plate: string;
  vin_serial: string;
  promised_at: string;
  received_at: string;
  flags: number;
  flag_list: string | null;
  failures: number;
  released_at: string | null;
  rework_of: string | null;
  owner: string;
  owner_name: string | null;
  updated_at: string;
}

/**
 * The flags' distinct reasons come from the row's folded state, read only for
 * a flagged row (`flags > 0`: few; SQLite reads a column when it is asked
 * for, so an unflagged row's state is not read): the flags as JSON, their
 * reasons picked here. No column of its own, and no subquery in the board's
 * plans.
 */
const FLAG_REASONS = `CASE WHEN o.flags > 0 THEN json_extract(o.state, '$.flags') END AS flag_list`;
export const SUMMARY_COLS = `SELECT o.pos, o.id, o.number, o.kind, o.status, o.customer_name, o.customer_phone, o.plate,
  o.vin_serial, o.promised_at, o.received_at, o.flags, ${FLAG_REASONS}, o.failures, o.released_at, o.rework_of,
  o.owner, s.name AS owner_name, o.updated_at`;
export const SUMMARY = `${SUMMARY_COLS} FROM orders o LEFT JOIN staff s ON s.id = o.owner`;
/**
 * With a text filter the candidates come from the gram index, newest first
 * (`order_search`, ./search.ts), each joined to its row and re-checked with the
 * LIKE; CROSS JOIN keeps the index the outer loop.
 */
const SEARCH_FROM = 'FROM order_search f CROSS JOIN orders o ON o.pos = f.rowid';

/** The distinct reasons of a row's flags (`flag_list`: its state's flags as JSON, null when none), sorted. */
function flagReasons(list: string | null): string[] {
  if (list === null) return [];
  const flags = JSON.parse(list) as { reason: string }[];
  return [...new Set(flags.map((f) => f.reason))].sort();
}

export function summaryOf(r: SummaryRow): OrderSummary {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status as OrderSummary['status'],
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
    plate: r.plate,
    vinOrSerial: r.vin_serial,
    promisedAt: r.promised_at,
    receivedAt: r.received_at,
    flags: r.flags,
    flagReasons: flagReasons(r.flag_list),
    failures: r.failures,
    releasedAt: r.released_at,
    reworkOf: r.rework_of,
    owner: r.owner,
    ownerName: r.owner_name ?? '',
    updatedAt: r.updated_at,
  };
}

export function encodeOrderCursor(pos: number): string {
  return Buffer.from(`o${pos}`, 'utf8').toString('base64url');
}

export function decodeOrderCursor(cursor: string): number | null {
  const m = /^o(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

const likeText = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The board: one page of orders, newest first, and the counts per status under the same filters. */
export function listOrders(
  desk: Pick<Desk, 'd'>,
  q: z.output<typeof OrderListQuery>,
): OrderBoard | 'bad_cursor' {
  const where: string[] = [];
  const args: Record<string, string | number> = {};
  if (q.owner !== undefined) {
    where.push('o.owner = @owner');
    args.owner = q.owner;
  }
  if (q.kind !== undefined) {
    where.push('o.kind = @kind');
    args.kind = q.kind;
  }
  if (q.flagged === true) where.push('o.flags > 0');
  if (q.flagged === false) where.push('o.flags = 0');
  if (q.rework === true) where.push('o.rework_of IS NOT NULL');
  if (q.rework === false) where.push('o.rework_of IS NULL');
  // The text filter's MATCH without and with the status token (null: no text filter).
  let match: string | null = null;
  if (q.text !== undefined && q.text !== '') {
    match = orderTextMatch(q.text);
    where.push(
      `(o.number LIKE @text ESCAPE '\\' OR o.customer_name LIKE @text ESCAPE '\\' OR o.customer_phone LIKE @text ESCAPE '\\'
        OR o.plate LIKE @text ESCAPE '\\' OR o.vin_serial LIKE @text ESCAPE '\\')`,
    );
    args.text = likeText(q.text);
  }
  const rowsWhere = [...where];
  if (q.status !== undefined) {
    rowsWhere.push('o.status = @status');
    args.status = q.status;
  }
  if (match !== null) {
    // The other filters' tokens narrow the candidates too (each is re-checked by its condition).
    const filters = { owner: q.owner, kind: q.kind, flagged: q.flagged, rework: q.rework };
    where.push('order_search MATCH @match');
    rowsWhere.push('order_search MATCH @rowsMatch');
    args.rowsMatch = `${match}${filterMatch({ ...filters, status: q.status })}`;
    match = `${match}${filterMatch(filters)}`;
  }
  if (q.cursor !== undefined) {
    const pos = decodeOrderCursor(q.cursor);
    if (pos === null) return 'bad_cursor';
    rowsWhere.push(match !== null ? 'f.rowid < @cursor' : 'o.pos < @cursor');
    args.cursor = pos;
  }
  const s = desk.d.sqlite;
  const clause = (w: string[]) => (w.length > 0 ? `WHERE ${w.join(' AND ')}` : '');
  const rowsSql =
    match === null
      ? `${SUMMARY} ${clause(rowsWhere)} ORDER BY o.pos DESC LIMIT @limit`
      : `${SUMMARY_COLS} ${SEARCH_FROM} LEFT JOIN staff s ON s.id = o.owner ${clause(rowsWhere)}
         ORDER BY f.rowid DESC LIMIT @limit`;
  const rows = s.prepare(rowsSql).all({ ...args, limit: q.limit + 1 }) as SummaryRow[];
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const countSt = s.prepare(
    `SELECT count(*) FROM (SELECT 1 ${match === null ? 'FROM orders o' : SEARCH_FROM} ${clause([...where, 'o.status = @st'])}
      LIMIT ${ORDER_COUNT_CAP + 1})`,
  ) as Database.Statement<Record<string, string | number>, number>;
  const countArgs = { ...args };
  delete countArgs.status;
  delete countArgs.cursor;
  delete countArgs.rowsMatch;
  const counts = Object.fromEntries(
    ORDER_STATUSES.map((st) => {
      const m: Record<string, string> =
        match === null ? {} : { match: `${match}${filterMatch({ status: st })}` };
      const n = Number(countSt.pluck().get({ ...countArgs, ...m, st }) ?? 0);
      return [st, { count: Math.min(n, ORDER_COUNT_CAP), capped: n > ORDER_COUNT_CAP }];
    }),
  ) as OrderBoard['counts'];
  const last = page[page.length - 1];
  return {
    items: page.map(summaryOf),
    nextCursor: more && last ? encodeOrderCursor(last.pos) : null,
    counts,
  };
}

/** The folded state of an order, or null when there is none (the desk's database is all it reads). */
export function orderState(desk: Pick<Desk, 'd'>, orderId: string): OrderState | null {
  const row = desk.d.sqlite.prepare('SELECT state FROM orders WHERE id = ?').get(orderId) as
    { state: string } | undefined;
  return row ? (JSON.parse(row.state) as OrderState) : null;
}

/** The id of the order with `number` as typed (full-width, lower case: ./caseLinks normalizeNumber), or null. */
export function orderIdOfNumber(desk: Desk, number: string): string | null {
  const row = desk.d.sqlite
    .prepare('SELECT id FROM orders WHERE number = ? ORDER BY pos LIMIT 1')
    .get(normalizeNumber(number)) as { id: string } | undefined;
  return row?.id ?? null;
}
