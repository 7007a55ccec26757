/**
 * Head office's view of work orders (issue 11; docs/protocol.md §8):
 * GET /v1/admin/orders (the list, with filters) and GET /v1/admin/orders/:id
 * (one order with its items, inspections, flags and release gate), for admin
 * tokens (every branch) and supervisor-role device tokens (their own branch),
 * as the case list. Answered from the server's `orders` projection, folded
 * with the shared order fold. Times are ISO instants; words for gaps and
 * flags come in zh-CN and English (shared/domain/orders/describe.ts).
 * Runtime-neutral.
 */
import { z } from 'zod';
import { BRANCH_CODE_PATTERN } from '../domain/kernel/caseNumber';
import { queryInt } from './sync';
import { LIMITS } from '../domain/kernel/limits';
import type { LocalizedText } from '../domain/kernel/locale';
import type { GateGap } from '../domain/orders/gate';
import type {
  InspectionRecord,
  ItemState,
  OrderFlag,
  OrderState,
  ReleaseAttempt,
  ReleaseRecord,
} from '../domain/orders/state';

/** Most orders in one page of GET /v1/admin/orders. */
export const ADMIN_ORDERS_PAGE = 200;

export const ORDER_STATUSES = ['open', 'in_work', 'awaiting_final', 'ready', 'released'] as const;

/** `true`/`false` (and 1/0) in a query string. */
const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Query string of GET /v1/admin/orders. */
export const AdminOrdersQuery = z
  .object({
    branch: z.string().regex(BRANCH_CODE_PATTERN).optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    /** true: orders with any flag; false: orders without. */
    flagged: QueryBool.optional(),
    /** Orders with a flag of this reason (`released_past_failure`, `no_authority` ...). */
    flag: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    /** The order kind (`car_repair` ...). */
    kind: z.string().max(64).optional(),
    /** true: rework returns (返修) only; false: first orders only. */
    rework: QueryBool.optional(),
    /** Every whitespace-separated term occurs in number, customer, phone, plate, VIN or serial, model. */
    text: z.string().trim().max(LIMITS.searchText).optional(),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().max(300).optional(),
    limit: queryInt(1, ADMIN_ORDERS_PAGE).default(50),
  })
  .strict();
export type AdminOrdersQuery = z.input<typeof AdminOrdersQuery>;
export type ParsedOrdersQuery = z.output<typeof AdminOrdersQuery>;

/** One order in the head-office list. */
export const AdminOrder = z.object({
  id: z.string(),
  number: z.string(),
  branch: z.string(),
  kind: z.string(),
  status: z.enum(ORDER_STATUSES),
  customerName: z.string(),
  customerPhone: z.string(),
  plate: z.string(),
  vinOrSerial: z.string(),
  /** The front-desk receiver: staff id and, when head office knows the record, name. */
  owner: z.string(),
  ownerName: z.string().nullable(),
  receivedAt: z.string(),
  promisedAt: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  releasedAt: z.string().nullable(),
  /** A rework return's original order. */
  reworkOf: z.object({ id: z.string(), number: z.string() }).nullable(),
  items: z.number().int(),
  failedInspections: z.number().int(),
  /** The distinct flag reasons, sorted. */
  flags: z.array(z.string()),
  releasedPastFailure: z.boolean(),
  failedAfterRelease: z.boolean(),
  /** What the release gate finds missing now; 0 once released. */
  gateGaps: z.number().int(),
});
export type AdminOrder = z.infer<typeof AdminOrder>;

export const AdminOrdersResponse = z.object({
  ok: z.literal(true),
  items: z.array(AdminOrder),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  totalCapped: z.boolean(),
  serverTime: z.number(),
});
export type AdminOrdersResponse = z.infer<typeof AdminOrdersResponse>;

/** A gate gap with its words. */
export type AdminGateGap = GateGap & { text: LocalizedText };

/** A flag with its words. */
export type AdminOrderFlag = OrderFlag & { text: LocalizedText };

/** A refused release attempt, its stored reasons described again in both languages. */
export type AdminReleaseAttempt = ReleaseAttempt & { text: LocalizedText[] };

/** One order at head office: the list row, the folded detail, the gate and the rework links both ways. */
export interface AdminOrderDetail {
  order: AdminOrder;
  customer: OrderState['customer'];
  subject: OrderState['subject'];
  templateVersion: string;
  items: ItemState[];
  inspections: InspectionRecord[];
  substitutions: OrderState['substitutions'];
  partsReconciled: OrderState['partsReconciled'];
  /** The desk checks that count now (a check of the result made before the work was last finished is left out). */
  deskChecks: OrderState['deskChecks'];
  releaseAttempts: AdminReleaseAttempt[];
  /** The release; `pastGate` holds the gaps it went past (described in `pastGateText`). */
  released: (ReleaseRecord & { pastGateText: LocalizedText[] }) | null;
  responsibility: OrderState['responsibility'];
  caseIds: string[];
  flags: AdminOrderFlag[];
  /** The release gate now (`ok` false with `already_released` once released). */
  gate: { ok: boolean; missing: AdminGateGap[] };
  /** Rework returns of this order (orders whose `reworkOf` is this one), oldest first. */
  reworks: { id: string; number: string; status: string; branch: string }[];
  /** Events kept but not understood by this version (newer types, schemas). */
  ignored: number;
}

export interface AdminOrderResponse extends AdminOrderDetail {
  ok: true;
  serverTime: number;
}
