/**
 * The outputs of the work-order feature's DeskApi methods (issue 11,
 * docs/repair.md): the board's row and one order's view (its items, checks,
 * gate, flags and timeline).
 *
 * A part of the work-order contract, in a file of its own so that
 * methods/orders.ts stays under ~400 lines (the order view's schema was most
 * of it). methods/orders.ts imports this part and re-exports every name
 * (never the other way round, test/unit/layers.test.ts METHOD_PARTS).
 */
import { z } from 'zod';
import { DEADLINE_STATUSES } from '../../domain/deadlines/caseDeadlines';
import { GATE_CODES } from '../../domain/orders/gate';
import {
  DeskCheck,
  FOLLOW_UP_OUTCOMES,
  Inspection,
  OrderCustomer,
  PartLine,
  Readings,
  Signature,
} from '../../domain/orders/payloads';
import { id } from './common';

export const ORDER_STATUSES = ['open', 'in_work', 'awaiting_final', 'ready', 'released'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export const ITEM_STATUSES = ['waiting_consent', 'refused', 'open', 'in_work', 'finished', 'rework'] as const;

// ---------------------------------------------------------------- outputs

/** One row of the work-order board. */
export const OrderSummary = z.object({
  id,
  number: z.string(),
  kind: z.string(),
  status: OrderStatus,
  customerName: z.string(),
  customerPhone: z.string(),
  plate: z.string(),
  vinOrSerial: z.string(),
  promisedAt: z.string(),
  receivedAt: z.string(),
  /** Flags the fold raised (conflicts, events without effect): the supervisor looks at these. */
  flags: z.number().int(),
  /** The flags' distinct reasons, sorted (`released_past_failure`, `failed_after_release` ...); empty when none. */
  flagReasons: z.array(z.string()),
  /** Counted failed inspections (three alert the supervisors). */
  failures: z.number().int(),
  releasedAt: z.string().nullable(),
  /** The original order's id on a rework return. */
  reworkOf: z.string().nullable(),
  owner: z.string(),
  ownerName: z.string(),
  updatedAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

const InspectionView = z.object({
  eventId: z.string(),
  result: z.enum(['pass', 'fail']),
  reason: z.string(),
  at: z.string(),
  signatures: z.array(Signature),
});

export const OrderItemView = z.object({
  itemId: z.string(),
  title: z.string(),
  /** The trade working on it now; `quotedTrade` is the one it was entered with. */
  trade: z.string(),
  quotedTrade: z.string(),
  safety: z.boolean(),
  labourFen: z.number().int(),
  parts: z.array(PartLine),
  origin: z.enum(['reported', 'found', 'original', 'rework']),
  status: z.enum(ITEM_STATUSES),
  consent: z.enum(['given', 'refused']).nullable(),
  failures: z.number().int(),
  lastFailure: z.object({ inspection: Inspection, reason: z.string(), at: z.string() }).nullable(),
  /** The latest counted result of each inspection; `current`: a pass made after the item's last finish. */
  checks: z.record(Inspection, InspectionView.extend({ current: z.boolean() }).nullable()),
});
export type OrderItemView = z.infer<typeof OrderItemView>;

/** One gap of the release gate, with its words in the caller's language (the same describer as the refusal). */
export const GateGapView = z.object({
  code: z.enum(GATE_CODES),
  itemId: z.string().optional(),
  check: DeskCheck.optional(),
  text: z.string(),
});
export type GateGapView = z.infer<typeof GateGapView>;

export const OrderFlagView = z.object({
  eventId: z.string(),
  type: z.string(),
  actor: z.string(),
  actorName: z.string(),
  device: z.string(),
  at: z.string(),
  reason: z.string(),
  detail: z.string(),
  text: z.string(),
});

export const OrderTimelineEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string(),
  device: z.string(),
  payload: z.unknown(),
});

export const OrderDetail = OrderSummary.extend({
  templateVersion: z.string(),
  customer: OrderCustomer,
  subject: z.object({
    kind: z.enum(['vehicle', 'device']),
    plate: z.string(),
    vinOrSerial: z.string(),
    model: z.string(),
    readingsBefore: Readings,
  }),
  reworkOfOrder: z.object({ orderId: z.string(), number: z.string(), releasedAt: z.string() }).nullable(),
  /** Rework returns opened against this order. */
  reworkReturns: z.array(z.object({ orderId: z.string(), number: z.string() })),
  items: z.array(OrderItemView),
  inspections: z.array(
    z.object({
      eventId: z.string(),
      inspection: Inspection,
      itemId: z.string().nullable(),
      result: z.enum(['pass', 'fail']),
      checklist: z.record(z.string(), z.boolean()),
      readingsAfter: Readings,
      reason: z.string(),
      at: z.string(),
      signatures: z.array(Signature),
    }),
  ),
  substitutions: z.array(
    z.object({
      itemId: z.string(),
      original: z.string(),
      substitute: z.string(),
      approvedBy: Signature.nullable(),
      at: z.string(),
    }),
  ),
  partsReconciled: z
    .object({ used: z.array(PartLine.extend({ itemId: z.string() })), matches: z.boolean(), at: z.string() })
    .nullable(),
  /** The desk checks that count now: one of the result made before the work was last finished is left out (to do again). */
  deskChecks: z.array(z.object({ check: DeskCheck, actor: z.string(), at: z.string() })),
  /** Refused release attempts: who, when, and the gaps in the caller's language. */
  releaseAttempts: z.array(
    z.object({ actor: z.string(), actorName: z.string(), at: z.string(), reasons: z.array(z.string()) }),
  ),
  released: z
    .object({
      actor: z.string(),
      at: z.string(),
      warrantyMonths: z.number().int(),
      nextService: z.string(),
      note: z.string(),
      /** Gaps the release went past (two desks offline); empty when it passed the gate. */
      pastGate: z.array(z.string()),
    })
    .nullable(),
  /** The follow-up call: 3 calendar days after release, at the end of that working day (branch calendar). */
  followUpDueAt: z.string().nullable(),
  /**
   * The follow-up call's deadline state by the desk's clock (as the callback
   * queue shows it: pending, due_soon, overdue; met or met_late once a call
   * reached the customer; paused when the calendar ran out); null before the
   * release or without a branch calendar. The order view shows this, not a
   * judgement by the window's own clock.
   */
  followUpState: z.enum(DEADLINE_STATUSES).nullable(),
  /** Follow-up calls made (done once one reached the customer). */
  followUps: z.array(
    z.object({
      eventId: z.string(),
      at: z.string(),
      outcome: z.enum(FOLLOW_UP_OUTCOMES),
      reachedWho: z.string(),
      satisfaction: z.number().int().nullable(),
      comment: z.string(),
      actor: z.string(),
      actorName: z.string(),
    }),
  ),
  responsibility: z
    .object({
      responsible: z.string(),
      severity: z.enum(['minor', 'major', 'serious']),
      note: z.string(),
      actor: z.string(),
      at: z.string(),
    })
    .nullable(),
  caseIds: z.array(z.string()),
  /** The linked complaint cases with their numbers (null: the case has not reached this desk yet). */
  cases: z.array(z.object({ id: z.string(), number: z.string().nullable() })),
  gate: z.object({ ok: z.boolean(), missing: z.array(GateGapView) }),
  flagList: z.array(OrderFlagView),
  timeline: z.array(OrderTimelineEntry),
});
export type OrderDetail = z.infer<typeof OrderDetail>;
