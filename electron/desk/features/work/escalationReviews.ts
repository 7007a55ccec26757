/**
 * Issue 12: the supervisor board's escalations awaiting review — open or
 * closed cases with an escalation no supervisor has reviewed yet
 * (`cases.unreviewed > 0`, the partial index `cases_unreviewed` of desk
 * migration 0013), longest waiting first by the case's position, each with
 * its level and when it reached it (from the folded state).
 */
import type Database from 'better-sqlite3';
import type { EscalationReviewList } from '../../../../shared/contract/methods/work';
import { unreviewed } from '../../../../shared/domain/cases/escalation';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import type { DeskDatabase } from '../../db/open';
import { COUNT_CAP } from './queries';
import { preparedOnce } from './statements';

export const ESCALATION_REVIEW_SQL = {
  open: `SELECT c.state FROM cases c WHERE c.unreviewed > 0 ORDER BY c.pos LIMIT ?`,
  count: `SELECT count(*) FROM (SELECT 1 FROM cases c WHERE c.unreviewed > 0 LIMIT ${COUNT_CAP + 1})`,
};

const statements = preparedOnce(ESCALATION_REVIEW_SQL);

export function escalationReviews(d: DeskDatabase, limit: number): EscalationReviewList {
  const st = statements(d.sqlite);
  const n = Number((st.count as Database.Statement).pluck().get() ?? 0);
  const rows = st.open.all(limit) as { state: string }[];
  const items = rows.flatMap((r) => {
    const s = JSON.parse(r.state) as CaseState;
    const waiting = unreviewed(s.escalation);
    const first = waiting[0];
    if (!s.escalation || !first) return [];
    return [
      {
        caseId: s.id,
        number: s.number,
        customerName: s.customer.name,
        level: s.escalation.level,
        escalatedAt: isoOfHlc(first.hlc),
        escalationId: first.eventId,
        rootCause: first.rootCause,
        reason: first.reason,
        waiting: waiting.length,
      },
    ];
  });
  return { items, count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
