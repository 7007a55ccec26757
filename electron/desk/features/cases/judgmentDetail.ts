/**
 * Issue 12: a case's escalation and malicious-claim record as its detail
 * shows them (shared/contract/methods/cases.ts EscalationView, MaliceView):
 * times as ISO instants (entry times), names looked up, each escalation with
 * its review.
 */
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { maliceStatus, noConcession } from '../../../../shared/domain/cases/malice';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';

type Names = ReadonlyMap<string, string>;

function who(names: Names, id: string) {
  return { by: id, byName: names.get(id) ?? '' };
}

export function judgmentDetail(s: CaseState, names: Names): Pick<CaseDetail, 'escalation' | 'malice'> {
  const e = s.escalation;
  const m = s.malice;
  const escalation: CaseDetail['escalation'] =
    e === null
      ? null
      : {
          level: e.level,
          since: isoOfHlc(e.since),
          ...who(names, e.by),
          steps: e.steps.map((x) => {
            const r = e.reviews.find((v) => v.escalationId === x.eventId);
            return {
              eventId: x.eventId,
              from: x.from,
              level: x.level,
              rootCause: x.rootCause,
              reason: x.reason,
              at: isoOfHlc(x.hlc),
              ...who(names, x.by),
              review:
                r === undefined
                  ? null
                  : { justified: r.justified, comment: r.comment, at: isoOfHlc(r.hlc), ...who(names, r.by) },
            };
          }),
        };
  const status = maliceStatus(m);
  const malice: CaseDetail['malice'] =
    m === null || status === null
      ? null
      : {
          status,
          suspicions: m.suspicions.map((x) => ({
            eventId: x.eventId,
            note: x.note,
            at: isoOfHlc(x.hlc),
            ...who(names, x.by),
          })),
          facts: m.facts.map((f) => ({
            eventId: f.eventId,
            established: f.established,
            evidence: f.evidence,
            statementSigned: f.statementSigned,
            statementEvidence: f.statementEvidence,
            at: isoOfHlc(f.hlc),
            ...who(names, f.by),
          })),
          determination:
            m.determination === null
              ? null
              : {
                  eventId: m.determination.eventId,
                  outcome: m.determination.outcome,
                  motives: m.determination.motives,
                  behaviours: m.determination.behaviours,
                  signs: m.determination.signs,
                  evidence: m.determination.evidence,
                  offer: m.determination.offer,
                  reason: m.determination.reason,
                  at: isoOfHlc(m.determination.hlc),
                  ...who(names, m.determination.by),
                },
          noConcession: noConcession(m),
        };
  return { escalation, malice };
}
