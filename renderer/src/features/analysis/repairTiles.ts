/**
 * The dashboard's repair KPIs (issue 14 item 3, last bullet; docs/analysis.md
 * "Repair KPIs"), their pure part: which tiles the card shows and what each
 * says. No card at all when the analysis has no `repair` (a replica without
 * work orders) or lists it in `unavailable` (no order in the period): a
 * complaint-only branch's supervisor sees the page as before. A rate with
 * nothing to divide by reads "—", never 0.
 */
import type { AnalysisResult } from '../../../../shared/domain/analysis/report';
import type { TFunction } from 'i18next';
import { percent } from './chartOptions';

export interface RepairTile {
  key: 'orders' | 'firstTimeFix' | 'onTimeDelivery' | 'callback' | 'qcFailures' | 'reworkReturns';
  label: string;
  value: string;
  sub: string;
}

/** The repair card's tiles, or null when the card is not shown. */
export function repairTiles(r: AnalysisResult, t: TFunction, n: (x: number) => string): RepairTile[] | null {
  const k = r.repair;
  if (!k || r.unavailable['repair']) return null;
  const ofKnown = (yes: number, known: number) =>
    t('analysis.tile.ofKnown', { yes: n(yes), known: n(known) });
  const q = k.qcFailures;
  return [
    {
      key: 'orders',
      label: t('analysis.repair.orders'),
      value: n(k.received),
      sub: t('analysis.repair.ordersSub', { released: n(k.released) }),
    },
    {
      key: 'firstTimeFix',
      label: t('analysis.repair.firstTimeFix'),
      value: percent(k.firstTimeFix.rate),
      sub: `${ofKnown(k.firstTimeFix.yes, k.firstTimeFix.known)} · ${t('analysis.repair.window', { days: n(k.firstTimeFix.windowDays) })}`,
    },
    {
      key: 'onTimeDelivery',
      label: t('analysis.repair.onTimeDelivery'),
      value: percent(k.onTimeDelivery.rate),
      sub: ofKnown(k.onTimeDelivery.yes, k.onTimeDelivery.known),
    },
    {
      key: 'callback',
      label: t('analysis.repair.callback'),
      value: percent(k.callbackWithin3Days.rate),
      sub: `${ofKnown(k.callbackWithin3Days.yes, k.callbackWithin3Days.known)} · ${t('analysis.repair.pending', { pending: n(k.callbackWithin3Days.pending) })}`,
    },
    {
      key: 'qcFailures',
      label: t('analysis.repair.qcFailures'),
      value: q.perOrder === null ? '—' : (Math.round(q.perOrder * 100) / 100).toFixed(2),
      sub: t('analysis.repair.qcFailuresSub', {
        count: n(q.count),
        orders: n(q.orders),
        alerted: n(q.alerted),
      }),
    },
    {
      key: 'reworkReturns',
      label: t('analysis.repair.reworkReturns'),
      value: n(k.reworkReturns.count),
      sub: t('analysis.repair.reworkSub', { share: percent(k.reworkReturns.rate) }),
    },
  ];
}
