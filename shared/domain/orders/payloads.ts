/**
 * The repair shop's work order (维修施工单) events, schema version 1, and the
 * value types they use (DOMAIN.md section 8, issue 11). One stream per order:
 * `order:<uuid>`. Runtime-neutral.
 *
 * Money is whole fen (分) so sums are exact. Times are ISO-8601 instants with
 * an offset. Item ids are UUIDs made on the desk that adds the item, so two
 * desks adding items offline never collide.
 *
 * What these schemas check is the shape. Who may do what (a team lead signs
 * the self-check, only a QC inspector the final check, the release gate) is
 * judged by the desk core before writing and again by the fold
 * (./fold.ts, ./gate.ts), so a forged or stale event from another desk is kept
 * and flagged but has no effect.
 */
import { z } from 'zod';
import { LIMITS } from '../kernel/limits';
import { Role } from '../kernel/roles';

export const ORDER_STREAM = 'order';

/** An ISO-8601 instant with an offset. */
const Instant = z.iso.datetime({ offset: true });
const Short = z.string().max(LIMITS.shortText);
const Long = z.string().max(LIMITS.longText);
/** Whole fen (分), never negative, at most 100 million yuan. */
const Fen = z.number().int().min(0).max(10_000_000_000);

/** Readings before or after work: mileage (km), fuel (%), battery (%), a device's counters, keyed by the template's reading keys. */
export const Readings = z.record(z.string().max(64), z.union([z.number(), Short]));
export type Readings = z.infer<typeof Readings>;

/** What is being repaired: a vehicle (plate, VIN) or a device (serial). */
export const Subject = z
  .object({
    kind: z.enum(['vehicle', 'device']),
    /** 车牌 for a vehicle; empty for a device. */
    plate: Short,
    /** VIN for a vehicle, serial number for a device. */
    vinOrSerial: Short,
    /** Make and model as the front desk writes it. */
    model: Short,
    readingsBefore: Readings,
  })
  .strict();
export type Subject = z.infer<typeof Subject>;

export const OrderCustomer = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.shortText),
    phone: z.string().trim().max(LIMITS.phone),
  })
  .strict();
export type OrderCustomer = z.infer<typeof OrderCustomer>;

export const PartLine = z
  .object({ name: Short, qty: z.number().int().min(1).max(10_000), unitFen: Fen })
  .strict();
export type PartLine = z.infer<typeof PartLine>;

/**
 * A reported item (报修项目) or an item added during work. `trade` is a value
 * of the order template's trade list (机修, 电工, 钣金, 喷漆 ...); `safety` is set
 * from the template's safety list and may only be raised by the desk, never
 * lowered below what the template says.
 */
export const OrderItem = z
  .object({
    itemId: z.uuid(),
    title: z.string().trim().min(1).max(LIMITS.shortText),
    trade: Short,
    safety: z.boolean(),
    labourFen: Fen,
    parts: z.array(PartLine).max(100),
    /**
     * `reported`: on the order from the start; `found`: an extra fault found
     * during work (needs the customer's consent before it is worked);
     * `original`: on a rework return, an item of the original order that the
     * final check must cover again; `rework`: the fault the customer came back with.
     */
    origin: z.enum(['reported', 'found', 'original', 'rework']),
  })
  .strict();
export type OrderItem = z.infer<typeof OrderItem>;

/**
 * A signature: the signer typed their own PIN or password on the desk at that
 * moment (checked by the desk core, which counts the attempt like a sign-in);
 * the event's actor is whoever was signed in. `role` is the role the signer
 * signs in, judged again by the fold against the staff directory.
 */
export const Signature = z
  .object({ signer: z.string().min(1).max(64), role: Role, signedAt: Instant })
  .strict();
export type Signature = z.infer<typeof Signature>;

export const INSPECTIONS = ['self', 'process', 'final'] as const;
export const Inspection = z.enum(INSPECTIONS);
export type Inspection = z.infer<typeof Inspection>;

/** The front desk's release checks (DOMAIN.md section 8), in the order the slip lists them. */
export const DESK_CHECKS = [
  'quote_matched',
  'vehicle_records_checked',
  'documents_keys_collected',
  'inspected_with_customer',
  'warranty_explained',
  'callback_booked',
  'next_service_suggested',
] as const;
export const DeskCheck = z.enum(DESK_CHECKS);
export type DeskCheck = z.infer<typeof DeskCheck>;

// ---------------------------------------------------------------- payloads

export const OrderOpenedPayload = z
  .object({
    /** Made offline like case numbers, `WO-` before one: `WO-GZ01-20261130-0003`, with its own per-device daily sequence. */
    number: z.string().max(40),
    /** The template (order kind) the checklists come from, and its version. */
    kind: Short,
    templateVersion: Short,
    customer: OrderCustomer,
    subject: Subject,
    items: z.array(OrderItem).min(1).max(100),
    receivedAt: Instant,
    /** The promised delivery time, on the branch calendar. */
    promisedAt: Instant,
    /** Front-desk receiver (接待), staff id. */
    owner: z.string().min(1).max(64),
    /** A rework return (返修): the original order; null for a new order. */
    reworkOf: z
      .object({ orderId: z.uuid(), number: z.string().max(40), releasedAt: Instant })
      .strict()
      .nullable(),
    note: Long,
  })
  .strict();

/** An item added after opening: an extra fault found during work, or one the customer asks for. */
export const OrderItemAddedPayload = z.object({ item: OrderItem, note: Long }).strict();

/** The customer's answer about an added item; recorded once per item. */
export const OrderConsentRecordedPayload = z
  .object({
    itemId: z.uuid(),
    consent: z.enum(['given', 'refused']),
    how: z.enum(['in_person', 'phone', 'message']),
    note: Long,
  })
  .strict();

export const OrderItemStartedPayload = z.object({ itemId: z.uuid(), trade: Short }).strict();

export const OrderItemFinishedPayload = z.object({ itemId: z.uuid(), note: Long }).strict();

/** A hand-over between trades, accepted by the QC inspector's signature. */
export const OrderItemHandedPayload = z
  .object({ itemId: z.uuid(), fromTrade: Short, toTrade: Short, acceptedBy: Signature, note: Long })
  .strict();

/**
 * A signed inspection of one item (`itemId`) or of the whole order (null).
 * self: the team lead; process: the team lead and the QC inspector (two
 * signatures); final: the QC inspector. `checklist` answers the template's
 * checklist for this inspection (key -> passed). A fail names its reason and
 * sends the item back for rework.
 */
export const OrderInspectedPayload = z
  .object({
    inspection: Inspection,
    itemId: z.uuid().nullable(),
    result: z.enum(['pass', 'fail']),
    checklist: z.record(z.string().max(64), z.boolean()),
    readingsAfter: Readings,
    reason: Long,
    signatures: z.array(Signature).min(1).max(2),
  })
  .strict()
  .refine((p) => p.result === 'pass' || p.reason.trim().length > 0, {
    path: ['reason'],
    message: 'a failed inspection names its reason',
  });

/** A part substitution on an item, approved (strict on safety items). */
export const OrderSubstitutionApprovedPayload = z
  .object({
    itemId: z.uuid(),
    original: Short,
    substitute: Short,
    /** Who approved: the customer (recorded by the desk) and, on a safety item, the QC inspector's signature. */
    customerApproved: z.boolean(),
    approvedBy: Signature.nullable(),
    note: Long,
  })
  .strict();

/** Parts and materials used, reconciled against what the customer approved. */
export const OrderPartsReconciledPayload = z
  .object({
    used: z.array(PartLine.extend({ itemId: z.uuid() }).strict()).max(500),
    matches: z.boolean(),
    note: Long,
  })
  .strict();

export const OrderDeskCheckedPayload = z.object({ check: DeskCheck, note: Long }).strict();

/** A release attempt the gate refused: recorded with who (the actor) and why. */
export const OrderReleaseRefusedPayload = z
  .object({ reasons: z.array(z.string().max(200)).min(1).max(200) })
  .strict();

/** Released (出厂). The follow-up call is due 3 days later on the branch calendar (derived, not stored). */
export const OrderReleasedPayload = z
  .object({ warrantyMonths: z.number().int().min(0).max(120), nextService: Short, note: Long })
  .strict();

/** A quality complaint on a rework return: who answers for it and how serious it is (supervisor). */
export const OrderResponsibilityDecidedPayload = z
  .object({
    responsible: z.string().min(1).max(64),
    severity: z.enum(['minor', 'major', 'serious']),
    note: Long,
  })
  .strict();

/** A complaint case linked to this order (the link is read both ways from the order's stream). */
export const OrderCaseLinkedPayload = z.object({ caseId: z.uuid() }).strict();

/** How a follow-up call went (the same outcomes as a case's contacts and callbacks). */
export const FOLLOW_UP_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number', 'refused'] as const;

/**
 * The follow-up call after release (回访, 3 days later on the branch
 * calendar): when it was made, how it went and, when the customer was
 * reached, their satisfaction (1-5). Added in round 2 (issue 11, O3): the
 * call needs a fact of its own to leave the callback queue.
 */
export const OrderFollowedUpPayload = z
  .object({
    at: Instant,
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
    reachedWho: Short,
    satisfaction: z.number().int().min(1).max(5).nullable(),
    comment: Long,
  })
  .strict()
  .refine((p) => (p.outcome === 'reached') === (p.satisfaction !== null), {
    path: ['satisfaction'],
    message: 'satisfaction is required when the customer was reached, and null otherwise',
  });

/** Work-order event type -> payload schema. */
export const ORDER_PAYLOADS = {
  'order.opened': OrderOpenedPayload,
  'order.item_added': OrderItemAddedPayload,
  'order.consent_recorded': OrderConsentRecordedPayload,
  'order.item_started': OrderItemStartedPayload,
  'order.item_finished': OrderItemFinishedPayload,
  'order.item_handed': OrderItemHandedPayload,
  'order.inspected': OrderInspectedPayload,
  'order.substitution_approved': OrderSubstitutionApprovedPayload,
  'order.parts_reconciled': OrderPartsReconciledPayload,
  'order.desk_checked': OrderDeskCheckedPayload,
  'order.release_refused': OrderReleaseRefusedPayload,
  'order.released': OrderReleasedPayload,
  'order.responsibility_decided': OrderResponsibilityDecidedPayload,
  'order.case_linked': OrderCaseLinkedPayload,
  'order.followed_up': OrderFollowedUpPayload,
} as const;

export type OrderEventType = keyof typeof ORDER_PAYLOADS;
export type OrderPayloadOf<T extends OrderEventType> = z.infer<(typeof ORDER_PAYLOADS)[T]>;

export function isOrderEventType(type: string): type is OrderEventType {
  return Object.prototype.hasOwnProperty.call(ORDER_PAYLOADS, type);
}
