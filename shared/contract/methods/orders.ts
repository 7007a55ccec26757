/**
 * DeskApi methods of the work-order feature (issue 11, docs/repair.md): open
 * an order, its items and the customer's consent, the workshop's start,
 * finish and hand-over, the three signed inspections, substitutions, parts,
 * the front desk's checks, the release gate, rework returns, the board and
 * one order's view. Text is checked clean by the dispatcher before these
 * schemas see it; money is whole fen; instants are ISO-8601.
 *
 * A signer types their own login and PIN into the method's input
 * (`SignerCredentials`): the desk checks them at that moment and stores only
 * who signed, in which role and when. The secret is never stored or logged.
 *
 * Longer than most files (about 500 lines) for a stated reason: the layer
 * rule keeps a feature's contract in one file (methods/<feature>.ts imports
 * no sibling), and the order view's output schema is most of it.
 */
import { z } from 'zod';
import { DEADLINE_STATUSES } from '../../domain/deadlines/caseDeadlines';
import { LIMITS } from '../../domain/kernel/limits';
import { Role } from '../../domain/kernel/roles';
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
import { OrderTemplates } from '../../domain/orders/template';
import { empty, id, isoInstant, type MethodTable } from './common';

export const ORDER_STATUSES = ['open', 'in_work', 'awaiting_final', 'ready', 'released'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export const ITEM_STATUSES = ['waiting_consent', 'refused', 'open', 'in_work', 'finished', 'rework'] as const;

const Short = z.string().trim().max(LIMITS.shortText);
const Note = z.string().trim().max(LIMITS.longText).default('');
const Fen = z.number().int().min(0).max(10_000_000_000);
const TemplateKey = z.string().max(64);

/** What a signer types at the moment of signing: their own login and PIN or password. Never stored. */
export const SignerCredentials = z
  .object({ login: z.string().trim().min(1).max(64), secret: z.string().min(1).max(128) })
  .strict();
export type SignerCredentials = z.infer<typeof SignerCredentials>;

/**
 * An item as the front desk enters it. `safety` may only raise what the
 * templates say (a catalogue entry flagged safety, or a title naming a safety
 * keyword); the desk sets it from the templates and never lowers it.
 */
export const OrderItemInput = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.shortText),
    trade: TemplateKey,
    catalogueKey: TemplateKey.optional(),
    safety: z.boolean().default(false),
    labourFen: Fen.default(0),
    parts: z.array(PartLine).max(100).default([]),
  })
  .strict();
export type OrderItemInput = z.input<typeof OrderItemInput>;

export const SubjectInput = z
  .object({
    plate: Short.default(''),
    vinOrSerial: Short.default(''),
    model: Short.default(''),
    readingsBefore: Readings.default({}),
  })
  .strict();

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

const StatusCount = z.object({ count: z.number().int(), capped: z.boolean() });

export const OrderListQuery = z
  .object({
    status: OrderStatus.optional(),
    owner: id.optional(),
    kind: TemplateKey.optional(),
    /** Only orders with flags (the supervisor's conflicts). */
    flagged: z.boolean().optional(),
    /** Only rework returns. */
    rework: z.boolean().optional(),
    /** Substring of the number, customer name or phone, plate, VIN or serial. */
    text: z.string().trim().max(LIMITS.searchText).optional(),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().max(40).optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  })
  .strict();
export type OrderListQuery = z.input<typeof OrderListQuery>;

export const OrderBoard = z.object({
  items: z.array(OrderSummary),
  nextCursor: z.string().nullable(),
  /** Orders per status (all filters but `status` applied), counted up to 1,000 (`capped`: more). */
  counts: z.object({
    open: StatusCount,
    in_work: StatusCount,
    awaiting_final: StatusCount,
    ready: StatusCount,
    released: StatusCount,
  }),
});
export type OrderBoard = z.infer<typeof OrderBoard>;

const orderRef = { orderId: id };
/** A case or work-order number as a clerk types it (`GZ01-20261130-0003`, `WO-GZ01-20261130-0003`). */
const DocNumber = z.string().trim().min(1).max(40);
const FRONT = ['counter', 'supervisor', 'admin'] as const satisfies readonly z.infer<typeof Role>[];
const WORKSHOP = ['lead', 'supervisor'] as const satisfies readonly z.infer<typeof Role>[];

export const orderMethods = {
  'order.templates': { input: empty, output: z.object({ templates: OrderTemplates }), auth: 'any' },
  'order.open': {
    input: z
      .object({
        kind: TemplateKey,
        customer: OrderCustomer,
        subject: SubjectInput,
        items: z.array(OrderItemInput).min(1).max(100),
        promisedAt: isoInstant,
        /** When the vehicle or device was received; default now. */
        receivedAt: isoInstant.optional(),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.addItem': {
    input: z
      .object({
        ...orderRef,
        item: OrderItemInput,
        /** `found`: an extra fault found during work; `reported`: one the customer asks for later. */
        origin: z.enum(['found', 'reported']).default('found'),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.recordConsent': {
    input: z
      .object({
        ...orderRef,
        itemId: id,
        consent: z.enum(['given', 'refused']),
        how: z.enum(['in_person', 'phone', 'message']),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.startItem': {
    input: z.object({ ...orderRef, itemId: id, trade: TemplateKey.optional() }).strict(),
    output: OrderDetail,
    auth: WORKSHOP,
  },
  'order.finishItem': {
    input: z.object({ ...orderRef, itemId: id, note: Note }).strict(),
    output: OrderDetail,
    auth: WORKSHOP,
  },
  'order.handItem': {
    input: z
      .object({ ...orderRef, itemId: id, toTrade: TemplateKey, signer: SignerCredentials, note: Note })
      .strict(),
    output: OrderDetail,
    auth: 'any',
  },
  'order.inspect': {
    input: z
      .object({
        ...orderRef,
        /** null: the whole order (every item in the gate). */
        itemId: id.nullable(),
        inspection: Inspection,
        result: z.enum(['pass', 'fail']),
        /** Every line of the template's checklist for this inspection: key -> passed. */
        checklist: z.record(TemplateKey, z.boolean()),
        readingsAfter: Readings.default({}),
        /** Required for a fail. */
        reason: Note,
        /** self: [lead]; process: [lead, qc]; final: [qc], in that order. */
        signers: z.array(SignerCredentials).min(1).max(2),
      })
      .strict(),
    output: OrderDetail,
    auth: 'any',
  },
  'order.approveSubstitution': {
    input: z
      .object({
        ...orderRef,
        itemId: id,
        original: z.string().trim().min(1).max(LIMITS.shortText),
        substitute: z.string().trim().min(1).max(LIMITS.shortText),
        customerApproved: z.literal(true),
        /** The QC inspector's signature: required on a safety item. */
        signer: SignerCredentials.optional(),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: [...FRONT, 'lead'],
  },
  'order.reconcileParts': {
    input: z
      .object({
        ...orderRef,
        used: z.array(PartLine.extend({ itemId: id }).strict()).max(500),
        matches: z.boolean(),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.deskCheck': {
    input: z.object({ ...orderRef, check: DeskCheck, note: Note }).strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.release': {
    input: z
      .object({
        ...orderRef,
        /** Default: the order kind's warranty in the templates. */
        warrantyMonths: z.number().int().min(0).max(120).optional(),
        nextService: Short.default(''),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.decideResponsibility': {
    input: z
      .object({
        ...orderRef,
        responsible: z.string().trim().min(1).max(64),
        severity: z.enum(['minor', 'major', 'serious']),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: ['supervisor', 'admin'],
  },
  'order.linkCase': {
    /**
     * The order by id or number, the case by id or number (clerks know
     * numbers): exactly one of each. Linked already: nothing is written.
     */
    input: z
      .object({
        orderId: id.optional(),
        orderNumber: DocNumber.optional(),
        caseId: id.optional(),
        caseNumber: DocNumber.optional(),
      })
      .strict()
      .refine((q) => (q.orderId === undefined) !== (q.orderNumber === undefined), {
        message: 'give orderId or orderNumber',
        path: ['orderNumber'],
      })
      .refine((q) => (q.caseId === undefined) !== (q.caseNumber === undefined), {
        message: 'give caseId or caseNumber',
        path: ['caseNumber'],
      }),
    output: OrderDetail,
    auth: FRONT,
  },
  /** The work orders linked to a complaint case, newest first (at most `limit`; `more`: there are others). */
  'order.forCase': {
    input: z.object({ caseId: id, limit: z.number().int().min(1).max(LIMITS.pageSize).default(50) }).strict(),
    output: z.object({ items: z.array(OrderSummary), more: z.boolean() }),
    auth: 'any',
  },
  'order.returnForRework': {
    input: z
      .object({
        /** The original order's number, `WO-GZ01-20261130-0003`. */
        originalNumber: z.string().trim().min(1).max(40),
        /** The faults the customer came back with. */
        items: z.array(OrderItemInput).min(1).max(100),
        readingsBefore: Readings.default({}),
        promisedAt: isoInstant,
        receivedAt: isoInstant.optional(),
        note: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.followUp.record': {
    input: z
      .object({
        ...orderRef,
        /** When the call was made; defaults to now. Not in the future. */
        at: isoInstant.optional(),
        outcome: z.enum(FOLLOW_UP_OUTCOMES),
        /** Who was reached (when the outcome is 'reached'). */
        reachedWho: Short.default(''),
        /** 1..5, required when the outcome is 'reached' and null otherwise. */
        satisfaction: z.number().int().min(1).max(5).nullable().default(null),
        comment: Note,
      })
      .strict(),
    output: OrderDetail,
    auth: FRONT,
  },
  'order.list': { input: OrderListQuery, output: OrderBoard, auth: 'any' },
  'order.get': {
    input: z
      .object({ orderId: id.optional(), number: z.string().trim().min(1).max(40).optional() })
      .strict()
      .refine((q) => (q.orderId === undefined) !== (q.number === undefined), {
        message: 'give orderId or number',
      }),
    output: OrderDetail,
    auth: 'any',
  },
} as const satisfies MethodTable;
