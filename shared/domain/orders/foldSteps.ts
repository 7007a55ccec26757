/**
 * The fold's steps on items that need more than a few lines: the signed
 * inspections (self, process, final) and their order since an item's last
 * finish. Split from ./fold.ts to keep files short; only the fold uses it.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { parsePayloadWith, type PayloadParse } from '../kernel/payloads';
import { signatureProblem, type AuthorityProblem, type OrderAuthority } from './authority';
import { ORDER_PAYLOADS, type OrderEventType, type OrderPayloadOf } from './payloads';
import {
  gateItems,
  INSPECTION_SIGNERS,
  passedSinceFinish,
  type ItemState,
  type OrderFlagReason,
  type OrderState,
} from './state';

/** The payload checked against its schema (remembered per payload object). */
export function parse<T extends OrderEventType>(type: T, payload: unknown): PayloadParse<OrderPayloadOf<T>> {
  return parsePayloadWith(type, ORDER_PAYLOADS[type], payload) as PayloadParse<OrderPayloadOf<T>>;
}

export type Outcome = AuthorityProblem | null;
export const no = (reason: OrderFlagReason, detail: string): Outcome => ({ reason, detail });

export function itemOf(s: OrderState, itemId: string): ItemState | undefined {
  return s.items.find((i) => i.item.itemId === itemId);
}

/** Why a pass of `inspection` cannot come yet on an item (the earlier checks since its last finish), or null. */
function orderProblem(it: ItemState, inspection: 'self' | 'process' | 'final'): string | null {
  if (!it.worked || inspection === 'self') return null;
  if (!passedSinceFinish(it, 'self')) return `${it.item.itemId} needs self`;
  if (inspection === 'final' && it.item.safety && !passedSinceFinish(it, 'process')) {
    return `${it.item.itemId} needs process`;
  }
  return null;
}

export function inspect(s: OrderState, e: EventEnvelope, key: string, auth: OrderAuthority): Outcome {
  const r = parse('order.inspected', e.payload);
  if (!r.success) return null;
  const p = r.data;
  const bad = signatureProblem(p.signatures, INSPECTION_SIGNERS[p.inspection], key, auth.roleAt);
  if (bad) return bad;
  let targets: ItemState[];
  if (p.itemId === null) {
    targets = gateItems(s);
  } else {
    const it = itemOf(s, p.itemId);
    if (!it) return no('unknown_item', p.itemId);
    if (it.status === 'refused') return no('item_refused', p.itemId);
    targets = [it];
  }
  const unfinished = targets.find((t) => t.status !== 'finished');
  if (unfinished) return no('item_not_finished', `${unfinished.item.itemId} is ${unfinished.status}`);
  if (p.result === 'pass') {
    // Every template has lines for every check: a pass that answers none checked nothing.
    if (Object.keys(p.checklist).length === 0) return no('pass_without_checklist', p.inspection);
    const failedLine = Object.keys(p.checklist).find((k) => p.checklist[k] === false);
    if (failedLine !== undefined) return no('pass_with_failed_checklist', failedLine);
    for (const t of targets) {
      const early = orderProblem(t, p.inspection);
      if (early) return no('inspection_out_of_order', early);
    }
  }
  s.inspections.push({
    eventId: e.id,
    key,
    hlc: e.hlc,
    actor: e.actor,
    inspection: p.inspection,
    itemId: p.itemId,
    result: p.result,
    checklist: p.checklist,
    readingsAfter: p.readingsAfter,
    reason: p.reason,
    signatures: p.signatures,
  });
  const result = {
    eventId: e.id,
    key,
    hlc: e.hlc,
    result: p.result,
    reason: p.reason,
    signatures: p.signatures,
  };
  for (const t of targets) {
    t.checks[p.inspection] = result;
    if (p.result === 'fail') {
      t.status = 'rework';
      t.failures += 1;
      t.lastFailure = { inspection: p.inspection, reason: p.reason, hlc: e.hlc };
    }
  }
  if (p.result === 'fail') {
    s.failedInspections += 1;
    if (s.released !== null) return no('failed_after_release', `released by ${s.released.eventId}`);
  }
  return null;
}
