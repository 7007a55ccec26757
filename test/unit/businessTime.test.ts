/**
 * The business-time engine on worked examples (issue 9, item 3) and the
 * calendar's refusals (item 10): Asia/Shanghai office hours with a lunch
 * break, 调休 weekends, the Spring Festival and National Day, pauses, and the
 * meaning of working hours on DST days in America/New_York and Europe/Berlin.
 */
import { describe, expect, it } from 'vitest';
import {
  compileCalendar,
  CalendarInput,
  type BusinessCalendar,
} from '../../shared/domain/deadlines/calendar';
import {
  addWorkingMinutes,
  endOfWorkingDay,
  workingMinutesBetween,
} from '../../shared/domain/deadlines/businessTime';
import { officeCalendar } from './deadlines-fixtures';

const at = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();
const SH = compileCalendar(officeCalendar());
const DAY_MINUTES = 420;

describe('addWorkingMinutes on a Shanghai office calendar', () => {
  it('general: same working day (received mid-morning, due at the end of that day)', () => {
    expect(iso(endOfWorkingDay(SH, at('2025-03-11T10:00:00+08:00')))).toBe('2025-03-11T09:30:00.000Z');
    // received after hours: the next working day
    expect(iso(endOfWorkingDay(SH, at('2025-03-14T18:00:00+08:00')))).toBe('2025-03-17T09:30:00.000Z');
  });

  it('special: within 3 working days, across the 2025 Spring Festival and its 调休 Sunday', () => {
    // Fri 01-24 15:00: 150 min; Sun 01-26 (make-up day): 420; Mon 01-27: 420;
    // 01-28..02-04 off; Wed 02-05: 180 in the morning, 90 after lunch -> 15:00.
    const due = addWorkingMinutes(SH, at('2025-01-24T15:00:00+08:00'), 3 * DAY_MINUTES);
    expect(due).toBe(at('2025-02-05T15:00:00+08:00'));
  });

  it('2 working hours for entry: across the lunch break', () => {
    expect(addWorkingMinutes(SH, at('2025-03-11T11:15:00+08:00'), 120)).toBe(at('2025-03-11T14:45:00+08:00'));
  });

  it('2 working hours for entry: across a weekend, and across a 调休 Saturday that works', () => {
    expect(addWorkingMinutes(SH, at('2025-03-14T16:45:00+08:00'), 120)).toBe(at('2025-03-17T10:15:00+08:00'));
    expect(addWorkingMinutes(SH, at('2025-02-07T17:00:00+08:00'), 120)).toBe(at('2025-02-08T10:30:00+08:00'));
  });

  it('National Day 2025: eight days off, then the week resumes', () => {
    expect(addWorkingMinutes(SH, at('2025-09-30T17:00:00+08:00'), 120)).toBe(at('2025-10-09T10:30:00+08:00'));
  });

  it('ends at the end of working time, never the next morning; 0 minutes is the start itself', () => {
    expect(addWorkingMinutes(SH, at('2025-03-11T13:30:00+08:00'), 240)).toBe(at('2025-03-11T17:30:00+08:00'));
    expect(addWorkingMinutes(SH, at('2025-03-15T03:00:00+08:00'), 0)).toBe(at('2025-03-15T03:00:00+08:00'));
  });

  it('stops the clock during pauses, overlapping ones and one spanning the Spring Festival', () => {
    const start = at('2026-02-12T09:00:00+08:00'); // Thu
    const pauses = [
      { from: at('2026-02-12T10:00:00+08:00'), to: at('2026-02-24T11:00:00+08:00') },
      { from: at('2026-02-20T00:00:00+08:00'), to: at('2026-02-24T10:00:00+08:00') },
    ];
    // 60 min on Thu 02-12, then from Tue 02-24 11:00: 60 more by 12:00.
    expect(addWorkingMinutes(SH, start, 120, pauses)).toBe(at('2026-02-24T12:00:00+08:00'));
    expect(addWorkingMinutes(SH, start, 120, [{ from: start + 60_000, to: Infinity }])).toBe(Infinity);
  });

  it('refuses negative or absurd counts and instants', () => {
    expect(() => addWorkingMinutes(SH, 0, -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(SH, Number.NaN, 1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(SH, 0, Infinity)).toThrow(RangeError);
  });

  it('gives Infinity when no working time is left rather than looping', () => {
    const none = compileCalendar({
      ...officeCalendar(),
      week: { ...officeCalendar().week, mon: [], tue: [], wed: [], thu: [], fri: [] },
    });
    expect(addWorkingMinutes(none, at('2025-01-01T00:00:00Z'), 1)).toBe(Infinity);
  });

  it('a calendar open on listed dates only jumps to the next one instead of walking every day to it', () => {
    // No weekly hours and one extra day typed far ahead (9999 for 2025): the answers are right,
    // and each comes without walking the three million days between (this took seconds).
    const none: never[] = [];
    const farOff = compileCalendar({
      ...officeCalendar(),
      week: { mon: none, tue: none, wed: none, thu: none, fri: none, sat: none, sun: none },
      extraDays: [
        { date: '2025-03-12', hours: [{ from: '09:00', to: '10:00' }], reason: '盘点' },
        { date: '9999-12-30', hours: [{ from: '09:00', to: '10:00' }], reason: '笔误' },
      ],
    });
    const t0 = performance.now();
    expect(addWorkingMinutes(farOff, at('2025-01-01T00:00:00Z'), 30)).toBe(at('2025-03-12T09:30:00+08:00'));
    expect(addWorkingMinutes(farOff, at('2025-01-01T00:00:00Z'), 90)).toBe(at('9999-12-30T09:30:00+08:00'));
    expect(addWorkingMinutes(farOff, at('2025-01-01T00:00:00Z'), 121)).toBe(Infinity);
    expect(workingMinutesBetween(farOff, at('2025-01-01T00:00:00Z'), at('9999-12-31T00:00:00Z'))).toBe(120);
    expect(endOfWorkingDay(farOff, at('2025-03-13T00:00:00Z'))).toBe(at('9999-12-30T10:00:00+08:00'));
    // A pause across the first listed day moves the work to the next one.
    const paused = [{ from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') }];
    expect(addWorkingMinutes(farOff, at('2025-01-01T00:00:00Z'), 30, paused)).toBe(
      at('9999-12-30T09:30:00+08:00'),
    );
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('workingMinutesBetween', () => {
  it('counts a full week, a 调休 week and a negative span', () => {
    expect(workingMinutesBetween(SH, at('2025-03-10T00:00:00+08:00'), at('2025-03-17T00:00:00+08:00'))).toBe(
      5 * DAY_MINUTES,
    );
    // 2025-01-20..02-09: Jan 20-24 (5), Sun 26 (make-up), Mon 27, Feb 5-7 (3), Sat Feb 8 (make-up)
    expect(workingMinutesBetween(SH, at('2025-01-20T00:00:00+08:00'), at('2025-02-10T00:00:00+08:00'))).toBe(
      11 * DAY_MINUTES,
    );
    expect(workingMinutesBetween(SH, at('2025-03-11T11:00:00+08:00'), at('2025-03-11T10:00:00+08:00'))).toBe(
      -60,
    );
  });

  it('honours branch overrides: a closed date and an extra Saturday with its own hours', () => {
    const cal = compileCalendar({
      ...officeCalendar(),
      closures: [{ date: '2025-03-12', reason: 'power cut' }],
      extraDays: [{ date: '2025-03-15', hours: [{ from: '10:00', to: '12:00' }], reason: 'open day' }],
    });
    expect(workingMinutesBetween(cal, at('2025-03-10T00:00:00+08:00'), at('2025-03-17T00:00:00+08:00'))).toBe(
      4 * DAY_MINUTES + 120,
    );
  });
});

describe('working hours on DST days', () => {
  const night = (timeZone: string): BusinessCalendar => {
    const h = [{ from: '01:00', to: '04:00' }];
    return compileCalendar({
      timeZone,
      week: { mon: h, tue: h, wed: h, thu: h, fri: h, sat: h, sun: h },
      makeUpHoursOf: 'mon',
      publicYears: [],
      closures: [],
      extraDays: [],
    });
  };

  it('America/New_York: 02:00-03:00 does not exist in spring; 01:00-02:00 happens twice in autumn', () => {
    const ny = night('America/New_York');
    expect(workingMinutesBetween(ny, at('2025-03-09T00:00:00-05:00'), at('2025-03-09T12:00:00-04:00'))).toBe(
      120,
    );
    expect(workingMinutesBetween(ny, at('2025-11-02T00:00:00-04:00'), at('2025-11-02T12:00:00-05:00'))).toBe(
      240,
    );
    expect(workingMinutesBetween(ny, at('2025-06-10T00:00:00-04:00'), at('2025-06-12T00:00:00-04:00'))).toBe(
      360,
    );
    // 30 minutes from 01:45 EDT on the autumn day: 15 until the clock falls back, then 15 more at 01:15 EST.
    expect(addWorkingMinutes(ny, at('2025-11-02T01:45:00-04:00'), 30)).toBe(at('2025-11-02T01:15:00-05:00'));
    // 30 minutes from 01:45 on the spring day: 15 until 02:00, which becomes 03:00, then 15 more.
    expect(addWorkingMinutes(ny, at('2025-03-09T01:45:00-05:00'), 30)).toBe(at('2025-03-09T03:15:00-04:00'));
  });

  it('Europe/Berlin: the spring and autumn Sundays of 2025', () => {
    const be = night('Europe/Berlin');
    expect(workingMinutesBetween(be, at('2025-03-30T00:00:00+01:00'), at('2025-03-30T12:00:00+02:00'))).toBe(
      120,
    );
    expect(workingMinutesBetween(be, at('2025-10-26T00:00:00+02:00'), at('2025-10-26T12:00:00+01:00'))).toBe(
      240,
    );
  });
});

describe('the calendar refuses what cannot be a calendar', () => {
  const refusal = (patch: Partial<CalendarInput>): string => {
    const r = CalendarInput.safeParse({ ...officeCalendar(), ...patch });
    expect(r.success).toBe(false);
    return r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  };
  const week = officeCalendar().week;

  it('accepts the fixture', () => {
    expect(CalendarInput.safeParse(officeCalendar()).success).toBe(true);
  });

  it('refuses overlapping, unordered and reversed hours, and impossible times', () => {
    expect(
      refusal({
        week: {
          ...week,
          mon: [
            { from: '09:00', to: '12:00' },
            { from: '11:00', to: '13:00' },
          ],
        },
      }),
    ).toMatch(/week\.mon\.1: 11:00-13:00 overlaps/);
    expect(refusal({ week: { ...week, tue: [{ from: '17:00', to: '09:00' }] } })).toMatch(
      /week\.tue\.0: a working interval must end after it starts/,
    );
    expect(refusal({ week: { ...week, wed: [{ from: '09:00', to: '25:00' }] } })).toMatch(
      /week\.wed\.0\.to: a time of day/,
    );
    expect(refusal({ week: { ...week, thu: [{ from: '9:00', to: '12:60' }] } })).toMatch(
      /week\.thu\.0\.from/,
    );
  });

  it('refuses impossible dates, unknown zones and contradictory days', () => {
    expect(refusal({ closures: [{ date: '2025-02-29', reason: '' }] })).toMatch(/closures\.0\.date: a date/);
    expect(refusal({ timeZone: 'Mars/Olympus' })).toMatch(/timeZone: an IANA time zone/);
    expect(
      refusal({
        closures: [{ date: '2025-03-15', reason: 'x' }],
        extraDays: [{ date: '2025-03-15', hours: [{ from: '09:00', to: '10:00' }], reason: 'y' }],
      }),
    ).toMatch(/extraDays\.0\.date: 2025-03-15 is already closed/);
    expect(
      refusal({
        publicYears: [
          { year: 2025, source: 'x', daysOff: ['2025-05-01'], makeUpWorkdays: ['2025-05-01', '2024-12-29'] },
        ],
      }),
    ).toMatch(/cannot be both[\s\S]*2024-12-29 is not in 2025/);
    expect(() => compileCalendar({ ...officeCalendar(), timeZone: 'Nowhere' })).toThrow(/IANA/);
  });
});
