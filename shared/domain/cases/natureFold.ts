/**
 * The case fold's rule for the nature (issue 12, `case.classified`;
 * ./fold.ts applies it in fold order): the desk writes it just before
 * `case.closed`, so in fold order it meets an open case, and anyone who may
 * close classifies. One that meets a closed case is a re-classification,
 * a supervisor's act (./authority.ts `reclassify`): without the authority it
 * is flagged and has no effect. The last effective classification is the
 * nature; a reopen keeps it until the next close classifies again.
 *
 * `authorized` asks the fold whether the actor had the authority at the
 * event's fold key (true without an oracle: the acts count); it is asked
 * only of a re-classification. Keys in canonical (sorted) order
 * (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import type { CasePayloadOf } from './payloads';
import type { CaseState } from './state';

/** The changes `case.classified` makes: the nature, or a `reclassify` flag. */
export function natureChanges(
  state: CaseState,
  e: Pick<EventEnvelope, 'actor' | 'id'>,
  p: CasePayloadOf<'case.classified'>,
  authorized: () => boolean,
): Partial<CaseState> {
  // Open at this point of the fold: the classification written with the close (anyone who may
  // close). Closed: a re-classification, a supervisor's act (./authority.ts `reclassify`).
  if (state.status === 'closed' && !authorized()) {
    return { flags: [...state.flags, { act: 'reclassify', eventId: e.id, reason: 'no_authority' }] };
  }
  const nature = { actor: e.actor, eventId: e.id, reason: p.reason ?? null, value: p.nature };
  return { nature };
}
