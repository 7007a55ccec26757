/**
 * Who may push work-order events (issue 11; docs/protocol.md §3.4), like the
 * staff and settings rules (./staffRules.ts, ./settingsRules.ts) and decided
 * from the envelope only (stream kind and type, never the payload).
 *
 * The enrolment roles are `counter` and `supervisor` (server/store/enrollment.ts).
 * A repair shop's front desk and its workshop terminals (where team leads
 * start and finish jobs and QC inspectors sign) are enrolled as `counter`
 * devices; the workshop manager's desk as `supervisor`. Both kinds of device
 * record the order's daily work, so both may push every order event but one:
 *
 * - `order.responsibility_decided` (a quality complaint's decision: which
 *   staff member answers for it and how serious it is) is a supervisor's
 *   judgement on a colleague, made from a supervisor desk, as staff and
 *   settings changes are. A counter device's is refused (`order_forbidden`),
 *   wherever it claims to be and whatever its schema version.
 *
 * Everything else (who may open, start, sign, release) is judged by the order
 * fold with the branch's staff directory (shared/domain/orders/authority.ts):
 * a forged or stale act is stored, flagged and has no effect, as on every
 * desk. A future `order.*` type passes (stored raw, folded after an upgrade).
 * Each refusal is per event (the rest of the batch goes in) and stores nothing.
 */
import type { DeviceRole, PushAck } from '../../shared/contract/sync';
import { streamKind, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { ORDER_STREAM } from '../../shared/domain/orders/payloads';

/** Order event types only a supervisor device may push. */
export const SUPERVISOR_DEVICE_ORDER_TYPES: readonly string[] = ['order.responsibility_decided'];

export const ORDER_REJECTIONS = {
  counter:
    'order_forbidden: a counter desk may not push order.responsibility_decided; a quality complaint’s responsibility is decided from a supervisor desk',
} as const;

/** A work-order event: in an `order:` stream, or of an `order.*` type wherever it claims to be. */
export function isOrderPush(e: Pick<EventEnvelope, 'stream' | 'type'>): boolean {
  return streamKind(e.stream) === ORDER_STREAM || e.type.startsWith(`${ORDER_STREAM}.`);
}

/** Why a device of this role may not push this event as an order event; null when it may. */
export function orderRoleProblem(e: Pick<EventEnvelope, 'stream' | 'type'>, role: DeviceRole): string | null {
  if (role === 'supervisor' || !isOrderPush(e)) return null;
  return SUPERVISOR_DEVICE_ORDER_TYPES.includes(e.type) ? ORDER_REJECTIONS.counter : null;
}

/** The order rules' view of a push: who pushes, and its candidates (events that passed the other checks). */
export interface OrderRuleJob<C extends { index: number; event: EventEnvelope }> {
  who: { role?: DeviceRole | undefined };
  checked: (PushAck | undefined)[];
  candidates: C[];
}

/**
 * Applies the order rules to a prepared push: refused candidates get their
 * ack in `checked` and leave `candidates`. Without a role (a caller of the
 * store that is not the HTTP route) the device counts as `counter`.
 */
export function applyOrderRules<C extends { index: number; event: EventEnvelope }>(
  job: OrderRuleJob<C>,
): void {
  const role = job.who.role ?? 'counter';
  if (role === 'supervisor') return;
  const kept: C[] = [];
  for (const cand of job.candidates) {
    const reason = orderRoleProblem(cand.event, role);
    if (reason === null) kept.push(cand);
    else job.checked[cand.index] = { id: cand.event.id, status: 'rejected', reason };
  }
  job.candidates = kept;
}
