/**
 * Issue 14's tag events in the case timeline, in the words of the feature's
 * own describer (shared/domain/cases/tagsDescribe.ts), the same line exports
 * print; a failure point by its name in the organisation's lists.
 */
import type { TimelineEntry } from '../../../../shared/contract/methods/cases';
import { TAG_DESCRIBERS } from '../../../../shared/domain/cases/tagsDescribe';
import { CaseResponsibilityDecidedPayload, CaseTaggedPayload } from '../../../../shared/domain/cases/tags';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import {
  listItemName,
  type AnalysisListName,
  type AnalysisLists,
} from '../../../../shared/domain/settings/lists';
import { formatDateTime } from '../../lib/format';

export const TAG_COLORS: Record<string, string> = {
  'case.tagged': 'purple',
  'case.responsibility_decided': 'purple',
};

/** The line of a tag event, or null for any other event (or a payload of another shape). */
export function describeTag(
  e: TimelineEntry,
  locale: Locale,
  staffNames: Map<string, string>,
  lists?: AnalysisLists,
): string | null {
  const ctx = {
    locale,
    staffName: (id: string) => staffNames.get(id) ?? id,
    time: (iso: string) => formatDateTime(iso),
    timeOfMs: (ms: number) => formatDateTime(new Date(ms).toISOString()),
    label: (_kind: string, value: string) => value,
    fieldLabel: (_step: number, key: string) => key,
    listName: (list: AnalysisListName, code: string) => listItemName(lists, list, code, locale),
  };
  if (e.type === 'case.tagged') {
    const p = CaseTaggedPayload.safeParse(e.payload);
    return p.success ? TAG_DESCRIBERS['case.tagged'](p.data, ctx) : null;
  }
  if (e.type === 'case.responsibility_decided') {
    const p = CaseResponsibilityDecidedPayload.safeParse(e.payload);
    return p.success ? TAG_DESCRIBERS['case.responsibility_decided'](p.data, ctx) : null;
  }
  return null;
}
