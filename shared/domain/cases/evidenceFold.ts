/**
 * The case fold's rule for evidence (issue 12): `case.evidence_added` adds a
 * file to the case's evidence list with who added it and when; the same
 * sha256 a second time on one case has no effect (the first in fold order
 * stays, so every replica keeps the same one). Anyone signed in may add
 * evidence, so nothing is judged here. Keys in canonical (sorted) order, as
 * everywhere in the fold (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import type { CasePayloadOf } from './payloads';
import type { CaseEvidence, CaseState } from './state';

/** The changes `case.evidence_added` makes: `{}` when the case already has this file. */
export function evidenceChanges(
  state: CaseState,
  e: EventEnvelope,
  p: CasePayloadOf<'case.evidence_added'>,
): Partial<CaseState> {
  if (state.evidence.some((x) => x.sha256 === p.sha256)) return {};
  const item: CaseEvidence = {
    actor: e.actor,
    addedHlc: e.hlc,
    eventId: e.id,
    kind: p.kind,
    mime: p.mime,
    name: p.name,
    note: p.note,
    sha256: p.sha256,
    size: p.size,
  };
  return { evidence: [...state.evidence, item] };
}
