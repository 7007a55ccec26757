import { sql } from 'kysely';
import { FACT_COLUMNS, NOT_NULL_COLUMNS, TEXT_COLUMNS } from '../../../shared/domain/analysis/columns';
import { columnTypes, type ServerMigration } from './types';

/** Facts columns that hold instants in ms (BIGINT on PostgreSQL). */
const MS_COLUMNS = new Set(['received_ms', 'handling_due_ms', 'result_due_ms']);

/**
 * What the figures group, filter and count by (shared/domain/analysis/figures.ts as of this
 * migration), besides branch and day; at most 32 columns in a PostgreSQL index, so the due
 * instants and the receipt's ms, which no figure reads, are left out. A later figure column
 * is read from the table (correct, a little slower) until a migration rebuilds this index.
 */
const GROUPED = [
  'main_category',
  'category',
  'channel',
  'severity',
  'gender',
  'returning_customer',
  'complainant_type',
  'nature',
  'status',
  'owner',
  'escalation_level',
  'region',
  'customer_level',
  'shared_customer',
  'failure_point',
  'quality_gap',
  'responsible',
  'imported',
  'is_repeat',
  'fcr',
  'escalation_justified',
  'malicious',
  'entered_on_time',
  'handled_on_time',
  'result_on_time',
  'promise_kept',
  'callback_reached',
  'satisfaction',
];

/** The rollup's measure columns (server/store/factsRollup.ts COUNTERS, as of this migration). */
const ROLLUP_FLAGS = [
  'fcr',
  'escalation_justified',
  'malicious',
  'entered_on_time',
  'handled_on_time',
  'result_on_time',
  'promise_kept',
  'callback_reached',
  'is_repeat',
  'shared_customer',
];
export const ROLLUP_COUNTERS = [
  'n_cases',
  ...ROLLUP_FLAGS.flatMap((f) => [`n_yes_${f}`, `n_known_${f}`]),
  'n_known_satisfaction',
  'n_sum_satisfaction',
  ...[1, 2, 3, 4, 5].map((v) => `n_satisfaction_${v}`),
  'n_closed',
  'n_reached_closed',
  'n_escalated',
  'n_decided',
];

/**
 * Issue 14 (docs/analysis.md, decision 0042): one `case_facts` row per case
 * at head office, the very columns every desk keeps
 * (shared/domain/analysis/columns.ts) plus the case's `branch`, written by
 * the case projector (server/store/caseFacts.ts) in the transaction that
 * writes the case row. The analysis (server/store/analysis.ts) groups them
 * by a period of `received_day`, for one branch or all: hence the indexes
 * below (why they differ per engine: docs/performance.md, "Issue 14").
 *
 * The case projection's version goes up with this migration, so the rows of
 * the cases already stored are filled by the rebuild at the next start.
 *
 * The DDL is built from FACT_COLUMNS as it stands in this build; a later
 * fact needs its own migration (ALTER TABLE … ADD COLUMN), never an edit here.
 */
export const m0015_case_facts: ServerMigration = {
  version: 15,
  name: 'case_facts',
  async up(db, engine) {
    const t = columnTypes(engine);
    const columns = Object.values(FACT_COLUMNS).map((c) => {
      // Text compared byte by byte (t.key): the same order as SQLite, and PostgreSQL groups it fastest.
      const type = TEXT_COLUMNS.has(c) ? t.key : MS_COLUMNS.has(c) ? t.int64 : t.int32;
      return `${c} ${type}${NOT_NULL_COLUMNS.has(c) ? ' NOT NULL' : ''}`;
    });
    const statements = [
      `CREATE TABLE case_facts (
        case_id ${t.key} PRIMARY KEY,
        branch ${t.key} NOT NULL,
        ${columns.join(',\n        ')}
      )${t.strict}`,
      // One branch's period: a range of this index. On PostgreSQL it carries every fact
      // (INCLUDE), so a branch's figures are index-only scans of adjacent leaf pages
      // instead of one heap page per case (a branch's rows lie scattered over the table).
      engine === 'postgres'
        ? `CREATE INDEX case_facts_branch_day ON case_facts (branch, received_day) INCLUDE (${GROUPED.join(', ')})`
        : `CREATE INDEX case_facts_branch_day ON case_facts (branch, received_day)`,
    ];
    // Every branch's period. SQLite only has a row count per index, picks this index even for
    // a year of two and reads three times slower than a scan (docs/performance.md, issue 14):
    // PostgreSQL only, whose planner weighs the period against its histogram.
    if (engine === 'postgres') statements.push(`CREATE INDEX case_facts_day ON case_facts (received_day)`);
    // The monthly rollup (server/store/factsRollup.ts): per branch, grouping, month and key
    // (JSON text; '' where the grouping has fewer dimensions), the count of every measure.
    statements.push(
      `CREATE TABLE case_facts_monthly (
        branch ${t.key} NOT NULL,
        grouping_dims ${t.key} NOT NULL,
        month ${t.key} NOT NULL,
        k0 ${t.key} NOT NULL,
        k1 ${t.key} NOT NULL,
        ${ROLLUP_COUNTERS.map((c) => `${c} ${t.int64} NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (branch, grouping_dims, month, k0, k1)
      )${t.strict}`,
      `CREATE INDEX case_facts_monthly_all ON case_facts_monthly (grouping_dims, month)`,
    );
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
