/**
 * Issue 12: the supervisor board's escalations awaiting review — open or
 * closed cases with an escalation no supervisor has reviewed yet
 * (`cases.unreviewed > 0`, the partial index `cases_unreviewed` of desk
 * migration 0013), each with its level and when it reached it (from the
 * folded state). Only the escalations the viewer may review count: not a
 * supervisor's own (an admin's are theirs to review too, `isOwnEscalation`).
 * Longest waiting first: by the oldest such escalation's HLC, which is
 * zero-padded text, then by the case's position.
 */
import type Database from 'better-sqlite3';
import type { EscalationReviewList } from '../../../../shared/contract/methods/work';
import { isOwnEscalation, unreviewed } from '../../../../shared/domain/cases/escalation';
import type { Role } from '../../../../shared/domain/kernel/roles';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import type { DeskDatabase } from '../../db/open';
import { COUNT_CAP } from './queries';
import { preparedOnce } from './statements';

/** Cases with an unreviewed escalation not made by @viewer ('' for an admin), and since when. */
const WAITING = `SELECT c.pos, c.state,
    (SELECT min(json_extract(s.value, '$.hlc')) FROM json_each(c.state, '$.escalation.steps') s
      WHERE json_extract(s.value, '$.by') <> @viewer
        AND NOT EXISTS (SELECT 1 FROM json_each(c.state, '$.escalation.reviews') r
                         WHERE json_extract(r.value, '$.escalationId') = json_extract(s.value, '$.eventId'))
    ) AS since
  FROM cases c WHERE c.unreviewed > 0`;

export const ESCALATION_REVIEW_SQL = {
  open: `SELECT w.state FROM (${WAITING}) w WHERE w.since IS NOT NULL ORDER BY w.since, w.pos LIMIT @limit`,
  count: `SELECT count(*) FROM (SELECT 1 FROM (${WAITING}) w WHERE w.since IS NOT NULL LIMIT ${COUNT_CAP + 1})`,
};

const statements = preparedOnce(ESCALATION_REVIEW_SQL);

export function escalationReviews(
  d: DeskDatabase,
  limit: number,
  staff: { id: string; role: Role },
): EscalationReviewList {
  const st = statements(d.sqlite);
  const viewer = { actor: staff.id, role: staff.role };
  const by = viewer.role === 'admin' ? '' : viewer.actor;
  const n = Number((st.count as Database.Statement).pluck().get({ viewer: by }) ?? 0);
  const rows = st.open.all({ viewer: by, limit }) as { state: string }[];
  const items = rows.flatMap((r) => {
    const s = JSON.parse(r.state) as CaseState;
    const waiting = unreviewed(s.escalation).filter((step) => !isOwnEscalation(step, viewer));
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
