/**
 * A customer's cases from the customer index (desk migration 0015, written by
 * the case projector: electron/desk/features/cases/repeats.ts), one range of
 * one partial index per lookup, newest first. Reads the `cases` rows through
 * SQL only: features import no other feature.
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
import type { DB } from '../../db/schema';
import type { DeskDatabase } from '../../db/open';

/** The index condition of a key: each kind on its own partial index. */
function keyCondition(key: CustomerKey) {
  return key.kind === 'phone'
    ? sql<SqlBool>`k.phone_norm = ${key.value} AND k.phone_norm <> ''`
    : sql<SqlBool>`k.name_norm = ${key.value} AND k.phone_norm = ''`;
}

/** The list and count queries of a key; exported for the query-plan test. */
export function historyQueries(db: Kysely<DB>, key: CustomerKey, sinceMs: number) {
  const cond = keyCondition(key);
  const rows = db
    .selectFrom('customers_index as k')
    .innerJoin('cases as c', 'c.pos', 'k.case_pos')
    .select(['c.id', 'c.number', 'c.received_at', 'c.category', 'c.status', 'c.repeat', 'c.nature'])
    .where(cond)
    .orderBy('k.received_ms', 'desc')
    .orderBy('k.case_id', 'desc')
    .limit(HISTORY_LIMIT);
  const counted = db
    .selectFrom('customers_index as k')
    .innerJoin('cases as c', 'c.pos', 'k.case_pos')
    .select(['c.status', 'k.received_ms'])
    .where(cond)
    .limit(HISTORY_COUNT_CAP + 1)
    .as('t');
  const counts = db
    .selectFrom(counted)
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(t.status <> 'closed'), 0)`.as('open'),
      sql<number>`coalesce(sum(t.received_ms >= ${sinceMs}), 0)`.as('within'),
    ]);
  return { rows, counts };
}

export function customerHistory(
  d: DeskDatabase,
  key: CustomerKey,
  nowMs: number,
  windowDays: number,
): CustomerHistory {
  const { rows, counts } = historyQueries(d.db, key, nowMs - windowDays * DAY_MS);
  const items: CustomerHistoryCase[] = d.all(rows).map((r) => ({
    id: r.id,
    number: r.number,
    receivedAt: r.received_at,
    category: r.category,
    status: r.status as CaseStatus,
    repeat: r.repeat === 1,
    nature: r.nature as Nature | null,
  }));
  const n = d.first(counts) ?? { total: 0, open: 0, within: 0 };
  const capped = Number(n.total) > HISTORY_COUNT_CAP;
  return {
    key,
    windowDays,
    items,
    counts: {
      total: Math.min(Number(n.total), HISTORY_COUNT_CAP),
      open: Number(n.open),
      withinWindow: Number(n.within),
      maliciousDetermined: 0, // TODO(issue 12 E2): count cases.malice = 'malicious' once it exists.
      capped,
    },
  };
}
