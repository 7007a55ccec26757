/**
 * A case's deadlines at head office (issue 9 item 9: "head office's case
 * list shows the same deadline state, same fold"): derived with the shared
 * derivation every desk runs (`factsOfCase` + `deriveDeadlines`,
 * docs/deadlines.md) from the case's folded state and its branch's settings
 * in force at its receipt (the branch's settings fold,
 * server/store/settings.ts), as the desk's `case_work` rows are.
 *
 * The case row keeps what the list needs (migration 0008): the earliest due
 * time among its open deadlines (neither met nor ended) that have one, its
 * kind, whether an open deadline's clock is stopped, and the settings
 * version the deadlines were derived with, so a settings change re-derives
 * exactly the cases whose settings in force at receipt changed. The state
 * against now is read when the list is, by the desk's rule
 * (electron/desk/features/cases/queries.ts `deadlineState`), with the
 * due-soon window of the settings in force now.
 */
import type { CaseDeadlineState } from '../../shared/contract/methods/cases';
import { factsOfCase, isImportHistory } from '../../shared/domain/caseFacts';
import type { CaseState } from '../../shared/domain/cases/state';
import {
  caseDeadlineState,
  deriveDeadlines,
  dueSoonLimit,
} from '../../shared/domain/deadlines/caseDeadlines';
import { settingsAt, type SettingsState } from '../../shared/domain/settings/fold';

/** The deadline columns of a case row. */
export interface CaseWorkColumns {
  received_ms: number | null;
  settings_key: string;
  next_due_ms: number | null;
  next_due_kind: string | null;
  paused: number;
}

/** The deadline columns of a case, derived with its branch's settings in force at receipt. */
export function caseWorkColumns(s: CaseState, settings: SettingsState): CaseWorkColumns {
  const facts = factsOfCase(s);
  const inForce = settingsAt(settings, facts.receivedMs);
  let next: { dueMs: number; kind: string } | null = null;
  let paused = 0;
  for (const d of deriveDeadlines(facts, inForce.calendar, inForce.rules)) {
    if (d.metMs !== null || d.endedMs !== null || isImportHistory(s, d)) continue;
    if (d.dueMs === null) paused = 1;
    else if (next === null || d.dueMs < next.dueMs) next = { dueMs: d.dueMs, kind: d.kind };
  }
  return {
    received_ms: Number.isFinite(facts.receivedMs) ? facts.receivedMs : null,
    settings_key: inForce.key,
    next_due_ms: next?.dueMs ?? null,
    next_due_kind: next?.kind ?? null,
    paused,
  };
}

/** The settings version a stored row's deadlines should be derived with now (its receipt may be unreadable). */
export function settingsKeyFor(receivedMs: number | null, settings: SettingsState): string {
  return settingsAt(settings, receivedMs ?? Number.NaN).key;
}

/** "Now" for deadline states: the instant, and the latest due time that counts as due soon then. */
export interface ListClock {
  nowMs: number;
  soonMs: number;
}

/** The clock of a branch at `nowMs`: the due-soon window of its settings in force now (as the desk's). */
export function listClock(settings: SettingsState, nowMs: number): ListClock {
  const now = settingsAt(settings, nowMs);
  return { nowMs, soonMs: dueSoonLimit(nowMs, now.calendar, now.rules) };
}

/** What the case list shows of a row's deadlines (CaseSummary.nextDueAt / deadlineState), the desk's rule. */
export function caseDeadlineFields(
  row: { next_due_ms: number | null; paused: number },
  clock: ListClock,
): { nextDueAt: string | null; deadlineState: CaseDeadlineState | null } {
  const next = row.next_due_ms;
  const state = caseDeadlineState(next, row.paused > 0, clock.nowMs, clock.soonMs);
  return { nextDueAt: next === null ? null : new Date(next).toISOString(), deadlineState: state };
}
