/**
 * The port through which handlers read the branch settings in force (the
 * calendar and deadline rules; issue 9): the same oracle the case projector
 * derives `case_work` with. The settings feature implements it; a feature
 * imports no other, so the desk composes it (electron/desk/index.ts) and hands
 * it to the handlers as the `deadlines` service (the intake's late-entry rule,
 * the work queue).
 */
import { dueSoonLimit, type SettingsAt } from '../../../shared/domain/deadlines/caseDeadlines';
import type { HandlerContext } from './handler';

export class DeadlineSettings {
  constructor(readonly at: SettingsAt) {}
}

/** The settings oracle of the call's desk, or null when the desk was opened without one. */
export function settingsOf(ctx: HandlerContext): SettingsAt | null {
  const s = ctx.services.deadlines;
  return s instanceof DeadlineSettings ? s.at : null;
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
