/**
 * The case fold's rules for the follow-up facts of issue 9: pauses, contact
 * attempts, actions and callbacks (./fold.ts applies them in fold order).
 * Each rule answers the changes to make, or `{}` when the event has no effect
 * (it still advances the state's lastKey). Times are compared as epoch ms
 * against the event's HLC wall time ("wall"), allowing SLACK_MS for clock
 * differences between devices:
 *
 * - paused: no effect if a pause is open or the case is closed; else a pause
 *   opens at the event's HLC.
 * - resumed: closes the open pause at the event's HLC; no effect if none is open.
 * - contact_attempted: no effect unless receivedAt <= at <= wall + slack.
 * - action_added: no effect if the actionId is already present or
 *   dueAt < wall - slack.
 * - action_done: no effect if the action is unknown or already done; else sets
 *   doneHlc to the event's HLC and its result.
 * - callback_recorded: no effect unless the case is closed at that point of
 *   the fold and at <= wall + slack.
 *
 * Every object built here has its keys in canonical (sorted) order, as
 * everywhere in the fold (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { hlcWallMs } from '../kernel/hlc';
import type { CasePayloadOf } from './payloads';
import type { CaseAction, CaseState } from './state';

/** Clock difference between devices the follow-up rules allow (5 minutes). */
export const SLACK_MS = 5 * 60 * 1000;

export const FOLLOW_UP_EVENT_TYPES = [
  'case.paused',
  'case.resumed',
  'case.contact_attempted',
  'case.action_added',
  'case.action_done',
  'case.callback_recorded',
] as const;
export type FollowUpEventType = (typeof FOLLOW_UP_EVENT_TYPES)[number];

/** A follow-up event's type with its parsed payload. */
export type FollowUpEvent = {
  [T in FollowUpEventType]: { type: T; payload: CasePayloadOf<T> };
}[FollowUpEventType];

/** True when the last pause is still open. */
export function openPause(state: CaseState): boolean {
  const last = state.pauses[state.pauses.length - 1];
  return last !== undefined && last.toHlc === null;
}

/** The pauses with the open one (the last) ended at `hlc`. */
export function endPause(pauses: CaseState['pauses'], hlc: string): CaseState['pauses'] {
  const last = pauses[pauses.length - 1];
  if (last === undefined || last.toHlc !== null) return pauses;
  return [...pauses.slice(0, -1), { ...last, toHlc: hlc }];
}

/** True when a contact attempt at `atIso` may count: not before receipt, not after the event (plus slack). */
export function contactTimeOk(state: Pick<CaseState, 'receivedAt'>, atIso: string, wallMs: number): boolean {
  const at = Date.parse(atIso);
  return Date.parse(state.receivedAt) <= at && at <= wallMs + SLACK_MS;
}

/** True when an action due at `dueIso` is not in the past of the event (less slack). */
export function actionDueOk(dueIso: string, wallMs: number): boolean {
  return Date.parse(dueIso) >= wallMs - SLACK_MS;
}

/**
 * How far before the close a callback may be dated and still follow it: the
 * minute a clerk picks in the time field (a callback made at 14:05 after a
 * close at 14:05:40 is dated 14:05).
 */
export const CALLBACK_GRACE_MS = 60 * 1000;

/** True when a callback at `atMs` follows a close at `closedMs` (null: not closed), to the minute. */
export function followsCloseAt(closedMs: number | null, atMs: number): boolean {
  return closedMs !== null && atMs >= closedMs - CALLBACK_GRACE_MS;
}

/** True when a callback at `atMs` follows the case's (last) close, to the minute. */
export function followsClose(state: Pick<CaseState, 'closedHlc'>, atMs: number): boolean {
  return followsCloseAt(state.closedHlc === null ? null : hlcWallMs(state.closedHlc), atMs);
}

/** True when a callback at `atIso` follows the close and is not after the event (plus slack). */
export function callbackTimeOk(state: Pick<CaseState, 'closedHlc'>, atIso: string, wallMs: number): boolean {
  const at = Date.parse(atIso);
  return followsClose(state, at) && at <= wallMs + SLACK_MS;
}

/** The changes a follow-up event makes to the state (`{}`: none). */
export function followUpChanges(
  state: CaseState,
  e: Pick<EventEnvelope, 'actor' | 'hlc' | 'id'>,
  f: FollowUpEvent,
): Partial<CaseState> {
  const wall = hlcWallMs(e.hlc);
  switch (f.type) {
    case 'case.paused': {
      if (openPause(state) || state.status === 'closed') return {};
      const p = f.payload;
      return { pauses: [...state.pauses, { fromHlc: e.hlc, note: p.note, reason: p.reason, toHlc: null }] };
    }

    case 'case.resumed':
      return openPause(state) ? { pauses: endPause(state.pauses, e.hlc) } : {};

    case 'case.contact_attempted': {
      const p = f.payload;
      if (!contactTimeOk(state, p.at, wall)) return {};
      const contact = {
        actor: e.actor,
        at: p.at,
        channel: p.channel,
        eventId: e.id,
        note: p.note,
        outcome: p.outcome,
      };
      return { contacts: [...state.contacts, contact] };
    }

    case 'case.action_added': {
      const p = f.payload;
      if (state.actions.some((a) => a.id === p.actionId) || !actionDueOk(p.dueAt, wall)) return {};
      const action: CaseAction = {
        actor: e.actor,
        addedHlc: e.hlc,
        doneHlc: null,
        dueAt: p.dueAt,
        id: p.actionId,
        owner:
          p.owner.kind === 'staff'
            ? { kind: 'staff', staffId: p.owner.staffId }
            : { kind: 'department', name: p.owner.name },
        result: null,
        what: p.what,
      };
      return { actions: [...state.actions, action] };
    }

    case 'case.action_done': {
      const i = state.actions.findIndex((a) => a.id === f.payload.actionId);
      const action = state.actions[i];
      if (action === undefined || action.doneHlc !== null) return {};
      const actions = [...state.actions];
      actions[i] = { ...action, doneHlc: e.hlc, result: f.payload.result };
      return { actions };
    }

    case 'case.callback_recorded': {
      const p = f.payload;
      if (state.status !== 'closed' || !callbackTimeOk(state, p.at, wall)) return {};
      const callback = {
        actor: e.actor,
        at: p.at,
        comment: p.comment,
        eventId: e.id,
        outcome: p.outcome,
        reachedWho: p.reachedWho,
        satisfaction: p.satisfaction,
      };
      return { callbacks: [...state.callbacks, callback] };
    }
  }
}
