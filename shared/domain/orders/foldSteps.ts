/**
 * The fold's steps on items: an item entering the order, the work on it
 * (added, consented to, started, finished, handed over), and the signed
 * inspections (self, process, final) and their order since an item's last
 * finish. Split from ./fold.ts to keep files short; only the fold uses it.
 */
import type { EventEnvelope } from '../kernel/envelope';
import { parsePayloadWith, type PayloadParse } from '../kernel/payloads';
import { HAND_OVER_SIGNERS, signatureProblem, type AuthorityProblem, type OrderAuthority } from './authority';
import { ORDER_PAYLOADS, type OrderEventType, type OrderItem, type OrderPayloadOf } from './payloads';
import { shippedKind, shippedSafetyFloor } from './shipped';
import { checklistFor } from './template';
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

/**
 * The item as the fold keeps it: raised to safety when its title names a
 * safety keyword of the order's shipped templates (./shipped.ts), which the
 * desk's handlers never let an item go below; `raised` says it was.
 */
export function withSafetyFloor(
  s: Pick<OrderState, 'templateVersion'>,
  item: OrderItem,
): { item: OrderItem; raised: boolean } {
  if (item.safety || !shippedSafetyFloor(s.templateVersion, item.title)) return { item, raised: false };
  return { item: { ...item, safety: true }, raised: true };
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
    // The lines the order's template asks (as the desk's handler does): a pass that skips one checked less.
    const kind = shippedKind(s.templateVersion, s.kind);
    if (kind !== null) {
      const lines = checklistFor(
        kind,
        p.inspection,
        targets.some((t) => t.item.safety),
      );
      const skipped = lines.find((l) => p.checklist[l.key] === undefined);
      if (skipped !== undefined) return no('checklist_incomplete', `${p.inspection}: ${skipped.key}`);
    }
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

/**
 * An item as it enters the order. `rework`: the order is a rework return, the
 * only kind whose `original` items start finished (their work was done on
 * the original order); anywhere else such an item starts open, as reported.
 */
export function newItem(item: OrderItem, key: string, added: boolean, rework = false): ItemState {
  const original = !added && rework && item.origin === 'original';
  return {
    item,
    status: added ? 'waiting_consent' : original ? 'finished' : 'open',
    trade: item.trade,
    consent: null,
    finishKey: original ? key : null,
    worked: false,
    checks: { self: null, process: null, final: null },
    failures: 0,
    lastFailure: null,
  };
}

/** The acts on an item's work, applied by `applyItemAct`. */
export const ITEM_ACTS: ReadonlySet<string> = new Set([
  'order.item_added',
  'order.consent_recorded',
  'order.item_started',
  'order.item_finished',
  'order.item_handed',
]);

/** Applies an act of `ITEM_ACTS` whose actor may do it; returns why it has no effect, or null. */
export function applyItemAct(s: OrderState, e: EventEnvelope, key: string, auth: OrderAuthority): Outcome {
  const payload = e.payload;
  switch (e.type) {
    case 'order.item_added': {
      const p = parse('order.item_added', payload);
      if (!p.success) return null;
      if (itemOf(s, p.data.item.itemId)) return no('duplicate_item', p.data.item.itemId);
      const floored = withSafetyFloor(s, p.data.item);
      s.items.push(newItem(floored.item, key, true));
      s.partsBasisKey = key;
      return floored.raised ? no('safety_raised', p.data.item.itemId) : null;
    }
    case 'order.consent_recorded': {
      const p = parse('order.consent_recorded', payload);
      if (!p.success) return null;
      const it = itemOf(s, p.data.itemId);
      if (!it) return no('unknown_item', p.data.itemId);
      if (it.consent !== null) return no('consent_twice', `${p.data.itemId} already ${it.consent}`);
      if (it.status !== 'waiting_consent') return no('consent_not_needed', p.data.itemId);
      it.consent = p.data.consent;
      it.status = p.data.consent === 'given' ? 'open' : 'refused';
      s.partsBasisKey = key;
      return null;
    }
    case 'order.item_started': {
      const p = parse('order.item_started', payload);
      if (!p.success) return null;
      const it = itemOf(s, p.data.itemId);
      if (!it) return no('unknown_item', p.data.itemId);
      if (it.status === 'waiting_consent') return no('consent_pending', p.data.itemId);
      if (it.status === 'refused') return no('item_refused', p.data.itemId);
      // The first start picks the trade; once worked on, another trade takes the item over only by
      // a hand-over, which a QC inspector accepts.
      if (p.data.trade !== it.trade && it.status !== 'open') {
        return no('trade_without_handover', `${p.data.itemId} is with ${it.trade}, not ${p.data.trade}`);
      }
      it.status = 'in_work';
      it.trade = p.data.trade;
      return null;
    }
    case 'order.item_finished': {
      const p = parse('order.item_finished', payload);
      if (!p.success) return null;
      const it = itemOf(s, p.data.itemId);
      if (!it) return no('unknown_item', p.data.itemId);
      if (it.status !== 'in_work') return no('item_not_started', `${p.data.itemId} is ${it.status}`);
      it.status = 'finished';
      it.finishKey = key;
      it.worked = true;
      return null;
    }
    case 'order.item_handed': {
      const p = parse('order.item_handed', payload);
      if (!p.success) return null;
      const it = itemOf(s, p.data.itemId);
      if (!it) return no('unknown_item', p.data.itemId);
      // In work, finished, or back for rework after a failed check (a rework another trade may do).
      if (it.status !== 'in_work' && it.status !== 'finished' && it.status !== 'rework') {
        return no('item_not_started', `${p.data.itemId} is ${it.status}`);
      }
      if (it.trade !== p.data.fromTrade) return no('trade_mismatch', `${p.data.itemId} is with ${it.trade}`);
      const bad = signatureProblem([p.data.acceptedBy], HAND_OVER_SIGNERS, key, auth.roleAt);
      if (bad) return bad;
      it.trade = p.data.toTrade;
      it.status = 'in_work';
      return null;
    }
    default:
      return null;
  }
}
