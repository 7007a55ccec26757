/**
 * The case fold's rules for escalations and their reviews (issue 12;
 * ./fold.ts applies them in fold order, the rules are ./escalation.ts):
 *
 * - escalated: the actor's role at the event's fold key must allow the
 *   level (`mayEscalateTo`: counter clerks to `supervisor` only; supervisors
 *   and admins anywhere), else `no_authority`; a pure skill problem is
 *   `skill_not_escalated`; a level not above the current one
 *   `level_not_above`. Each is kept in the log without effect and flagged.
 *   With effect: the case is at the new level since the event's HLC, by its
 *   actor; the step joins `steps`. The first-contact owner does not change.
 * - escalation_reviewed: a supervising role (`no_authority`), an escalation
 *   the case has at that point of the fold (`unknown_escalation`), reviewed
 *   once (`already_reviewed`), by someone other than the escalation's author
 *   unless an admin (`own_escalation`, issue 12 review #8).
 *
 * `role` is the oracle's answer for the event's actor at its fold key;
 * undefined when the fold has no oracle (the acts count). Every object built
 * here has its keys in canonical (sorted) order (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import type { Role } from '../kernel/roles';
import {
  currentLevel,
  escalationProblem,
  mayEscalateTo,
  mayReviewEscalation,
  reviewProblem,
  type CaseEscalation,
  type EscalationAct,
  type EscalationFlagReason,
} from './escalation';
import type { CasePayloadOf } from './payloads';
import type { CaseState } from './state';

export const ESCALATION_EVENT_TYPES = ['case.escalated', 'case.escalation_reviewed'] as const;
export type EscalationEventType = (typeof ESCALATION_EVENT_TYPES)[number];

/** An escalation event's type with its parsed payload. */
export type EscalationEvent = {
  [T in EscalationEventType]: { type: T; payload: CasePayloadOf<T> };
}[EscalationEventType];

type Judged = Pick<EventEnvelope, 'actor' | 'hlc' | 'id'>;

function flag(
  state: CaseState,
  e: Judged,
  act: EscalationAct,
  reason: 'no_authority' | EscalationFlagReason,
): Partial<CaseState> {
  return { flags: [...state.flags, { act, eventId: e.id, reason }] };
}

/** The changes an escalation event makes to the state: its effect, or a flag. */
export function escalationChanges(
  state: CaseState,
  e: Judged,
  f: EscalationEvent,
  role: Role | null | undefined,
): Partial<CaseState> {
  switch (f.type) {
    case 'case.escalated': {
      const p = f.payload;
      if (role !== undefined && !mayEscalateTo(role, p.level)) {
        return flag(state, e, 'escalate', 'no_authority');
      }
      const problem = escalationProblem(state, p);
      if (problem !== null) return flag(state, e, 'escalate', problem);
      const step = {
        by: e.actor,
        eventId: e.id,
        from: currentLevel(state),
        hlc: e.hlc,
        level: p.level,
        reason: p.reason,
        rootCause: p.rootCause,
      };
      const escalation: CaseEscalation = {
        by: e.actor,
        level: p.level,
        reviews: state.escalation?.reviews ?? [],
        since: e.hlc,
        steps: [...(state.escalation?.steps ?? []), step],
      };
      return { escalation };
    }

    case 'case.escalation_reviewed': {
      const p = f.payload;
      if (role !== undefined && !mayReviewEscalation(role)) {
        return flag(state, e, 'review_escalation', 'no_authority');
      }
      const problem = reviewProblem(state, p.escalationId, { actor: e.actor, role });
      if (problem !== null || state.escalation === null) {
        return flag(state, e, 'review_escalation', problem ?? 'unknown_escalation');
      }
      const review = {
        by: e.actor,
        comment: p.comment,
        escalationId: p.escalationId,
        eventId: e.id,
        hlc: e.hlc,
        justified: p.justified,
      };
      return { escalation: { ...state.escalation, reviews: [...state.escalation.reviews, review] } };
    }
  }
}
