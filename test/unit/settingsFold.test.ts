/**
 * The settings fold: versions in force from their HLC time, administrator
 * authority judged in the fold, the same result in any arrival order, and
 * `settingsAt` picking the version in force (decision 0023).
 */
import { describe, expect, it } from 'vitest';
import { hoursOfDay, dayOfDate, type PublicYear } from '../../shared/domain/deadlines/calendar';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../../shared/domain/deadlines/rules';
import { eventContentProblem } from '../../shared/domain/events';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { compareFoldKeys, foldKey } from '../../shared/domain/kernel/foldKey';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import type { Role } from '../../shared/domain/kernel/roles';
import {
  DEFAULT_BRANCH_CALENDAR,
  foldSettings,
  publicYearsAt,
  settingsAt,
  type SettingsRoleOracle,
} from '../../shared/domain/settings/fold';
import { SETTINGS_STREAM_NAME, type BranchCalendar } from '../../shared/domain/settings/payloads';
import { shuffled } from '../fixtures/shuffled';

const ADMIN = '01890000-0000-7000-8000-00000000ad01';
const CLERK = '01890000-0000-7000-8000-00000000c001';
const T0 = Date.UTC(2026, 10, 2, 1); // Monday 2 November 2026, 09:00 in Shanghai
const HOUR = 3_600_000;

let n = 0;
function ev(type: string, payload: unknown, atMs: number, actor = ADMIN, device = 'D1'): EventEnvelope {
  n++;
  return {
    id: `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    stream: SETTINGS_STREAM_NAME,
    type,
    schema: 1,
    hlc: formatHlc(atMs, 0),
    device,
    branch: 'GZ',
    actor,
    payload,
    hash: 'x'.repeat(64),
  };
}

const rules = (patch: Partial<DeadlineRules>): DeadlineRules => ({ ...DEFAULT_DEADLINE_RULES, ...patch });
const calendar = (patch: Partial<BranchCalendar>): BranchCalendar => ({
  ...DEFAULT_BRANCH_CALENDAR,
  ...patch,
});
const Y2027: PublicYear = {
  year: 2027,
  source: '国办发明电〔2026〕1号',
  daysOff: ['2027-01-01', '2027-02-05', '2027-02-06'],
  makeUpWorkdays: ['2027-02-07'],
};

/** ADMIN is an admin from the start; CLERK is a counter clerk until promoted at `promotedAt` (if given). */
function roles(promotedAt?: number): SettingsRoleOracle {
  return (actor, key) => {
    if (actor === ADMIN) return 'admin';
    if (actor !== CLERK) return null;
    const role: Role =
      promotedAt !== undefined && compareFoldKeys(`${formatHlc(promotedAt, 0)}|~|`, key) < 0
        ? 'admin'
        : 'counter';
    return role;
  };
}

describe('settings fold', () => {
  it('payloads are registered and must sit in the settings stream', () => {
    const e = ev('settings.rules_set', { rules: DEFAULT_DEADLINE_RULES }, T0);
    expect(eventContentProblem(e)).toBeNull();
    expect(eventContentProblem({ ...e, stream: 'case:01890000-0000-7000-8000-000000000001' })).toMatch(
      /^wrong_stream/,
    );
    expect(
      eventContentProblem({ ...e, payload: { rules: { ...DEFAULT_DEADLINE_RULES, contactAttempts: -1 } } }),
    ).toMatch(/^invalid_payload: rules.contactAttempts/);
  });

  it('settingsAt picks, per part, the last counted version whose HLC time is at or before the instant', () => {
    const s = foldSettings([
      ev('settings.rules_set', { rules: rules({ resultWorkingDays: 5 }) }, T0 + HOUR),
      ev('settings.rules_set', { rules: rules({ resultWorkingDays: 7 }) }, T0 + 3 * HOUR),
      ev('settings.calendar_set', { calendar: calendar({ timeZone: 'Asia/Urumqi' }) }, T0 + 2 * HOUR),
    ]);
    expect(settingsAt(s, T0).rules).toBe(DEFAULT_DEADLINE_RULES);
    expect(settingsAt(s, T0).calendar.timeZone).toBe('Asia/Shanghai');
    expect(settingsAt(s, T0 + HOUR).rules.resultWorkingDays).toBe(5);
    expect(settingsAt(s, T0 + HOUR).calendar.timeZone).toBe('Asia/Shanghai');
    expect(settingsAt(s, T0 + 2 * HOUR + 1).calendar.timeZone).toBe('Asia/Urumqi');
    expect(settingsAt(s, T0 + 2 * HOUR + 1).rules.resultWorkingDays).toBe(5);
    expect(settingsAt(s, T0 + 10 * HOUR).rules.resultWorkingDays).toBe(7);
    // Equal key, equal (memoised) result; another version, another key.
    expect(settingsAt(s, T0 + 10 * HOUR)).toBe(settingsAt(s, T0 + 20 * HOUR));
    expect(settingsAt(s, T0 + 10 * HOUR).key).not.toBe(settingsAt(s, T0 + HOUR).key);
    // The calendar compiles once per calendar version, shared by rule versions.
    expect(settingsAt(s, T0 + 3 * HOUR).calendar).toBe(settingsAt(s, T0 + 2 * HOUR + 1).calendar);
  });

  it('the default calendar is the bundled seed on Mon-Fri office hours', () => {
    const cal = settingsAt(foldSettings([]), T0).calendar;
    expect(cal.coveredYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    const day = (d: string) => dayOfDate(d) ?? NaN;
    expect(hoursOfDay(cal, day('2026-11-02'))).toEqual([540, 720, 780, 1050]);
    expect(hoursOfDay(cal, day('2026-10-01'))).toEqual([]);
    expect(hoursOfDay(cal, day('2026-10-10'))).toEqual([540, 720, 780, 1050]); // a Saturday, worked
  });

  it('an imported year adds to the seed, or replaces its year, from when it was imported', () => {
    const fixed2026: PublicYear = {
      year: 2026,
      source: 'correction',
      daysOff: ['2026-01-01'],
      makeUpWorkdays: [],
    };
    const s = foldSettings([
      ev('settings.public_year_set', { year: Y2027 }, T0 + HOUR),
      ev('settings.public_year_set', { year: fixed2026 }, T0 + 2 * HOUR),
    ]);
    expect(settingsAt(s, T0).calendar.coveredYears).not.toContain(2027);
    expect(settingsAt(s, T0 + HOUR).calendar.coveredYears).toContain(2027);
    const day = (d: string) => dayOfDate(d) ?? NaN;
    expect(hoursOfDay(settingsAt(s, T0 + HOUR).calendar, day('2027-02-05'))).toEqual([]);
    expect(hoursOfDay(settingsAt(s, T0 + HOUR).calendar, day('2026-10-01'))).toEqual([]);
    expect(hoursOfDay(settingsAt(s, T0 + 2 * HOUR).calendar, day('2026-10-01')).length).toBeGreaterThan(0);
    const years = publicYearsAt(s, T0 + 2 * HOUR);
    expect(years.find((y) => y.year.year === 2026)?.origin).toBe('imported');
    expect(years.find((y) => y.year.year === 2025)?.origin).toBe('seed');
  });

  it("a non-admin's event is kept, flagged and has no effect", () => {
    const forged = [
      ev('settings.rules_set', { rules: rules({ contactAttempts: 1 }) }, T0 + HOUR, CLERK),
      ev(
        'settings.calendar_set',
        { calendar: calendar({ week: { ...DEFAULT_BRANCH_CALENDAR.week, sat: [] } }) },
        T0 + HOUR,
        CLERK,
      ),
      ev('settings.public_year_set', { year: Y2027 }, T0 + HOUR, CLERK),
    ];
    const s = foldSettings(forged, { roleAt: roles() });
    expect(s.rules).toEqual([]);
    expect(s.calendars).toEqual([]);
    expect(s.publicYears.size).toBe(0);
    expect(s.flags.map((f) => [f.eventId, f.reason])).toEqual(forged.map((e) => [e.id, 'no_authority']));
    expect(settingsAt(s, T0 + 2 * HOUR).rules).toBe(DEFAULT_DEADLINE_RULES);
    // Without an oracle (a tool reading a log), every event counts.
    expect(settingsAt(foldSettings(forged), T0 + 2 * HOUR).rules.contactAttempts).toBe(1);
  });

  it('authority is judged at the event: before the promotion no effect, after it the change counts', () => {
    const before = ev('settings.rules_set', { rules: rules({ contactAttempts: 2 }) }, T0 + HOUR, CLERK);
    const after = ev('settings.rules_set', { rules: rules({ contactAttempts: 4 }) }, T0 + 3 * HOUR, CLERK);
    const s = foldSettings([after, before], { roleAt: roles(T0 + 2 * HOUR) });
    expect(s.flags.map((f) => f.eventId)).toEqual([before.id]);
    expect(settingsAt(s, T0 + 2 * HOUR).rules.contactAttempts).toBe(3);
    expect(settingsAt(s, T0 + 4 * HOUR).rules.contactAttempts).toBe(4);
  });

  it('the result does not depend on arrival order (fold order decides ties between desks)', () => {
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 24; i++) {
      const at = T0 + Math.floor(i / 3) * HOUR; // three events share each instant, from different desks
      const device = ['D1', 'D2', 'D3'][i % 3]!;
      const actor = i % 5 === 0 ? CLERK : ADMIN;
      if (i % 3 === 0)
        events.push(
          ev('settings.rules_set', { rules: rules({ contactAttempts: 1 + (i % 20) }) }, at, actor, device),
        );
      else if (i % 3 === 1)
        events.push(
          ev(
            'settings.calendar_set',
            { calendar: calendar({ makeUpHoursOf: i % 2 ? 'tue' : 'fri' }) },
            at,
            actor,
            device,
          ),
        );
      else
        events.push(
          ev('settings.public_year_set', { year: { ...Y2027, source: `v${i}` } }, at, actor, device),
        );
    }
    const view = (s: ReturnType<typeof foldSettings>) => {
      const probes = Array.from({ length: 10 }, (_, k) => T0 + k * HOUR - 1);
      return {
        flags: s.flags.map((f) => f.eventId),
        at: probes.map((t) => {
          const x = settingsAt(s, t);
          return [
            x.key,
            x.rules.contactAttempts,
            publicYearsAt(s, t).find((y) => y.year.year === 2027)?.year.source,
          ];
        }),
      };
    };
    const expected = view(foldSettings(events, { roleAt: roles() }));
    expect(expected.flags.length).toBeGreaterThan(0);
    for (let seed = 1; seed <= 25; seed++) {
      expect(view(foldSettings(shuffled(events, seed), { roleAt: roles() })), `seed ${seed}`).toEqual(
        expected,
      );
    }
    // The last in fold order at one instant wins: D3's rules over D1's and D2's.
    const tie = [
      ev('settings.rules_set', { rules: rules({ contactAttempts: 9 }) }, T0, ADMIN, 'D3'),
      ev('settings.rules_set', { rules: rules({ contactAttempts: 8 }) }, T0, ADMIN, 'D1'),
    ];
    expect(settingsAt(foldSettings(tie), T0).rules.contactAttempts).toBe(9);
    expect(settingsAt(foldSettings([...tie].reverse()), T0).rules.contactAttempts).toBe(9);
  });

  it('ignores other streams and malformed payloads (flagged)', () => {
    const other = {
      ...ev('settings.rules_set', { rules: rules({ contactAttempts: 5 }) }, T0),
      stream: 'staff:x',
    };
    const bad = ev('settings.rules_set', { rules: { contactAttempts: 'many' } }, T0);
    const s = foldSettings([other, bad]);
    expect(s.rules).toEqual([]);
    expect(s.flags.map((f) => [f.eventId, f.reason])).toEqual([[bad.id, 'bad_payload']]);
    expect(foldKey(bad)).toContain(bad.id);
  });
});
