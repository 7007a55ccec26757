/**
 * The settings feature's event payloads (schema version 1): a branch's
 * business calendar, the official schedule of a year, and its deadline rules,
 * each set by an administrator and replaced whole. Who may issue them is
 * decided by the settings fold (./fold.ts), not here. Runtime-neutral.
 *
 * One stream per branch with a fixed id (`settings:<SETTINGS_STREAM_ID>`):
 * branches are told apart by the envelope's `branch`, and a desk holds only
 * its own branch.
 */
import { z } from 'zod';
import { CalendarInput, PublicYear } from '../deadlines/calendar';
import { DeadlineRules } from '../deadlines/rules';

/** The stream kind of settings: `settings:<SETTINGS_STREAM_ID>`. */
export const SETTINGS_STREAM = 'settings';
export const SETTINGS_STREAM_ID = '00000000-0000-4000-8000-000000000009';
/** The one settings stream of a branch. */
export const SETTINGS_STREAM_NAME = `${SETTINGS_STREAM}:${SETTINGS_STREAM_ID}`;

/**
 * The branch's own calendar: time zone, week, which weekday's hours a make-up
 * working day keeps, closures and extra working dates. The official schedules
 * (`publicYears`) are not part of it: they come from the bundled seed and
 * `settings.public_year_set` events, one year at a time.
 */
export const BranchCalendar = z
  .object({
    timeZone: CalendarInput.shape.timeZone,
    week: CalendarInput.shape.week,
    makeUpHoursOf: CalendarInput.shape.makeUpHoursOf,
    closures: CalendarInput.shape.closures,
    extraDays: CalendarInput.shape.extraDays,
  })
  .strict()
  .superRefine((c, ctx) => {
    // CalendarInput's rules across fields, at the same paths (it cannot be omitted from: it is refined).
    const closed = new Set<string>();
    c.closures.forEach((x, i) => {
      if (closed.has(x.date))
        ctx.addIssue({ code: 'custom', path: ['closures', i, 'date'], message: `${x.date} is closed twice` });
      closed.add(x.date);
    });
    const extra = new Set<string>();
    c.extraDays.forEach((x, i) => {
      if (closed.has(x.date) || extra.has(x.date))
        ctx.addIssue({
          code: 'custom',
          path: ['extraDays', i, 'date'],
          message: `${x.date} is already closed or an extra working date`,
        });
      extra.add(x.date);
    });
  });
export type BranchCalendar = z.infer<typeof BranchCalendar>;

export const SettingsCalendarSetPayload = z.object({ calendar: BranchCalendar }).strict();
export const SettingsPublicYearSetPayload = z.object({ year: PublicYear }).strict();
export const SettingsRulesSetPayload = z.object({ rules: DeadlineRules }).strict();

/** Settings event type -> payload schema. */
export const SETTINGS_PAYLOADS = {
  'settings.calendar_set': SettingsCalendarSetPayload,
  'settings.public_year_set': SettingsPublicYearSetPayload,
  'settings.rules_set': SettingsRulesSetPayload,
} as const;

export type SettingsEventType = keyof typeof SETTINGS_PAYLOADS;
