/** A shop's repair KPIs for a period (shared/domain/analysis/repair.ts), for the dashboard and report tests. */
import type { RepairKpis } from '../../shared/domain/analysis/repair';

export const REPAIR: RepairKpis = {
  received: 12,
  released: 10,
  firstTimeFix: { yes: 7, known: 8, rate: 7 / 8, windowDays: 30 },
  onTimeDelivery: { yes: 9, known: 10, rate: 0.9 },
  callbackWithin3Days: { yes: 3, known: 4, rate: 0.75, pending: 6 },
  qcFailures: { count: 5, perOrder: 5 / 12, orders: 3, alerted: 1 },
  reworkReturns: { count: 2, rate: 0.2 },
};
