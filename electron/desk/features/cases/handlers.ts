/** case.* commands and queries. */
import { z } from 'zod';
import type {
  CaseDetail,
  caseFollowUpMethods,
  caseJudgmentMethods,
  caseMethods,
  caseNatureMethods,
  caseTagMethods,
} from '../../../../shared/contract/methods/cases';
import { ok, type Err, type Result } from '../../../../shared/contract/result';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { formatCaseNumber } from '../../../../shared/domain/kernel/caseNumber';
import { STEP_NUMBERS, type FieldValue } from '../../../../shared/domain/cases/payloads';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { type EventType, type PayloadOf } from '../../../../shared/domain/events';
import { newId } from '../../../../shared/domain/kernel/ids';
import { findStep, flattenCategories, validateStepFields } from '../../../../shared/domain/cases/scriptRules';
import { withCaseValues } from '../../../../shared/domain/cases/scriptPrefill';
import type { AppendOutcome } from '../../kernel/eventStore';
import { highestSeq } from '../../kernel/numbering';
import { messages } from './messages';
import { canonicalInstant } from '../../../../shared/domain/kernel/time';
import { caseDetail, caseState, listCases } from './queries';
import { lateEntryError } from './lateEntry';
import { dueBeyondResult, ruleResultDueMs } from './dueRule';
import { numberDay, settingsOf, workClock } from '../../kernel/deadlineSettings';
import { authorizeAct, isRefusal } from './authority';
import {
  fieldSetAct,
  isSupervising,
  receiptBackdated,
  suspectsMalice,
} from '../../../../shared/domain/cases/authority';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import {
  actor,
  fail,
  failWithFrom,
  invalidFields,
  type HandlerContext,
  type HandlersFor,
} from '../../kernel/handler';
import { analysisListsNow } from '../../kernel/analysisLists';

const msg = messages.msg;
const failWith = failWithFrom(messages);

/** How far in the future a "received at" time may lie (clock differences between devices). */
const RECEIVED_AT_SLACK_MS = 5 * 60 * 1000;
const isoInstant = z.iso.datetime({ offset: true });

type CaseEventSpec = { [T in EventType]: { type: T; payload: PayloadOf<T> } }[EventType];

/** Thrown inside a write transaction to roll it back and answer with `err`. */
class Refused extends Error {
  constructor(readonly err: Err) {
    super(err.error.code);
  }
}

function detailOrNotFound(ctx: HandlerContext, caseId: string): Result<CaseDetail> {
  const d = caseDetail(ctx.desk, caseId, (state) => ruleResultDueMs(ctx, state));
  return d ? ok(d) : failWith(ctx, 'not_found', 'caseNotFound');
}

/** What a command on an existing case decides: refuse, skip (null: nothing to change) or its events. */
export type CaseDecision = Err | CaseEventSpec | readonly CaseEventSpec[] | null;

/**
 * The write path of every command on an existing case: load the folded state,
 * let `decide` refuse, skip (null: nothing to change) or name one event, and
 * append it — all in one transaction — then notify subscribers.
 */
export function writeCase(
  ctx: HandlerContext,
  caseId: string,
  decide: (state: CaseState) => CaseDecision,
): Result<CaseDetail> {
  return write(ctx, caseId, (state) => decide(state));
}

/**
 * writeCase for a decision that reads the time: `decide` gets the wall time
 * (epoch ms) of this desk's hybrid clock, which the event it names will carry
 * or (a moment later) exceed, so a check against it is the fold's check
 * against the event's own HLC (shared/domain/cases/followUpFold.ts).
 */
export function writeCaseAt(
  ctx: HandlerContext,
  caseId: string,
  decide: (state: CaseState, wallMs: number) => CaseDecision,
): Result<CaseDetail> {
  return write(ctx, caseId, (state) => decide(state, ctx.desk.hlcWallMs()));
}

function write(
  ctx: HandlerContext,
  caseId: string,
  decide: (state: CaseState) => CaseDecision,
): Result<CaseDetail> {
  const staff = actor(ctx);
  const outcome = ctx.desk.tx((): Err | AppendOutcome | null => {
    const state = caseState(ctx.desk, caseId);
    if (!state) return failWith(ctx, 'not_found', 'caseNotFound');
    const decision = decide(state);
    if (decision === null || 'ok' in decision) return decision;
    const specs: readonly CaseEventSpec[] = Array.isArray(decision) ? decision : [decision];
    const stream = streamOf('case', caseId);
    return ctx.desk.appendLocal(specs.map((d) => ctx.desk.makeEvent(stream, d.type, d.payload, staff.id)));
  });
  if (outcome !== null && 'ok' in outcome) return outcome;
  if (outcome !== null) ctx.desk.emitChanges(outcome);
  return detailOrNotFound(ctx, caseId);
}

/**
 * The action step 5 names (措施, 负责人, 完成时限) as a case.action_added
 * payload without its id, or null when the fields do not name one (the
 * script's checks report that). The owner is free text at step 5, so it is
 * kept as a department-style name.
 */
function stepFiveAction(fields: Record<string, FieldValue>) {
  const { actions: what, actionOwner: owner, actionDueAt: due } = fields;
  if (typeof what !== 'string' || typeof owner !== 'string' || typeof due !== 'string') return null;
  if (what.trim() === '' || owner.trim() === '' || !isoInstant.safeParse(due).success) return null;
  return {
    what: what.trim(),
    owner: { kind: 'department' as const, name: owner.trim() },
    dueAt: canonicalInstant(due),
  };
}

function taxonomySets(ctx: HandlerContext) {
  const t = ctx.desk.resources.taxonomy;
  return {
    channels: new Set(t.channels.map((c) => c.value)),
    // A case is filed under a leaf (银行 / 收费), never a parent (银行) alone (issue 10).
    categories: new Set(flattenCategories(t).flatMap((c) => (c.leaf ? [c.value] : []))),
    parents: new Set(flattenCategories(t).flatMap((c) => (c.leaf ? [] : [c.value]))),
    severities: new Set(t.severities.map((s) => s.value)),
  };
}

/** The case commands and queries but the follow-up ones (./followUp.ts) and issue 12's (./nature.ts, ./escalation.ts, ./malice.ts); ./index.ts joins them. */
export const caseHandlers: HandlersFor<
  Omit<
    typeof caseMethods,
    | keyof typeof caseFollowUpMethods
    | keyof typeof caseNatureMethods
    | keyof typeof caseJudgmentMethods
    | keyof typeof caseTagMethods
  >
> = {
  'script.get': (_input, ctx) =>
    ok({ script: ctx.desk.resources.script, taxonomy: ctx.desk.resources.taxonomy }),
  'case.create': (input, ctx) => {
    const staff = actor(ctx);
    const sets = taxonomySets(ctx);
    const fields: Record<string, string> = {};
    if (!sets.channels.has(input.channel)) fields.channel = msg(ctx.locale, 'unknownChannel');
    if (!sets.categories.has(input.category)) {
      fields.category = msg(
        ctx.locale,
        sets.parents.has(input.category) ? 'parentCategory' : 'unknownCategory',
      );
    }
    if (!sets.severities.has(input.severity)) fields.severity = msg(ctx.locale, 'unknownSeverity');
    // Issue 14: a region or level is a code of the organisation's list in force (a code taken off it is refused).
    const lists = analysisListsNow(ctx);
    if (input.region !== undefined && !lists.regions.some((i) => i.value === input.region)) {
      fields.region = msg(ctx.locale, 'unknownRegion');
    }
    if (
      input.customerLevel !== undefined &&
      !lists.customerLevels.some((i) => i.value === input.customerLevel)
    ) {
      fields.customerLevel = msg(ctx.locale, 'unknownCustomerLevel');
    }
    const now = ctx.desk.now();
    if (input.receivedAt !== undefined && Date.parse(input.receivedAt) > now + RECEIVED_AT_SLACK_MS) {
      fields.receivedAt = msg(ctx.locale, 'receivedInFuture');
    }
    // Entered at the opening event's HLC time, as the derived entry deadline reads it.
    const receivedAt = input.receivedAt ?? new Date(now).toISOString();
    // A receipt the clerk may not back-date at all is refused as such first: asking
    // for a late-entry reason would only lead to this refusal once it is given.
    if (
      Object.keys(fields).length === 0 &&
      !isSupervising(staff.role) &&
      receiptBackdated(canonicalInstant(receivedAt), ctx.desk.hlcWallMs())
    ) {
      const auth = authorizeAct(ctx, 'backdate_receipt', input.reason, 'receivedAt');
      if (isRefusal(auth)) return auth;
    }
    const late = lateEntryError(ctx, receivedAt, ctx.desk.hlcWallMs(), input.lateReason);
    if (late !== null) fields.lateReason = late;
    if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);

    const identity = ctx.desk.identity();
    if (!identity) return fail(ctx, 'not_initialized');
    const caseId = newId();
    const day = numberDay(ctx, now);
    let out: AppendOutcome;
    try {
      out = ctx.desk.tx(() => {
        const prefix = formatCaseNumber(identity.branchCode, identity.deviceCode, day, 1).slice(0, -4);
        const seq = ctx.desk.meta.nextCaseSeq(day, highestSeq(ctx.desk.d, 'cases', prefix));
        const stream = streamOf('case', caseId);
        const payload: PayloadOf<'case.opened'> = {
          number: formatCaseNumber(identity.branchCode, identity.deviceCode, day, seq),
          scriptVersion: ctx.desk.resources.script.version,
          customer: input.customer,
          channel: input.channel,
          category: input.category,
          severity: input.severity,
          account: input.account,
          receivedAt: canonicalInstant(input.receivedAt ?? new Date(now).toISOString()),
          owner: staff.id,
          ...(input.lateReason !== undefined ? { lateReason: input.lateReason } : {}),
          ...(input.region !== undefined ? { region: input.region } : {}),
          ...(input.customerLevel !== undefined ? { customerLevel: input.customerLevel } : {}),
          ...(input.sharedCustomer !== undefined ? { sharedCustomer: input.sharedCustomer } : {}),
        };
        let e = ctx.desk.makeEvent(stream, 'case.opened', payload, staff.id);
        // Judged against the event's own HLC, as the fold judges it.
        const backdated = receiptBackdated(payload.receivedAt, hlcWallMs(e.hlc));
        const auth = authorizeAct(ctx, backdated ? 'backdate_receipt' : null, input.reason, 'receivedAt');
        if (isRefusal(auth)) throw new Refused(auth); // rolls back the case number too
        if (auth.reason !== undefined) {
          e = ctx.desk.makeEvent(stream, 'case.opened', { ...payload, reason: auth.reason }, staff.id);
        }
        return ctx.desk.appendLocal([e]);
      });
    } catch (x) {
      if (x instanceof Refused) return x.err;
      throw x;
    }
    ctx.desk.emitChanges(out);
    return detailOrNotFound(ctx, caseId);
  },

  'case.recordStep': (input, ctx) =>
    writeCaseAt(ctx, input.caseId, (state, wallMs) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      const missing = STEP_NUMBERS.find((n) => n < input.step && state.steps[n] === undefined);
      if (missing !== undefined) {
        return failWith(ctx, 'step_incomplete', 'stepOrder', { step: input.step, missing });
      }
      const step = findStep(ctx.desk.resources.script, input.step);
      if (!step) return fail(ctx, 'internal');
      // Read-only fields (step 5's escalated box and cause) are the case's facts: the case's
      // value is recorded whatever was sent, not refused (docs/escalation-and-malice.md).
      const given = withCaseValues(step.fields, input.fields, state.escalation);
      const problems = validateStepFields(step, given, ctx.desk.resources.taxonomy, ctx.locale);
      const attempts = given.contactAttempts;
      if (input.step === 6 && typeof attempts === 'number' && attempts < 0 && !problems.contactAttempts) {
        problems.contactAttempts = msg(ctx.locale, 'negativeCount');
      }
      const promised = given.promisedAt;
      if (
        input.step === 4 &&
        typeof promised === 'string' &&
        !problems.promisedAt &&
        Date.parse(promised) < Date.parse(state.receivedAt)
      ) {
        problems.promisedAt = msg(ctx.locale, 'promiseBeforeReceipt');
      }
      const firstAction = input.step === 5 && state.steps[5] === undefined ? stepFiveAction(given) : null;
      if (firstAction && !problems.actionDueAt && Date.parse(firstAction.dueAt) < wallMs) {
        problems.actionDueAt = msg(ctx.locale, 'dueInPast');
      }
      const keys = Object.keys(problems);
      if (keys.length > 0) {
        const fields: Record<string, string> = {};
        for (const k of keys) fields[`fields.${k}`] = problems[k] ?? '';
        return fail(ctx, 'step_incomplete', fields);
      }
      // Step 6's contact count is the number of contact attempts recorded, whatever was typed.
      const fields = input.step === 6 ? { ...given, contactAttempts: state.contacts.length } : given;
      const specs: CaseEventSpec[] = [{ type: 'case.step_recorded', payload: { step: input.step, fields } }];
      // Step 3's 疑似恶意索赔 is anyone's suspicion, not a determination: it flags the case as
      // suspected (unless already flagged) so the malice card, list and customer record see it.
      if (suspectsMalice(input.step, given) && state.malice === null) {
        specs.push({ type: 'case.malice_suspected', payload: { note: msg(ctx.locale, 'suspectedAtStep3') } });
      }
      if (firstAction)
        specs.push({ type: 'case.action_added', payload: { actionId: newId(), ...firstAction } });
      return specs;
    }),

  'case.addNote': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      return { type: 'case.note_added', payload: { text: input.text } };
    }),

  'case.setField': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      let value = input.value;
      const bad = (key: Parameters<typeof msg>[1]) => invalidFields(ctx, { value: msg(ctx.locale, key) });
      switch (input.field) {
        case 'category':
        case 'severity': {
          if (value === null) return bad('cannotClear');
          const sets = taxonomySets(ctx);
          const known = input.field === 'category' ? sets.categories : sets.severities;
          if (!known.has(value)) {
            if (input.field === 'severity') return bad('unknownSeverity');
            return bad(sets.parents.has(value) ? 'parentCategory' : 'unknownCategory');
          }
          break;
        }
        case 'assignee':
          if (value !== null && !ctx.desk.directory.staffById(value)) return bad('unknownStaff');
          break;
        case 'dueAt':
          if (value !== null) {
            if (!isoInstant.safeParse(value).success) return bad('invalidDateTime');
            value = canonicalInstant(value);
            // Before receipt it would be overdue from the start (and the case's result deadline with it).
            if (Date.parse(value) < Date.parse(state.receivedAt)) return bad('dueBeforeReceipt');
            if (dueBeyondResult(ctx, state, value)) return bad('dueAfterResult');
          }
          break;
      }
      if (state[input.field].value === value) return null; // unchanged: no event
      const act = fieldSetAct(state, actor(ctx).id, input.field, value);
      const auth = authorizeAct(ctx, act, input.reason, 'value');
      if (isRefusal(auth)) return auth;
      return { type: 'case.field_set', payload: { field: input.field, value, ...auth } };
    }),

  'case.close': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseAlreadyClosed');
      // The nature goes first: in fold order it meets the case still open (shared/domain/cases/fold.ts).
      const classified: CaseEventSpec = { type: 'case.classified', payload: { nature: input.nature } };
      if (state.steps[6] !== undefined) {
        return [classified, { type: 'case.closed', payload: { overrideReason: null } }];
      }
      const role = actor(ctx).role;
      if (role !== 'supervisor' && role !== 'admin') return fail(ctx, 'close_refused');
      if (input.overrideReason === undefined) {
        const text = msg(ctx.locale, 'closeNeedsReason');
        return failWith(ctx, 'close_refused', 'closeNeedsReason', undefined, { overrideReason: text });
      }
      return [classified, { type: 'case.closed', payload: { overrideReason: input.overrideReason } }];
    }),

  'case.reopen': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status !== 'closed') return failWith(ctx, 'invalid_state', 'caseNotClosed');
      return { type: 'case.reopened', payload: { reason: input.reason } };
    }),

  'case.list': (input, ctx) => {
    if (input.from !== undefined && input.to !== undefined && Date.parse(input.from) > Date.parse(input.to)) {
      return invalidFields(ctx, { from: msg(ctx.locale, 'fromAfterTo') });
    }
    const page = listCases(ctx.desk, input, workClock(settingsOf(ctx), ctx.desk.now()));
    if (page === 'bad_cursor') return invalidFields(ctx, { cursor: msg(ctx.locale, 'badCursor') });
    return ok(page);
  },

  'case.get': (input, ctx) => detailOrNotFound(ctx, input.caseId),
};
