/**
 * The state of one work order as the fold (./fold.ts) derives it, and the
 * values it is made of. Runtime-neutral types and a few pure readers.
 */
import { compareFoldKeys } from '../kernel/foldKey';
import type { Role } from '../kernel/roles';
import type {
  DeskCheck,
  Inspection,
  OrderCustomer,
  OrderItem,
  PartLine,
  Readings,
  Signature,
  Subject,
} from './payloads';

export type ItemStatus = 'waiting_consent' | 'refused' | 'open' | 'in_work' | 'finished' | 'rework';

/** The derived status of an order, for the board. */
export type OrderStatus = 'open' | 'in_work' | 'awaiting_final' | 'ready' | 'released';

/** An inspection that counted (signed by the right roles, on a finished item). */
export interface InspectionRecord {
  eventId: string;
  /** Fold key of the event: a pass counts only when later than the item's last finish. */
  key: string;
  hlc: string;
  actor: string;
  inspection: Inspection;
  /** The item inspected, or null for an order-wide inspection (it covers every item in the gate). */
  itemId: string | null;
  result: 'pass' | 'fail';
  checklist: Record<string, boolean>;
  readingsAfter: Readings;
  reason: string;
  signatures: Signature[];
}

/** The latest counted result of one inspection on one item. */
export interface InspectionResult {
  eventId: string;
  key: string;
  hlc: string;
  result: 'pass' | 'fail';
  reason: string;
  signatures: Signature[];
}

export interface ItemState {
  item: OrderItem;
  status: ItemStatus;
  /** The trade working on it now (changes with a start or a hand-over). */
  trade: string;
  /** `given`/`refused` once recorded; null while not asked or not needed. */
  consent: 'given' | 'refused' | null;
  /**
   * Fold key of the item's last finish. An `original` item of a rework return
   * starts finished (its work was done on the original order) at the opening's key.
   */
  finishKey: string | null;
  /**
   * True when the last finish was work done on this order: the self check
   * (and the process check on a safety item) are then needed again. An
   * `original` item that is only re-inspected needs the final check alone.
   */
  worked: boolean;
  checks: Record<Inspection, InspectionResult | null>;
  /** Failed inspections of this item, over its whole life. */
  failures: number;
  /** The inspection whose fail last sent the item to rework, and why. */
  lastFailure: { inspection: Inspection; reason: string; hlc: string } | null;
}

export interface SubstitutionRecord {
  eventId: string;
  hlc: string;
  actor: string;
  itemId: string;
  original: string;
  substitute: string;
  approvedBy: Signature | null;
}

export interface PartsReconciliation {
  eventId: string;
  key: string;
  hlc: string;
  actor: string;
  used: (PartLine & { itemId: string })[];
  matches: boolean;
}

export interface ReleaseAttempt {
  eventId: string;
  hlc: string;
  actor: string;
  reasons: string[];
}

export interface ReleaseRecord {
  eventId: string;
  hlc: string;
  actor: string;
  warrantyMonths: number;
  nextService: string;
  note: string;
  /** The gate's gap codes at the release's place in the fold; empty when it passed. */
  pastGate: string[];
}

export type OrderFlagReason =
  /** The actor's role (at the event's place in the fold) may not do this act. */
  | 'no_authority'
  /** A signature is missing for a role the act needs, names the wrong role, or its signer holds another role. */
  | 'bad_signature_role'
  /** A signer who is unknown or disabled at the event's place in the fold. */
  | 'signer_disabled'
  /** One person signing twice where two people must sign. */
  | 'duplicate_signer'
  /** A release whose place in the fold found the gate not passed: it stands, and is flagged. */
  | 'released_past_failure'
  /** A failed inspection recorded after the order was released: it counts, and is flagged. */
  | 'failed_after_release'
  | 'released_twice'
  | 'consent_twice'
  /** Consent recorded for an item that was on the order from the start. */
  | 'consent_not_needed'
  | 'unknown_item'
  | 'duplicate_item'
  | 'duplicate_open'
  /** Work on an item the customer refused or has not answered for yet. */
  | 'item_refused'
  | 'consent_pending'
  /** Finished or handed while not in work. */
  | 'item_not_started'
  /** Inspected while not finished (in work, or back for rework). */
  | 'item_not_finished'
  /** A hand-over from a trade the item is not with. */
  | 'trade_mismatch'
  /** A start of an item already worked on, naming another trade: a change of trade is a hand-over (QC accepts). */
  | 'trade_without_handover'
  /** A process or final pass before the checks that must come first since the last finish. */
  | 'inspection_out_of_order'
  /** A pass whose checklist answers a line with false. */
  | 'pass_with_failed_checklist'
  /** A pass whose checklist answers no line at all. */
  | 'pass_without_checklist'
  /** A substitution recorded without the customer's approval. */
  | 'customer_not_approved'
  /** A substitution whose original is not a quoted part of the item: no effect. */
  | 'substitution_unknown_part'
  /** A follow-up call dated after the event's own time (plus the clocks' drift): no effect. */
  | 'call_in_future'
  /** An opening received after the event's own time (plus drift): the order opens, flagged. */
  | 'received_in_future'
  /** An opening promised before it was received: the order opens, flagged. */
  | 'promised_before_received'
  /** A follow-up call recorded on an order not released. */
  | 'not_released'
  /** A follow-up call dated before the release. */
  | 'call_before_release'
  /** Work, a new item, consent, a substitution, parts or a desk check after the release: no effect. */
  | 'after_release'
  /** An item marked `original` (starts finished) on an order that is not a rework return: it starts open. */
  | 'original_without_rework'
  /** A rework return received before the original order's release it names. */
  | 'rework_before_release'
  /** An item whose title names a safety keyword of the order's (shipped) templates, marked not safety: kept, raised to safety. */
  | 'safety_raised'
  /** A pass that leaves a line of the order's (shipped) template checklist unanswered: no effect. */
  | 'checklist_incomplete';

/**
 * The flags whose event still takes effect: the release conflicts, an item
 * raised to safety, an opening dated oddly. On any event but an opening,
 * every other flag marks it kept in the log without effect (an opening
 * always opens the order, whatever its flags).
 */
export const FLAGS_WITH_EFFECT: ReadonlySet<OrderFlagReason> = new Set<OrderFlagReason>([
  'released_past_failure',
  'failed_after_release',
  'safety_raised',
  'received_in_future',
  'promised_before_received',
  'rework_before_release',
  'original_without_rework',
]);

/** An event kept in the log without effect (or, for the release conflicts, with effect), for the supervisor. */
export interface OrderFlag {
  eventId: string;
  type: string;
  actor: string;
  /** The desk that wrote it (two desks acting offline: which one). */
  device: string;
  hlc: string;
  reason: OrderFlagReason;
  /** Machine detail: the item, the role needed, the gate's gaps. */
  detail: string;
}

/** A front-desk check (DOMAIN.md section 8, the release) as the fold counted it. */
export interface DeskCheckRecord {
  check: DeskCheck;
  actor: string;
  hlc: string;
  /** Fold key of the event: a check of the result counts only when later than the work's last finish. */
  key: string;
}

export interface FollowUpRecord {
  eventId: string;
  hlc: string;
  actor: string;
  /** When the call was made. */
  at: string;
  outcome: 'reached' | 'no_answer' | 'busy' | 'wrong_number' | 'refused';
  reachedWho: string;
  satisfaction: number | null;
  comment: string;
}

export interface OrderState {
  id: string;
  number: string;
  kind: string;
  templateVersion: string;
  customer: OrderCustomer;
  subject: Subject;
  owner: string;
  branch: string;
  receivedAt: string;
  promisedAt: string;
  reworkOf: { orderId: string; number: string; releasedAt: string } | null;
  openedHlc: string;
  /** In order: the opening's items, then added items in fold order. */
  items: ItemState[];
  /** Every counted inspection, in fold order. */
  inspections: InspectionRecord[];
  /** Counted failed inspections of the order (an order-wide fail counts once). */
  failedInspections: number;
  substitutions: SubstitutionRecord[];
  /** The latest counted reconciliation in fold order. */
  partsReconciled: PartsReconciliation | null;
  /**
   * Fold key of the last event that changed what the customer approved (an
   * item added, a consent, a substitution): a reconciliation or a
   * `quote_matched` check older than it is stale (so is a reconciliation
   * older than the work's last finish: `partsReconcileBasis`).
   */
  partsBasisKey: string;
  /**
   * The front desk's checks done, in DESK_CHECKS order, each with its first
   * counted event (a check of the result made stale by a later finish is
   * replaced when it is done again: `deskCheckCurrent`).
   */
  deskChecks: DeskCheckRecord[];
  releaseAttempts: ReleaseAttempt[];
  released: ReleaseRecord | null;
  responsibility: {
    responsible: string;
    severity: 'minor' | 'major' | 'serious';
    note: string;
    actor: string;
    hlc: string;
  } | null;
  caseIds: string[];
  /** Follow-up calls after release, in fold order. */
  followUps: FollowUpRecord[];
  flags: OrderFlag[];
  status: OrderStatus;
  /** Events of unknown types, newer schema versions or malformed payloads: kept, not applied. */
  ignored: number;
  lastKey: string;
  lastHlc: string;
}

/**
 * The follow-up call is due this many calendar days after release, at the
 * end of that working day on the branch calendar (the desk derives it).
 */
export const ORDER_FOLLOW_UP_DAYS = 3;

/** The follow-up call is done once a call reached the customer. */
export function followUpDone(state: Pick<OrderState, 'followUps'>): boolean {
  return state.followUps.some((f) => f.outcome === 'reached');
}

/** Three failed inspections of one order alert the supervisors (desk alert kind 'order_failures'). */
export const ORDER_FAILURE_ALERT_AT = 3;

export function failureAlertDue(state: Pick<OrderState, 'failedInspections'>): boolean {
  return state.failedInspections >= ORDER_FAILURE_ALERT_AT;
}

/** Items the gate judges: every item the customer did not refuse. */
export function gateItems(state: Pick<OrderState, 'items'>): ItemState[] {
  return state.items.filter((i) => i.status !== 'refused');
}

/** The roles that must sign each inspection (one signature each). */
export const INSPECTION_SIGNERS: Record<Inspection, readonly Role[]> = {
  self: ['lead'],
  process: ['lead', 'qc'],
  final: ['qc'],
};

/** True when the item's latest `inspection` is a pass made after its last finish. */
export function passedSinceFinish(item: ItemState, inspection: Inspection): boolean {
  const r = item.checks[inspection];
  if (r === null || r.result !== 'pass' || item.finishKey === null) return false;
  return compareFoldKeys(r.key, item.finishKey) > 0;
}

/**
 * The front-desk checks that look at the work's result (DOMAIN.md section 8,
 * the release: the front desk "checks the vehicle and records" and "inspects
 * the result together with the customer"). Like a pass, each counts only when
 * later (fold order) than the last finish of every item in the gate: work
 * redone after it (rework, or a finished item started again) makes it stale.
 * The others (the quote, documents and keys, the warranty, the follow-up call,
 * the next service) do not look at the work and stand.
 */
export const RESULT_DESK_CHECKS: readonly DeskCheck[] = [
  'vehicle_records_checked',
  'inspected_with_customer',
];

/** Fold key of the latest finish of an item in the gate, or null when none was finished. */
export function lastFinishKey(state: Pick<OrderState, 'items'>): string | null {
  let last: string | null = null;
  for (const it of gateItems(state)) {
    if (it.finishKey === null) continue;
    if (last === null || compareFoldKeys(it.finishKey, last) > 0) last = it.finishKey;
  }
  return last;
}

/**
 * Fold key a parts reconciliation must be later than to count: the last
 * change of what the customer approved (`partsBasisKey`), or the work's last
 * finish when that is later. Work redone after a reconciliation (a rework, a
 * finished item started again) may have used other parts: the count of the
 * parts used is made again after it, as the result checks are.
 */
export function partsReconcileBasis(state: Pick<OrderState, 'items' | 'partsBasisKey'>): string {
  const last = lastFinishKey(state);
  return last !== null && compareFoldKeys(last, state.partsBasisKey) > 0 ? last : state.partsBasisKey;
}

/**
 * True when a recorded desk check counts now. A check of the result counts
 * when later than the work's last finish; the check against the quote
 * (`quote_matched`) when later than the last change of what the customer
 * approved (an item added, a consent, a substitution: the quote it checked
 * is no longer the one approved); the others always.
 */
export function deskCheckCurrent(
  state: Pick<OrderState, 'items' | 'partsBasisKey'>,
  d: DeskCheckRecord,
): boolean {
  if (d.check === 'quote_matched') return compareFoldKeys(d.key, state.partsBasisKey) > 0;
  if (!RESULT_DESK_CHECKS.includes(d.check)) return true;
  const last = lastFinishKey(state);
  return last === null || compareFoldKeys(d.key, last) > 0;
}

/** The desk checks that count now (for the gate, the desk core and the views), in DESK_CHECKS order. */
export function currentDeskChecks(
  state: Pick<OrderState, 'items' | 'partsBasisKey' | 'deskChecks'>,
): DeskCheckRecord[] {
  return state.deskChecks.filter((d) => deskCheckCurrent(state, d));
}
