/**
 * The case fold's rules for suspected malicious claims (issue 12; ./fold.ts
 * applies them in fold order, the rules are ./malice.ts):
 *
 * - malice_suspected: anyone; the suspicion joins the list.
 * - malice_facts_recorded: anyone; facts only add, they never conflict.
 * - malice_determined: a supervising role at the event's fold key, else
 *   `no_authority`; a malicious determination lacking any part of
 *   `canDetermine` (motive, behaviour, evidence, an offer without 赔偿) is
 *   `determination_incomplete`. Both are kept in the log without effect and
 *   flagged. With effect, it replaces the determination in force (the latest
 *   valid one in fold order wins).
 *
 * Evidence: the items named must be evidence of the case. The case's
 * evidence is not in this state yet (issue 12 part E3), so any sha256 counts
 * for now; `knownEvidence` is where the check joins (./malice.ts canDetermine).
 *
 * `role` is the oracle's answer for the event's actor at its fold key;
 * undefined when the fold has no oracle (the acts count). Keys in canonical
 * (sorted) order (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import type { Role } from '../kernel/roles';
import { isSupervising } from './authority';
import { canDetermine, type CaseMalice } from './malice';
import type { CasePayloadOf } from './payloads';
import type { CaseState } from './state';

export const MALICE_EVENT_TYPES = [
  'case.malice_suspected',
  'case.malice_facts_recorded',
  'case.malice_determined',
] as const;
export type MaliceEventType = (typeof MALICE_EVENT_TYPES)[number];

/** A malice event's type with its parsed payload. */
export type MaliceEvent = {
  [T in MaliceEventType]: { type: T; payload: CasePayloadOf<T> };
}[MaliceEventType];

type Judged = Pick<EventEnvelope, 'actor' | 'hlc' | 'id'>;

/** The evidence items of a case a determination may name; null: not known (any counts). */
export function knownEvidence(_state: CaseState): ReadonlySet<string> | null {
  return null;
}

function record(state: CaseState): CaseMalice {
  return state.malice ?? { determination: null, facts: [], suspicions: [] };
}

/** The changes a malice event makes to the state: its effect, or a flag. */
export function maliceChanges(
  state: CaseState,
  e: Judged,
  f: MaliceEvent,
  role: Role | null | undefined,
): Partial<CaseState> {
  const m = record(state);
  switch (f.type) {
    case 'case.malice_suspected': {
      const suspicion = { by: e.actor, eventId: e.id, hlc: e.hlc, note: f.payload.note };
      return { malice: { ...m, suspicions: [...m.suspicions, suspicion] } };
    }

    case 'case.malice_facts_recorded': {
      const p = f.payload;
      const facts = {
        by: e.actor,
        established: p.established,
        eventId: e.id,
        evidence: [...p.evidence],
        hlc: e.hlc,
        statementEvidence: p.statementEvidence,
        statementSigned: p.statementSigned,
      };
      return { malice: { ...m, facts: [...m.facts, facts] } };
    }

    case 'case.malice_determined': {
      const p = f.payload;
      if (role !== undefined && !isSupervising(role)) {
        return {
          flags: [...state.flags, { act: 'determine_malice', eventId: e.id, reason: 'no_authority' }],
        };
      }
      if (canDetermine(p, knownEvidence(state)).length > 0) {
        const flag = {
          act: 'determine_malice' as const,
          eventId: e.id,
          reason: 'determination_incomplete' as const,
        };
        return { flags: [...state.flags, flag] };
      }
      const determination = {
        behaviours: [...p.behaviours],
        by: e.actor,
        eventId: e.id,
        evidence: [...p.evidence],
        hlc: e.hlc,
        motives: [...p.motives],
        offer: p.offer,
        outcome: p.outcome,
        reason: p.reason,
        signs: [...p.signs],
      };
      return { malice: { ...m, determination } };
    }
  }
}
