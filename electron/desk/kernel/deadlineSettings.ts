/**
 * The port through which handlers read the branch settings in force (the
 * calendar and deadline rules; issue 9): the same oracle the case projector
 * derives `case_work` with. The settings feature implements it; a feature
 * imports no other, so the desk composes it (electron/desk/index.ts) and hands
 * it to the handlers as the `deadlines` service (the intake's late-entry rule,
 * the work queue).
 */
import { dueSoonLimit, type SettingsAt } from '../../../shared/domain/deadlines/caseDeadlines';
import { wallDay } from '../../../shared/domain/analysisFacts';
import { localYmd } from '../time';
import type { HandlerContext } from './handler';

export class DeadlineSettings {
  constructor(readonly at: SettingsAt) {}
}

/** The settings oracle of the call's desk, or null when the desk was opened without one. */
export function settingsOf(ctx: HandlerContext): SettingsAt | null {
  const s = ctx.services.deadlines;
  return s instanceof DeadlineSettings ? s.at : null;
}

/**
 * The day a case or order number opened at `ms` carries (yyyymmdd): the
 * branch's calendar date in its time zone, whatever zone the computer's clock
 * is set to (a counter PC left on UTC would number a 07:30 Beijing case with
 * the day before). Without deadline settings (a test desk), the computer's.
 */
export function numberDay(ctx: HandlerContext, ms: number): string {
  const settingsAt = settingsOf(ctx);
  return settingsAt ? wallDay(ms, settingsAt(ms).calendar.timeZone).replace(/-/g, '') : localYmd(ms);
}

/** "Now" for deadline states: the instant, and the latest due time that counts as due soon then. */
export interface WorkClock {
  nowMs: number;
  soonMs: number;
}

/** The work clock at `nowMs` with the settings in force then (no due-soon window without settings). */
export function workClock(settingsAt: SettingsAt | null, nowMs: number): WorkClock {
  if (!settingsAt) return { nowMs, soonMs: nowMs };
  const now = settingsAt(nowMs);
  return { nowMs, soonMs: dueSoonLimit(nowMs, now.calendar, now.rules) };
}
