/**
 * A customer's cases from the customer index (desk migration 0015, written by
 * the case projector: electron/desk/features/cases/repeats.ts), one range of
 * one partial index per lookup, newest first. Reads the `cases` rows through
 * SQL only: features import no other feature.
 *
 * Malicious determinations (issue 12 item 3) are read from the case row's
 * `malice` column through its partial index `cases_malice (malice, pos)`
 * (desk migration 0016), one covering probe per counted case: the column sits
 * after the row's large `state`, so the counts never read the rows for it.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import {
  HISTORY_COUNT_CAP,
  HISTORY_LIMIT,
  type CustomerHistory,
  type CustomerHistoryCase,
} from '../../../../shared/contract/methods/customers';
import type { CustomerKey } from '../../../../shared/domain/cases/customerKey';
import { DAY_MS } from '../../../../shared/domain/cases/repeat';
import type { CaseStatus, Nature } from '../../../../shared/domain/cases/payloads';
import type { CaseState } from '../../../../shared/domain/cases/state';
import type { DB } from '../../db/schema';
import type { DeskDatabase } from '../../db/open';

/** The case the record is seen from: only the customer's cases before it count. */
export interface RecordPoint {
  caseId: string;
  receivedMs: number;
}

/**
 * The index condition of a key, each kind on its own partial index; with a
 * point, only the cases before it (repeat.ts `isEarlier`) as one range of
 * the same index.
 */
function keyCondition(key: CustomerKey, before: RecordPoint | null) {
  const kind =
    key.kind === 'phone'
      ? sql<SqlBool>`k.phone_norm = ${key.value} AND k.phone_norm <> ''`
      : sql<SqlBool>`k.name_norm = ${key.value} AND k.phone_norm = ''`;
  if (before === null) return kind;
  const r = before.receivedMs;
  return sql<SqlBool>`${kind} AND k.received_ms <= ${r} AND (k.received_ms < ${r} OR k.case_id < ${before.caseId})`;
}

/**
 * 1 when the case at `pos` is determined malicious: a covering probe of the
 * partial index cases_malice (named: without statistics SQLite would read the
 * row by its rowid, and the column lies past the row's `state`).
 */
const maliciousAt = (pos: ReturnType<typeof sql.ref>) =>
  sql<SqlBool>`EXISTS (SELECT 1 FROM cases m INDEXED BY cases_malice WHERE m.malice = 'malicious' AND m.pos = ${pos})`;

/** The list, count and category queries of a key; exported for the query-plan test. */
export function historyQueries(
  db: Kysely<DB>,
  key: CustomerKey,
  sinceMs: number,
  before: RecordPoint | null = null,
) {
  const cond = keyCondition(key, before);
  const rows = db
    .selectFrom('customers_index as k')
    .innerJoin('cases as c', 'c.pos', 'k.case_pos')
    .select([
      'c.id',
      'c.number',
      'c.received_at',
      'c.category',
      'c.status',
      'c.repeat',
      'c.repeat_same_category',
      'c.nature',
      'c.malice',
    ])
    .where(cond)
    .orderBy('k.received_ms', 'desc')
    .orderBy('k.case_id', 'desc')
    .limit(HISTORY_LIMIT);
  const counted = db
    .selectFrom('customers_index as k')
    .innerJoin('cases as c', 'c.pos', 'k.case_pos')
    .select(['c.status', 'k.received_ms', 'k.case_pos'])
    .where(cond)
    .limit(HISTORY_COUNT_CAP + 1)
    .as('t');
  const counts = db
    .selectFrom(counted)
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(t.status <> 'closed'), 0)`.as('open'),
      sql<number>`coalesce(sum(t.received_ms >= ${sinceMs}), 0)`.as('within'),
      sql<number>`coalesce(sum(${maliciousAt(sql.ref('t.case_pos'))}), 0)`.as('malicious'),
    ]);
  // The categories of the customer's malicious cases (few: each needed a supervisor's determination).
  const maliciousCategories = db
    .selectFrom('customers_index as k')
    .innerJoin('cases as c', 'c.pos', 'k.case_pos')
    .select('c.category')
    .distinct()
    .where(cond)
    .where(maliciousAt(sql.ref('k.case_pos')))
    .orderBy('c.category');
  return { rows, counts, maliciousCategories };
}

/** Where a case lies in its customer's record: its index row, or its row when it has no key. */
export function recordPoint(
  d: DeskDatabase,
  caseId: string,
): (RecordPoint & { windowDays: number | null }) | null {
  const row = d.first(
    d.db
      .selectFrom('cases as c')
      .leftJoin('customers_index as k', 'k.case_pos', 'c.pos')
      .select(['c.id', 'c.received_at', 'k.received_ms', 'k.window_days'])
      .where('c.id', '=', caseId),
  );
  if (row === undefined) return null;
  const receivedMs = row.received_ms ?? Date.parse(row.received_at);
  return Number.isFinite(receivedMs) ? { caseId: row.id, receivedMs, windowDays: row.window_days } : null;
}

/**
 * The customer's history: seen from now (the intake), or from a case
 * (`before`, the malicious-claim assessment) with that case's window.
 */
export function customerHistory(
  d: DeskDatabase,
  key: CustomerKey,
  nowMs: number,
  windowDays: number,
  before: RecordPoint | null = null,
): CustomerHistory {
  const from = before?.receivedMs ?? nowMs;
  const q = historyQueries(d.db, key, from - windowDays * DAY_MS, before);
  const items: CustomerHistoryCase[] = d.all(q.rows).map((r) => ({
    id: r.id,
    number: r.number,
    receivedAt: r.received_at,
    category: r.category,
    status: r.status as CaseStatus,
    repeat: r.repeat === 1,
    repeatSameCategory: r.repeat_same_category === 1,
    nature: r.nature as Nature | null,
    malice: r.malice as CustomerHistoryCase['malice'],
  }));
  const n = d.first(q.counts) ?? { total: 0, open: 0, within: 0, malicious: 0 };
  const capped = Number(n.total) > HISTORY_COUNT_CAP;
  const malicious = Number(n.malicious);
  return {
    key,
    windowDays,
    items,
    counts: {
      total: Math.min(Number(n.total), HISTORY_COUNT_CAP),
      open: Number(n.open),
      withinWindow: Number(n.within),
      maliciousDetermined: malicious,
      capped,
    },
    maliciousCategories: malicious === 0 ? [] : d.all(q.maliciousCategories).map((r) => r.category),
  };
}

/**
 * Issue 14: the customer attributes of the newest of `caseIds` (newest
 * first, as the history lists them) whose state has any: what the intake
 * prefills for a customer it recognises. Reads at most the listed cases' states.
 */
export function latestAttributes(d: DeskDatabase, caseIds: readonly string[]): CustomerHistory['attributes'] {
  if (caseIds.length === 0) return null;
  const rows = d.all(
    d.db
      .selectFrom('cases')
      .select(['id', 'state'])
      .where('id', 'in', [...caseIds]),
  );
  const stateOf = new Map(rows.map((r) => [r.id, r.state]));
  for (const id of caseIds) {
    const text = stateOf.get(id);
    if (text === undefined) continue;
    const a = (JSON.parse(text) as Pick<CaseState, 'attributes'>).attributes;
    if (a)
      return {
        region: a.region,
        customerLevel: a.customerLevel,
        sharedCustomer: a.sharedCustomer,
        caseId: id,
      };
  }
  return null;
}
