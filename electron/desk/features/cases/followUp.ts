/**
 * The follow-up facts of a case (issue 9): pause and resume, contact
 * attempts, actions and callbacks. Each command is one event in one
 * transaction (./handlers.ts writeCase, writeCaseAt) and refuses, with a field error,
 * exactly what the fold would give no effect (shared/domain/cases/followUpFold.ts),
 * plus: a due time in the past, a contact before receipt or in the future, a
 * callback without satisfaction when the customer was reached (or with one
 * when not), an unknown staff member as an action's owner. Times are judged
 * against the desk's hybrid clock, as the fold judges the event's own HLC.
 *
 * Any signed-in staff member may record these (the contract's auth 'any'):
 * they are facts of the work done, not restricted acts.
 */
import type { caseFollowUpMethods } from '../../../../shared/contract/methods/cases';
import {
  actionDueOk,
  callbackTimeOk,
  followsClose,
  contactTimeOk,
  openPause,
} from '../../../../shared/domain/cases/followUpFold';
import type { ActionOwner } from '../../../../shared/domain/cases/payloads';
import { newId } from '../../../../shared/domain/kernel/ids';
import { canonicalInstant } from '../../../../shared/domain/kernel/time';
import { failWithFrom, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { writeCase, writeCaseAt } from './handlers';
import { messages } from './messages';

const msg = messages.msg;
const failWith = failWithFrom(messages);

/** An ISO instant: the given one in canonical form, or the clock's wall time. */
function instantOr(at: string | undefined, wallMs: number): string {
  return at === undefined ? new Date(wallMs).toISOString() : canonicalInstant(at);
}

function bad(ctx: HandlerContext, field: string, key: Parameters<typeof msg>[1]) {
  return invalidFields(ctx, { [field]: msg(ctx.locale, key) });
}

export const followUpHandlers: HandlersFor<typeof caseFollowUpMethods> = {
  'case.pause': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      if (openPause(state)) return failWith(ctx, 'invalid_state', 'alreadyPaused');
      return { type: 'case.paused', payload: { reason: input.reason, note: input.note } };
    }),

  'case.resume': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (!openPause(state)) return failWith(ctx, 'invalid_state', 'notPaused');
      return { type: 'case.resumed', payload: { note: input.note } };
    }),

  'case.contact.record': (input, ctx) =>
    writeCaseAt(ctx, input.caseId, (state, wallMs) => {
      const at = instantOr(input.at, wallMs);
      if (!contactTimeOk(state, at, wallMs)) {
        const early = Date.parse(at) < Date.parse(state.receivedAt);
        return bad(ctx, 'at', early ? 'contactBeforeReceipt' : 'timeInFuture');
      }
      const p = { at, channel: input.channel, outcome: input.outcome, note: input.note };
      return { type: 'case.contact_attempted', payload: p };
    }),

  'case.action.add': (input, ctx) =>
    writeCaseAt(ctx, input.caseId, (state, wallMs) => {
      // The work of a closed case is done: a new action waits for a reopen (a supervisor's, with a reason).
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      const dueAt = canonicalInstant(input.dueAt);
      // Not in the past (the fold allows 5 minutes for clocks; a clerk gets none).
      if (Date.parse(dueAt) < wallMs || !actionDueOk(dueAt, wallMs)) return bad(ctx, 'dueAt', 'dueInPast');
      let owner: ActionOwner;
      if (input.owner.kind === 'staff') {
        if (!ctx.desk.directory.staffById(input.owner.staffId))
          return bad(ctx, 'owner.staffId', 'unknownStaff');
        owner = { kind: 'staff', staffId: input.owner.staffId };
      } else {
        owner = { kind: 'department', name: input.owner.name };
      }
      return { type: 'case.action_added', payload: { actionId: newId(), what: input.what, owner, dueAt } };
    }),

  'case.action.done': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      const action = state.actions.find((a) => a.id === input.actionId);
      if (action === undefined) return bad(ctx, 'actionId', 'unknownAction');
      if (action.doneHlc !== null) return failWith(ctx, 'invalid_state', 'actionAlreadyDone');
      return { type: 'case.action_done', payload: { actionId: input.actionId, result: input.result } };
    }),

  'case.callback.record': (input, ctx) =>
    writeCaseAt(ctx, input.caseId, (state, wallMs) => {
      if (state.status !== 'closed') return failWith(ctx, 'invalid_state', 'callbackNeedsClosed');
      const fields: Record<string, string> = {};
      const at = instantOr(input.at, wallMs);
      if (!followsClose(state, Date.parse(at))) fields.at = msg(ctx.locale, 'callbackBeforeClose');
      else if (!callbackTimeOk(state, at, wallMs)) fields.at = msg(ctx.locale, 'timeInFuture');
      const reached = input.outcome === 'reached';
      if (reached && input.satisfaction === null)
        fields.satisfaction = msg(ctx.locale, 'satisfactionRequired');
      if (!reached && input.satisfaction !== null)
        fields.satisfaction = msg(ctx.locale, 'satisfactionOnlyReached');
      if (reached && input.reachedWho === '') fields.reachedWho = msg(ctx.locale, 'reachedWhoRequired');
      if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
      const satisfaction = input.satisfaction as 1 | 2 | 3 | 4 | 5 | null; // 1..5 by the contract
      return {
        type: 'case.callback_recorded',
        payload: {
          at,
          outcome: input.outcome,
          reachedWho: input.reachedWho,
          satisfaction,
          comment: input.comment,
        },
      };
    }),
};
