/** Issue 14: a case's failure point, quality gap and responsibility decision as its detail shows them (CaseTagsView). */
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';

/** The tags of a case as its detail shows them: times as ISO entry times, names looked up. */
export function tagsDetail(s: CaseState, names: ReadonlyMap<string, string>): CaseDetail['tags'] {
  const t = s.tags;
  const who = (id: string) => ({ by: id, byName: names.get(id) ?? '' });
  const r = t?.responsibility ?? null;
  return {
    failurePoint: t?.failurePoint
      ? { value: t.failurePoint.value, at: isoOfHlc(t.failurePoint.hlc), ...who(t.failurePoint.by) }
      : null,
    qualityGap: t?.qualityGap
      ? {
          value: t.qualityGap.value as NonNullable<CaseDetail['tags']['qualityGap']>['value'],
          at: isoOfHlc(t.qualityGap.hlc),
          ...who(t.qualityGap.by),
        }
      : null,
    responsibility:
      r === null
        ? null
        : {
            responsible: r.responsible,
            responsibleName: r.responsible === null ? '' : (names.get(r.responsible) ?? ''),
            note: r.note,
            at: isoOfHlc(r.hlc),
            ...who(r.by),
          },
  };
}
