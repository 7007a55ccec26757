/**
 * The branch settings through DeskApi (issue 9, items 1, 2 and 10): the
 * calendar and rules in force, the bundled seed and its coverage warning, an
 * administrator's changes and year imports, field errors in zh-CN and English
 * with nothing stored, and authority on both sides: the method refuses a
 * non-admin, and a forged event from another desk has no effect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../shared/contract/methods/staff';
import type { CalendarView, RulesView, YearImportPreview } from '../../shared/contract/methods/settings';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { DEFAULT_BRANCH_CALENDAR } from '../../shared/domain/settings/fold';
import { SETTINGS_STREAM_NAME } from '../../shared/domain/settings/payloads';
import { newId } from '../../shared/domain/kernel/ids';
import { hashSecret } from '../../electron/desk/features/staff/credentials';
import { ADMIN, openTestDesk, readDeskDb, RemoteDevice, staffSession, type TestDesk } from './desk-fixtures';

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

let clock = Date.parse('2026-11-20T02:00:00Z'); // Friday 10:00 in Shanghai
async function desk(): Promise<TestDesk> {
  clock = Date.parse('2026-11-20T02:00:00Z');
  return (t = await openTestDesk({ now: () => clock, sync: false }));
}

function settingsEvents(d: TestDesk): number {
  return readDeskDb(d.dir, (db) => {
    const row = db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream = ?').get(SETTINGS_STREAM_NAME) as {
      n: number;
    };
    return row.n;
  });
}

/** Sessions end after a while: after a clock jump, sign in again. */
async function signIn(d: TestDesk, login: string, secret: string): Promise<string> {
  return (await d.must<Session>('auth.signIn', { login, secret })).token;
}

const Y2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  daysOff: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08'],
  makeUpWorkdays: ['2027-02-14'],
};

const OVERLAP_WEEK = {
  ...DEFAULT_BRANCH_CALENDAR.week,
  mon: [
    { from: '09:00', to: '12:00' },
    { from: '11:30', to: '17:00' },
  ],
};

describe('settings through DeskApi', () => {
  it('anyone reads the defaults: the seed 2020-2026, office hours, DOMAIN.md rules; the warning comes in December', async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const cal = await d.must<CalendarView>('settings.calendar.get', {}, clerk.token);
    expect(cal.calendar).toEqual(DEFAULT_BRANCH_CALENDAR);
    expect(cal.publicYears.map((y) => [y.year, y.origin])).toEqual(
      [2020, 2021, 2022, 2023, 2024, 2025, 2026].map((y) => [y, 'seed']),
    );
    expect(cal.publicYears.find((y) => y.year === 2025)?.makeUpWorkdays).toContain('2025-01-26');
    expect(cal.coverage).toEqual({ firstYear: 2020, lastYear: 2026, warning: null });
    expect(cal.setBy).toBeNull();
    expect(cal.flags).toBe(0);
    const rules = await d.must<RulesView>('settings.rules.get', {}, clerk.token);
    expect(rules).toEqual({ rules: DEFAULT_DEADLINE_RULES, setBy: null, flags: 0 });

    clock = Date.parse('2026-12-05T02:00:00Z');
    const later = await d.must<CalendarView>('settings.calendar.get', {}, await signIn(d, 'li', '135790'));
    expect(later.coverage.warning).toEqual({ lastYear: 2026, daysLeft: 26 });
    expect((await d.call('settings.calendar.get', {}, null)).ok).toBe(false);
  });

  it('an admin sets the calendar and the rules; they are in force from then on, with who set them', async () => {
    const d = await desk();
    const calendar = {
      ...DEFAULT_BRANCH_CALENDAR,
      week: { ...DEFAULT_BRANCH_CALENDAR.week, sat: [{ from: '09:00', to: '12:00' }] },
      closures: [{ date: '2026-12-24', reason: '装修停业' }],
      extraDays: [{ date: '2026-12-27', hours: [{ from: '10:00', to: '15:00' }], reason: '年终营销' }],
    };
    const view = await d.must<CalendarView>('settings.calendar.set', { calendar }, d.admin.token);
    expect(view.calendar).toEqual(calendar);
    expect(view.setBy).toMatchObject({ staffId: d.admin.staff.id, name: '王管理员' });
    const rules = { ...DEFAULT_DEADLINE_RULES, contactAttempts: 5, callbackWorkingDays: 2 };
    const r = await d.must<RulesView>('settings.rules.set', { rules }, d.admin.token);
    expect(r.rules).toEqual(rules);
    clock += 60_000;
    const clerk = await staffSession(d, 'counter', 'li');
    expect((await d.must<RulesView>('settings.rules.get', {}, clerk.token)).rules.contactAttempts).toBe(5);
    expect(settingsEvents(d)).toBe(2);
    // A rebuild folds the same settings.
    d.core.rebuild();
    expect((await d.must<CalendarView>('settings.calendar.get', {}, clerk.token)).calendar).toEqual(calendar);
  });

  it('refuses a non-admin at the method, storing nothing', async () => {
    const d = await desk();
    for (const role of ['counter', 'supervisor'] as const) {
      const s = await staffSession(d, role, `${role}1`);
      const calls: [string, unknown][] = [
        ['settings.calendar.set', { calendar: DEFAULT_BRANCH_CALENDAR }],
        ['settings.rules.set', { rules: DEFAULT_DEADLINE_RULES }],
        ['settings.calendar.importYear', { format: 'json', text: JSON.stringify(Y2027), apply: true }],
      ];
      for (const [method, input] of calls) {
        const r = await d.call(method, input, s.token);
        expect(r.ok ? 'ok' : r.error.code, `${role} ${method}`).toBe('forbidden');
      }
    }
    expect(settingsEvents(d)).toBe(0);
  });

  it('gives a forged settings event from a non-admin on another desk no effect, and counts it as flagged', async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const evil = new RemoteDevice('dev-evil', clock, 'GZ', clerk.staff.id);
    const forged = evil.event(SETTINGS_STREAM_NAME, 'settings.rules_set', {
      rules: { ...DEFAULT_DEADLINE_RULES, contactAttempts: 1 },
    });
    expect(d.core.appendEvents([forged]).accepted).toBe(1);
    clock += 10_000;
    const r = await d.must<RulesView>('settings.rules.get', {}, clerk.token);
    expect(r).toEqual({ rules: DEFAULT_DEADLINE_RULES, setBy: null, flags: 1 });
  });

  it('a settings event counts once the staff event that makes its actor an admin arrives, even later', async () => {
    const d = await desk();
    // Another desk's admin creates a second admin, who changes the rules; the rules arrive first.
    const other = new RemoteDevice('dev-other', clock, 'GZ', d.admin.staff.id);
    const bossId = newId();
    const created = other.event(`staff:${bossId}`, 'staff.created', {
      name: '周管理员',
      login: 'zhou',
      role: 'admin',
      credential: await hashSecret('pin', '482913', null),
    });
    const boss = new RemoteDevice('dev-other', clock + 5_000, 'GZ', bossId);
    const changed = boss.event(SETTINGS_STREAM_NAME, 'settings.rules_set', {
      rules: { ...DEFAULT_DEADLINE_RULES, replyWorkingDays: 2 },
    });
    clock += 60_000;
    expect(d.core.appendEvents([changed]).accepted).toBe(1);
    let r = await d.must<RulesView>('settings.rules.get', {}, d.admin.token);
    expect([r.rules.replyWorkingDays, r.flags]).toEqual([1, 1]);
    expect(d.core.appendEvents([created]).accepted).toBe(1);
    r = await d.must<RulesView>('settings.rules.get', {}, d.admin.token);
    expect([r.rules.replyWorkingDays, r.flags, r.setBy?.name]).toEqual([2, 0, '周管理员']);
  });

  it('refuses a bad calendar with field errors in zh-CN and English, storing nothing', async () => {
    const d = await desk();
    const bad = {
      ...DEFAULT_BRANCH_CALENDAR,
      timeZone: 'Mars/Olympus',
      week: OVERLAP_WEEK,
      closures: [{ date: '2026-02-30', reason: '' }],
    };
    const zh = await d.call('settings.calendar.set', { calendar: bad }, d.admin.token, 'zh-CN');
    const en = await d.call('settings.calendar.set', { calendar: bad }, d.admin.token, 'en');
    if (zh.ok || en.ok) throw new Error('accepted');
    expect(zh.error.code).toBe('invalid_input');
    expect(zh.error.fields).toEqual({
      'calendar.timeZone': '请填写 IANA 时区，例如 Asia/Shanghai。',
      'calendar.week.mon.1': '这一时段与前一时段重叠或排在它之前：请按时间顺序填写，且不要重叠。',
      'calendar.closures.0.date': '日期应写成 YYYY-MM-DD，且必须真实存在（没有 2025-02-30）。',
    });
    expect(en.error.fields?.['calendar.week.mon.1']).toMatch(/overlaps or comes before/);
    const more = await d.call(
      'settings.calendar.set',
      { calendar: { ...DEFAULT_BRANCH_CALENDAR, makeUpHoursOf: 'someday', extra: 1 } },
      d.admin.token,
      'en',
    );
    expect(!more.ok && more.error.fields).toEqual({
      'calendar.makeUpHoursOf': 'Choose one of the listed values.',
      'calendar.extra': 'This field is not allowed.',
    });
    const notObject = await d.call('settings.calendar.set', { calendar: 'Mon-Fri' }, d.admin.token);
    expect(!notObject.ok && notObject.error.code).toBe('invalid_input');
    const rules = await d.call(
      'settings.rules.set',
      { rules: { ...DEFAULT_DEADLINE_RULES, contactAttempts: -1 } },
      d.admin.token,
      'en',
    );
    expect(!rules.ok && rules.error.fields).toEqual({ 'rules.contactAttempts': 'Must be at least 1.' });
    expect(settingsEvents(d)).toBe(0);
  });

  it('imports a year: a preview stores nothing, apply stores it, and coverage follows', async () => {
    const d = await desk();
    const preview = await d.must<YearImportPreview>(
      'settings.calendar.importYear',
      { format: 'json', text: JSON.stringify(Y2027), apply: false },
      d.admin.token,
    );
    expect(preview).toEqual({
      ...Y2027,
      counts: { daysOff: 4, makeUpWorkdays: 1 },
      replaces: 'none',
      applied: false,
    });
    expect(settingsEvents(d)).toBe(0);
    await d.must(
      'settings.calendar.importYear',
      { format: 'json', text: JSON.stringify(Y2027), apply: true },
      d.admin.token,
    );
    clock = Date.parse('2026-12-05T02:00:00Z');
    const admin = await signIn(d, ADMIN.login, ADMIN.secret);
    const cal = await d.must<CalendarView>('settings.calendar.get', {}, admin);
    expect(cal.coverage).toEqual({ firstYear: 2020, lastYear: 2027, warning: null });
    expect(cal.publicYears.at(-1)).toMatchObject({
      year: 2027,
      origin: 'imported',
      setBy: { name: '王管理员' },
    });

    // An iCalendar file replaces the seed's 2025 (as a browser hands it over: LF line ends).
    const ics = [
      'BEGIN:VCALENDAR',
      'X-WR-CALNAME:2025 更正',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20251001',
      'DTEND;VALUE=DATE:20251009',
      'SUMMARY:国庆节(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20250928',
      'SUMMARY:国庆节(班)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    const p = await d.must<YearImportPreview>(
      'settings.calendar.importYear',
      { format: 'ics', text: ics, apply: true },
      admin,
    );
    expect([p.year, p.replaces, p.counts, p.source]).toEqual([
      2025,
      'seed',
      { daysOff: 8, makeUpWorkdays: 1 },
      'iCalendar: 2025 更正',
    ]);
    clock += 60_000;
    const after = await d.must<CalendarView>('settings.calendar.get', {}, admin);
    expect(after.publicYears.find((y) => y.year === 2025)).toMatchObject({
      origin: 'imported',
      makeUpWorkdays: ['2025-09-28'],
    });
    expect(settingsEvents(d)).toBe(2);
  });

  it('refuses a broken or hostile import with field errors in both languages, storing nothing', async () => {
    const d = await desk();
    const call = (input: unknown, locale: 'zh-CN' | 'en' = 'zh-CN') =>
      d.call('settings.calendar.importYear', input, d.admin.token, locale);
    const mixed = JSON.stringify({ ...Y2027, daysOff: [...Y2027.daysOff, '2028-01-01'] });
    const zh = await call({ format: 'json', text: mixed, apply: true });
    const en = await call({ format: 'json', text: mixed, apply: true }, 'en');
    if (zh.ok || en.ok) throw new Error('accepted');
    expect(zh.error.fields).toEqual({ text: '文件里混有多个年份（2027, 2028），请一次只导入一年。' });
    expect(en.error.fields).toEqual({
      text: 'The file mixes years (2027, 2028). Import one year at a time.',
    });
    expect(en.error.message).toBe(
      'The file was not imported and nothing was saved: The file mixes years (2027, 2028). Import one year at a time.',
    );
    const impossible = await call(
      { format: 'json', text: JSON.stringify({ ...Y2027, daysOff: ['2027-02-29'] }, null, 2), apply: true },
      'en',
    );
    expect(!impossible.ok && impossible.error.fields?.text).toBe(
      'The date 2027-02-29 does not exist or is not written correctly (line 5).',
    );
    const malformed = await call({ format: 'json', text: '{"year": 2027,', apply: true });
    expect(!malformed.ok && malformed.error.fields?.text).toBe('这不是有效的 JSON 文件，请检查文件内容。');
    const notIcs = await call({ format: 'ics', text: JSON.stringify(Y2027), apply: true }, 'en');
    expect(!notIcs.ok && notIcs.error.fields?.text).toMatch(/not valid iCalendar/);
    // Over 1 MB: refused by the method's own limit before anything is parsed.
    const huge = await call({ format: 'json', text: 'x'.repeat(1024 * 1024 + 1), apply: true }, 'en');
    expect(!huge.ok && [huge.error.code, huge.error.fields]).toEqual([
      'invalid_input',
      { text: 'At most 1048576 characters.' },
    ]);
    // Control characters (and CR, the kernel's clean-text rule) are refused before the method runs.
    const control = await call({ format: 'ics', text: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', apply: true });
    expect(!control.ok && control.error.code).toBe('invalid_input');
    expect(settingsEvents(d)).toBe(0);
  });
});
