/**
 * The case fold's rules for issue 14's tags and accountability (./tags.ts;
 * ./fold.ts applies them in fold order):
 *
 * - `case.tagged`: the failure point is anyone's; a quality gap is a
 *   supervising role's judgement at the event's fold key. An event naming a
 *   quality gap (even with a failure point beside it) from anyone else is
 *   kept without effect and flagged `tag_quality_gap` / `no_authority`: the
 *   desk never writes one, so only a forged event does. Each key present
 *   replaces that tag (null clears it); the later event in fold order wins.
 * - `case.responsibility_decided`: a supervising role's, else flagged
 *   `decide_responsibility` / `no_authority`; the later decision in fold
 *   order replaces the earlier.
 *
 * `role` is the oracle's answer for the event's actor at its fold key;
 * undefined when the fold has no oracle (the acts count). Keys in canonical
 * (sorted) order (./state.ts stateJson). Pure.
 */
import type { EventEnvelope } from '../kernel/envelope';
import type { Role } from '../kernel/roles';
import { isSupervising } from './authority';
import type { CasePayloadOf } from './payloads';
import type { CaseState } from './state';
import type { CaseTagMark, CaseTags, TagAct } from './tags';

export type TagEvent =
  | { type: 'case.tagged'; payload: CasePayloadOf<'case.tagged'> }
  | { type: 'case.responsibility_decided'; payload: CasePayloadOf<'case.responsibility_decided'> };

type Judged = Pick<EventEnvelope, 'actor' | 'hlc' | 'id'>;

const EMPTY: CaseTags = { failurePoint: null, qualityGap: null, responsibility: null };

/** Whether `role` may perform `act` (the quality gap and the decision): a supervising role, or no oracle. */
export function mayTag(role: Role | null | undefined): boolean {
  return role === undefined || isSupervising(role);
}

function mark(e: Judged, value: string | null | undefined, before: CaseTagMark | null): CaseTagMark | null {
  if (value === undefined) return before;
  return value === null ? null : { by: e.actor, eventId: e.id, hlc: e.hlc, value };
}

/** The changes a tag event makes to the state: its effect, or a flag. */
export function tagChanges(
  state: CaseState,
  e: Judged,
  f: TagEvent,
  role: Role | null | undefined,
): Partial<CaseState> {
  const tags = state.tags ?? EMPTY;
  const refuse = (act: TagAct): Partial<CaseState> => ({
    flags: [...state.flags, { act, eventId: e.id, reason: 'no_authority' }],
  });
  if (f.type === 'case.tagged') {
    if (f.payload.qualityGap !== undefined && !mayTag(role)) return refuse('tag_quality_gap');
    return {
      tags: {
        failurePoint: mark(e, f.payload.failurePoint, tags.failurePoint),
        qualityGap: mark(e, f.payload.qualityGap, tags.qualityGap),
        responsibility: tags.responsibility,
      },
    };
  }
  if (!mayTag(role)) return refuse('decide_responsibility');
  const responsibility = {
    by: e.actor,
    eventId: e.id,
    hlc: e.hlc,
    note: f.payload.note,
    responsible: f.payload.responsible,
  };
  return { tags: { ...tags, responsibility } };
}
