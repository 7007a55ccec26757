/**
 * DeskApi methods of the repair shop's reports (issue 11, item 6; docs/repair.md
 * "Figures"): the KPIs after delivery and the monthly QC report of this
 * desk's shop. A file of its own beside methods/orders.ts (which is long
 * already); composed in api.ts. Figures come from
 * shared/domain/orders/kpis.ts; a ratio over a zero denominator is 'n/a'.
 */
import { z } from 'zod';
import { GATE_CODES } from '../../domain/orders/gate';
import { DEFAULT_REWORK_WINDOW_DAYS } from '../../domain/orders/kpis';
import { isoInstant, type MethodTable } from './common';

/** The longest period a report covers (a year and a day: a leap year and a time zone's slack). */
export const REPORT_MAX_DAYS = 367;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/**
 * A month (`YYYY-MM`, local days of the branch calendar's time zone) or a
 * period [from, to); exactly one of the two.
 */
export const ReportPeriodInput = z
  .object({ month: month.optional(), from: isoInstant.optional(), to: isoInstant.optional() })
  .strict()
  .refine((p) => (p.month !== undefined) !== (p.from !== undefined || p.to !== undefined), {
    message: 'give a month, or from and to',
  })
  .refine((p) => p.month !== undefined || (p.from !== undefined && p.to !== undefined), {
    path: ['to'],
    message: 'give both from and to',
  });
export type ReportPeriodInput = z.input<typeof ReportPeriodInput>;

export const KpiInput = z
  .object({
    month: month.optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    /** A rework return within this many days of release means the order was not fixed the first time. */
    reworkWindowDays: z.number().int().min(1).max(365).default(DEFAULT_REWORK_WINDOW_DAYS),
  })
  .strict()
  .refine((p) => (p.month !== undefined) !== (p.from !== undefined || p.to !== undefined), {
    message: 'give a month, or from and to',
  })
  .refine((p) => p.month !== undefined || (p.from !== undefined && p.to !== undefined), {
    path: ['to'],
    message: 'give both from and to',
  });
export type KpiInput = z.input<typeof KpiInput>;

/** A ratio: numerator / denominator in [0, 1], or 'n/a' over a zero denominator. */
export const Figure = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  value: z.union([z.number().min(0).max(1), z.literal('n/a')]),
});
export type Figure = z.infer<typeof Figure>;

const PeriodView = z.object({
  /** The month asked for, or null for a period. */
  month: month.nullable(),
  from: z.string(),
  to: z.string(),
  /** The time zone the month's days were taken in (the branch calendar's). */
  timeZone: z.string(),
});

export const OrderKpisView = PeriodView.extend({
  reworkWindowDays: z.number().int(),
  /** Orders released in the period. */
  released: z.number().int(),
  /** `windowOpen`: counted as fixed, but their rework window has not closed yet. */
  firstTimeFix: Figure.extend({ windowOpen: z.number().int() }),
  onTimeDelivery: Figure,
  /** `pending`: released in the period, their call not due yet (not counted). */
  followUpInTime: Figure.extend({ pending: z.number().int() }),
  computedAt: z.string(),
});
export type OrderKpisView = z.infer<typeof OrderKpisView>;

const Counts = z.object({ pass: z.number().int(), fail: z.number().int() });

export const QcReportView = PeriodView.extend({
  branchCode: z.string(),
  branchName: z.string(),
  inspections: z.object({ self: Counts, process: Counts, final: Counts, total: Counts }),
  /** Items sent back by failed inspections (an order-wide fail: each item it covered). */
  itemFailures: z.number().int(),
  failuresByItem: z.array(z.object({ title: z.string(), count: z.number().int() })),
  /** `label`: the trade's name in the caller's language (the templates'). */
  failuresByTrade: z.array(z.object({ trade: z.string(), label: z.string(), count: z.number().int() })),
  /** `lead` null: no self-check was signed (an item only re-inspected on a rework return). */
  failuresByLead: z.array(
    z.object({ lead: z.string().nullable(), name: z.string(), count: z.number().int() }),
  ),
  /** Rework returns received in the period / orders released in the period. */
  rework: Figure,
  refusedReleases: z.object({
    count: z.number().int(),
    /** Orders with at least one refused attempt in the period. */
    orders: z.number().int(),
    /** Attempts naming each gap (an attempt with several counts under each); `other`: text not from the gate. */
    byReason: z.array(z.object({ code: z.enum([...GATE_CODES, 'other']), count: z.number().int() })),
  }),
  /** Orders the report read (touched in the period). */
  ordersRead: z.number().int(),
});
export type QcReportView = z.infer<typeof QcReportView>;

/** Who reads the shop's figures: the workshop manager, the QC inspector, administrators. */
const READERS = ['supervisor', 'qc', 'admin'] as const;

export const orderReportMethods = {
  'order.kpis': { input: KpiInput, output: OrderKpisView, auth: READERS },
  'order.qcReport': { input: ReportPeriodInput, output: QcReportView, auth: READERS },
} as const satisfies MethodTable;
