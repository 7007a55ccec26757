/**
 * The case list's drill-down from the analysis (issue 14; CaseListQuery's
 * `analysis`): the cases behind a bar, a point or a cross-tab cell are those
 * received in the period whose facts row (`case_facts`, written by the
 * cases projector from shared/domain/analysisFacts.ts) matches every value
 * given, read through the same column table the analysis groups by
 * (DIMENSIONS of shared/domain/analysis/figures.ts), so a drill lists
 * exactly the cases the figure counted.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AnalysisDrill } from '../../../../shared/domain/analysis/drill';
import { DIMENSIONS, type Dimension } from '../../../../shared/domain/analysis/figures';
import { META_KEYS } from '../../kernel/meta';

/** A plain facts column (qualified with the subquery's alias); the rest are expressions over one (month). */
const PLAIN_COLUMN = /^[a-z_]+$/;

/**
 * `c.pos IN (the drilled cases' positions)`: a facts row's rowid is its
 * case's `cases.pos` (migration 0020), so the matching positions are listed
 * from the facts' received_day index and the cases read by primary key in
 * list order, without a sort of the matches (as the list's "any escalation"
 * filter does). Column names come from DIMENSIONS only (the query's keys
 * are checked against the contract's list); every value is a parameter.
 */
export function analysisDrillCondition(drill: AnalysisDrill): RawBuilder<SqlBool> {
  const conds = [sql`f.received_day >= ${drill.period.fromDay}`, sql`f.received_day < ${drill.period.toDay}`];
  const entries = Object.entries(drill.where).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [dim, value] of entries) {
    if (value === undefined) continue;
    // The desk is one branch, so its facts have no branch column: a drill into the desk's own
    // branch is every case, into another (or null) none. Said in SQL, from the desk's identity
    // row, so the list, its count and an export's threads all read the same rule.
    if (dim === 'branch') {
      conds.push(sql`(SELECT m.value FROM meta m WHERE m.key = ${META_KEYS.branchCode}) IS ${value}`);
      continue;
    }
    if (!(dim in DIMENSIONS)) continue;
    const col = DIMENSIONS[dim as Dimension];
    const ref = sql.raw(PLAIN_COLUMN.test(col) ? `f.${col}` : col);
    conds.push(value === null ? sql`${ref} IS NULL` : sql`${ref} = ${value}`);
  }
  return sql<SqlBool>`c.pos IN (SELECT f.rowid FROM case_facts f WHERE ${sql.join(conds, sql` AND `)})`;
}
