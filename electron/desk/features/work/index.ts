/** The work feature's entry: what the desk composes (electron/desk/index.ts). */
import type { Desk } from '../../kernel/desk';
import { raiseAlerts } from './alerts';
import { workClock } from '../../kernel/deadlineSettings';
import { DeadlineScheduler, type SchedulerOptions } from './scheduler';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';

export { workHandlers as handlers } from './handlers';
export { DeadlineScheduler } from './scheduler';

/** The desk's deadline scheduler: sweeps `case_work` into alerts and announces new ones. */
export function scheduler(
  desk: Desk,
  settingsAt: SettingsAt,
  opts: Omit<SchedulerOptions, 'sweep' | 'raised' | 'wall'> = {},
): DeadlineScheduler {
  return new DeadlineScheduler({
    ...opts,
    wall: desk.now,
    sweep: () => desk.tx(() => raiseAlerts(desk.d, workClock(settingsAt, desk.now()), settingsAt)),
    raised: (count) => desk.emit({ type: 'alert.raised', count }),
  });
}
