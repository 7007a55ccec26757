/**
 * The settings feature's event payloads (schema version 1): a branch's
 * business calendar, the official schedule of a year, its deadline rules and
 * (issue 14) the analysis lists, each set by an administrator and replaced whole. Who may issue them is
 * decided by the settings fold (./fold.ts), not here. Runtime-neutral.
 *
 * One stream per branch with a fixed id (`settings:<SETTINGS_STREAM_ID>`):
 * branches are told apart by the envelope's `branch`, and a desk holds only
 * its own branch.
 */
import { z } from 'zod';
import { CalendarFields, PublicYear, checkOverrides } from '../deadlines/calendar';
import { DeadlineRules } from '../deadlines/rules';
import { AnalysisLists } from './lists';

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
export const BranchCalendar = CalendarFields.omit({ publicYears: true }).strict().superRefine(checkOverrides);
export type BranchCalendar = z.infer<typeof BranchCalendar>;

export const SettingsCalendarSetPayload = z.object({ calendar: BranchCalendar }).strict();
export const SettingsPublicYearSetPayload = z.object({ year: PublicYear }).strict();
export const SettingsRulesSetPayload = z.object({ rules: DeadlineRules }).strict();
/** Issue 14: the organisation's regions, customer levels and failure points (./lists.ts), replaced whole. */
export const SettingsAnalysisListsSetPayload = z.object({ lists: AnalysisLists }).strict();

/** Settings event type -> payload schema. */
export const SETTINGS_PAYLOADS = {
  'settings.calendar_set': SettingsCalendarSetPayload,
  'settings.public_year_set': SettingsPublicYearSetPayload,
  'settings.rules_set': SettingsRulesSetPayload,
  'settings.analysis_lists_set': SettingsAnalysisListsSetPayload,
} as const;

export type SettingsEventType = keyof typeof SETTINGS_PAYLOADS;
