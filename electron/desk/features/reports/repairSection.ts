/**
 * The complaint report's section on the repair KPIs (维修 KPI, issue 14
 * item 3, last bullet; docs/analysis.md "Repair KPIs"): orders received and
 * released, first-time fix, on-time delivery, the follow-up call within 3
 * days (with the calls not yet due), QC failures and rework returns, each
 * with its one-line definition, rates with their counts as the report's
 * other rates. Only where the replica keeps work orders (`repair` present);
 * a period without any order prints every figure 未记录 / not recorded,
 * never 0. Pure.
 */
import type { RepairKpis } from '../../../../shared/domain/analysis/repair';
import type { AnalysisResult } from '../../../../shared/domain/analysis/report';
import { say, type Words } from '../../../../shared/domain/kernel/describe';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { ofKnown, rateCell, section, type Cell, type Figure, type ReportSection } from './model';

export const REPAIR_WORDS = {
  heading: { 'zh-CN': '八、维修 KPI', en: '8. Repair KPIs' },
  none: {
    'zh-CN': '本期没有维修单，维修 KPI 未记录，不是 0。',
    en: 'No work order in the period: the repair KPIs are not recorded, not zero.',
  },
  received: { 'zh-CN': '收单', en: 'Orders received' },
  dReceived: {
    'zh-CN': '统计期间内接收的维修单（含返修单，网点日历日）',
    en: 'Work orders received in the period (rework returns included; branch calendar days)',
  },
  released: { 'zh-CN': '放行', en: 'Orders released' },
  dReleased: { 'zh-CN': '统计期间内放行的维修单', en: 'Work orders released in the period' },
  firstTimeFix: { 'zh-CN': '一次修复率', en: 'First-time fix' },
  dFirstTimeFix: {
    'zh-CN': '放行后 {days} 天内没有返修的 ÷ 本期放行的非返修单（窗口未满的按已修复计）',
    en: 'no rework return within {days} days of release ÷ orders released in the period that are not returns (an open window counts as fixed)',
  },
  onTime: { 'zh-CN': '按时交付率', en: 'On-time delivery' },
  dOnTime: {
    'zh-CN': '在承诺时间前放行的 ÷ 本期放行的维修单',
    en: 'released by the promised time ÷ orders released in the period',
  },
  callback: { 'zh-CN': '3 天内回访率', en: 'Callback within 3 days' },
  dCallback: {
    'zh-CN': '回访期限内联系到客户的 ÷ 本期放行且回访已到期的维修单（放行后第 3 天下班前）',
    en: 'customer reached by the due time ÷ orders released in the period whose call is due (end of the 3rd day after release)',
  },
  pending: { 'zh-CN': '{known}；未到期 {pending} 单', en: '{known}; {pending} not due yet' },
  qcPerOrder: { 'zh-CN': '每单质检不合格次数', en: 'QC failures per order' },
  dQcPerOrder: {
    'zh-CN': '本期接收的维修单的质检不合格次数之和 ÷ 接收单数',
    en: 'failed inspections of the orders received in the period ÷ orders received',
  },
  qcDetail: {
    'zh-CN': '共 {count} 次，涉及 {orders} 单',
    en: '{count} failures in {orders} orders',
  },
  qcAlerted: { 'zh-CN': '质检不合格 ≥3 次的维修单', en: 'Orders with 3 or more QC failures' },
  dQcAlerted: {
    'zh-CN': '本期接收、质检不合格达 3 次及以上的维修单',
    en: 'orders received in the period that failed inspection 3 times or more',
  },
  rework: { 'zh-CN': '返修单', en: 'Rework returns' },
  dRework: {
    'zh-CN': '本期接收的返修单；比例 = 返修单 ÷ 本期放行单',
    en: 'rework returns received in the period; rate = returns ÷ orders released in the period',
  },
  reworkDetail: { 'zh-CN': '占放行 {share}', en: '{share} of released' },
} as const satisfies Record<string, Words>;

const rw = (key: keyof typeof REPAIR_WORDS, l: Locale, params?: Record<string, string>) =>
  say(REPAIR_WORDS[key], l, params);

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The section, or null when the replica keeps no work order (`repair` absent): the report is as before. */
export function repairSection(r: AnalysisResult, l: Locale): ReportSection | null {
  if (r.repair === undefined) return null;
  const k: RepairKpis | null = r.unavailable['repair'] ? null : r.repair;
  const gone: Cell = { missing: 'not_recorded' };
  const v = (cell: (k: RepairKpis) => Cell): Cell => (k ? cell(k) : gone);
  const d = (text: (k: RepairKpis) => string): { detail?: string } => (k ? { detail: text(k) } : {});
  const days = String(k?.firstTimeFix.windowDays ?? 30);
  const figures: Figure[] = [
    { label: rw('received', l), value: v((x) => x.received), definition: rw('dReceived', l) },
    { label: rw('released', l), value: v((x) => x.released), definition: rw('dReleased', l) },
    {
      label: rw('firstTimeFix', l),
      value: v((x) => rateCell(x.firstTimeFix.rate)),
      ...d((x) => ofKnown(x.firstTimeFix.yes, x.firstTimeFix.known, l)),
      definition: rw('dFirstTimeFix', l, { days }),
    },
    {
      label: rw('onTime', l),
      value: v((x) => rateCell(x.onTimeDelivery.rate)),
      ...d((x) => ofKnown(x.onTimeDelivery.yes, x.onTimeDelivery.known, l)),
      definition: rw('dOnTime', l),
    },
    {
      label: rw('callback', l),
      value: v((x) => rateCell(x.callbackWithin3Days.rate)),
      ...d((x) =>
        rw('pending', l, {
          known: ofKnown(x.callbackWithin3Days.yes, x.callbackWithin3Days.known, l),
          pending: String(x.callbackWithin3Days.pending),
        }),
      ),
      definition: rw('dCallback', l),
    },
    {
      label: rw('qcPerOrder', l),
      value: v((x) =>
        x.qcFailures.perOrder === null ? { missing: 'none' } : { decimal: x.qcFailures.perOrder },
      ),
      ...d((x) =>
        rw('qcDetail', l, { count: String(x.qcFailures.count), orders: String(x.qcFailures.orders) }),
      ),
      definition: rw('dQcPerOrder', l),
    },
    { label: rw('qcAlerted', l), value: v((x) => x.qcFailures.alerted), definition: rw('dQcAlerted', l) },
    {
      label: rw('rework', l),
      value: v((x) => x.reworkReturns.count),
      ...d((x) => rw('reworkDetail', l, { share: pct(x.reworkReturns.rate) })),
      definition: rw('dRework', l),
    },
  ];
  return section(rw('heading', l), { figures, ...(k ? {} : { missing: rw('none', l) }) });
}
