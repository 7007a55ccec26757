/**
 * DeskApi methods of a case's follow-up facts (issue 9, docs/deadlines.md):
 * pause and resume, contact attempts, actions, callbacks; and their views in
 * the case's detail.
 *
 * A part of the case feature's contract, in a file of its own so that
 * methods/cases.ts stays under ~400 lines. methods/cases.ts imports this
 * part (never the other way round, test/unit/layers.test.ts METHOD_PARTS):
 * it puts the views into CaseDetail and builds the table here with
 * `caseFollowUpMethodsFor(CaseDetail)`, since every follow-up fact answers
 * the case's detail.
 */
import { z } from 'zod';
import { ContactChannel, ContactOutcome, PauseReason } from '../../domain/cases/payloads';
import { LIMITS } from '../../domain/kernel/limits';
import { id, isoInstant, type MethodTable } from './common';

/** Who answers for an action, as entered: a member of staff, or a department by name. */
export const ActionOwnerInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), staffId: id }).strict(),
  z.object({ kind: z.literal('department'), name: z.string().trim().min(1).max(LIMITS.shortText) }).strict(),
]);
export type ActionOwnerInput = z.input<typeof ActionOwnerInput>;

/** A pause of the case's handling; `to` is null while it lasts. Times are ISO instants (entry times). */
export const CasePauseView = z.object({
  reason: PauseReason,
  note: z.string(),
  from: z.string(),
  to: z.string().nullable(),
});
export type CasePauseView = z.infer<typeof CasePauseView>;

export const CaseContactView = z.object({
  eventId: id,
  /** When the attempt was made. */
  at: z.string(),
  channel: ContactChannel,
  outcome: ContactOutcome,
  note: z.string(),
  actor: z.string(),
  actorName: z.string(),
});
export type CaseContactView = z.infer<typeof CaseContactView>;

export const CaseActionView = z.object({
  id,
  what: z.string(),
  owner: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('staff'), staffId: z.string() }),
    z.object({ kind: z.literal('department'), name: z.string() }),
  ]),
  /** The staff member's name or the department's. */
  ownerName: z.string(),
  dueAt: z.string(),
  addedAt: z.string(),
  /** When it was marked done (entry time), or null. */
  doneAt: z.string().nullable(),
  result: z.string().nullable(),
  actor: z.string(),
});
export type CaseActionView = z.infer<typeof CaseActionView>;

export const CaseCallbackView = z.object({
  eventId: id,
  at: z.string(),
  outcome: ContactOutcome,
  reachedWho: z.string(),
  /** 1..5 when the customer was reached, else null. */
  satisfaction: z.number().int().min(1).max(5).nullable(),
  comment: z.string(),
  actor: z.string(),
  actorName: z.string(),
});
export type CaseCallbackView = z.infer<typeof CaseCallbackView>;

/** A clerk's note on a follow-up fact; may be left empty. */
const followUpNote = z.string().trim().max(LIMITS.noteText).default('');

/**
 * The follow-up facts of a case (issue 9): any signed-in staff member may
 * record them (handlers in electron/desk/features/cases/followUp.ts). Each
 * answers the case's detail.
 */
export function caseFollowUpMethodsFor<Detail extends z.ZodType>(CaseDetail: Detail) {
  return {
    'case.pause': {
      input: z.object({ caseId: id, reason: PauseReason, note: followUpNote }).strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.resume': {
      input: z.object({ caseId: id, note: followUpNote }).strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.contact.record': {
      input: z
        .object({
          caseId: id,
          /** When the attempt was made; defaults to now. Not before receipt, not in the future. */
          at: isoInstant.optional(),
          channel: ContactChannel,
          outcome: ContactOutcome,
          note: followUpNote,
        })
        .strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.action.add': {
      input: z
        .object({
          caseId: id,
          what: z.string().trim().min(1).max(LIMITS.longText),
          owner: ActionOwnerInput,
          /** Not in the past. */
          dueAt: isoInstant,
        })
        .strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.action.done': {
      input: z
        .object({ caseId: id, actionId: id, result: z.string().trim().min(1).max(LIMITS.longText) })
        .strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.callback.record': {
      input: z
        .object({
          caseId: id,
          /** When the callback was made; defaults to now. Not in the future. */
          at: isoInstant.optional(),
          outcome: ContactOutcome,
          /** Who was reached (required when the outcome is 'reached'). */
          reachedWho: z.string().trim().max(LIMITS.shortText).default(''),
          /** 1..5, required when the outcome is 'reached' and null otherwise. */
          satisfaction: z.number().int().min(1).max(5).nullable().default(null),
          comment: z.string().trim().max(LIMITS.longText).default(''),
        })
        .strict(),
      output: CaseDetail,
      auth: 'any',
    },
  } as const satisfies MethodTable;
}
