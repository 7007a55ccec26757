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
 * The outputs (the board's row, the order view) are a part of their own,
 * ./orderViews.ts, which this file imports and re-exports (a declared part,
 * test/unit/layers.test.ts METHOD_PARTS; the part imports no sibling).
 */
import { z } from 'zod';
import { LIMITS } from '../../domain/kernel/limits';
import { Role } from '../../domain/kernel/roles';
import {
  DeskCheck,
  FOLLOW_UP_OUTCOMES,
  Inspection,
  OrderCustomer,
  PartLine,
  Readings,
} from '../../domain/orders/payloads';
import { OrderTemplates } from '../../domain/orders/template';
import { empty, id, isoInstant, type MethodTable } from './common';
import { OrderDetail, OrderStatus, OrderSummary } from './orderViews';

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
 * A part as the desk enters it: the name is trimmed and required (the event
 * schema stays lenient so events other desks wrote before still fold). A
 * nameless part could not be matched at reconciliation or picked for a
 * substitution, and prints as a blank line on the customer's slip.
 */
const PartLineInput = PartLine.extend({
  name: z.string().trim().min(1).max(LIMITS.shortText),
}).strict();

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
    parts: z.array(PartLineInput).max(100).default([]),
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

// ---------------------------------------------------------------- outputs: ./orderViews.ts

export {
  GateGapView,
  ITEM_STATUSES,
  ORDER_STATUSES,
  OrderDetail,
  OrderFlagView,
  OrderItemView,
  OrderStatus,
  OrderSummary,
  OrderTimelineEntry,
} from './orderViews';

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
        used: z.array(PartLineInput.extend({ itemId: id }).strict()).max(500),
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
    input: z
      .object({
        caseId: id,
        limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
        /** Also say whether this desk holds any work order at all (`deskHasOrders`). */
        withDesk: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      items: z.array(OrderSummary),
      more: z.boolean(),
      /**
       * With `withDesk`: this desk holds a work order (of any case or none).
       * The case page shows its work-orders section only then or with linked
       * orders: a desk that never repairs (a bank counter) shows no repair words.
       */
      deskHasOrders: z.boolean().optional(),
    }),
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
