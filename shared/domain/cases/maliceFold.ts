/**
 * The case fold's rules for suspected malicious claims (issue 12; ./fold.ts
 * applies them in fold order, the rules are ./malice.ts):
 *
 * - malice_suspected: anyone; the suspicion joins the list.
 * - malice_facts_recorded: anyone; facts only add, they never conflict
 *   (but must cite the case's evidence, below).
 * - malice_determined: a supervising role at the event's fold key, else
 *   `no_authority`; a malicious determination lacking any part of
 *   `canDetermine` (motive, behaviour, evidence, an offer without 赔偿) is
 *   `determination_incomplete`. Both are kept in the log without effect and
 *   flagged. With effect, it replaces the determination in force (the latest
 *   valid one in fold order wins).
 *
 * Evidence: the items named (facts, statement, determination) must be
 * evidence of the case at the event's place in fold order: a
 * `case.evidence_added` that sorts before the act (./evidenceFold.ts). A desk
 * only cites evidence it holds, and its clock is past that evidence's HLC, so
 * an honest act always sorts after its evidence; facts citing anything else
 * are flagged `evidence_unknown`, a determination `determination_incomplete`
 * (./malice.ts canDetermine), both without effect.
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

/** The evidence items (sha256) the case holds so far in fold order: what facts and determinations may cite. */
export function knownEvidence(state: CaseState): ReadonlySet<string> {
  return new Set(state.evidence.map((x) => x.sha256));
}

/** Whether facts cite only the case's evidence (the items and the signed statement). */
export function factsEvidenceKnown(
  known: ReadonlySet<string>,
  p: Pick<CasePayloadOf<'case.malice_facts_recorded'>, 'evidence' | 'statementEvidence'>,
): boolean {
  return (
    p.evidence.every((h) => known.has(h)) && (p.statementEvidence === null || known.has(p.statementEvidence))
  );
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
      if (!factsEvidenceKnown(knownEvidence(state), p)) {
        const flag = {
          act: 'record_malice_facts' as const,
          eventId: e.id,
          reason: 'evidence_unknown' as const,
        };
        return { flags: [...state.flags, flag] };
      }
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
