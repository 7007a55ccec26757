/**
 * Library and settings writes on a desk enrolled as a counter desk (issue 12
 * review #4; electron/desk/kernel/deskRole.ts): head office refuses every
 * library and settings event such a desk pushes (server/store/libraryRules.ts,
 * settingsRules.ts), so the desk core refuses them first, saying why and where
 * to write instead, and stores nothing; likewise an administrator's or
 * supervisor's change of their own secret (server/store/staffRules.ts). A
 * supervisor desk, or one not enrolled yet, writes.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryItemView } from '../../shared/contract/methods/library';
import type { RulesView } from '../../shared/contract/methods/settings';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { DEFAULT_BRANCH_CALENDAR } from '../../shared/domain/settings/fold';
import { DB_FILE_NAME } from '../../electron/desk';
import { ENROLLED_ROLE_KEY } from '../../electron/desk/kernel/deskRole';
import type { Session, StaffSummary } from '../../shared/contract/methods/staff';
import { ADMIN, openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

type StaffRole = Parameters<typeof staffSession>[1];

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

/** A desk as enrolled with `role` (what the sync engine keeps in meta on enrolment). */
async function enrolledDesk(role: 'counter' | 'supervisor'): Promise<TestDesk> {
  return markEnrolled((t = await openTestDesk({ sync: false })), role);
}

/** Staff created on a desk before it enrolled (as declared at enrolment), then signed in. */
async function counterDeskWith<S extends [StaffRole, string][]>(
  ...staff: S
): Promise<[TestDesk, ...{ [K in keyof S]: Session }]> {
  const d = (t = await openTestDesk({ sync: false }));
  const sessions: Session[] = [];
  for (const [role, login] of staff) sessions.push(await staffSession(d, role, login));
  return [markEnrolled(d, 'counter'), ...(sessions as { [K in keyof S]: Session })];
}

function markEnrolled(d: TestDesk, role: 'counter' | 'supervisor'): TestDesk {
  const db = new Database(path.join(d.dir, DB_FILE_NAME));
  try {
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(ENROLLED_ROLE_KEY, role);
  } finally {
    db.close();
  }
  return d;
}

const events = (d: TestDesk) =>
  readDeskDb(d.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);

const ANSWER = { category: 'telecom', title: '未订购争议口径', text: '您好，我们先为您核实订购记录。' };

describe('a desk enrolled as a counter desk', () => {
  it('refuses a supervisor’s library writes, saying why, in zh-CN and English, storing nothing', async () => {
    const [d, sup] = await counterDeskWith(['supervisor', 'zhou']);
    const before = events(d);
    const writes: [string, unknown][] = [
      ['library.setAnswer', ANSWER],
      ['library.setPlan', { category: 'telecom', title: '批量误订预案', text: '1. 暂停扣费' }],
      [
        'library.writeEntry',
        {
          caseId: null,
          category: 'telecom',
          theme: '短信包误订',
          background: '客户否认订购',
          details: '核对订购记录',
          result: '退还当月费用',
          discussion: '先核实再答复',
        },
      ],
      ['library.retire', { itemId: '0193a1b2-c3d4-7e5f-8a9b-0000000000a1' }],
    ];
    for (const [method, input] of writes) {
      const zh = await d.call(method, input, sup.token, 'zh-CN');
      expect(zh.ok, method).toBe(false);
      if (zh.ok) continue;
      expect(zh.error.code, method).toBe('forbidden');
      expect(zh.error.message, method).toContain('本机登记为柜面设备');
      expect(zh.error.message, method).toContain('主管的设备上');
      const en = await d.call(method, input, sup.token, 'en');
      if (en.ok) throw new Error('expected a refusal');
      expect(en.error.message, method).toContain('enrolled as a counter desk');
      expect(en.error.message, method).toContain("Write it on a supervisor's desk");
    }
    expect(events(d)).toBe(before);
  });

  it('refuses an administrator’s calendar and deadline-rule changes the same way', async () => {
    const d = await enrolledDesk('counter');
    const before = events(d);
    const rules = await d.call(
      'settings.rules.set',
      { rules: { ...DEFAULT_DEADLINE_RULES, contactAttempts: 5 } },
      d.admin.token,
      'en',
    );
    if (rules.ok) throw new Error('expected a refusal');
    expect(rules.error.code).toBe('forbidden');
    expect(rules.error.message).toContain("Change them on a supervisor's desk");
    const cal = await d.call('settings.calendar.set', { calendar: DEFAULT_BRANCH_CALENDAR }, d.admin.token);
    if (cal.ok) throw new Error('expected a refusal');
    expect(cal.error.message).toContain('本机登记为柜面设备');
    expect(events(d)).toBe(before);
  });

  it('refuses a quality complaint’s responsibility decision the same way', async () => {
    const [d, sup] = await counterDeskWith(['supervisor', 'zhou']);
    const before = events(d);
    const input = {
      orderId: '0193a1b2-c3d4-7e5f-8a9b-0000000000b2',
      responsible: '维修组长',
      severity: 'major',
      note: '返工两次',
    };
    const zh = await d.call('order.decideResponsibility', input, sup.token, 'zh-CN');
    if (zh.ok) throw new Error('expected a refusal');
    expect(zh.error.code).toBe('forbidden');
    expect(zh.error.message).toContain('质量投诉责任认定');
    const en = await d.call('order.decideResponsibility', input, sup.token, 'en');
    if (en.ok) throw new Error('expected a refusal');
    expect(en.error.message).toContain("Decide it on a supervisor's desk");
    expect(events(d)).toBe(before);
  });

  it('refuses an administrator’s and a supervisor’s change of their own secret, and lets a clerk change theirs', async () => {
    // Head office refuses these from a counter desk (server/store/staffRules.ts): the other
    // desks would keep the old secret while this one took the new.
    const [d, sup, clerk] = await counterDeskWith(['supervisor', 'zhou'], ['counter', 'li']);
    const before = events(d);
    const change = (current: string) => ({ current, secretKind: 'pin', secret: '97531086' });
    for (const [who, current] of [
      [d.admin, ADMIN.secret],
      [sup, '135790'],
    ] as const) {
      const zh = await d.call('auth.changeSecret', change(current), who.token, 'zh-CN');
      if (zh.ok) throw new Error('expected a refusal');
      expect(zh.error.code).toBe('forbidden');
      expect(zh.error.message).toContain('管理员和主管的 PIN 或密码不能在柜面设备上修改');
      const en = await d.call('auth.changeSecret', change(current), who.token, 'en');
      if (en.ok) throw new Error('expected a refusal');
      expect(en.error.message).toContain("Change it on a supervisor's desk");
    }
    expect(events(d)).toBe(before);
    await d.must('auth.changeSecret', change('135790'), clerk.token);
    expect(events(d)).toBe(before + 1);
    await d.must('auth.signIn', { login: 'li', secret: '97531086' });
  });

  it('refuses every staff change but a clerk’s own secret: head office would refuse it, and no other desk would count the person', async () => {
    // Before, a QC inspector created here signed QC that only this desk counted (the server's
    // staffRules refuse the staff.created it pushes).
    const [d, clerk] = await counterDeskWith(['counter', 'li']);
    const before = events(d);
    const pin = { secretKind: 'pin', secret: '97531086' };
    const writes: [string, unknown][] = [
      ['staff.create', { name: '质检员', login: 'qc1', role: 'qc', ...pin }],
      ['staff.disable', { staffId: clerk.staff.id, reason: '离职' }],
      ['staff.changeRole', { staffId: clerk.staff.id, role: 'qc' }],
      ['staff.resetSecret', { staffId: clerk.staff.id, ...pin }],
    ];
    for (const [method, input] of writes) {
      const zh = await d.call(method, input, d.admin.token, 'zh-CN');
      if (zh.ok) throw new Error(`${method}: expected a refusal`);
      expect(zh.error.code, method).toBe('forbidden');
      expect(zh.error.message, method).toContain('总部不接收柜面设备写入的员工新增或变更');
      const en = await d.call(method, input, d.admin.token, 'en');
      if (en.ok) throw new Error(`${method}: expected a refusal`);
      expect(en.error.message, method).toContain("Do it on a supervisor's desk");
    }
    expect(events(d)).toBe(before);
    // Reading the staff list is no write.
    const listed = await d.must<StaffSummary[]>('staff.list', {}, d.admin.token);
    expect(listed.map((m) => m.login).sort()).toEqual([ADMIN.login, 'li'].sort());
  });
});

describe('a desk enrolled as a supervisor desk', () => {
  it('writes the library, the settings and the staff', async () => {
    const d = await enrolledDesk('supervisor');
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const a = await d.must<LibraryItemView>('library.setAnswer', ANSWER, sup.token);
    expect(a.kind).toBe('answer');
    const rules = { ...DEFAULT_DEADLINE_RULES, contactAttempts: 5 };
    const r = await d.must<RulesView>('settings.rules.set', { rules }, d.admin.token);
    expect(r.rules.contactAttempts).toBe(5);
    await staffSession(d, 'qc', 'qc1');
    await d.must(
      'auth.changeSecret',
      { current: ADMIN.secret, secretKind: 'pin', secret: '97531086' },
      d.admin.token,
    );
  });
});
