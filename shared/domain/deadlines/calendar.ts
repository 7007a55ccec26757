/**
 * A branch's business calendar (issue 9, item 1): its IANA time zone, working
 * hours per weekday in local wall time (with breaks), the public holidays and
 * make-up working days (调休) of each year it covers, and the branch's own
 * overrides (a date closed, an extra working date with hours).
 * Runtime-neutral: no Node, no DOM.
 *
 * `CalendarInput` is plain data (later an event payload and an admin import);
 * `compileCalendar` checks it and turns it into the `BusinessCalendar` the
 * business-time engine (businessTime.ts) reads. Public holidays are data, one
 * `PublicYear` per year, so a seed (e.g. the `chinese-days` package, which
 * keys days off and make-up days by date) or an admin import fills them.
 *
 * What a date's hours are, first rule that applies:
 *   1. a branch extra working date: its own hours;
 *   2. a branch closure: none;
 *   3. a public make-up working day (调休): the hours of `makeUpHoursOf`;
 *   4. a public holiday: none;
 *   5. otherwise the weekday's hours.
 */
import { z } from 'zod';
import { DAY_MS, MINUTE_MS, isKnownTimeZone, offsetSegments } from './zone';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after local midnight of "HH:MM" (00:00..24:00), or null when it is no time of day. */
export function minutesOfTime(text: string): number | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

/** Days since 1970-01-01 of a real calendar date "YYYY-MM-DD", or null (e.g. 2025-02-29). */
export function dayOfDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

/** "YYYY-MM-DD" of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const LocalTime = z.string().refine((s) => minutesOfTime(s) !== null, {
  message: 'a time of day is written HH:MM, from 00:00 to 24:00',
});

export const LocalDate = z.string().refine((s) => dayOfDate(s) !== null, {
  message: 'a date is written YYYY-MM-DD and must exist (no 2025-02-30)',
});

/** One working interval, half-open [from, to) in local wall time. */
export const WorkingInterval = z
  .object({ from: LocalTime, to: LocalTime })
  .refine((i) => (minutesOfTime(i.from) ?? 0) < (minutesOfTime(i.to) ?? 0), {
    message: 'a working interval must end after it starts (e.g. 09:00-12:00)',
  });
export type WorkingInterval = z.infer<typeof WorkingInterval>;

/** A day's working intervals: in order, none overlapping (touching is fine). */
export const DayHours = z
  .array(WorkingInterval)
  .max(12)
  .superRefine((list, ctx) => {
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if ((minutesOfTime(cur.from) ?? 0) < (minutesOfTime(prev.to) ?? 0)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${cur.from}-${cur.to} overlaps or comes before ${prev.from}-${prev.to}: list a day's hours in order, without overlap`,
        });
      }
    }
  });
export type DayHours = z.infer<typeof DayHours>;

export const WeekHours = z.object({
  mon: DayHours,
  tue: DayHours,
  wed: DayHours,
  thu: DayHours,
  fri: DayHours,
  sat: DayHours,
  sun: DayHours,
});

/** One year's official schedule: the days off and the make-up working days (调休). */
export const PublicYear = z
  .object({
    year: z.number().int().min(1970).max(2200),
    /** Where the dates come from, e.g. "国务院办公厅 国办发明电〔2024〕12号". */
    source: z.string().min(1).max(200),
    daysOff: z.array(LocalDate).max(366),
    makeUpWorkdays: z.array(LocalDate).max(366),
  })
  .superRefine((y, ctx) => {
    const off = new Set(y.daysOff);
    y.daysOff.forEach((d, i) => {
      if (!d.startsWith(`${y.year}-`))
        ctx.addIssue({ code: 'custom', path: ['daysOff', i], message: `${d} is not in ${y.year}` });
    });
    y.makeUpWorkdays.forEach((d, i) => {
      if (!d.startsWith(`${y.year}-`))
        ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays', i], message: `${d} is not in ${y.year}` });
      if (off.has(d))
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', i],
          message: `${d} cannot be both a day off and a make-up working day`,
        });
    });
  });
export type PublicYear = z.infer<typeof PublicYear>;

/**
 * CalendarInput's fields without its rules across fields: a refined zod object
 * cannot be `.omit`ted from, so the branch calendar (settings/payloads.ts)
 * builds on this and `checkOverrides`.
 */
export const CalendarFields = z.object({
  timeZone: z.string().refine(isKnownTimeZone, {
    message: 'an IANA time zone such as Asia/Shanghai',
  }),
  week: WeekHours,
  /** Which weekday's hours a make-up working day (调休) keeps. */
  makeUpHoursOf: z.enum(WEEKDAYS),
  publicYears: z.array(PublicYear).max(300),
  closures: z.array(z.object({ date: LocalDate, reason: z.string().max(200) })).max(1000),
  extraDays: z
    .array(z.object({ date: LocalDate, hours: DayHours.min(1), reason: z.string().max(200) }))
    .max(1000),
});

/** The branch overrides' rules: no date closed twice, no extra working date that is closed or listed twice. */
export function checkOverrides(
  c: { readonly closures: readonly { date: string }[]; readonly extraDays: readonly { date: string }[] },
  ctx: z.RefinementCtx,
): void {
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
}

export const CalendarInput = CalendarFields.superRefine((c, ctx) => {
  const years = new Set<number>();
  c.publicYears.forEach((y, i) => {
    if (years.has(y.year))
      ctx.addIssue({
        code: 'custom',
        path: ['publicYears', i, 'year'],
        message: `${y.year} is listed twice`,
      });
    years.add(y.year);
  });
  checkOverrides(c, ctx);
});
export type CalendarInput = z.infer<typeof CalendarInput>;

/** A checked calendar, ready for the engine. Hours are flat [from, to, ...] minutes after local midnight. */
export interface BusinessCalendar {
  readonly timeZone: string;
  /** Indexed 0 = Sunday .. 6 = Saturday. */
  readonly week: readonly (readonly number[])[];
  /** Day number -> that date's hours, for every date a rule other than the weekday decides. */
  readonly dates: ReadonlyMap<number, readonly number[]>;
  /** Years whose public schedule is known, ascending. */
  readonly coveredYears: readonly number[];
  /** Working minutes in an ordinary week; 0 means only listed dates work. */
  readonly weeklyMinutes: number;
  /** Day numbers in `dates` that have working hours, ascending (all the work when `weeklyMinutes` is 0). */
  readonly listedWorkDays: readonly number[];
}

function flatHours(hours: DayHours): number[] {
  return hours.flatMap((i) => [minutesOfTime(i.from) ?? 0, minutesOfTime(i.to) ?? 0]);
}

function sumMinutes(flat: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < flat.length; i += 2) s += flat[i + 1]! - flat[i]!;
  return s;
}

/** Check `input` and compile it; throws the zod error (with field paths and messages) when it is refused. */
export function compileCalendar(input: unknown): BusinessCalendar {
  const c = CalendarInput.parse(input);
  const week = WEEKDAYS.map((d) => flatHours(c.week[d]));
  const makeUp = flatHours(c.week[c.makeUpHoursOf]);
  const dates = new Map<number, readonly number[]>();
  const put = (date: string, hours: readonly number[]): void => {
    dates.set(dayOfDate(date) ?? 0, hours);
  };
  for (const y of c.publicYears) for (const d of y.daysOff) put(d, []);
  for (const y of c.publicYears) for (const d of y.makeUpWorkdays) put(d, makeUp);
  for (const x of c.closures) put(x.date, []);
  for (const x of c.extraDays) put(x.date, flatHours(x.hours));
  return Object.freeze({
    timeZone: c.timeZone,
    week,
    dates,
    coveredYears: c.publicYears.map((y) => y.year).sort((a, b) => a - b),
    weeklyMinutes: week.reduce((s, h) => s + sumMinutes(h), 0),
    listedWorkDays: [...dates]
      .filter(([, hours]) => sumMinutes(hours) > 0)
      .map(([day]) => day)
      .sort((a, b) => a - b),
  });
}

/** The working hours (flat minutes) of local day `day`. */
export function hoursOfDay(cal: BusinessCalendar, day: number): readonly number[] {
  return cal.dates.get(day) ?? cal.week[weekdayOfDay(day)]!;
}

const MEMO_LIMIT = 50_000;
const localMemo = new WeakMap<BusinessCalendar, Map<number, readonly number[]>>();

/**
 * The instants of local day `day` that are working time, as sorted, disjoint,
 * half-open [from, to) pairs of UTC ms. An instant is working time when the
 * zone's wall clock at that instant shows a time inside one of the day's
 * intervals. So on a DST day a wall time that does not exist (02:30 when the
 * clock jumps from 02:00 to 03:00) is no working time, and a wall time that
 * happens twice (01:30 when the clock falls back) is working time both times:
 * an interval counts the real minutes that passed while the clock showed it.
 */
export function workingInstantsOfDay(cal: BusinessCalendar, day: number): readonly number[] {
  let memo = localMemo.get(cal);
  if (!memo) {
    memo = new Map();
    localMemo.set(cal, memo);
  }
  const hit = memo.get(day);
  if (hit) return hit;
  const hours = hoursOfDay(cal, day);
  const pieces: number[] = [];
  if (hours.length > 0) {
    const segs = offsetSegments(cal.timeZone, day);
    const base = day * DAY_MS;
    for (let s = 0; s < segs.length; s += 3) {
      const [segFrom, segTo, offset] = [segs[s]!, segs[s + 1]!, segs[s + 2]!];
      for (let h = 0; h < hours.length; h += 2) {
        const from = Math.max(segFrom, base + hours[h]! * MINUTE_MS - offset);
        const to = Math.min(segTo, base + hours[h + 1]! * MINUTE_MS - offset);
        if (from < to) pieces.push(from, to);
      }
    }
  }
  const out = sortAndMerge(pieces);
  if (memo.size > MEMO_LIMIT) memo.clear();
  memo.set(day, out);
  return out;
}

/** Sort flat [from, to) pairs by start and merge those that overlap or touch. */
export function sortAndMerge(pairs: readonly number[]): number[] {
  const idx: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i]! < pairs[i + 1]!) idx.push(i);
  idx.sort((a, b) => pairs[a]! - pairs[b]!);
  const out: number[] = [];
  for (const i of idx) {
    const [from, to] = [pairs[i]!, pairs[i + 1]!];
    const n = out.length;
    if (n > 0 && from <= out[n - 1]!) out[n - 1] = Math.max(out[n - 1]!, to);
    else out.push(from, to);
  }
  return out;
}
