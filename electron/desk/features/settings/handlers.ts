/**
 * The settings feature's DeskApi handlers: the branch calendar, the official
 * schedules (seed and imports) and the deadline rules. Reading is for anyone
 * signed in; changing needs an administrator (the method table), and the
 * settings fold gives an event from anyone else no effect, so a forged one
 * from another desk changes nothing either. A refused change stores nothing.
 * A desk enrolled as a counter desk refuses every change first: head office
 * would refuse its settings events (../../kernel/deskRole.ts).
 */
import type {
  CalendarView,
  RulesView,
  settingsMethods,
  YearImportPreview,
} from '../../../../shared/contract/methods/settings';
import { err, ok, type Result } from '../../../../shared/contract/result';
import { calendarCoverage } from '../../../../shared/domain/deadlines/coverage';
import { parseYearIcs, parseYearJson } from '../../../../shared/domain/deadlines/importYear';
import { DEFAULT_DEADLINE_RULES } from '../../../../shared/domain/deadlines/rules';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import {
  DEFAULT_BRANCH_CALENDAR,
  publicYearsAt,
  versionAt,
  type SettingsVersion,
} from '../../../../shared/domain/settings/fold';
import {
  BranchCalendar,
  SETTINGS_STREAM_NAME,
  type SettingsEventType,
} from '../../../../shared/domain/settings/payloads';
import type { PayloadOf } from '../../../../shared/domain/events';
import { actor, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { counterDeskRefusal } from '../../kernel/deskRole';
import { settingsBook } from './book';
import { calendarIssueFields, importErrorFields, importErrorText, messages } from './messages';

function setBy<T>(ctx: HandlerContext, v: SettingsVersion<T> | null) {
  if (!v) return null;
  return {
    staffId: v.actor,
    name: ctx.desk.directory.staffById(v.actor)?.name ?? null,
    at: new Date(hlcWallMs(v.hlc)).toISOString(),
  };
}

/**
 * Appends one settings event to the branch's settings stream; returns the
 * instant to show the settings at: now, or the event's own HLC time if the
 * clock runs behind it (a version is in force from its HLC time).
 */
function appendSettingsEvent<T extends SettingsEventType>(
  ctx: HandlerContext,
  type: T,
  payload: PayloadOf<T>,
): number {
  const by = actor(ctx).id;
  const e = ctx.desk.tx(() => {
    const made = ctx.desk.makeEvent(SETTINGS_STREAM_NAME, type, payload, by);
    ctx.desk.appendLocal([made]);
    return made;
  });
  return Math.max(ctx.desk.now(), hlcWallMs(e.hlc));
}

function calendarView(ctx: HandlerContext, now = ctx.desk.now()): CalendarView {
  const state = settingsBook(ctx.desk.d);
  const cal = versionAt(state.calendars, now);
  const calendar = cal?.value ?? DEFAULT_BRANCH_CALENDAR;
  const years = publicYearsAt(state, now);
  return {
    calendar,
    publicYears: years.map((y) => ({ ...y.year, origin: y.origin, setBy: setBy(ctx, y.version) })),
    coverage: calendarCoverage(
      years.map((y) => y.year.year),
      now,
      calendar.timeZone,
    ),
    setBy: setBy(ctx, cal),
    flags: state.flags.length,
  };
}

function rulesView(ctx: HandlerContext, now = ctx.desk.now()): RulesView {
  const state = settingsBook(ctx.desk.d);
  const v = versionAt(state.rules, now);
  return { rules: v?.value ?? DEFAULT_DEADLINE_RULES, setBy: setBy(ctx, v), flags: state.flags.length };
}

/** All but the analysis lists' (./lists.ts); ./index.ts joins them. */
export const settingsHandlers: HandlersFor<
  Omit<typeof settingsMethods, 'settings.lists.get' | 'settings.lists.set'>
> = {
  'settings.calendar.get': (_input, ctx) => ok(calendarView(ctx)),

  'settings.calendar.set': (input, ctx) => {
    const counterDesk = counterDeskRefusal(ctx, 'settings');
    if (counterDesk) return counterDesk;
    const parsed = BranchCalendar.safeParse(input.calendar);
    if (!parsed.success)
      return invalidFields(
        ctx,
        calendarIssueFields(ctx.locale, parsed.error.issues, input.calendar, 'calendar'),
      );
    const at = appendSettingsEvent(ctx, 'settings.calendar_set', { calendar: parsed.data });
    return ok(calendarView(ctx, at));
  },

  'settings.calendar.importYear': (input, ctx): Result<YearImportPreview> => {
    const parsed = input.format === 'json' ? parseYearJson(input.text) : parseYearIcs(input.text);
    if ('errors' in parsed) {
      const first = parsed.errors[0] ? importErrorText(ctx.locale, parsed.errors[0]) : '';
      return err(
        'invalid_input',
        messages.msg(ctx.locale, 'importRefused', { first }),
        importErrorFields(ctx.locale, parsed.errors),
      );
    }
    const year = parsed.ok;
    const before = publicYearsAt(settingsBook(ctx.desk.d), ctx.desk.now()).find(
      (y) => y.year.year === year.year,
    );
    if (input.apply) {
      const counterDesk = counterDeskRefusal(ctx, 'settings');
      if (counterDesk) return counterDesk;
      appendSettingsEvent(ctx, 'settings.public_year_set', { year });
    }
    return ok({
      year: year.year,
      source: year.source,
      daysOff: year.daysOff,
      makeUpWorkdays: year.makeUpWorkdays,
      counts: { daysOff: year.daysOff.length, makeUpWorkdays: year.makeUpWorkdays.length },
      replaces: before?.origin ?? 'none',
      applied: input.apply,
    });
  },

  'settings.rules.get': (_input, ctx) => ok(rulesView(ctx)),

  'settings.rules.set': (input, ctx) => {
    const counterDesk = counterDeskRefusal(ctx, 'settings');
    if (counterDesk) return counterDesk;
    const at = appendSettingsEvent(ctx, 'settings.rules_set', { rules: input.rules });
    return ok(rulesView(ctx, at));
  },
};
