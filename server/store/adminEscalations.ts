/**
 * Head office's escalations (issue 12; shared/contract/adminEscalations.ts):
 * the cases at a level (head office by default), newest escalation first,
 * keyset-paged by (escalated_hlc, id) over the partial index of escalated
 * cases (server migration 0010). Each row's reason, root cause and review
 * are read from its folded state (the shared case fold), so a forged
 * escalation, which has no effect in the fold, is never listed.
 */
import type { AdminEscalation, ParsedEscalationsQuery } from '../../shared/contract/adminEscalations';
import type { CaseState } from '../../shared/domain/cases/state';
import { isoOfHlc } from '../../shared/domain/kernel/time';
import { decodeCasesCursor, encodeCasesCursor, type AdminScope } from './admin';
import { adminEvidenceOf, evidenceActors } from './adminEvidence';
import type { StoreContext } from './context';

export interface AdminEscalationsPage {
  items: AdminEscalation[];
  nextCursor: string | null;
}

export async function adminEscalations(
  c: StoreContext,
  q: ParsedEscalationsQuery,
  scope: AdminScope,
): Promise<AdminEscalationsPage | 'bad_cursor'> {
  let after: { hlc: string; id: string } | null = null;
  if (q.cursor !== undefined && q.cursor !== '') {
    after = decodeCasesCursor(q.cursor);
    if (after === null) return 'bad_cursor';
  }
  const branch = scope.branch ?? q.branch;
  const rows = await c.db
    .selectFrom('cases as c')
    .leftJoin('staff as s', 's.id', 'c.owner')
    .select([
      'c.id',
      'c.branch',
      'c.device',
      'c.escalated_hlc',
      'c.unreviewed',
      'c.state',
      's.name as owner_name',
      'c.repeat',
      'c.nature',
      'c.fcr',
    ])
    .where('c.escalation_level', '=', q.level)
    .$if(branch !== undefined, (qb) => qb.where('c.branch', '=', branch ?? ''))
    .$if(q.unreviewed === true, (qb) => qb.where('c.unreviewed', '>', 0))
    .$if(q.unreviewed === false, (qb) => qb.where('c.unreviewed', '=', 0))
    .$if(after !== null, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('c.escalated_hlc', '<', after?.hlc ?? ''),
          eb.and([eb('c.escalated_hlc', '=', after?.hlc ?? ''), eb('c.id', '<', after?.id ?? '')]),
        ]),
      ),
    )
    .orderBy('c.escalated_hlc', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const hasMore = rows.length > q.limit;
  const page = hasMore ? rows.slice(0, q.limit) : rows;
  const states = page.map((r) => JSON.parse(r.state) as CaseState);
  const byIds = [...new Set([...states.map((s) => s.escalation?.by ?? ''), ...evidenceActors(states)])];
  const names = new Map<string, string>();
  if (byIds.length > 0) {
    const staff = await c.db.selectFrom('staff').select(['id', 'name']).where('id', 'in', byIds).execute();
    for (const s of staff) names.set(s.id, s.name);
  }
  const items: AdminEscalation[] = [];
  for (const [i, r] of page.entries()) {
    const s = states[i];
    if (!s) continue;
    const e = s.escalation;
    const step = e?.steps[e.steps.length - 1];
    if (!e || !step) continue; // the level column says escalated: never reached
    const review = e.reviews.find((v) => v.escalationId === step.eventId);
    items.push({
      caseId: s.id,
      number: s.number,
      branch: r.branch,
      device: r.device,
      status: s.status,
      category: s.category.value,
      severity: s.severity.value,
      customerName: s.customer.name,
      owner: s.owner,
      ownerName: r.owner_name ?? '',
      level: e.level,
      escalatedAt: isoOfHlc(e.since),
      escalatedBy: e.by,
      escalatedByName: names.get(e.by) ?? '',
      rootCause: step.rootCause,
      reason: step.reason,
      unreviewed: Number(r.unreviewed),
      review: review
        ? { justified: review.justified, comment: review.comment, at: isoOfHlc(review.hlc) }
        : null,
      repeat: Number(r.repeat) === 1,
      nature: r.nature as AdminEscalation['nature'],
      fcr: r.fcr === null ? null : Number(r.fcr) === 1,
      evidence: adminEvidenceOf(s, r.branch, names),
    });
  }
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: hasMore && last && last.escalated_hlc ? encodeCasesCursor(last.escalated_hlc, last.id) : null,
  };
}
