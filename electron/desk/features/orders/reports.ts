/**
 * The shop's figures after delivery (issue 11, item 6; docs/repair.md
 * "Figures"): `order.kpis` and `order.qcReport`, computed by
 * shared/domain/orders/kpis.ts from the orders projection's `state` column
 * (the fold's own output, kept current by the projector, late staff events
 * included), not by folding the log again.
 *
 * Cost: a month at a busy shop is a few thousand orders. The KPIs read the
 * orders released in the period through the `orders_released` index, and
 * their rework returns through `orders_rework_of`. The QC report reads the
 * orders touched in the period (last event at or after its start, received
 * before its end): a scan of the table's small columns, then one state's
 * JSON per order touched; only orders with a failed inspection in the period
 * have their events read (to know which trade had an item when it failed).
 */
import type { z } from 'zod';
import type {
  KpiInput,
  OrderKpisView,
  QcReportView,
  ReportPeriodInput,
  orderReportMethods,
} from '../../../../shared/contract/methods/orderReports';
import { REPORT_MAX_DAYS } from '../../../../shared/contract/methods/orderReports';
import { ok, type Err } from '../../../../shared/contract/result';
import { endOfWorkingDay } from '../../../../shared/domain/deadlines/businessTime';
import { offsetAt } from '../../../../shared/domain/deadlines/zone';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import {
  DAY_MS,
  itemHistory,
  monthPeriod,
  orderKpis,
  qcReport,
  type ReportOrder,
  type ReportPeriod,
} from '../../../../shared/domain/orders/kpis';
import { ORDER_STREAM } from '../../../../shared/domain/orders/payloads';
import { ORDER_FOLLOW_UP_DAYS, type OrderState } from '../../../../shared/domain/orders/state';
import { tradeLabel } from '../../../../shared/domain/orders/template';
import { settingsOf } from '../../kernel/deadlineSettings';
import { invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { messages } from './messages';

/** An order is received on the desk at most this long before its opening's clock says (clock slack between devices). */
const RECEIVED_SLACK_MS = DAY_MS;

interface Resolved {
  period: ReportPeriod;
  month: string | null;
  timeZone: string;
}

/** The branch calendar's time zone now; without settings, the machine's. */
function timeZoneOf(ctx: HandlerContext): string {
  const settingsAt = settingsOf(ctx);
  if (settingsAt) return settingsAt(ctx.desk.now()).calendar.timeZone;
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function resolvePeriod(ctx: HandlerContext, p: z.output<typeof ReportPeriodInput>): Resolved | Err {
  const timeZone = timeZoneOf(ctx);
  if (p.month !== undefined) {
    return { period: monthPeriod(p.month, (t) => offsetAt(timeZone, t)), month: p.month, timeZone };
  }
  const fromMs = Date.parse(p.from ?? '');
  const toMs = Date.parse(p.to ?? '');
  if (!(toMs > fromMs)) return invalidFields(ctx, { to: messages.msg(ctx.locale, 'periodEmpty') });
  if (toMs - fromMs > REPORT_MAX_DAYS * DAY_MS) {
    return invalidFields(ctx, { to: messages.msg(ctx.locale, 'periodTooLong', { days: REPORT_MAX_DAYS }) });
  }
  return { period: { fromMs, toMs }, month: null, timeZone };
}

const isErr = (v: Resolved | Err): v is Err => 'ok' in v;
const iso = (ms: number) => new Date(ms).toISOString();

function periodView(r: Resolved) {
  return { month: r.month, from: iso(r.period.fromMs), to: iso(r.period.toMs), timeZone: r.timeZone };
}

const parse = (rows: { state: string }[]) => rows.map((r) => JSON.parse(r.state) as OrderState);

/** Orders released in the period and the rework returns of them. */
function kpiOrders(ctx: HandlerContext, p: ReportPeriod) {
  const s = ctx.desk.d.sqlite;
  const released = parse(
    s
      .prepare('SELECT state FROM orders WHERE released_at >= ? AND released_at < ?')
      .all(iso(p.fromMs), iso(p.toMs)) as { state: string }[],
  );
  const returns = (
    s
      .prepare(
        `SELECT id, rework_of, received_at FROM orders
          WHERE rework_of IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(released.map((o) => o.id))) as {
      id: string;
      rework_of: string;
      received_at: string;
    }[]
  ).map((r) => ({ orderId: r.id, reworkOf: r.rework_of, receivedAt: r.received_at }));
  return { released, returns };
}

/** Every order with an event in the period (and rework returns received in it). */
function touchedOrders(ctx: HandlerContext, p: ReportPeriod): OrderState[] {
  return parse(
    ctx.desk.d.sqlite
      .prepare('SELECT state FROM orders WHERE updated_at >= ? AND received_at < ? ORDER BY pos')
      .all(iso(p.fromMs - RECEIVED_SLACK_MS), iso(p.toMs + RECEIVED_SLACK_MS)) as { state: string }[],
  );
}

function failedIn(s: OrderState, p: ReportPeriod): boolean {
  return s.inspections.some((r) => {
    const t = hlcWallMs(r.hlc);
    return r.result === 'fail' && t >= p.fromMs && t < p.toMs;
  });
}

export const reportHandlers: HandlersFor<typeof orderReportMethods> = {
  'order.kpis': (input: z.output<typeof KpiInput>, ctx) => {
    const r = resolvePeriod(ctx, input);
    if (isErr(r)) return r;
    const settingsAt = settingsOf(ctx);
    const nowMs = ctx.desk.now();
    const { released, returns } = kpiOrders(ctx, r.period);
    const k = orderKpis(released, returns, r.period, {
      nowMs,
      reworkWindowDays: input.reworkWindowDays,
      ...(settingsAt
        ? {
            followUpDueMs: (rel: number) =>
              endOfWorkingDay(settingsAt(rel).calendar, rel + ORDER_FOLLOW_UP_DAYS * DAY_MS),
          }
        : {}),
    });
    const view: OrderKpisView = {
      ...periodView(r),
      reworkWindowDays: k.reworkWindowDays,
      released: k.released,
      firstTimeFix: k.firstTimeFix,
      onTimeDelivery: k.onTimeDelivery,
      followUpInTime: k.followUpInTime,
      computedAt: iso(nowMs),
    };
    return ok(view);
  },

  'order.qcReport': (input, ctx) => {
    const r = resolvePeriod(ctx, input);
    if (isErr(r)) return r;
    const states = touchedOrders(ctx, r.period);
    const rows: ReportOrder[] = states.map((state) =>
      failedIn(state, r.period)
        ? {
            state,
            history: itemHistory(state, ctx.desk.store.readStream(streamOf(ORDER_STREAM, state.id))),
          }
        : { state },
    );
    const q = qcReport(rows, r.period);
    const names = ctx.desk.directory.staffNames();
    const templates = ctx.desk.resources.orderTemplates;
    const identity = ctx.desk.identity();
    const view: QcReportView = {
      ...periodView(r),
      branchCode: identity?.branchCode ?? '',
      branchName: identity?.branchName ?? '',
      inspections: q.inspections,
      itemFailures: q.itemFailures,
      failuresByItem: q.failuresByItem,
      failuresByTrade: q.failuresByTrade.map((t) => ({
        ...t,
        label: templates ? tradeLabel(templates, t.trade, ctx.locale) : t.trade,
      })),
      failuresByLead: q.failuresByLead.map((l) => ({
        ...l,
        name: l.lead === null ? '' : (names.get(l.lead) ?? ''),
      })),
      rework: q.rework,
      refusedReleases: q.refusedReleases,
      ordersRead: states.length,
    };
    return ok(view);
  },
};
