/**
 * A case's deadlines (issue 9, items 2-7), derived from the facts its events
 * established and from the rules and calendar in force when it was received.
 * Pure and runtime-neutral: every desk and head office derive the same list
 * from the same facts. What each kind means and which event meets it is
 * written down in docs/deadlines.md; this file is that table in code.
 *
 * Shifting by pauses: for handling, result and reply the rule gives a due
 * instant as if the clock never stopped; its working minutes from the start
 * are then counted again with the clock stopped during the pauses
 * (`addWorkingMinutes` with pauses), so the deadline moves later by exactly
 * the paused working time before it. A pause that starts after the due
 * instant changes nothing (an overdue case is not rescued by pausing it); an
 * open pause before it leaves the deadline without a due time (`dueMs`
 * null: paused). Pauses are cut at the instant the deadline was met.
 */
import {
  addWorkingMinutes,
  endOfWorkingDay,
  type Pause,
  workingDaysAfter,
  workingMinutesBetween,
} from './businessTime';
import type { BusinessCalendar } from './calendar';
import { type DeadlineRules, type HandlingRule, handlingRuleOf } from './rules';

export const DEADLINE_KINDS = [
  'entry',
  'handling',
  'result',
  'reply',
  'promise',
  'action',
  'contact',
  'callback',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type StepNo = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * What the derivation reads from a case, in UTC ms. Built from the folded
 * case state (`factsOfCase`); kept separate so the rules can be tested alone.
 */
export interface DeadlineFacts {
  /** When the complaint was received (the intake's receivedAt). */
  receivedMs: number;
  /** When it was entered (the opening event's HLC wall time). */
  enteredMs: number;
  severity: string;
  /** When each step was FIRST recorded. */
  stepMs: Partial<Record<StepNo, number>>;
  /** When the case was (last) closed; null while open. */
  closedMs: number | null;
  /** toMs null: still paused. */
  pauses: readonly { fromMs: number; toMs: number | null; reason: string }[];
  contacts: readonly { atMs: number; outcome: string }[];
  actions: readonly { id: string; ownerStaffId: string | null; dueMs: number; doneMs: number | null }[];
  callbacks: readonly { atMs: number; outcome: string }[];
  /** Step 4's promised time (promisedAt), if captured. */
  promisedMs: number | null;
  /** The case's dueAt: replaces the result deadline (a supervisor's, or one that brings it forward). */
  dueOverrideMs: number | null;
  /**
   * True when the dueAt was set by someone without a supervising role (the
   * state's `dueAt.bounded`): it counts only where it is earlier than the
   * derived result deadline.
   */
  dueOverrideBounded?: boolean;
  /** Staff id of the first receiver (首问负责制). */
  owner: string;
  assignee: string | null;
}

export interface CaseDeadline {
  kind: DeadlineKind;
  /** The action's id for kind 'action', else ''. */
  ref: string;
  /** null: the clock is stopped (an open pause before the due instant). */
  dueMs: number | null;
  /** When it was met, null while not. */
  metMs: number | null;
  /**
   * When it ended without being met (contact: the attempts were exhausted;
   * callback: the customer was unreachable); null otherwise. An addition to
   * the shape of ISSUE9.md section 4.
   */
  endedMs: number | null;
  /** Staff id responsible; null for an action owned by a department. */
  owner: string | null;
}

export const DEADLINE_STATUSES = [
  'pending',
  'due_soon',
  'overdue',
  'met',
  'met_late',
  'paused',
  'ended',
] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The calendar and rules in force at an instant, and a key naming that combination (equal key, equal settings). */
export interface SettingsInForce {
  calendar: BusinessCalendar;
  rules: DeadlineRules;
  key: string;
}
/** The branch settings in force at `atMs` (the desk composes it over the settings projection). */
export type SettingsAt = (atMs: number) => SettingsInForce;

/**
 * The settings oracle and the instants at which what it answers may change
 * (each version's start): between two of them, `at` gives one key. A
 * projection that derives with the settings at each case's receipt finds the
 * cases a settings change touched by range instead of asking for each case.
 */
export interface SettingsSource {
  at: SettingsAt;
  changesAt(): readonly number[];
}

/** The contact outcome that counts as reaching the customer. */
export const REACHED = 'reached';

const finiteOrNull = (t: number): number | null => (Number.isFinite(t) ? t : null);

/** The entry deadline: `entryWorkingMinutes` working minutes after receipt (never paused). */
export function entryDueMs(cal: BusinessCalendar, receivedMs: number, rules: DeadlineRules): number {
  return addWorkingMinutes(cal, receivedMs, rules.entryWorkingMinutes);
}

/** The unshifted handling due instant of a rule from `start`. */
export function handlingBaseDue(cal: BusinessCalendar, start: number, rule: HandlingRule): number {
  switch (rule.kind) {
    case 'workingMinutes':
      return addWorkingMinutes(cal, start, rule.minutes);
    case 'endOfWorkingDay':
      return endOfWorkingDay(cal, start);
    case 'workingDays':
      return workingDaysAfter(cal, start, rule.days);
  }
}

/** Pauses as engine intervals, cut at `until` (the instant the deadline was met). */
function pausesUntil(facts: DeadlineFacts, until: number | null): Pause[] {
  const end = until ?? Infinity;
  const out: Pause[] = [];
  for (const p of facts.pauses) {
    const to = Math.min(p.toMs ?? Infinity, end);
    if (p.fromMs < to) out.push({ from: p.fromMs, to });
  }
  return out;
}

/**
 * `base` moved later by the working time paused between `start` and it:
 * the instant at which as many unpaused working minutes have run since
 * `start` as working minutes lie between `start` and `base`.
 */
export function shiftByPauses(
  cal: BusinessCalendar,
  start: number,
  base: number,
  pauses: readonly Pause[],
): number {
  if (!Number.isFinite(base) || pauses.length === 0 || base <= start) return base;
  return addWorkingMinutes(cal, start, workingMinutesBetween(cal, start, base), pauses);
}

const minOf = (...xs: (number | null | undefined)[]): number | null => {
  let m: number | null = null;
  for (const x of xs) if (x !== null && x !== undefined && (m === null || x < m)) m = x;
  return m;
};

/** The instant the result was met: step 5 recorded with every action done, or the close. */
function resultMetMs(f: DeadlineFacts): number | null {
  let byActions: number | null = null;
  const step5 = f.stepMs[5];
  if (step5 !== undefined && f.actions.every((a) => a.doneMs !== null)) {
    byActions = step5;
    for (const a of f.actions) byActions = Math.max(byActions, a.doneMs!);
  }
  return minOf(byActions, f.closedMs);
}

/**
 * Contact: present once an attempt is recorded. Met by the first attempt
 * that reached the customer; ended ("exhausted") at the `contactAttempts`-th
 * unanswered attempt within the window if none reached before it; due at the
 * end of the window (`contactWindowWorkingDays` after receipt); met by the
 * close when no attempt reached the customer (an exhausted contact keeps its
 * `endedMs`).
 */
function contactDeadline(f: DeadlineFacts, cal: BusinessCalendar, rules: DeadlineRules, owner: string) {
  const due = workingDaysAfter(cal, f.receivedMs, rules.contactWindowWorkingDays);
  const sorted = [...f.contacts].sort((a, b) => a.atMs - b.atMs);
  let metMs: number | null = null;
  let endedMs: number | null = null;
  let unanswered = 0;
  for (const c of sorted) {
    if (c.outcome === REACHED) {
      metMs = c.atMs;
      break;
    }
    if (endedMs === null && c.atMs <= due && ++unanswered >= rules.contactAttempts) endedMs = c.atMs;
  }
  // The loop closed without reaching the customer here: the callback takes over.
  if (metMs === null && f.closedMs !== null) metMs = f.closedMs;
  return { kind: 'contact' as const, ref: '', dueMs: finiteOrNull(due), metMs, endedMs, owner };
}

/**
 * Callback (回访): present while the case is closed, due
 * `callbackWorkingDays` after the close, met by the first callback that
 * reached the customer, ended ("unreachable") at the
 * `callbackMaxFailedAttempts`-th failed one before any reached. A reach
 * after that still meets it (the board stops listing it as unreachable), and
 * it keeps its `endedMs`, as a contact does.
 */
function callbackDeadline(f: DeadlineFacts, closedMs: number, cal: BusinessCalendar, rules: DeadlineRules) {
  const due = workingDaysAfter(cal, closedMs, rules.callbackWorkingDays);
  const sorted = [...f.callbacks].sort((a, b) => a.atMs - b.atMs);
  let metMs: number | null = null;
  let endedMs: number | null = null;
  let failed = 0;
  for (const c of sorted) {
    if (c.outcome === REACHED) {
      metMs = c.atMs;
      break;
    }
    if (endedMs === null && ++failed >= rules.callbackMaxFailedAttempts) endedMs = c.atMs;
  }
  return { kind: 'callback' as const, ref: '', dueMs: finiteOrNull(due), metMs, endedMs, owner: f.owner };
}

/** Every deadline of a case, in DEADLINE_KINDS order (actions in the order given). */
export function deriveDeadlines(
  f: DeadlineFacts,
  cal: BusinessCalendar,
  rules: DeadlineRules,
): CaseDeadline[] {
  const doer = f.assignee ?? f.owner;
  const out: CaseDeadline[] = [];

  out.push({
    kind: 'entry',
    ref: '',
    dueMs: finiteOrNull(entryDueMs(cal, f.receivedMs, rules)),
    metMs: f.enteredMs,
    endedMs: null,
    owner: f.owner,
  });

  const handlingMet = minOf(f.stepMs[5], f.closedMs);
  const handlingBase = handlingBaseDue(cal, f.receivedMs, handlingRuleOf(rules, f.severity));
  out.push({
    kind: 'handling',
    ref: '',
    dueMs: finiteOrNull(shiftByPauses(cal, f.receivedMs, handlingBase, pausesUntil(f, handlingMet))),
    metMs: handlingMet,
    endedMs: null,
    owner: doer,
  });

  const resultMet = resultMetMs(f);
  const resultPauses = pausesUntil(f, resultMet);
  const derivedResultDue = () =>
    shiftByPauses(
      cal,
      f.receivedMs,
      workingDaysAfter(cal, f.receivedMs, rules.resultWorkingDays),
      resultPauses,
    );
  let resultDue: number;
  if (f.dueOverrideMs !== null) {
    // The supervisor's instant stands as set; only an open pause before it stops it.
    const stopped = resultPauses.some((p) => p.to === Infinity && p.from <= f.dueOverrideMs!);
    resultDue = stopped ? Infinity : f.dueOverrideMs;
    // A clerk's date brings the result deadline forward, never later (docs/roles.md).
    if (f.dueOverrideBounded === true) resultDue = Math.min(resultDue, derivedResultDue());
  } else {
    resultDue = derivedResultDue();
  }
  out.push({
    kind: 'result',
    ref: '',
    dueMs: finiteOrNull(resultDue),
    metMs: resultMet,
    endedMs: null,
    owner: doer,
  });

  const told = minOf(f.stepMs[6], f.closedMs);
  if (resultMet !== null) {
    const replyMet = told === null ? null : Math.max(told, resultMet);
    const base = workingDaysAfter(cal, resultMet, rules.replyWorkingDays);
    const due = shiftByPauses(cal, resultMet, base, pausesUntil(f, replyMet));
    out.push({
      kind: 'reply',
      ref: '',
      dueMs: finiteOrNull(due),
      metMs: replyMet,
      endedMs: null,
      owner: doer,
    });
  }

  if (f.promisedMs !== null) {
    out.push({ kind: 'promise', ref: '', dueMs: f.promisedMs, metMs: told, endedMs: null, owner: doer });
  }

  for (const a of f.actions) {
    out.push({
      kind: 'action',
      ref: a.id,
      dueMs: a.dueMs,
      metMs: a.doneMs,
      endedMs: null,
      owner: a.ownerStaffId,
    });
  }

  if (f.contacts.length > 0) out.push(contactDeadline(f, cal, rules, doer));
  if (f.closedMs !== null) out.push(callbackDeadline(f, f.closedMs, cal, rules));
  return out;
}

/**
 * "Due soon" reaches up to this instant: `dueSoonWorkingMinutes` working
 * minutes after now (a query can compare `due_ms <= dueSoonLimit` in SQL).
 */
export function dueSoonLimit(nowMs: number, cal: BusinessCalendar, rules: DeadlineRules): number {
  return addWorkingMinutes(cal, nowMs, rules.dueSoonWorkingMinutes);
}

/**
 * A deadline's state at `nowMs`: met (on time or late) first, then ended,
 * then paused (no due time), overdue (now after the due instant), due soon
 * (due within `dueSoonWorkingMinutes` working minutes), else pending.
 */
export function deadlineStatus(
  d: CaseDeadline,
  nowMs: number,
  cal: BusinessCalendar,
  rules: DeadlineRules,
): DeadlineStatus {
  return statusAt(d, nowMs, d.metMs === null && d.endedMs === null ? dueSoonLimit(nowMs, cal, rules) : nowMs);
}

/** `deadlineStatus` with the due-soon limit computed once (for many deadlines at one now). */
export function statusAt(
  d: Pick<CaseDeadline, 'dueMs' | 'metMs' | 'endedMs'>,
  nowMs: number,
  soonLimitMs: number,
): DeadlineStatus {
  if (d.metMs !== null) return d.dueMs === null || d.metMs <= d.dueMs ? 'met' : 'met_late';
  if (d.endedMs !== null) return 'ended';
  if (d.dueMs === null) return 'paused';
  if (nowMs > d.dueMs) return 'overdue';
  return d.dueMs <= soonLimitMs ? 'due_soon' : 'pending';
}

/** A case's deadline state in a list (the `due` filter takes the first three). */
export const CASE_DEADLINE_STATES = ['overdue', 'due_soon', 'paused', 'pending'] as const;
export type CaseDeadlineState = (typeof CASE_DEADLINE_STATES)[number];

/**
 * A case's deadline state at `nowMs` from its earliest open, unpaused due time
 * and whether an open deadline is paused: overdue, due soon, paused (when
 * nothing is overdue or due soon), pending; null when nothing is open. The
 * desk's list and head office's list both answer with it.
 */
export function caseDeadlineState(
  nextDueMs: number | null,
  pausedOpen: boolean,
  nowMs: number,
  soonLimitMs: number,
): CaseDeadlineState | null {
  if (nextDueMs !== null && nextDueMs < nowMs) return 'overdue';
  if (nextDueMs !== null && nextDueMs <= soonLimitMs) return 'due_soon';
  if (pausedOpen) return 'paused';
  return nextDueMs !== null ? 'pending' : null;
}
