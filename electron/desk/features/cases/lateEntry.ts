/**
 * The entry rule at intake (issue 9, item 4): a complaint is entered within
 * `entryWorkingMinutes` working minutes of its receipt (the settings in force
 * at receipt); entered later, the clerk gives a reason, which shows on the
 * case and on the supervisor's board (a late entry).
 */
import { entryDueMs } from '../../../../shared/domain/deadlines/caseDeadlines';
import { settingsOf } from '../../kernel/deadlineSettings';
import type { HandlerContext } from '../../kernel/handler';
import { messages } from './messages';

/**
 * The field error for `lateReason` when a case received at `receivedAt` and
 * entered at `enteredMs` is late and gives no reason; null otherwise (or when
 * the desk has no settings oracle).
 */
export function lateEntryError(
  ctx: HandlerContext,
  receivedAt: string,
  enteredMs: number,
  lateReason: string | undefined,
): string | null {
  if (lateReason !== undefined) return null;
  const settingsAt = settingsOf(ctx);
  const receivedMs = Date.parse(receivedAt);
  if (!settingsAt || !Number.isFinite(receivedMs)) return null;
  const { calendar, rules } = settingsAt(receivedMs);
  if (enteredMs <= entryDueMs(calendar, receivedMs, rules)) return null;
  return messages.msg(ctx.locale, 'lateReasonRequired', { minutes: rules.entryWorkingMinutes });
}
