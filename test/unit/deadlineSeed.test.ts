/**
 * The bundled calendar seed, the deadline rules and the coverage warning
 * (issue 9, items 1 and 2).
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar, dayOfDate, hoursOfDay, PublicYear } from '../../shared/domain/deadlines/calendar';
import { calendarCoverage } from '../../shared/domain/deadlines/coverage';
import { DEFAULT_DEADLINE_RULES, DeadlineRules, handlingRuleOf } from '../../shared/domain/deadlines/rules';
import { SEED_GENERATED_FROM, SEED_PUBLIC_YEARS, seedYear } from '../../shared/domain/deadlines/seed';
import { CN_2025, CN_2026, officeCalendar } from './deadlines-fixtures';

const day = (d: string) => dayOfDate(d) ?? NaN;

describe('bundled public-holiday seed', () => {
  it('covers 2020..2026, each year valid with a State Council source', () => {
    expect(SEED_GENERATED_FROM).toBe('chinese-days@1.5.7');
    expect(SEED_PUBLIC_YEARS.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of SEED_PUBLIC_YEARS) {
      expect(PublicYear.safeParse(y).success, String(y.year)).toBe(true);
      expect(y.source).toMatch(/国办发明电〔\d{4}〕\d+号/);
      expect(y.daysOff.length).toBeGreaterThanOrEqual(25);
    }
  });

  it('agrees date by date with the hand-verified 2025 and 2026 schedules', () => {
    for (const fixture of [CN_2025, CN_2026]) {
      const seeded = seedYear(fixture.year);
      expect(seeded?.daysOff).toEqual([...fixture.daysOff].sort());
      expect(seeded?.makeUpWorkdays).toEqual([...fixture.makeUpWorkdays].sort());
      expect(seeded?.source).toContain(fixture.source);
    }
  });

  it('knows the days everyone remembers', () => {
    const cal = compileCalendar({ ...officeCalendar(), publicYears: [...SEED_PUBLIC_YEARS] });
    // 2025-01-26 (Sunday) and 2025-02-08 (Saturday) were make-up working days.
    expect(hoursOfDay(cal, day('2025-01-26')).length).toBeGreaterThan(0);
    expect(hoursOfDay(cal, day('2025-02-08')).length).toBeGreaterThan(0);
    // National Day and Mid-autumn 2025: 1 to 8 October off.
    for (let d = 1; d <= 8; d++) expect(hoursOfDay(cal, day(`2025-10-0${d}`))).toEqual([]);
    expect(hoursOfDay(cal, day('2025-10-09')).length).toBeGreaterThan(0);
    // Spring Festival 2026: 15 to 23 February off, 14 and 28 February worked (Saturdays).
    for (let d = 15; d <= 23; d++) expect(hoursOfDay(cal, day(`2026-02-${d}`)), `02-${d}`).toEqual([]);
    expect(hoursOfDay(cal, day('2026-02-14')).length).toBeGreaterThan(0);
    expect(hoursOfDay(cal, day('2026-02-28')).length).toBeGreaterThan(0);
    // 2020's Spring Festival was extended to 2 February.
    expect(seedYear(2020)?.daysOff).toContain('2020-02-02');
    expect(seedYear(2019)).toBeUndefined();
  });
});

describe('deadline rules', () => {
  it('defaults are DOMAIN.md section 4 and pass their own schema', () => {
    expect(DeadlineRules.parse(DEFAULT_DEADLINE_RULES)).toEqual(DEFAULT_DEADLINE_RULES);
    expect(DEFAULT_DEADLINE_RULES.entryWorkingMinutes).toBe(120);
    expect(DEFAULT_DEADLINE_RULES.handling).toEqual({
      urgent: { kind: 'workingMinutes', minutes: 30 },
      general: { kind: 'endOfWorkingDay' },
      special: { kind: 'workingDays', days: 3 },
      major: { kind: 'endOfWorkingDay' },
    });
    expect(DEFAULT_DEADLINE_RULES.retentionYears).toBe(3);
  });

  it('refuses absurd values with the field path', () => {
    const bad = (patch: Record<string, unknown>) =>
      DeadlineRules.safeParse({ ...DEFAULT_DEADLINE_RULES, ...patch }).error?.issues.map((i) =>
        i.path.join('.'),
      );
    expect(bad({ contactAttempts: -1 })).toEqual(['contactAttempts']);
    expect(bad({ retentionYears: 2 })).toEqual(['retentionYears']);
    expect(bad({ entryWorkingMinutes: 1.5 })).toEqual(['entryWorkingMinutes']);
    expect(bad({ extra: 1 })).toEqual(['']);
    expect(
      bad({ handling: { ...DEFAULT_DEADLINE_RULES.handling, special: { kind: 'workingDays', days: 0 } } }),
    ).toEqual(['handling.special.days']);
    expect(bad({ handling: { ...DEFAULT_DEADLINE_RULES.handling, major: { kind: 'someday' } } })).toEqual([
      'handling.major.kind',
    ]);
  });

  it("an unknown severity uses general's rule", () => {
    expect(handlingRuleOf(DEFAULT_DEADLINE_RULES, 'urgent')).toEqual({ kind: 'workingMinutes', minutes: 30 });
    expect(handlingRuleOf(DEFAULT_DEADLINE_RULES, 'catastrophic')).toEqual({ kind: 'endOfWorkingDay' });
    expect(handlingRuleOf(DEFAULT_DEADLINE_RULES, 'toString')).toEqual({ kind: 'endOfWorkingDay' });
  });
});

describe('calendar coverage', () => {
  const at = (iso: string) => Date.parse(iso);
  it('warns from 30 days before the last covered year ends, in the branch time zone', () => {
    const years = [2020, 2024, 2026];
    expect(calendarCoverage(years, at('2026-11-30T15:00:00Z'), 'Asia/Shanghai')).toEqual({
      firstYear: 2020,
      lastYear: 2026,
      warning: null, // 2026-11-30 23:00 in Shanghai: 31 days left
    });
    expect(calendarCoverage(years, at('2026-11-30T16:00:00Z'), 'Asia/Shanghai').warning).toEqual({
      lastYear: 2026,
      daysLeft: 30, // already 1 December in Shanghai
    });
    expect(calendarCoverage(years, at('2026-11-30T16:00:00Z'), 'UTC').warning).toBeNull();
    expect(calendarCoverage(years, at('2027-01-05T04:00:00Z'), 'Asia/Shanghai').warning).toEqual({
      lastYear: 2026,
      daysLeft: -5,
    });
    expect(calendarCoverage([], at('2026-06-01T00:00:00Z'), 'UTC')).toEqual({
      firstYear: null,
      lastYear: null,
      warning: { lastYear: null, daysLeft: 0 },
    });
  });
});
