/**
 * The case fold's rule for the nature (issue 12, `case.classified`;
 * ./fold.ts applies it in fold order). The payload tells the two acts apart
 * (./payloads.ts CaseClassifiedPayload, ./describe.ts):
 *
 * - Without a reason: the classification a close writes, just before its
 *   `case.closed` (electron/desk/features/cases/handlers.ts `case.close`).
 *   Anyone who may close classifies, so the oracle is never asked. In fold
 *   order it meets the case open, and sets the nature. It meets a closed case
 *   only when another desk closed the case first while this one was offline
 *   (two clerks closed it concurrently): a duplicate close, which this desk's
 *   core would have refused as `caseAlreadyClosed` had it known. Like the
 *   fold's other concurrent duplicates (a second pause, an action done
 *   twice: ./followUpFold.ts) the first in fold order stands and the later
 *   has no effect, whoever wrote it; it is not a re-classification, so it is
 *   not flagged `no_authority`.
 * - With a reason, meeting a closed case: a re-classification
 *   (`case.reclassify`, which always gives one), a supervisor's act
 *   (./authority.ts `reclassify`): without the authority it is flagged and
 *   has no effect.
 *
 * The last effective classification is the nature; a reopen keeps it until
 * the next close classifies again.
 *
 * `authorized` asks the fold whether the actor had the authority at the
 * event's fold key (true without an oracle: the acts count); it is asked
 * only of a re-classification. Keys in canonical (sorted) order
 * (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import type { CasePayloadOf } from './payloads';
import type { CaseState } from './state';

/** The changes `case.classified` makes: the nature, a `reclassify` flag, or none (a duplicate close's). */
export function natureChanges(
  state: CaseState,
  e: Pick<EventEnvelope, 'actor' | 'id'>,
  p: CasePayloadOf<'case.classified'>,
  authorized: () => boolean,
): Partial<CaseState> {
  if (state.status === 'closed') {
    // A close's classification on a case already closed: a concurrent duplicate close, no effect.
    if (p.reason === undefined) return {};
    // A re-classification: a supervisor's act (./authority.ts `reclassify`).
    if (!authorized()) {
      return { flags: [...state.flags, { act: 'reclassify', eventId: e.id, reason: 'no_authority' }] };
    }
  }
  const nature = { actor: e.actor, eventId: e.id, reason: p.reason ?? null, value: p.nature };
  return { nature };
}
