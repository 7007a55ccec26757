/**
 * Issue 12 (review finding 7): an escalated case is owned at its new level
 * while the first-contact owner stays accountable (shared/domain/cases/
 * escalation.ts `levelOwnerRole`). The first-contact owner keeps the case's
 * deadlines in 我的待办 (case_work, unchanged); these lists put the case in
 * the queue of its level too:
 *
 * - at a level a desk role owns (the branch supervisor's): the supervisor's
 *   board tile 在我这一级 and their 我的待办;
 * - at a level no desk role owns (region, head office): the board's
 *   上级跟进, for the supervisor to follow up.
 *
 * Open cases only, earliest case first. Each read is a range of the partial
 * index `cases_escalated (escalation_level, pos)` of desk migration 0016
 * (test/integration/work-level.test.ts checks the plan); closed cases of the
 * level are skipped row by row, and escalated cases stay few.
 */
import type Database from 'better-sqlite3';
import type { LevelCaseList } from '../../../../shared/contract/methods/work';
import { levelOwnerRole, type CaseLevel } from '../../../../shared/domain/cases/escalation';
import { ESCALATION_LEVELS, type EscalationLevel } from '../../../../shared/domain/cases/payloads';
import type { CaseState } from '../../../../shared/domain/cases/state';
import type { Role } from '../../../../shared/domain/kernel/roles';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import type { DeskDatabase } from '../../db/open';
import { COUNT_CAP } from './queries';

/** The escalated levels `role` owns (a supervisor: 'supervisor'). */
export const levelsOwnedBy = (role: Role | null): EscalationLevel[] =>
  ESCALATION_LEVELS.filter((l) => levelOwnerRole(l as CaseLevel) === role);

/** The escalated levels no desk role owns (region, head office): the supervisor follows them up. */
export const LEVELS_ABOVE: EscalationLevel[] = levelsOwnedBy(null);

// `escalation_level <> 'counter'` repeats the partial index's condition so the planner uses it.
const WHERE = (n: number) =>
  `c.escalation_level IN (${Array.from({ length: n }, () => '?').join(', ')})
   AND c.escalation_level <> 'counter' AND c.status <> 'closed'`;

/** The SQL of a list of `n` levels (exported for the query-plan test). */
export function levelCasesSql(n: number): { rows: string; count: string } {
  return {
    rows: `SELECT c.state, s.name AS owner_name FROM cases c LEFT JOIN staff s ON s.id = c.owner
           WHERE ${WHERE(n)} ORDER BY c.pos LIMIT ?`,
    count: `SELECT count(*) FROM (SELECT 1 FROM cases c WHERE ${WHERE(n)} LIMIT ${COUNT_CAP + 1})`,
  };
}

const cache = new WeakMap<
  Database.Database,
  Map<number, { rows: Database.Statement; count: Database.Statement }>
>();

function statements(db: Database.Database, n: number) {
  let byN = cache.get(db);
  if (!byN) cache.set(db, (byN = new Map()));
  let st = byN.get(n);
  if (!st) {
    const sql = levelCasesSql(n);
    st = { rows: db.prepare(sql.rows), count: db.prepare(sql.count).pluck() };
    byN.set(n, st);
  }
  return st;
}

/** The open cases at `levels`, earliest case first, up to `limit`. */
export function levelCases(
  d: DeskDatabase,
  levels: readonly EscalationLevel[],
  limit: number,
): LevelCaseList {
  if (levels.length === 0) return { items: [], count: 0, capped: false };
  const st = statements(d.sqlite, levels.length);
  const n = Number(st.count.get(...levels) ?? 0);
  const rows = st.rows.all(...levels, limit) as { state: string; owner_name: string | null }[];
  const items = rows.flatMap((r) => {
    const s = JSON.parse(r.state) as CaseState;
    const e = s.escalation;
    const last = e?.steps[e.steps.length - 1];
    if (!e || !last) return [];
    return [
      {
        caseId: s.id,
        number: s.number,
        customerName: s.customer.name,
        status: s.status,
        level: e.level,
        escalatedAt: isoOfHlc(e.since),
        rootCause: last.rootCause,
        reason: last.reason,
        owner: s.owner,
        ownerName: r.owner_name ?? '',
        reviewed: e.reviews.some((v) => v.escalationId === last.eventId),
      },
    ];
  });
  return { items, count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
