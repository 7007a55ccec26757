/**
 * The timeline line of `case.evidence_added` (issue 12): the kind, the file's
 * name and size, and the note. CaseTimeline shows who added it and when.
 */
import type { TFunction } from 'i18next';
import type { TimelineEntry } from '../../../../shared/contract/methods/cases';
import { EVIDENCE_KINDS } from '../../../../shared/domain/cases/evidence';
import { formatSize } from './format';

type T = TFunction<'translation', undefined>;

function field(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)[key]
    : undefined;
}

export const EVIDENCE_COLORS: Record<string, string> = { 'case.evidence_added': 'purple' };

/** The line for `e`, or null when it is not an evidence event. */
export function describeEvidence(e: TimelineEntry, t: T): React.ReactNode {
  if (e.type !== 'case.evidence_added') return null;
  const kind = String(field(e.payload, 'kind') ?? '');
  const size = field(e.payload, 'size');
  const note = String(field(e.payload, 'note') ?? '');
  return (
    <>
      {t('evidence.timeline', {
        kind: (EVIDENCE_KINDS as readonly string[]).includes(kind)
          ? t(`evidence.kinds.${kind as (typeof EVIDENCE_KINDS)[number]}`)
          : kind,
        name: String(field(e.payload, 'name') ?? ''),
        size: typeof size === 'number' ? formatSize(size) : '',
      })}
      {note ? <div className="ld-timeline-note">{note}</div> : null}
    </>
  );
}
