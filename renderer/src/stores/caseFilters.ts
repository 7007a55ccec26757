/**
 * The case list's filters (stores/cases.ts): what they are, the list query
 * they make (also what an export of the list takes), and whether a write
 * seen by this window may add rows to the filtered list or drop rows from it
 * (`mayChangeRows`, issue 7 item 6). Pure: no state, no desk calls.
 */
import type { AnalysisDrill } from '../../../shared/contract/methods/analysis';
import type { CaseListQuery, CaseSummary } from '../../../shared/contract/methods/cases';
import type { CaseStatus } from '../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../shared/domain/kernel/limits';

export interface CaseFilters {
  status?: CaseStatus;
  category?: string;
  severity?: string;
  /** ISO instants: received on/after `from`, before `to`. */
  from?: string;
  to?: string;
  text: string;
  /** Cases in this deadline state now (issue 9). */
  due?: DueFilter;
  // ---- issue 12: the case's judgment ("more filters" on the list)
  /** Only repeat complaints (true) or only first ones (false). */
  repeat?: boolean;
  /** Only cases closed with this nature. */
  nature?: NatureFilter;
  /** Only closed cases resolved at first contact (true) or only closed ones that were not (false). */
  fcr?: boolean;
  /** Escalated to any level, to one level, or with an escalation awaiting a supervisor's review. */
  escalation?: EscalationFilter;
  /** Flagged with any status, or with this malicious-claim status. */
  malice?: MaliceFilter;
  // ---- issue 14
  /** The analysis's drill-down: the cases behind a bar, a point or a cross-tab cell (a removable chip). */
  analysis?: AnalysisDrill;
}

export type DueFilter = NonNullable<CaseListQuery['due']>;
export type NatureFilter = NonNullable<CaseListQuery['nature']>;
export type EscalationFilter = NonNullable<CaseListQuery['escalation']>;
export type MaliceFilter = NonNullable<CaseListQuery['malice']>;

/** The issue-12 filters, kept together by the list's "more filters" popover. */
export const JUDGMENT_FILTERS = ['repeat', 'nature', 'fcr', 'escalation', 'malice'] as const;

/** The list's query for `f`, without paging (also what an export of the list takes). */
export function queryOf(f: CaseFilters): CaseListQuery {
  const q: CaseListQuery = {};
  if (f.status) q.status = f.status;
  if (f.category) q.category = f.category;
  if (f.severity) q.severity = f.severity;
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.due) q.due = f.due;
  if (f.repeat !== undefined) q.repeat = f.repeat;
  if (f.nature) q.nature = f.nature;
  if (f.fcr !== undefined) q.fcr = f.fcr;
  if (f.escalation) q.escalation = f.escalation;
  if (f.malice) q.malice = f.malice;
  if (f.analysis) q.analysis = f.analysis;
  const text = f.text.trim().slice(0, LIMITS.searchText);
  if (text) q.text = text;
  return q;
}

/** How many of the issue-12 filters are set (the count on the "more filters" button). */
export function judgmentFilterCount(f: CaseFilters): number {
  return JUDGMENT_FILTERS.filter((k) => f[k] !== undefined).length;
}

/** Whether any filter or search narrows the list (the empty list's wording, "clear filters"). */
export function hasActiveFilters(f: CaseFilters): boolean {
  return Boolean(
    f.status ||
    f.category ||
    f.severity ||
    f.from ||
    f.to ||
    f.due ||
    queryOf(f).text ||
    judgmentFilterCount(f) > 0 ||
    f.analysis,
  );
}

/** Whether the case `c` (a write's answer) no longer matches the issue-12 filters it was listed under. */
function leavesJudgmentFilters(f: CaseFilters, c: CaseSummary): boolean {
  const level = c.escalationLevel ?? 'counter';
  return (
    // Whether an escalation still awaits a review is not in a summary: read again.
    f.escalation === 'unreviewed' ||
    (f.escalation === 'escalated' && level === 'counter') ||
    (f.escalation !== undefined && f.escalation !== 'escalated' && level !== f.escalation) ||
    (f.malice === 'flagged' && !c.maliceStatus) ||
    (f.malice !== undefined && f.malice !== 'flagged' && c.maliceStatus !== f.malice) ||
    (f.nature !== undefined && c.nature !== f.nature) ||
    (f.repeat !== undefined && c.repeat !== undefined && c.repeat !== f.repeat) ||
    // A close, a reopen or a late settings event may change it; open cases (null) match neither.
    (f.fcr !== undefined && c.fcr !== undefined && c.fcr !== f.fcr)
  );
}

/**
 * Whether this window's write, answered with `after`, may add rows to the list
 * or drop rows from it under `filters`. `before` is the case's row in the
 * list, if loaded. The order never changes: it is when the case first reached
 * this desk.
 */
export function mayChangeRows(
  filters: CaseFilters,
  before: CaseSummary | undefined,
  after: CaseSummary,
  created: boolean,
): boolean {
  // A new case: a new row at the top (if it matches) and a new total.
  if (created) return true;
  // Unfiltered, every case is listed in a fixed order: a case not among the
  // loaded rows lies below them and stays there.
  if (!hasActiveFilters(filters)) return false;
  // Not shown, it may match now; and any write may change the search text, or the deadline state.
  // A drill-down reads the case's analysis facts, which most writes change (status, nature, deadlines).
  if (!before || queryOf(filters).text || filters.due || filters.analysis) return true;
  // Shown: it stays only if it still matches (received-at never changes).
  return (
    (filters.status !== undefined && after.status !== filters.status) ||
    (filters.category !== undefined && after.category !== filters.category) ||
    (filters.severity !== undefined && after.severity !== filters.severity) ||
    leavesJudgmentFilters(filters, after)
  );
}
