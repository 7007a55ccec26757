/**
 * Case events the timeline has no line of its own for (escalation and its
 * review, a suspected malicious claim and its determination, an imported log
 * row, issue 14's tags), in the words of the case feature's describer
 * (shared/domain/cases/describe.ts): the same line exports and the case PDF
 * print, in the clerk's language, with names from the staff list, the
 * taxonomy and the organisation's analysis lists.
 */
import type { TimelineEntry } from '../../../../shared/contract/methods/cases';
import { CASE_DESCRIBERS } from '../../../../shared/domain/cases/describe';
import { CASE_PAYLOADS, isCaseEventType } from '../../../../shared/domain/cases/payloads';
import type { DescribeContext } from '../../../../shared/domain/kernel/describe';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import {
  listItemName,
  type AnalysisListName,
  type AnalysisLists,
} from '../../../../shared/domain/settings/lists';
import { formatDateTime } from '../../lib/format';

export const DOMAIN_COLORS: Record<string, string> = {
  'case.tagged': 'purple',
  'case.responsibility_decided': 'purple',
  'case.escalated': 'red',
  'case.escalation_reviewed': 'orange',
  'case.malice_suspected': 'orange',
  'case.malice_facts_recorded': 'orange',
  'case.malice_determined': 'red',
  'case.imported': 'blue',
};

/** Types whose line already says the act's reason (the timeline adds no reason line of its own). */
export const REASON_IN_LINE: ReadonlySet<string> = new Set([
  'case.reopened',
  'case.escalated',
  'case.malice_determined',
]);

export interface DomainLabels {
  locale: Locale;
  /** A taxonomy or script value's label ('step' by number); the value when unknown. */
  label?(kind: 'channel' | 'category' | 'severity' | 'step', value: string): string;
}

/**
 * The line of a case event by the case feature's describer, or null when the
 * type is not a case event or its payload does not have the shape this
 * version reads (the caller then says it cannot show it).
 */
export function describeByDomain(
  e: TimelineEntry,
  labels: DomainLabels,
  staffNames: Map<string, string>,
  lists?: AnalysisLists,
): string | null {
  if (!isCaseEventType(e.type)) return null;
  const parsed = CASE_PAYLOADS[e.type].safeParse(e.payload);
  if (!parsed.success) return null;
  const { locale } = labels;
  const ctx: DescribeContext = {
    locale,
    staffName: (id) => staffNames.get(id) ?? id,
    time: (iso) => formatDateTime(iso),
    timeOfMs: (ms) => formatDateTime(new Date(ms).toISOString()),
    label: (kind, value) => labels.label?.(kind, value) ?? value,
    fieldLabel: (_step, key) => key,
    listName: (list: AnalysisListName, code: string) => listItemName(lists, list, code, locale),
  };
  const describe = CASE_DESCRIBERS[e.type];
  return describe ? describe(parsed.data, ctx) : null;
}
