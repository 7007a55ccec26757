/**
 * Where the case feature meets the deadlines feature (like ./events.ts joins
 * the payload tables; a domain feature imports no other): the facts a case's
 * deadlines are derived from (./deadlines/caseDeadlines.ts), read off its
 * folded state (./cases/state.ts), so the desk and head office derive alike. Instants in the state
 * are HLCs (when an event was made: its wall time) or ISO texts (what the
 * clerk entered: receipt, contact and callback times, due times).
 */
import { followsClose } from './cases/followUpFold';
import type { CaseState } from './cases/state';
import { hlcWallMs } from './kernel/hlc';
import {
  type CaseDeadline,
  type DeadlineFacts,
  deriveDeadlines,
  type StepNo,
} from './deadlines/caseDeadlines';
import type { BusinessCalendar } from './deadlines/calendar';
import type { DeadlineRules } from './deadlines/rules';

const STEPS: readonly StepNo[] = [1, 2, 3, 4, 5, 6];

const wallOrNull = (hlc: string | null): number | null => (hlc === null ? null : hlcWallMs(hlc));

/** An ISO instant as ms, or null when absent or not an instant. */
function instantOrNull(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

export function factsOfCase(s: CaseState): DeadlineFacts {
  const stepMs: DeadlineFacts['stepMs'] = {};
  for (const n of STEPS) {
    const hlc = s.stepHlc[n];
    if (hlc !== undefined) stepMs[n] = hlcWallMs(hlc);
  }
  return {
    receivedMs: Date.parse(s.receivedAt),
    enteredMs: hlcWallMs(s.openedHlc),
    severity: s.severity.value,
    stepMs,
    closedMs: wallOrNull(s.closedHlc),
    pauses: s.pauses.map((p) => ({
      fromMs: hlcWallMs(p.fromHlc),
      toMs: wallOrNull(p.toHlc),
      reason: p.reason,
    })),
    contacts: s.contacts.map((c) => ({ atMs: Date.parse(c.at), outcome: c.outcome })),
    actions: s.actions.map((a) => ({
      id: a.id,
      ownerStaffId: a.owner.kind === 'staff' ? a.owner.staffId : null,
      dueMs: Date.parse(a.dueAt),
      doneMs: wallOrNull(a.doneHlc),
    })),
    // The callbacks of the last close only: a reopened case is called back again once closed again.
    callbacks: s.callbacks
      .filter((c) => followsClose(s, Date.parse(c.at)))
      .map((c) => ({ atMs: Date.parse(c.at), outcome: c.outcome })),
    promisedMs: instantOrNull(s.steps[4]?.promisedAt),
    dueOverrideMs: instantOrNull(s.dueAt.value),
    ...(s.dueAt.bounded === true ? { dueOverrideBounded: true } : {}),
    owner: s.owner,
    assignee: s.assignee.value,
  };
}

/**
 * Whether a deadline of an imported case is its log's history rather than
 * work (docs/import.md): its entry (the import itself, months after the
 * receipt) and every deadline that fell due before it was imported. No
 * queue, board, alert or head-office list shows those; the analysis reads
 * the log's own facts (./analysisFacts.ts). A deadline after the import (a
 * callback once a reopened case is closed again) is work as on any case.
 */
export function isImportHistory(s: CaseState, d: Pick<CaseDeadline, 'kind' | 'dueMs'>): boolean {
  if (s.imported === undefined) return false;
  return d.kind === 'entry' || (d.dueMs !== null && d.dueMs < hlcWallMs(s.openedHlc));
}

/** A case's deadlines with the calendar and rules in force at its receipt (docs/deadlines.md). */
export function deriveCaseDeadlines(
  s: CaseState,
  cal: BusinessCalendar,
  rules: DeadlineRules,
): CaseDeadline[] {
  return deriveDeadlines(factsOfCase(s), cal, rules);
}
