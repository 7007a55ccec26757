/**
 * The bounds of a case's due date as the case page offers it (decision 0050,
 * docs/roles.md). Pure, so the unit tests read them without a browser.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';

/**
 * The latest due date a counter clerk may choose (docs/roles.md): no later
 * than a date already set, and, over none or over one a clerk set, no later
 * than the result deadline the rules give. Null: no bound is known. The desk
 * core refuses a later one regardless (electron/desk/features/cases/dueRule.ts).
 */
export function latestDue(
  detail: Pick<CaseDetail, 'dueAt' | 'dueBounded' | 'resultDueByRule'>,
): Dayjs | null {
  const bounds: string[] = [];
  if (detail.dueAt) bounds.push(detail.dueAt);
  if ((detail.dueAt === null || detail.dueBounded) && detail.resultDueByRule)
    bounds.push(detail.resultDueByRule);
  if (bounds.length === 0) return null;
  return dayjs(Math.min(...bounds.map((b) => Date.parse(b))));
}

/**
 * The rules' result deadline, when the case's due date is a clerk's (bounded)
 * and later than it: such a date does not count (decision 0050). It reaches a
 * desk only from another desk that did not refuse it. Null otherwise.
 */
export function dueNotCounted(
  detail: Pick<CaseDetail, 'dueAt' | 'dueBounded' | 'resultDueByRule'>,
): Dayjs | null {
  const { dueAt, dueBounded, resultDueByRule: rule } = detail;
  if (!dueBounded || !dueAt || !rule || Date.parse(dueAt) <= Date.parse(rule)) return null;
  return dayjs(rule);
}

/** The picker's hours and minutes after `latest`, on its day. */
export function timesAfter(latest: Dayjs) {
  const after = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  return {
    disabledHours: () => after(latest.hour() + 1, 24),
    disabledMinutes: (h: number) => (h === latest.hour() ? after(latest.minute() + 1, 60) : []),
  };
}
