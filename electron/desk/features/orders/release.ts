/**
 * Release (出厂) through the gate, and rework returns (返修).
 *
 * Release: the gate (shared/domain/orders/gate.ts) is judged on the order's
 * state in the write transaction. Refused: `order.release_refused` is
 * written with the gaps (encoded, so they can be described again in any
 * language) and the call answers with an error listing them in the caller's
 * language, the same words the order view's checklist shows; nothing else
 * is stored. Passed: `order.released`, with the kind's warranty by default.
 *
 * Rework return: a new order linked to the original (looked up by its
 * number), refused for an unknown or unreleased original. The original's
 * items (but those the customer refused) come along as `original` items, to
 * be re-inspected by the final check with the rework items; they carry no
 * labour or parts (their work was charged on the original order).
 */
import type { orderMethods } from '../../../../shared/contract/methods/orders';
import { err } from '../../../../shared/contract/result';
import { newId } from '../../../../shared/domain/kernel/ids';
import { canonicalInstant, isoOfHlc } from '../../../../shared/domain/kernel/time';
import { describeGaps } from '../../../../shared/domain/orders/describe';
import { encodeGap, releaseGate } from '../../../../shared/domain/orders/gate';
import type { OrderItem } from '../../../../shared/domain/orders/payloads';
import { gateItems } from '../../../../shared/domain/orders/state';
import { findKind, isSafetyItem } from '../../../../shared/domain/orders/template';
import { actor, invalidFields, type HandlersFor } from '../../kernel/handler';
import { checkTimes, isErr, nextOrderNumber, orderTemplatesOf, templatesOf } from './handlers';
import { checkReadings, itemOf, kindOf, type Fields } from './items';
import { messages } from './messages';
import { orderIdOfNumber, orderState } from './queries';
import { failWith, writeOpening, writeOrder } from './write';

/** The payload allows 200 reasons; an order has at most a few hundred items' gaps. */
const MAX_REASONS = 200;
const MAX_ITEMS = 100;

/** How far in the future a call's time may lie (clock differences between devices). */
const AT_SLACK_MS = 5 * 60 * 1000;

type AfterRelease = Pick<
  typeof orderMethods,
  'order.release' | 'order.returnForRework' | 'order.followUp.record'
>;

export const releaseHandlers: HandlersFor<AfterRelease> = {
  'order.followUp.record': (input, ctx) => {
    const now = ctx.desk.now();
    const at = input.at ?? new Date(now).toISOString();
    const fields: Fields = {};
    if (Date.parse(at) > now + AT_SLACK_MS) fields.at = messages.msg(ctx.locale, 'callInFuture');
    if ((input.outcome === 'reached') !== (input.satisfaction !== null)) {
      fields.satisfaction = messages.msg(ctx.locale, 'satisfactionRule');
    }
    if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
    return writeOrder(ctx, input.orderId, (state) => {
      if (state.released === null) return failWith(ctx, 'invalid_state', 'notReleased');
      if (Date.parse(at) < Date.parse(isoOfHlc(state.released.hlc))) {
        return invalidFields(ctx, { at: messages.msg(ctx.locale, 'callBeforeRelease') });
      }
      const { outcome, reachedWho, satisfaction, comment } = input;
      const payload = { at: canonicalInstant(at), outcome, reachedWho, satisfaction, comment };
      return { specs: [{ type: 'order.followed_up', payload }] };
    });
  },

  'order.release': (input, ctx) =>
    writeOrder(ctx, input.orderId, (state) => {
      // The order's own templates (the shipped file for the shipped version): its default warranty, its labels.
      const t = orderTemplatesOf(ctx, state);
      if (isErr(t)) return t;
      const gate = releaseGate(state);
      if (!gate.ok) {
        const lines = describeGaps(gate.missing, ctx.locale, t);
        const gaps = lines.join(ctx.locale === 'en' ? '; ' : '；');
        const answer = err('invalid_state', messages.msg(ctx.locale, 'releaseRefused', { gaps }), {
          gate: lines.join('\n'),
        });
        const reasons = gate.missing.map(encodeGap).slice(0, MAX_REASONS);
        return { specs: [{ type: 'order.release_refused', payload: { reasons } }], answer };
      }
      const warrantyMonths = input.warrantyMonths ?? findKind(t, state.kind)?.warrantyMonths ?? 0;
      return {
        specs: [
          {
            type: 'order.released',
            payload: { warrantyMonths, nextService: input.nextService, note: input.note },
          },
        ],
      };
    }),

  'order.returnForRework': (input, ctx) => {
    const t = templatesOf(ctx);
    if (isErr(t)) return t;
    const number = input.originalNumber;
    const originalId = orderIdOfNumber(ctx.desk, number);
    const original = originalId === null ? null : orderState(ctx.desk, originalId);
    if (original === null) return failWith(ctx, 'not_found', 'originalNotFound', { number });
    const released = original.released;
    if (released === null) return failWith(ctx, 'invalid_state', 'originalNotReleased', { number });
    const fields: Fields = {};
    const kind = kindOf(t, original.kind, ctx.locale, fields, 'originalNumber');
    if (!kind) return invalidFields(ctx, fields);
    const copies: OrderItem[] = gateItems(original).map((it) => ({
      itemId: newId(),
      title: it.item.title,
      trade: it.trade,
      // Raised where the templates it is opened under name it safety (the original may
      // be of another template version): the fold would flag a lower one (safety_raised).
      safety: it.item.safety || isSafetyItem(t, kind.value, { title: it.item.title, catalogueKey: null }),
      labourFen: 0,
      parts: [],
      origin: 'original',
    }));
    const rework = input.items.map((it, i) =>
      itemOf(t, kind, it, 'rework', ctx.locale, fields, `items.${i}`),
    );
    if (copies.length + rework.length > MAX_ITEMS) fields.items = messages.msg(ctx.locale, 'tooManyItems');
    checkReadings(kind, input.readingsBefore, ctx.locale, fields, 'readingsBefore', true);
    const receivedAt = checkTimes(ctx, input.receivedAt, input.promisedAt, fields);
    const releasedAt = isoOfHlc(released.hlc);
    if (fields.receivedAt === undefined && Date.parse(receivedAt) < Date.parse(releasedAt)) {
      fields.receivedAt = messages.msg(ctx.locale, 'reworkBeforeRelease', { number });
    }
    if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
    const staff = actor(ctx);
    return writeOpening(ctx, newId(), () => ({
      number: nextOrderNumber(ctx),
      kind: original.kind,
      templateVersion: t.version,
      customer: original.customer,
      subject: { ...original.subject, readingsBefore: input.readingsBefore },
      items: [...copies, ...rework],
      receivedAt,
      promisedAt: canonicalInstant(input.promisedAt),
      owner: staff.id,
      reworkOf: { orderId: original.id, number: original.number, releasedAt },
      note: input.note,
    }));
  },
};
