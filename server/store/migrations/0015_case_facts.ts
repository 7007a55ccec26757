import { sql } from 'kysely';
import { FACT_COLUMNS, NOT_NULL_COLUMNS, TEXT_COLUMNS } from '../../../shared/domain/analysis/columns';
import { columnTypes, type ServerMigration } from './types';

/** Facts columns that hold instants in ms (BIGINT on PostgreSQL). */
const MS_COLUMNS = new Set(['received_ms', 'handling_due_ms', 'result_due_ms']);

/**
 * Issue 14 (docs/analysis.md, decision 0042): one `case_facts` row per case
 * at head office, the very columns every desk keeps
 * (shared/domain/analysis/columns.ts) plus the case's `branch`, written by
 * the case projector (server/store/caseFacts.ts) in the transaction that
 * writes the case row. The analysis (server/store/analysis.ts) groups them
 * by a period of `received_day`, for one branch or all: hence the two
 * indexes.
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
      `CREATE INDEX case_facts_branch_day ON case_facts (branch, received_day)`,
      `CREATE INDEX case_facts_day ON case_facts (received_day)`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
