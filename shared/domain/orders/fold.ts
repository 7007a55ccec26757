/**
 * The work-order fold: the one place that turns the events of an `order:<uuid>`
 * stream into an `OrderState` (./state.ts). The desk's projection, head
 * office and tests all use it, so every replica holding the same events
 * derives the same state whatever order they arrived in (DESIGN.md section 3).
 *
 * Rules (docs/repair.md)
 * - Fold order is (hlc, device, id); `foldOrder` sorts its input, folds an
 *   event repeated with the same id once, and applies the first valid
 *   `order.opened` first wherever it sorts. A second opening is flagged.
 * - Unknown types, newer schema versions, malformed HLCs or payloads are
 *   counted in `ignored` (kept in the log, folded again after an upgrade).
 * - Authority (./authority.ts) is judged with the staff directory's role at
 *   the event's fold key: an actor without the role, a missing or wrong
 *   signature, a disabled signer: the event is flagged and has no effect. An
 *   opening by someone without the role still opens the order (flagged), so
 *   the supervisor sees it instead of an order vanishing.
 * - Items: opened ones are `open` (an `original` item of a rework return is
 *   `finished`, to be re-inspected); added ones wait for the customer's
 *   consent (given: `open`, refused: out of the gate). start -> `in_work`,
 *   finish -> `finished`, a hand-over to another trade -> `in_work` with it.
 * - Inspections apply to finished items only (an order-wide one to every item
 *   in the gate). A process or final pass needs the earlier checks passed
 *   since the last finish; a pass counts for the gate only when later than
 *   the item's last finish. A fail sends the item to `rework` and is counted.
 * - Desk checks: the first counted one of each kind stands; a check of the
 *   work's result (RESULT_DESK_CHECKS) counts only when later than the last
 *   finish of every item in the gate, and once stale is replaced when done again.
 * - Release: the gate (./gate.ts) is judged at the release's place in the
 *   fold. If it is not passed the release stands (facts are kept) and is
 *   flagged `released_past_failure`; a fail after a release counts and is
 *   flagged `failed_after_release`; a second release is flagged, no effect.
 *
 * Pure: `applyOrderEvent` never mutates the state or event passed in.
 */
import { type EventEnvelope, streamId, streamKind, streamOf } from '../kernel/envelope';
import { compareFoldKeys, compareForFold, foldKey } from '../kernel/foldKey';
import { hlcWallMs, MAX_DRIFT_MS } from '../kernel/hlc';
import { isFoldableWith } from '../kernel/payloads';
import { actorProblem, signatureProblem, SUBSTITUTION_SIGNERS, type OrderAuthority } from './authority';
import {
  applyItemAct,
  inspect,
  ITEM_ACTS,
  itemOf,
  newItem,
  no,
  parse,
  withSafetyFloor,
  type Outcome,
} from './foldSteps';
import { encodeGap, releaseGate } from './gate';
import { DESK_CHECKS, ORDER_STREAM, isOrderEventType } from './payloads';
import {
  deskCheckCurrent,
  gateItems,
  passedSinceFinish,
  type OrderFlagReason,
  type OrderState,
  type OrderStatus,
} from './state';

export type { OrderAuthority } from './authority';

/**
 * Acts on the work and on what the release was judged on: after the release
 * they are kept in the log, flagged `after_release`, without effect. A failed
 * inspection after release still counts (flagged `failed_after_release`); a
 * comeback is a rework return, a new order.
 */
const CLOSED_BY_RELEASE: ReadonlySet<string> = new Set([
  'order.item_added',
  'order.consent_recorded',
  'order.item_started',
  'order.item_finished',
  'order.item_handed',
  'order.substitution_approved',
  'order.parts_reconciled',
  'order.desk_checked',
]);

function isFoldable(e: EventEnvelope): boolean {
  return isFoldableWith(e, isOrderEventType);
}

function flag(s: OrderState, e: EventEnvelope, reason: OrderFlagReason, detail: string): void {
  s.flags.push({ eventId: e.id, type: e.type, actor: e.actor, device: e.device, hlc: e.hlc, reason, detail });
}

function openOrder(e: EventEnvelope, auth: OrderAuthority): OrderState | null {
  if (e.type !== 'order.opened' || !isFoldable(e) || streamKind(e.stream) !== ORDER_STREAM) return null;
  const r = parse('order.opened', e.payload);
  if (!r.success) return null;
  const p = r.data;
  const key = foldKey(e);
  const s: OrderState = {
    id: streamId(e.stream),
    number: p.number,
    kind: p.kind,
    templateVersion: p.templateVersion,
    customer: p.customer,
    subject: p.subject,
    owner: p.owner,
    branch: e.branch,
    receivedAt: p.receivedAt,
    promisedAt: p.promisedAt,
    reworkOf: p.reworkOf,
    openedHlc: e.hlc,
    items: [],
    inspections: [],
    failedInspections: 0,
    substitutions: [],
    partsReconciled: null,
    partsBasisKey: key,
    deskChecks: [],
    releaseAttempts: [],
    released: null,
    responsibility: null,
    caseIds: [],
    followUps: [],
    flags: [],
    status: 'open',
    ignored: 0,
    lastKey: key,
    lastHlc: e.hlc,
  };
  const denied = actorProblem('order.opened', e.actor, key, auth.roleAt);
  if (denied) flag(s, e, denied.reason, denied.detail);
  // The times the opening desk checks (./handlers checkTimes): from another desk they are flagged.
  if (Date.parse(p.receivedAt) > hlcWallMs(e.hlc) + MAX_DRIFT_MS) {
    flag(s, e, 'received_in_future', `received ${p.receivedAt}`);
  }
  if (Date.parse(p.promisedAt) < Date.parse(p.receivedAt)) {
    flag(s, e, 'promised_before_received', `promised ${p.promisedAt}, received ${p.receivedAt}`);
  }
  const rework = p.reworkOf !== null;
  if (p.reworkOf !== null && Date.parse(p.receivedAt) < Date.parse(p.reworkOf.releasedAt)) {
    flag(s, e, 'rework_before_release', `received ${p.receivedAt}, released ${p.reworkOf.releasedAt}`);
  }
  for (const item of p.items) {
    if (s.items.some((i) => i.item.itemId === item.itemId)) flag(s, e, 'duplicate_item', item.itemId);
    else {
      // Finished from the start skips the team lead's and the process checks: a rework return's only.
      if (!rework && item.origin === 'original') flag(s, e, 'original_without_rework', item.itemId);
      const floored = withSafetyFloor(s, item);
      if (floored.raised) flag(s, e, 'safety_raised', item.itemId);
      s.items.push(newItem(floored.item, key, false, rework));
    }
  }
  s.status = deriveStatus(s);
  return s;
}

/** The board's status, from the items and the release. */
export function deriveStatus(s: Pick<OrderState, 'items' | 'released' | 'inspections'>): OrderStatus {
  if (s.released !== null) return 'released';
  const active = gateItems(s);
  if (active.length > 0 && active.every((i) => i.status === 'finished')) {
    return active.every((i) => passedSinceFinish(i, 'final')) ? 'ready' : 'awaiting_final';
  }
  const touched = s.items.some(
    (i) => i.status === 'in_work' || i.status === 'finished' || i.status === 'rework',
  );
  return touched || s.inspections.length > 0 ? 'in_work' : 'open';
}

function cloneState(s: OrderState): OrderState {
  return {
    ...s,
    items: s.items.map((i) => ({ ...i, checks: { ...i.checks } })),
    inspections: [...s.inspections],
    substitutions: [...s.substitutions],
    deskChecks: [...s.deskChecks],
    releaseAttempts: [...s.releaseAttempts],
    caseIds: [...s.caseIds],
    followUps: [...s.followUps],
    flags: [...s.flags],
  };
}

/**
 * Applies one event to an order state and returns the new state (the same
 * object for another stream's event). `state === null`: only a valid
 * `order.opened` creates one. Apply in fold order (or use `foldOrder`): the
 * authority, ordering and gate judgements read the state before the event.
 */
export function applyOrderEvent(
  state: OrderState | null,
  e: EventEnvelope,
  auth: OrderAuthority,
): OrderState | null {
  if (state === null) return openOrder(e, auth);
  if (e.stream !== streamOf(ORDER_STREAM, state.id)) return state;
  const s = cloneState(state);
  applyInPlace(s, e, auth);
  return s;
}

function applyInPlace(s: OrderState, e: EventEnvelope, auth: OrderAuthority): void {
  const key = foldKey(e);
  if (compareFoldKeys(key, s.lastKey) > 0) {
    s.lastKey = key;
    s.lastHlc = e.hlc;
  }
  if (!isFoldable(e) || !isOrderEventType(e.type) || !parse(e.type, e.payload).success) {
    s.ignored += 1;
    return;
  }
  if (e.type === 'order.opened') {
    flag(s, e, 'duplicate_open', 'the order was already opened');
    return;
  }
  const denied = actorProblem(e.type, e.actor, key, auth.roleAt);
  if (denied) {
    flag(s, e, denied.reason, denied.detail);
    return;
  }
  const problem = applyAct(s, e, key, auth);
  if (problem) flag(s, e, problem.reason, problem.detail);
  s.status = deriveStatus(s);
}

/** Applies an act whose actor may do it; returns why it has no effect (or, for release conflicts, a flag) or null. */
function applyAct(s: OrderState, e: EventEnvelope, key: string, auth: OrderAuthority): Outcome {
  const payload = e.payload;
  // Released is final: the car has left; work or a change of what it was released on has no effect.
  if (s.released !== null && CLOSED_BY_RELEASE.has(e.type)) {
    return no('after_release', `released by ${s.released.eventId}`);
  }
  if (ITEM_ACTS.has(e.type)) return applyItemAct(s, e, key, auth);
  switch (e.type) {
    case 'order.inspected':
      return inspect(s, e, key, auth);
    case 'order.substitution_approved': {
      const p = parse('order.substitution_approved', payload);
      if (!p.success) return null;
      const it = itemOf(s, p.data.itemId);
      if (!it) return no('unknown_item', p.data.itemId);
      if (!p.data.customerApproved) return no('customer_not_approved', p.data.itemId);
      // A substitute counts against the quoted part it replaces: one replacing none is not approved.
      if (!it.item.parts.some((q) => q.name === p.data.original)) {
        return no('substitution_unknown_part', `${p.data.itemId}: ${p.data.original}`);
      }
      if (it.item.safety || p.data.approvedBy !== null) {
        const sigs = p.data.approvedBy === null ? [] : [p.data.approvedBy];
        const bad = signatureProblem(sigs, SUBSTITUTION_SIGNERS, key, auth.roleAt);
        if (bad) return bad;
      }
      const { itemId, original, substitute, approvedBy } = p.data;
      s.substitutions.push({
        eventId: e.id,
        hlc: e.hlc,
        actor: e.actor,
        itemId,
        original,
        substitute,
        approvedBy,
      });
      s.partsBasisKey = key;
      return null;
    }
    case 'order.parts_reconciled': {
      const p = parse('order.parts_reconciled', payload);
      if (!p.success) return null;
      const unknown = p.data.used.find((u) => !itemOf(s, u.itemId));
      if (unknown) return no('unknown_item', unknown.itemId);
      s.partsReconciled = {
        eventId: e.id,
        key,
        hlc: e.hlc,
        actor: e.actor,
        used: p.data.used,
        matches: p.data.matches,
      };
      return null;
    }
    case 'order.desk_checked': {
      const p = parse('order.desk_checked', payload);
      if (!p.success) return null;
      const done = s.deskChecks.find((d) => d.check === p.data.check);
      // Done and still counting: the first stands. Made stale (work finished, or the quote changed,
      // since): done again now.
      if (done && deskCheckCurrent(s, done)) return null;
      const record = { check: p.data.check, actor: e.actor, hlc: e.hlc, key };
      s.deskChecks = [...s.deskChecks.filter((d) => d !== done), record];
      s.deskChecks.sort((a, b) => DESK_CHECKS.indexOf(a.check) - DESK_CHECKS.indexOf(b.check));
      return null;
    }
    case 'order.release_refused': {
      const p = parse('order.release_refused', payload);
      if (!p.success) return null;
      s.releaseAttempts.push({ eventId: e.id, hlc: e.hlc, actor: e.actor, reasons: p.data.reasons });
      return null;
    }
    case 'order.released': {
      const p = parse('order.released', payload);
      if (!p.success) return null;
      if (s.released !== null) return no('released_twice', `released by ${s.released.eventId}`);
      const gate = releaseGate(s);
      const pastGate = gate.missing.map(encodeGap);
      s.released = { eventId: e.id, hlc: e.hlc, actor: e.actor, ...p.data, pastGate };
      return gate.ok ? null : no('released_past_failure', pastGate.join(' '));
    }
    case 'order.responsibility_decided': {
      const p = parse('order.responsibility_decided', payload);
      if (!p.success) return null;
      s.responsibility = { ...p.data, actor: e.actor, hlc: e.hlc };
      return null;
    }
    case 'order.case_linked': {
      const p = parse('order.case_linked', payload);
      if (!p.success) return null;
      if (!s.caseIds.includes(p.data.caseId)) s.caseIds.push(p.data.caseId);
      return null;
    }
    case 'order.followed_up': {
      const p = parse('order.followed_up', payload);
      if (!p.success) return null;
      if (s.released === null) return no('not_released', 'a follow-up call before release');
      if (Date.parse(p.data.at) < hlcWallMs(s.released.hlc)) {
        return no('call_before_release', `${p.data.at} is before the release`);
      }
      if (Date.parse(p.data.at) > hlcWallMs(e.hlc) + MAX_DRIFT_MS) {
        return no('call_in_future', `${p.data.at} is after the event's own time`);
      }
      s.followUps.push({ eventId: e.id, hlc: e.hlc, actor: e.actor, ...p.data });
      return null;
    }
    default:
      return null;
  }
}

/**
 * Folds the events of one order stream into its state; null when there is no
 * valid `order.opened`. `auth` is the branch's staff directory (its `roleAt`).
 * Events of other streams are left out; the result is the same for any order
 * of `events`.
 */
export function foldOrder(events: readonly EventEnvelope[], auth: OrderAuthority): OrderState | null {
  const sorted = [...events].sort(compareForFold);
  const seen = new Set<string>();
  const unique: EventEnvelope[] = [];
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    unique.push(e);
  }
  let state: OrderState | null = null;
  let openedAt = -1;
  for (let i = 0; i < unique.length && state === null; i++) {
    const e = unique[i] as EventEnvelope;
    if (e.type === 'order.opened') {
      state = openOrder(e, auth);
      if (state !== null) openedAt = i;
    }
  }
  if (state === null) return null;
  const stream = streamOf(ORDER_STREAM, state.id);
  for (let i = 0; i < unique.length; i++) {
    const e = unique[i] as EventEnvelope;
    if (i === openedAt || e.stream !== stream) continue;
    applyInPlace(state, e, auth);
  }
  return state;
}
