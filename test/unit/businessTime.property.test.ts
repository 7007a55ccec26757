/**
 * The business-time engine against a brute-force reference that walks UTC
 * minute by minute and asks Intl for each minute's wall clock (issue 9,
 * item 3). Random calendars in DST-free and DST zones (including Lord Howe's
 * 30-minute shift and Santiago's midnight change), random hours with breaks,
 * the 2025/2026 national holidays and 调休 days, branch overrides, and
 * overlapping pauses that may span holidays. Ranges are bounded (about two
 * weeks) so the reference stays quick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileCalendar,
  type CalendarInput,
  type DayHours,
  type PublicYear,
  WEEKDAYS,
} from '../../shared/domain/deadlines/calendar';
import {
  addWorkingMinutes,
  type Pause,
  workingMinutesBetween,
} from '../../shared/domain/deadlines/businessTime';
import { CN_2025, CN_2026 } from './deadlines-fixtures';
import { DAY, hhmm, MIN, refHours, toMin, wall } from './deadlines-reference';

// ---- the reference: plain, slow, obviously right ------------------------------------------

function refWorking(c: CalendarInput, t: number, pauses: readonly Pause[]): boolean {
  if (pauses.some((p) => p.from <= t && t < p.to)) return false;
  const { date, minute } = wall(c.timeZone, t);
  return refHours(c, date).some((i) => toMin(i.from) <= minute && minute < toMin(i.to));
}

function refBetween(c: CalendarInput, a: number, b: number, pauses: readonly Pause[]): number {
  let n = 0;
  for (let t = a; t < b; t += MIN) if (refWorking(c, t, pauses)) n++;
  return n;
}

/** The end of the m-th working minute from `start`, or null when not reached before `horizon`. */
function refAdd(c: CalendarInput, start: number, m: number, pauses: readonly Pause[], horizon: number) {
  if (m === 0) return start;
  let n = 0;
  for (let t = start; t < horizon; t += MIN) if (refWorking(c, t, pauses) && ++n === m) return t + MIN;
  return null;
}

// ---- generators ---------------------------------------------------------------------------

const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'America/Santiago',
  'UTC',
];

/** Instants near the interesting days: 调休 weekends, Spring Festival, National Day, DST changes. */
const ANCHORS = [
  '2025-01-23', // Spring Festival 2025, make-up Sunday 01-26
  '2025-02-05', // make-up Saturday 02-08
  '2025-03-06', // US DST 03-09
  '2025-03-27', // EU DST 03-30
  '2025-04-03', // Santiago and Lord Howe fall back 04-06, 清明
  '2025-09-25', // make-up Sunday 09-28, National Day
  '2025-10-23', // EU fall back 10-26
  '2025-10-30', // US fall back 11-02
  '2026-02-11', // Spring Festival 2026, make-up 02-14
].map((d) => Date.parse(`${d}T00:00:00Z`));

/** 0-3 intervals on a 15-minute grid (00:00..24:00), in order, touching allowed. */
const dayHours: fc.Arbitrary<DayHours> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((cuts) => {
    const s = [...cuts].sort((x, y) => x - y);
    const out: DayHours = [];
    for (let i = 0; i + 1 < s.length; i += 2) out.push({ from: hhmm(s[i]! * 15), to: hhmm(s[i + 1]! * 15) });
    return out;
  });

const office: DayHours = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '17:30' },
];
const officeWeek: CalendarInput['week'] = {
  mon: office,
  tue: office,
  wed: office,
  thu: office,
  fri: office,
  sat: [],
  sun: [],
};

const anchorArb = fc.constantFrom(...ANCHORS);

function calendarArb(anchor: number): fc.Arbitrary<CalendarInput> {
  const nearDate = fc
    .integer({ min: -2, max: 16 })
    .map((k) => new Date(anchor + k * DAY).toISOString().slice(0, 10));
  return fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      week: fc.oneof(
        fc.constant(officeWeek),
        fc.record({
          mon: dayHours,
          tue: dayHours,
          wed: dayHours,
          thu: dayHours,
          fri: dayHours,
          sat: dayHours,
          sun: dayHours,
        }),
      ),
      makeUpHoursOf: fc.constantFrom(...WEEKDAYS),
      publicYears: fc.constantFrom<PublicYear[][]>([CN_2025, CN_2026], [CN_2025], []),
      closures: fc
        .uniqueArray(nearDate, { maxLength: 2 })
        .map((ds) => ds.map((date) => ({ date, reason: 'r' }))),
      extra: fc.uniqueArray(fc.tuple(nearDate, dayHours), { maxLength: 2, selector: (x) => x[0] }),
    })
    .map(({ extra, ...c }) => ({
      ...c,
      extraDays: extra
        .filter(([date, hours]) => hours.length > 0 && !c.closures.some((x) => x.date === date))
        .map(([date, hours]) => ({ date, hours, reason: 'r' })),
    }));
}

function pausesArb(anchor: number): fc.Arbitrary<Pause[]> {
  const minute = fc.integer({ min: -2 * 1440, max: 14 * 1440 }).map((m) => anchor + m * MIN);
  return fc.array(
    fc
      .tuple(minute, fc.integer({ min: 0, max: 6 * 1440 }), fc.integer({ min: 0, max: 30 }))
      .map(([from, len, open]) => ({ from, to: open === 0 ? Infinity : from + len * MIN })),
    { maxLength: 4 },
  );
}

/** A scenario: calendar, a start within ~10 days of an anchor, pauses around it. */
const scenario = anchorArb.chain((anchor) =>
  fc.record({
    input: calendarArb(anchor),
    start: fc.integer({ min: 0, max: 10 * 1440 }).map((m) => anchor + m * MIN),
    pauses: pausesArb(anchor),
  }),
);

// ---- properties ---------------------------------------------------------------------------

describe('business time against the minute-by-minute reference', () => {
  it('workingMinutesBetween counts the same minutes', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 6 * 1440 }), ({ input, start, pauses }, span) => {
        const cal = compileCalendar(input);
        const end = start + span * MIN;
        expect(workingMinutesBetween(cal, start, end, pauses)).toBe(refBetween(input, start, end, pauses));
      }),
      { numRuns: 60 },
    );
  });

  it('addWorkingMinutes ends where the reference counts the last minute', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1500 }), ({ input, start, pauses }, m) => {
        const cal = compileCalendar(input);
        const horizon = start + 9 * DAY;
        const ref = refAdd(input, start, m, pauses, horizon);
        const got = addWorkingMinutes(cal, start, m, pauses);
        if (ref === null) expect(got).toBeGreaterThanOrEqual(horizon);
        else expect(got).toBe(ref);
      }),
      { numRuns: 60 },
    );
  });

  it('inverse: the minutes between a start and start + m working minutes are m', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 20_000 }), ({ input, start, pauses }, m) => {
        const cal = compileCalendar(input);
        const due = addWorkingMinutes(cal, start, m, pauses);
        fc.pre(Number.isFinite(due));
        expect(workingMinutesBetween(cal, start, due, pauses)).toBe(m);
        if (m > 0) expect(workingMinutesBetween(cal, start, due - MIN, pauses)).toBe(m - 1);
      }),
      { numRuns: 150 },
    );
  });

  it('derives one case with 100 pauses across a year in well under a millisecond once warm', () => {
    const cal = compileCalendar({
      timeZone: 'Asia/Shanghai',
      week: officeWeek,
      makeUpHoursOf: 'mon',
      publicYears: [CN_2025, CN_2026],
      closures: [],
      extraDays: [],
    });
    const start = Date.parse('2025-01-02T01:00:00Z');
    const pauses = Array.from({ length: 100 }, (_, i) => ({
      from: start + i * 3.5 * DAY,
      to: start + i * 3.5 * DAY + DAY,
    }));
    const derive = (): number => addWorkingMinutes(cal, start, 60_000, pauses);
    const due = derive();
    expect(workingMinutesBetween(cal, start, due, pauses)).toBe(60_000);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) derive();
    // A loose bound (shared CI cores); the benchmark measures it properly.
    expect((performance.now() - t0) / 20).toBeLessThan(5);
  });
});
