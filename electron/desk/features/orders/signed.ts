/**
 * The signed acts on an order: a hand-over between trades (the QC
 * inspector accepts it), the three inspections (self: the team lead;
 * process: the team lead and the QC inspector; final: the QC inspector) and
 * a part substitution (on a safety item, the QC inspector signs).
 *
 * The order and the input are checked first (an item not finished, a
 * checklist line missing, checks out of order), so no one types a PIN for
 * an act that cannot be recorded. Then each signer's login and PIN are
 * checked at this moment (kernel/signatures.ts: counted like a sign-in,
 * refused for a wrong PIN, a wrong role, a disabled signer or the same
 * person twice, with nothing stored), and the event is written through
 * ./write.ts, where the fold judges it once more.
 */
import type { ParsedInputOf } from '../../../../shared/contract/api';
import type { orderMethods } from '../../../../shared/contract/methods/orders';
import type { Err } from '../../../../shared/contract/result';
import type { Inspection, Signature } from '../../../../shared/domain/orders/payloads';
import {
  gateItems,
  INSPECTION_SIGNERS,
  passedSinceFinish,
  type ItemState,
  type OrderState,
} from '../../../../shared/domain/orders/state';
import { checklistFor, findKind, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { roleName } from '../../kernel/messages';
import { signerErr, verifySigner, verifySigners, type SignerCredentials } from '../../kernel/signatures';
import { isErr, orderTemplatesOf } from './handlers';
import { checkReadings, kindOf, type Fields } from './items';
import { messages } from './messages';
import { orderState } from './queries';
import { failWith, flagRefusal, writeOrder } from './write';

type Signed = Pick<typeof orderMethods, 'order.handItem' | 'order.inspect' | 'order.approveSubstitution'>;

function stateOrNotFound(ctx: HandlerContext, orderId: string): OrderState | Err {
  return orderState(ctx.desk, orderId) ?? failWith(ctx, 'not_found', 'orderNotFound');
}

function itemIn(ctx: HandlerContext, state: OrderState, itemId: string): ItemState | Err {
  return state.items.find((i) => i.item.itemId === itemId) ?? failWith(ctx, 'not_found', 'itemNotFound');
}

/** One signer with a role, checked now; the signature or the refusal (fields under `field`). */
async function signOne(
  ctx: HandlerContext,
  signer: SignerCredentials,
  role: 'qc',
  field: string,
): Promise<Signature | Err> {
  const r = await verifySigner(ctx.desk, signer, { roles: [role] }, ctx.desk.now(), {
    locale: ctx.locale,
    field,
  });
  return r.ok ? r.value : signerErr(r);
}

const inspectionName = (ctx: HandlerContext, i: Inspection) =>
  messages.msg(ctx.locale, `inspectionName_${i}`);

/** Why the inspection cannot be recorded on these items as entered, before anyone signs; null when it can. */
function inspectionProblem(
  ctx: HandlerContext,
  t: OrderTemplates,
  state: OrderState,
  input: ParsedInputOf<'order.inspect'>,
  targets: ItemState[],
): Err | null {
  for (const it of targets) {
    if (it.status === 'refused')
      return failWith(ctx, 'invalid_state', 'itemRefused', { item: it.item.title });
    if (it.status !== 'finished') {
      return failWith(ctx, 'invalid_state', 'itemNotFinished', { item: it.item.title });
    }
  }
  const fields: Fields = {};
  const kind = kindOf(t, state.kind, ctx.locale, fields);
  if (!kind) return invalidFields(ctx, fields);
  const lines = checklistFor(
    kind,
    input.inspection,
    targets.some((i) => i.item.safety),
  );
  for (const line of lines) {
    if (input.checklist[line.key] === undefined) {
      fields[`checklist.${line.key}`] = messages.msg(ctx.locale, 'checklistMissing');
    }
  }
  for (const key of Object.keys(input.checklist)) {
    if (!lines.some((l) => l.key === key))
      fields[`checklist.${key}`] = messages.msg(ctx.locale, 'checklistUnknown');
  }
  if (input.result === 'fail' && input.reason === '') {
    fields.reason = messages.msg(ctx.locale, 'failNeedsReason');
  }
  checkReadings(kind, input.readingsAfter, ctx.locale, fields, 'readingsAfter', false);
  if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
  if (input.result === 'pass' && Object.values(input.checklist).some((v) => !v)) {
    return failWith(ctx, 'invalid_input', 'passWithFailedLine');
  }
  if (input.result === 'pass' && input.inspection !== 'self') {
    for (const it of targets) {
      if (!it.worked) continue;
      const before: Inspection | null = !passedSinceFinish(it, 'self')
        ? 'self'
        : input.inspection === 'final' && it.item.safety && !passedSinceFinish(it, 'process')
          ? 'process'
          : null;
      if (before !== null) {
        return failWith(ctx, 'invalid_state', 'inspectionOrder', {
          item: it.item.title,
          before: inspectionName(ctx, before),
          inspection: inspectionName(ctx, input.inspection),
        });
      }
    }
  }
  const needs = INSPECTION_SIGNERS[input.inspection];
  if (input.signers.length !== needs.length) {
    const roles = needs.map((r) => roleName(ctx.locale, r)).join(ctx.locale === 'en' ? ' and ' : '和');
    const text = messages.msg(ctx.locale, 'signerCount', {
      inspection: inspectionName(ctx, input.inspection),
      count: needs.length,
      roles,
    });
    return invalidFields(ctx, { signers: text });
  }
  return null;
}

export const signedHandlers: HandlersFor<Signed> = {
  'order.handItem': async (input, ctx) => {
    const state = stateOrNotFound(ctx, input.orderId);
    if (isErr(state)) return state;
    const t = orderTemplatesOf(ctx, state);
    if (isErr(t)) return t;
    const it = itemIn(ctx, state, input.itemId);
    if (isErr(it)) return it;
    // Nobody types a PIN for an act the fold would then refuse (and a wrong one would count against them).
    if (state.released !== null) return flagRefusal(ctx, { reason: 'after_release' });
    // Back for rework after a failed check, another trade may take it over (../../../shared/domain/orders/foldSteps).
    if (it.status !== 'in_work' && it.status !== 'finished' && it.status !== 'rework') {
      return flagRefusal(ctx, { reason: 'item_not_started' });
    }
    const kind = findKind(t, state.kind);
    if (kind && !kind.trades.includes(input.toTrade)) {
      return invalidFields(ctx, { toTrade: messages.msg(ctx.locale, 'unknownTrade') });
    }
    if (input.toTrade === it.trade) return failWith(ctx, 'invalid_input', 'sameTrade');
    const sig = await signOne(ctx, input.signer, 'qc', 'signer');
    if (isErr(sig)) return sig;
    return writeOrder(ctx, input.orderId, (now) => {
      const cur = now.items.find((i) => i.item.itemId === input.itemId);
      if (!cur) return failWith(ctx, 'not_found', 'itemNotFound');
      const payload = {
        itemId: input.itemId,
        fromTrade: cur.trade,
        toTrade: input.toTrade,
        acceptedBy: sig,
        note: input.note,
      };
      return { specs: [{ type: 'order.item_handed', payload }] };
    });
  },

  'order.inspect': async (input, ctx) => {
    const state = stateOrNotFound(ctx, input.orderId);
    if (isErr(state)) return state;
    // A fail after the release is a flag the fold raises: refused before anyone types a PIN.
    if (state.released !== null && input.result === 'fail') {
      return flagRefusal(ctx, { reason: 'failed_after_release' });
    }
    const t = orderTemplatesOf(ctx, state);
    if (isErr(t)) return t;
    let targets: ItemState[];
    if (input.itemId === null) {
      targets = gateItems(state);
    } else {
      const it = itemIn(ctx, state, input.itemId);
      if (isErr(it)) return it;
      targets = [it];
    }
    const problem = inspectionProblem(ctx, t, state, input, targets);
    if (problem) return problem;
    const needs = INSPECTION_SIGNERS[input.inspection].map((role) => ({ roles: [role] }));
    const signed = await verifySigners(ctx.desk, input.signers, needs, ctx.desk.now(), {
      locale: ctx.locale,
    });
    if (!signed.ok) return signerErr(signed);
    const { inspection, itemId, result, checklist, readingsAfter, reason } = input;
    return writeOrder(ctx, input.orderId, () => ({
      specs: [
        {
          type: 'order.inspected',
          payload: { inspection, itemId, result, checklist, readingsAfter, reason, signatures: signed.value },
        },
      ],
    }));
  },

  'order.approveSubstitution': async (input, ctx) => {
    const state = stateOrNotFound(ctx, input.orderId);
    if (isErr(state)) return state;
    const it = itemIn(ctx, state, input.itemId);
    if (isErr(it)) return it;
    if (state.released !== null) return flagRefusal(ctx, { reason: 'after_release' });
    // A substitute counts against the quoted part it replaces (the release gate): one that
    // replaces no quoted part would be approved in any quantity.
    if (!it.item.parts.some((p) => p.name === input.original)) {
      return invalidFields(ctx, {
        original: messages.msg(ctx.locale, 'substitutionUnknownPart', { part: input.original }),
      });
    }
    if (it.item.safety && input.signer === undefined) {
      return invalidFields(ctx, { signer: messages.msg(ctx.locale, 'safetySubstitutionNeedsQc') });
    }
    let approvedBy: Signature | null = null;
    if (input.signer !== undefined) {
      const sig = await signOne(ctx, input.signer, 'qc', 'signer');
      if (isErr(sig)) return sig;
      approvedBy = sig;
    }
    const { itemId, original, substitute, note } = input;
    return writeOrder(ctx, input.orderId, () => ({
      specs: [
        {
          type: 'order.substitution_approved',
          payload: { itemId, original, substitute, customerApproved: true, approvedBy, note },
        },
      ],
    }));
  },
};
