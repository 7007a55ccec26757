/**
 * DeskApi methods of the settings feature: the branch's business calendar,
 * the official schedules of the years it covers (the bundled seed and an
 * administrator's imports), and the deadline rules. Reading is for anyone
 * signed in; changing is an administrator's act (and the settings fold gives
 * a forged change no effect).
 */
import { z } from 'zod';
import { PublicYear } from '../../domain/deadlines/calendar';
import { IMPORT_MAX_CHARS } from '../../domain/deadlines/importYear';
import { DeadlineRules } from '../../domain/deadlines/rules';
import { AnalysisLists } from '../../domain/settings/lists';
import { BranchCalendar } from '../../domain/settings/payloads';
import { empty, id, type MethodTable } from './common';

/** Who set a part of the settings, and when (null: the built-in default). */
export const SetBy = z.object({ staffId: id, name: z.string().nullable(), at: z.string() }).nullable();

export const PublicYearView = PublicYear.safeExtend({
  origin: z.enum(['seed', 'imported']),
  setBy: SetBy,
});
export type PublicYearView = z.infer<typeof PublicYearView>;

export const CoverageView = z.object({
  firstYear: z.number().int().nullable(),
  lastYear: z.number().int().nullable(),
  warning: z.object({ lastYear: z.number().int().nullable(), daysLeft: z.number().int() }).nullable(),
});

export const CalendarView = z.object({
  /** The branch calendar in force now. */
  calendar: BranchCalendar,
  publicYears: z.array(PublicYearView),
  coverage: CoverageView,
  setBy: SetBy,
  /** Settings events kept without effect (their actor was no administrator). */
  flags: z.number().int().min(0),
});
export type CalendarView = z.infer<typeof CalendarView>;

export const RulesView = z.object({ rules: DeadlineRules, setBy: SetBy, flags: z.number().int().min(0) });
export type RulesView = z.infer<typeof RulesView>;

/** What an import would do (or did, with `applied`). */
export const YearImportPreview = z.object({
  year: z.number().int(),
  source: z.string(),
  daysOff: z.array(z.string()),
  makeUpWorkdays: z.array(z.string()),
  counts: z.object({ daysOff: z.number().int(), makeUpWorkdays: z.number().int() }),
  /** What the year was before: the seed's, an earlier import, or nothing known. */
  replaces: z.enum(['seed', 'imported', 'none']),
  applied: z.boolean(),
});
export type YearImportPreview = z.infer<typeof YearImportPreview>;

/** Issue 14: the organisation's analysis lists in force (regions, customer levels, failure points). */
export const ListsView = z.object({
  lists: AnalysisLists,
  /** null: the built-in lists (nobody has set them). */
  setBy: SetBy,
  flags: z.number().int().min(0),
});
export type ListsView = z.infer<typeof ListsView>;

export const settingsMethods = {
  'settings.calendar.get': { input: empty, output: CalendarView, auth: 'any' },
  /**
   * The calendar is checked by the handler (BranchCalendar), not here, so the
   * calendar's own rules (overlapping hours, impossible dates, unknown time
   * zone) come back as field errors worded in the clerk's language.
   */
  'settings.calendar.set': {
    input: z
      .object({
        calendar: z.custom<z.input<typeof BranchCalendar>>(
          (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
        ),
      })
      .strict(),
    output: CalendarView,
    auth: ['admin'],
  },
  'settings.calendar.importYear': {
    input: z
      .object({
        format: z.enum(['json', 'ics']),
        text: z.string().min(1).max(IMPORT_MAX_CHARS),
        apply: z.boolean(),
      })
      .strict(),
    output: YearImportPreview,
    auth: ['admin'],
  },
  'settings.rules.get': { input: empty, output: RulesView, auth: 'any' },
  'settings.rules.set': {
    input: z.object({ rules: DeadlineRules }).strict(),
    output: RulesView,
    auth: ['admin'],
  },
  /** Anyone signed in reads them (the intake offers them). */
  'settings.lists.get': { input: empty, output: ListsView, auth: 'any' },
  /** Checked by the handler (AnalysisLists), so a bad item comes back as a field error in the clerk's language. */
  'settings.lists.set': {
    input: z
      .object({
        lists: z.custom<z.input<typeof AnalysisLists>>(
          (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
        ),
      })
      .strict(),
    output: ListsView,
    auth: ['admin'],
  },
} satisfies MethodTable;
