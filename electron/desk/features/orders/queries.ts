/**
 * Reading work orders: the board (order.list: by status, filtered, newest
 * first, with counts per status capped like the work queue's) and one
 * order's view (order.get: its state, the release gate with the described
 * gaps, flags, the follow-up call's due time and the timeline). Reads the
 * projection (`orders`, migration 0008); the timeline reads the event log.
 */
import type Database from 'better-sqlite3';
import type {
  OrderBoard,
  OrderDetail,
  OrderSummary,
  OrderListQuery,
} from '../../../../shared/contract/methods/orders';
import { ORDER_STATUSES } from '../../../../shared/contract/methods/orders';
import type { z } from 'zod';
import { statusAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import { describeFlag, describeGap } from '../../../../shared/domain/orders/describe';
import { decodeGap, releaseGate } from '../../../../shared/domain/orders/gate';
import { ORDER_STREAM } from '../../../../shared/domain/orders/payloads';
import {
  currentDeskChecks,
  passedSinceFinish,
  type ItemState,
  type OrderState,
} from '../../../../shared/domain/orders/state';
import type { OrderTemplates } from '../../../../shared/domain/orders/template';
import type { WorkClock } from '../../kernel/deadlineSettings';
import type { Desk } from '../../kernel/desk';
import { linkedCases } from './caseLinks';
import { filterMatch, orderTextMatch } from './search';

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
const SUMMARY = `${SUMMARY_COLS} FROM orders o LEFT JOIN staff s ON s.id = o.owner`;
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

/** The id of the order with `number`, or null. */
export function orderIdOfNumber(desk: Desk, number: string): string | null {
  const row = desk.d.sqlite
    .prepare('SELECT id FROM orders WHERE number = ? ORDER BY pos LIMIT 1')
    .get(number) as { id: string } | undefined;
  return row?.id ?? null;
}

function itemView(it: ItemState): OrderDetail['items'][number] {
  const check = (k: 'self' | 'process' | 'final') => {
    const r = it.checks[k];
    if (r === null) return null;
    return {
      eventId: r.eventId,
      result: r.result,
      reason: r.reason,
      at: isoOfHlc(r.hlc),
      signatures: r.signatures,
      current: passedSinceFinish(it, k),
    };
  };
  return {
    itemId: it.item.itemId,
    title: it.item.title,
    trade: it.trade,
    quotedTrade: it.item.trade,
    safety: it.item.safety,
    labourFen: it.item.labourFen,
    parts: it.item.parts,
    origin: it.item.origin,
    status: it.status,
    consent: it.consent,
    failures: it.failures,
    lastFailure: it.lastFailure
      ? {
          inspection: it.lastFailure.inspection,
          reason: it.lastFailure.reason,
          at: isoOfHlc(it.lastFailure.hlc),
        }
      : null,
    checks: { self: check('self'), process: check('process'), final: check('final') },
  };
}

/** A stored reason (an encoded gap) in words; text that is not an encoded gap as it is. */
function reasonText(reason: string, locale: Locale, state: OrderState, templates?: OrderTemplates): string {
  const gap = decodeGap(reason);
  if (gap === null) return reason;
  const it = gap.itemId !== undefined ? state.items.find((i) => i.item.itemId === gap.itemId) : undefined;
  return describeGap(it ? { ...gap, title: it.item.title, trade: it.trade } : gap, locale, templates);
}

export interface DetailOptions {
  locale: Locale;
  templates?: OrderTemplates;
  /** The follow-up call's due time for a release at `releasedMs` (null: no calendar). */
  followUpDue?: (releasedMs: number) => number | null;
  /** The desk's clock for the follow-up call's state (without it, or without `followUpDue`: null). */
  clock?: WorkClock;
}

/** The follow-up call's state at the desk's clock, as the callback queue judges it (met once one reached the customer). */
function followUpStateOf(
  state: OrderState,
  due: number | null,
  o: DetailOptions,
): OrderDetail['followUpState'] {
  if (!state.released || due === null || !o.clock) return null;
  const reached = state.followUps.find((f) => f.outcome === 'reached');
  return statusAt(
    {
      dueMs: Number.isFinite(due) ? due : null,
      metMs: reached ? Date.parse(reached.at) : null,
      endedMs: null,
    },
    o.clock.nowMs,
    o.clock.soonMs,
  );
}

export function orderDetail(desk: Desk, orderId: string, o: DetailOptions): OrderDetail | null {
  const row = desk.d.sqlite.prepare(`${SUMMARY} WHERE o.id = ?`).get(orderId) as SummaryRow | undefined;
  const state = orderState(desk, orderId);
  if (!row || !state) return null;
  const names = desk.directory.staffNames();
  const name = (id: string) => names.get(id) ?? '';
  const gate = releaseGate(state);
  const returns = desk.d.sqlite
    .prepare('SELECT id, number FROM orders WHERE rework_of = ? ORDER BY pos')
    .all(orderId) as { id: string; number: string }[];
  const releasedAt = state.released ? isoOfHlc(state.released.hlc) : null;
  const due = releasedAt !== null && o.followUpDue ? o.followUpDue(Date.parse(releasedAt)) : null;
  return {
    ...summaryOf(row),
    templateVersion: state.templateVersion,
    customer: state.customer,
    subject: state.subject,
    reworkOfOrder: state.reworkOf,
    reworkReturns: returns.map((r) => ({ orderId: r.id, number: r.number })),
    items: state.items.map(itemView),
    inspections: state.inspections.map((i) => ({
      eventId: i.eventId,
      inspection: i.inspection,
      itemId: i.itemId,
      result: i.result,
      checklist: i.checklist,
      readingsAfter: i.readingsAfter,
      reason: i.reason,
      at: isoOfHlc(i.hlc),
      signatures: i.signatures,
    })),
    substitutions: state.substitutions.map((x) => ({
      itemId: x.itemId,
      original: x.original,
      substitute: x.substitute,
      approvedBy: x.approvedBy,
      at: isoOfHlc(x.hlc),
    })),
    partsReconciled: state.partsReconciled
      ? {
          used: state.partsReconciled.used,
          matches: state.partsReconciled.matches,
          at: isoOfHlc(state.partsReconciled.hlc),
        }
      : null,
    // A check of the result made before the work was last finished is left out: to be done again.
    deskChecks: currentDeskChecks(state).map((d) => ({
      check: d.check,
      actor: d.actor,
      at: isoOfHlc(d.hlc),
    })),
    releaseAttempts: state.releaseAttempts.map((a) => ({
      actor: a.actor,
      actorName: name(a.actor),
      at: isoOfHlc(a.hlc),
      reasons: a.reasons.map((r) => reasonText(r, o.locale, state, o.templates)),
    })),
    released: state.released
      ? {
          actor: state.released.actor,
          at: isoOfHlc(state.released.hlc),
          warrantyMonths: state.released.warrantyMonths,
          nextService: state.released.nextService,
          note: state.released.note,
          pastGate: state.released.pastGate.map((r) => reasonText(r, o.locale, state, o.templates)),
        }
      : null,
    followUpDueAt: due === null || !Number.isFinite(due) ? null : new Date(due).toISOString(),
    followUpState: followUpStateOf(state, due, o),
    followUps: state.followUps.map((f) => ({
      eventId: f.eventId,
      at: f.at,
      outcome: f.outcome,
      reachedWho: f.reachedWho,
      satisfaction: f.satisfaction,
      comment: f.comment,
      actor: f.actor,
      actorName: name(f.actor),
    })),
    responsibility: state.responsibility
      ? {
          responsible: state.responsibility.responsible,
          severity: state.responsibility.severity,
          note: state.responsibility.note,
          actor: state.responsibility.actor,
          at: isoOfHlc(state.responsibility.hlc),
        }
      : null,
    caseIds: state.caseIds,
    cases: linkedCases(desk, state.caseIds),
    gate: {
      ok: gate.ok,
      missing: gate.missing.map((g) => ({
        code: g.code,
        ...(g.itemId !== undefined ? { itemId: g.itemId } : {}),
        ...(g.check !== undefined ? { check: g.check } : {}),
        text: describeGap(g, o.locale, o.templates),
      })),
    },
    flagList: state.flags.map((f) => ({
      eventId: f.eventId,
      type: f.type,
      actor: f.actor,
      actorName: name(f.actor),
      device: f.device,
      at: isoOfHlc(f.hlc),
      reason: f.reason,
      detail: f.detail,
      text: describeFlag(f, o.locale),
    })),
    timeline: desk.store.readStream(streamOf(ORDER_STREAM, orderId)).map((e) => ({
      eventId: e.id,
      type: e.type,
      at: isoOfHlc(e.hlc),
      actor: e.actor,
      actorName: name(e.actor),
      device: e.device,
      payload: e.payload,
    })),
  };
}
