/**
 * order.* commands without signatures and the queries. Every write goes
 * through ./write.ts: judged by the order fold before it is stored.
 */
import type { orderMethods } from '../../../../shared/contract/methods/orders';
import { ok, type Err } from '../../../../shared/contract/result';
import { newId } from '../../../../shared/domain/kernel/ids';
import { canonicalInstant } from '../../../../shared/domain/kernel/time';
import { formatOrderNumber } from '../../../../shared/domain/orders/number';
import { templatesForOrder } from '../../../../shared/domain/orders/shipped';
import { currentDeskChecks, type OrderState } from '../../../../shared/domain/orders/state';
import { findKind, tradeLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { numberDay } from '../../kernel/deadlineSettings';
import { counterDeskRefusal } from '../../kernel/deskRole';
import { actor, fail, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { highestSeq } from '../../kernel/numbering';
import { checkReadings, checkSubject, itemOf, kindOf, type Fields } from './items';
import { messages } from './messages';
import { listOrders, orderIdOfNumber } from './queries';
import { detailOrNotFound, failWith, writeOpening, writeOrder } from './write';

/** How far in the future a "received at" time may lie (clock differences between devices). */
const RECEIVED_AT_SLACK_MS = 5 * 60 * 1000;

/** The desk's order templates, or the refusal when it was opened without them. */
export function templatesOf(ctx: HandlerContext): OrderTemplates | Err {
  return ctx.desk.resources.orderTemplates ?? failWith(ctx, 'internal', 'templatesMissing');
}

export const isErr = <T extends object>(v: T | Err): v is Err => 'ok' in v && v.ok === false;

/**
 * The templates an order is judged by on this desk: the shipped file for an
 * order of the shipped version, as the fold judges it, else the desk's own.
 */
export function orderTemplatesOf(
  ctx: HandlerContext,
  state: Pick<OrderState, 'templateVersion'>,
): OrderTemplates | Err {
  const desk = templatesOf(ctx);
  return isErr(desk) ? desk : templatesForOrder(desk, state.templateVersion);
}

/**
 * The received and promised times checked (received not in the future,
 * promised not before received); returns the received time, canonical.
 */
export function checkTimes(
  ctx: HandlerContext,
  receivedAt: string | undefined,
  promisedAt: string,
  fields: Fields,
): string {
  const now = ctx.desk.now();
  const received = receivedAt ?? new Date(now).toISOString();
  if (Date.parse(received) > now + RECEIVED_AT_SLACK_MS) {
    fields.receivedAt = messages.msg(ctx.locale, 'receivedInFuture');
  }
  if (Date.parse(promisedAt) < Date.parse(received)) {
    fields.promisedAt = messages.msg(ctx.locale, 'promisedBeforeReceived');
  }
  return canonicalInstant(received);
}

/** A new order number of this device's day sequence; call inside the write transaction. */
export function nextOrderNumber(ctx: HandlerContext): string {
  const identity = ctx.desk.identity();
  if (!identity) throw new Error('desk is not initialized');
  const day = numberDay(ctx, ctx.desk.now());
  const prefix = formatOrderNumber(identity.branchCode, identity.deviceCode, day, 1).slice(0, -4);
  const floor = highestSeq(ctx.desk.d, 'orders', prefix);
  return formatOrderNumber(
    identity.branchCode,
    identity.deviceCode,
    day,
    ctx.desk.meta.nextOrderSeq(day, floor),
  );
}

type Plain = Omit<
  typeof orderMethods,
  | 'order.handItem'
  | 'order.inspect'
  | 'order.approveSubstitution'
  | 'order.release'
  | 'order.returnForRework'
  | 'order.followUp.record'
  | 'order.linkCase'
  | 'order.forCase'
>;

export const orderHandlers: HandlersFor<Plain> = {
  'order.templates': (_input, ctx) => {
    const t = templatesOf(ctx);
    return isErr(t) ? t : ok({ templates: t });
  },

  'order.open': (input, ctx) => {
    const t = templatesOf(ctx);
    if (isErr(t)) return t;
    if (!ctx.desk.identity()) return fail(ctx, 'not_initialized');
    const fields: Fields = {};
    const kind = kindOf(t, input.kind, ctx.locale, fields);
    if (!kind) return invalidFields(ctx, fields);
    const items = input.items.map((it, i) =>
      itemOf(t, kind, it, 'reported', ctx.locale, fields, `items.${i}`),
    );
    checkReadings(kind, input.subject.readingsBefore, ctx.locale, fields, 'subject.readingsBefore', true);
    checkSubject(kind, input.subject, ctx.locale, fields);
    const receivedAt = checkTimes(ctx, input.receivedAt, input.promisedAt, fields);
    if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
    const staff = actor(ctx);
    return writeOpening(ctx, newId(), () => ({
      number: nextOrderNumber(ctx),
      kind: kind.value,
      templateVersion: t.version,
      customer: input.customer,
      subject: { kind: kind.subjectKind, ...input.subject },
      items,
      receivedAt,
      promisedAt: canonicalInstant(input.promisedAt),
      owner: staff.id,
      reworkOf: null,
      note: input.note,
    }));
  },

  'order.addItem': (input, ctx) =>
    writeOrder(ctx, input.orderId, (state) => {
      const t = orderTemplatesOf(ctx, state);
      if (isErr(t)) return t;
      const fields: Fields = {};
      const kind = kindOf(t, state.kind, ctx.locale, fields);
      if (!kind) return invalidFields(ctx, fields);
      const item = itemOf(t, kind, input.item, input.origin, ctx.locale, fields, 'item');
      if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
      return { specs: [{ type: 'order.item_added', payload: { item, note: input.note } }] };
    }),

  'order.recordConsent': (input, ctx) =>
    writeOrder(ctx, input.orderId, (state) => {
      const it = state.items.find((i) => i.item.itemId === input.itemId);
      if (!it) return failWith(ctx, 'not_found', 'itemNotFound');
      if (it.consent !== null) {
        const consent = messages.msg(ctx.locale, `consent_${it.consent}`);
        return failWith(ctx, 'invalid_state', 'consentTwice', { item: it.item.title, consent });
      }
      if (it.status !== 'waiting_consent') {
        return failWith(ctx, 'invalid_state', 'consentNotNeeded', { item: it.item.title });
      }
      const { itemId, consent, how, note } = input;
      return { specs: [{ type: 'order.consent_recorded', payload: { itemId, consent, how, note } }] };
    }),

  'order.startItem': (input, ctx) =>
    writeOrder(ctx, input.orderId, (state) => {
      const it = state.items.find((i) => i.item.itemId === input.itemId);
      if (!it) return failWith(ctx, 'not_found', 'itemNotFound');
      const trade = input.trade ?? it.trade;
      // The first start picks the trade; later the fold would flag it (trade_without_handover):
      // another trade takes over by a hand-over.
      const desk = ctx.desk.resources.orderTemplates;
      const templates = desk && templatesForOrder(desk, state.templateVersion);
      if (trade !== it.trade && it.status !== 'open') {
        const label = templates ? tradeLabel(templates, it.trade, ctx.locale) : it.trade;
        return invalidFields(ctx, {
          trade: messages.msg(ctx.locale, 'tradeNeedsHandover', { trade: label }),
        });
      }
      const kind = templates && findKind(templates, state.kind);
      if (kind && !kind.trades.includes(trade)) {
        return invalidFields(ctx, { trade: messages.msg(ctx.locale, 'unknownTrade') });
      }
      return { specs: [{ type: 'order.item_started', payload: { itemId: input.itemId, trade } }] };
    }),

  'order.finishItem': (input, ctx) =>
    writeOrder(ctx, input.orderId, (state) => {
      if (!state.items.some((i) => i.item.itemId === input.itemId)) {
        return failWith(ctx, 'not_found', 'itemNotFound');
      }
      return {
        specs: [{ type: 'order.item_finished', payload: { itemId: input.itemId, note: input.note } }],
      };
    }),

  'order.reconcileParts': (input, ctx) =>
    writeOrder(ctx, input.orderId, () => ({
      specs: [
        {
          type: 'order.parts_reconciled',
          payload: { used: input.used, matches: input.matches, note: input.note },
        },
      ],
    })),

  'order.deskCheck': (input, ctx) =>
    writeOrder(ctx, input.orderId, (state) =>
      // Done already and still counting: nothing to record (the fold keeps the first). A check of the
      // result made before the work was last finished, or of the quote before the customer last
      // approved a change, is stale and is recorded again (state.ts, deskCheckCurrent).
      currentDeskChecks(state).some((d) => d.check === input.check)
        ? null
        : { specs: [{ type: 'order.desk_checked', payload: { check: input.check, note: input.note } }] },
    ),

  'order.decideResponsibility': (input, ctx) =>
    // Head office takes this only from a supervisor desk (server/store/orderRules.ts): refused here
    // first, so the decision never stays behind on one desk.
    counterDeskRefusal(ctx, 'responsibility') ??
    writeOrder(ctx, input.orderId, () => ({
      specs: [
        {
          type: 'order.responsibility_decided',
          payload: { responsible: input.responsible, severity: input.severity, note: input.note },
        },
      ],
    })),

  'order.list': (input, ctx) => {
    const board = listOrders(ctx.desk, input);
    return board === 'bad_cursor' ? fail(ctx, 'invalid_input') : ok(board);
  },

  'order.get': (input, ctx) => {
    const id = input.orderId ?? (input.number !== undefined ? orderIdOfNumber(ctx.desk, input.number) : null);
    return id === null ? failWith(ctx, 'not_found', 'orderNotFound') : detailOrNotFound(ctx, id);
  },
};
