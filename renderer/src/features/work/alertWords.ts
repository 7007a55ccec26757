/**
 * An alert in words and where it leads: a case's deadline opens the case; a
 * work order's alert (three failed inspections, or its follow-up call past
 * due: issue 11) opens the order, its `caseId` being the order's id.
 */
import type { TFunction } from 'i18next';
import type { Alert } from '../../../../shared/contract/methods/work';
import type { Route } from '../../stores/nav';

/** Whether the alert is about a work order rather than a case. */
export const isOrderAlert = (a: Alert): boolean =>
  a.kind === 'order_failures' || a.kind === 'order_follow_up';

/** "已超时 · 维修回访 · WO-GZ01-…". */
export function alertText(t: TFunction, a: Alert): string {
  const kind = a.kind === 'order_follow_up' ? t('orderFollowUp.alertKind') : t(`work.kind.${a.kind}`);
  return `${t(`alerts.rule.${a.rule}`)} · ${kind} · ${a.caseNumber}`;
}

/** The screen the alert opens. */
export function alertRoute(a: Alert): Route {
  return isOrderAlert(a) ? { name: 'order', id: a.caseId } : { name: 'case', id: a.caseId };
}

/** The toast's button: open the case, or the order. */
export const openLabel = (t: TFunction, a: Alert): string =>
  isOrderAlert(a) ? t('orderFollowUp.openOrder') : t('alerts.openCase');
