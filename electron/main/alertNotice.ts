/**
 * The OS notification the Electron shell shows when the desk's deadline
 * scheduler raises alerts (issue 9 item 8; the `alert.raised` desk event).
 * Pure, with no Electron at run time: test/unit/alertNotice.test.ts runs it in
 * plain Node and main.ts hands the result to Electron's Notification.
 *
 * Inside the app the renderer already shows a toast and the top bar's count,
 * so the shell notifies only when the window is not in front (minimised,
 * behind another program, on another desktop). The shell does not know which
 * language the signed-in clerk chose, so the text is in both, Chinese first.
 */
import type { DeskEvent } from '../../shared/contract/api';

export interface AlertNotice {
  title: string;
  body: string;
}

/** The notification for a desk event, or null when none is due (not an alert, none new, or the window in front). */
export function alertNotice(e: DeskEvent, windowInFront: boolean): AlertNotice | null {
  if (e.type !== 'alert.raised' || windowInFront) return null;
  const n = Number.isSafeInteger(e.count) ? e.count : 0;
  if (n <= 0) return null;
  return {
    title: '闭环服务台 · 时限提醒 / Deadline alerts',
    body:
      n === 1
        ? '有 1 条新的时限提醒，请打开“我的待办”查看。\n1 new deadline alert: open My work to see it.'
        : `有 ${n} 条新的时限提醒，请打开“我的待办”查看。\n${n} new deadline alerts: open My work to see them.`,
  };
}
