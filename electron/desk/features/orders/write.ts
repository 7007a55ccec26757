/**
 * The write path of every order command: inside one transaction, read the
 * order's folded state, let the command decide (refuse, skip, or name its
 * event), make the event and judge it with the very fold every desk uses
 * (shared/domain/orders/fold.ts) against the staff directory at the event's
 * own fold key. If the fold would flag it (no authority, a wrong signer
 * role, consent twice, an item not finished ...), it is refused with the
 * flag's words and nothing is stored: this desk never writes what its own
 * fold would keep without effect. Otherwise it is appended, and subscribers
 * are told once the transaction committed.
 */
import { ok, err, type Err, type ErrorCode, type Result } from '../../../../shared/contract/result';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { streamOf, type EventEnvelope } from '../../../../shared/domain/kernel/envelope';
import { describeFlag } from '../../../../shared/domain/orders/describe';
import { applyOrderEvent } from '../../../../shared/domain/orders/fold';
import {
  ORDER_STREAM,
  type OrderEventType,
  type OrderPayloadOf,
} from '../../../../shared/domain/orders/payloads';
import {
  ORDER_FOLLOW_UP_DAYS,
  type OrderFlag,
  type OrderState,
} from '../../../../shared/domain/orders/state';
import { endOfWorkingDay } from '../../../../shared/domain/deadlines/businessTime';
import { settingsOf, workClock } from '../../kernel/deadlineSettings';
import type { AppendOutcome } from '../../kernel/eventStore';
import { actor, failWithFrom, type HandlerContext } from '../../kernel/handler';
import { messages } from './messages';
import { orderDetail } from './detail';
import { orderState } from './queries';

export const failWith = failWithFrom(messages);

export type OrderSpec = { [T in OrderEventType]: { type: T; payload: OrderPayloadOf<T> } }[OrderEventType];

/** Thrown inside the write transaction to roll it back (the order number too) and answer with `err`. */
export class Refused extends Error {
  constructor(readonly err: Err) {
    super(err.error.code);
  }
}

const DAY_MS = 86_400_000;

/** The order's view in the caller's language (not_found when it is gone). */
export function detailOrNotFound(ctx: HandlerContext, orderId: string): Result<OrderDetail> {
  const settingsAt = settingsOf(ctx);
  const d = orderDetail(ctx.desk, orderId, {
    locale: ctx.locale,
    templates: ctx.desk.resources.orderTemplates,
    followUpDue: settingsAt
      ? (releasedMs) =>
          endOfWorkingDay(settingsAt(releasedMs).calendar, releasedMs + ORDER_FOLLOW_UP_DAYS * DAY_MS)
      : undefined,
    clock: workClock(settingsAt, ctx.desk.now()),
  });
  return d ? ok(d) : failWith(ctx, 'not_found', 'orderNotFound');
}

const SIGNING_FLAGS = new Set(['no_authority', 'bad_signature_role', 'signer_disabled', 'duplicate_signer']);

/** The refusal for a flag the fold would raise on this desk's own event. */
export function flagRefusal(ctx: HandlerContext, flag: Pick<OrderFlag, 'reason'>): Err {
  const code: ErrorCode = SIGNING_FLAGS.has(flag.reason) ? 'forbidden' : 'invalid_state';
  return err(code, messages.msg(ctx.locale, 'refusedByRule', { rule: describeFlag(flag, ctx.locale) }));
}

/**
 * Makes the events of `specs` on order `orderId` (state `state`, or null for
 * an opening) and judges each with the fold in turn; throws Refused on the
 * first the fold would flag. Returns the events and the state after them.
 * Call inside the write transaction.
 */
export function judgedEvents(
  ctx: HandlerContext,
  orderId: string,
  state: OrderState | null,
  specs: readonly OrderSpec[],
): { events: EventEnvelope[]; state: OrderState | null } {
  const staff = actor(ctx);
  const auth = { roleAt: (id: string, key: string) => ctx.desk.directory.roleAt(id, key) };
  const stream = streamOf(ORDER_STREAM, orderId);
  const events: EventEnvelope[] = [];
  let now = state;
  for (const spec of specs) {
    const e = ctx.desk.makeEvent(stream, spec.type, spec.payload, staff.id);
    const next = applyOrderEvent(now, e, auth);
    if (next === null) throw new Refused(failWith(ctx, 'invalid_input', 'orderNotFound'));
    const raised = next.flags.slice(now?.flags.length ?? 0);
    const first = raised[0];
    if (first !== undefined) throw new Refused(flagRefusal(ctx, first));
    events.push(e);
    now = next;
  }
  return { events, state: now };
}

/** What a command on an existing order decides: refuse, skip (null), or its events (and an error to answer after committing them). */
export type OrderDecision = Err | null | { specs: OrderSpec[]; answer?: Err };

/**
 * The write path of a command on an existing order (see the file comment).
 * `decision.answer`: the events are stored and the call still answers with
 * that error (a refused release is recorded, then refused).
 */
export function writeOrder(
  ctx: HandlerContext,
  orderId: string,
  decide: (state: OrderState) => OrderDecision,
): Result<OrderDetail> {
  let answer: Err | undefined;
  let outcome: AppendOutcome | null;
  try {
    outcome = ctx.desk.tx((): AppendOutcome | null => {
      const state = orderState(ctx.desk, orderId);
      if (!state) throw new Refused(failWith(ctx, 'not_found', 'orderNotFound'));
      const decision = decide(state);
      if (decision === null) return null;
      if ('ok' in decision) throw new Refused(decision);
      answer = decision.answer;
      const { events } = judgedEvents(ctx, orderId, state, decision.specs);
      return ctx.desk.appendLocal(events);
    });
  } catch (x) {
    if (x instanceof Refused) return x.err;
    throw x;
  }
  if (outcome !== null) ctx.desk.emitChanges(outcome);
  return answer ?? detailOrNotFound(ctx, orderId);
}

/** Appends an opening (a new order or a rework return) judged by the fold; refuses as writeOrder does. */
export function writeOpening(
  ctx: HandlerContext,
  orderId: string,
  /** Called inside the transaction, so an order number it takes is given back when the write is refused. */
  payload: () => OrderPayloadOf<'order.opened'> | Err,
): Result<OrderDetail> {
  let outcome: AppendOutcome;
  try {
    outcome = ctx.desk.tx(() => {
      const p = payload();
      if ('ok' in p) throw new Refused(p);
      const { events } = judgedEvents(ctx, orderId, null, [{ type: 'order.opened', payload: p }]);
      return ctx.desk.appendLocal(events);
    });
  } catch (x) {
    if (x instanceof Refused) return x.err;
    throw x;
  }
  ctx.desk.emitChanges(outcome);
  return detailOrNotFound(ctx, orderId);
}
