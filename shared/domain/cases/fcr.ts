/**
 * First-contact resolution (一次解决, issue 12 item 5), derived from a case's
 * folded state by the rule written in docs/first-contact-resolution.md: a
 * closed case was resolved at first contact when
 *
 * 1. it was closed through the script (step 6 recorded), not closed early by
 *    a supervisor's override;
 * 2. it was never reopened;
 * 3. it was never escalated (step 5's `escalated`, or an escalation recorded
 *    on the case once escalation is an event: `escalation` on the state);
 * 4. it was not handed off: no action owned by another member of staff or by
 *    a department (step 5's own action, whose owner text is the clerk's
 *    free text, counts as the first-contact owner's unless step 5 names a
 *    hand-off department; it is known by its id, `step5ActionId`, so
 *    re-recording step 5 with edited text does not make it a hand-off), and
 *    not assigned to anyone but the first-contact owner at the close;
 * 5. it was closed by the due time of its `handling` deadline (derived with
 *    the settings in force at receipt, shifted by pauses; docs/deadlines.md).
 *
 * `null` while the case is open. Runtime-neutral and pure: the caller derives
 * the handling deadline (the desk's case projector, with the branch settings).
 */
import { hlcWallMs } from '../kernel/hlc';
import type { FieldValue } from './payloads';
import type { CaseAction, CaseState } from './state';

/** The parts of a case state the rule reads; `escalation` arrives with escalation as an event (issue 12 E1). */
export type FcrView = Pick<
  CaseState,
  | 'status'
  | 'owner'
  | 'assignee'
  | 'actions'
  | 'reopenReasons'
  | 'closeReasons'
  | 'steps'
  | 'closedHlc'
  | 'step5ActionId'
> & { escalation?: unknown };

/** Why a closed case was not resolved at first contact (the first that applies, in rule order). */
export const FCR_MISSES = ['override_close', 'reopened', 'escalated', 'handed_off', 'late'] as const;
export type FcrMiss = (typeof FCR_MISSES)[number];

const text = (v: FieldValue | undefined): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The id to keep as step 5's own action once `actions` (the case's actions
 * after a `case.action_added`) hold it, or null. The desk adds that action in
 * the same write as step 5's first recording (electron/desk/features/cases/
 * handlers.ts), so in fold order it meets step 5 as first recorded: the first
 * department action whose owner and text are that capture's. Kept by id from
 * then on, whatever later recordings of step 5 say. Used by ./fold.ts.
 */
export function stepFiveActionId(
  s: Pick<CaseState, 'steps' | 'step5ActionId' | 'actions'>,
  actions: readonly CaseAction[],
): string | null {
  const step5 = s.steps[5];
  const added = actions[actions.length - 1];
  if (s.step5ActionId !== null || step5 === undefined || added === undefined) return null;
  if (actions.length === s.actions.length || added.owner.kind !== 'department') return null;
  return added.owner.name === text(step5.actionOwner) && added.what === text(step5.actions) ? added.id : null;
}

/**
 * True when someone other than the first-contact owner was given part of the
 * work. Only actions added up to the close count: one added after it (another
 * desk's, or a forged event) does not undo a resolution already made.
 */
export function handedOff(s: FcrView): boolean {
  const step5 = s.steps[5];
  if (text(step5?.handoffDepartment) !== '') return true;
  if (s.assignee.value !== null && s.assignee.value !== s.owner) return true;
  const closedHlc = s.status === 'closed' ? s.closedHlc : null;
  return s.actions.some(
    (a) =>
      (closedHlc === null || a.addedHlc <= closedHlc) &&
      (a.owner.kind === 'staff' ? a.owner.staffId !== s.owner : a.id !== s.step5ActionId),
  );
}

/** True when the case was escalated (step 5's tick box, or an escalation on the state). */
export function escalated(s: FcrView): boolean {
  const e = s.escalation;
  return s.steps[5]?.escalated === true || (e !== undefined && e !== null);
}

/**
 * Why a closed case missed first-contact resolution, or null when it was
 * resolved at first contact. `handlingDueMs`: the due time of the case's
 * handling deadline (null: none could be derived, which misses as `late`).
 */
export function fcrMiss(s: FcrView, handlingDueMs: number | null): FcrMiss | null {
  if (s.closeReasons.length > 0 || s.steps[6] === undefined) return 'override_close';
  if (s.reopenReasons.length > 0) return 'reopened';
  if (escalated(s)) return 'escalated';
  if (handedOff(s)) return 'handed_off';
  if (s.closedHlc === null || handlingDueMs === null || hlcWallMs(s.closedHlc) > handlingDueMs) return 'late';
  return null;
}

/** First-contact resolution: true or false for a closed case, null while it is open. */
export function firstContactResolution(s: FcrView, handlingDueMs: number | null): boolean | null {
  if (s.status !== 'closed') return null;
  return fcrMiss(s, handlingDueMs) === null;
}
