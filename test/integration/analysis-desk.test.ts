/**
 * Issue 14 at the desk: the `case_facts` row the case projector keeps with
 * every case row (features/cases/facts.ts, migration 0020) and `analysis.run`
 * over it (features/analysis/). A desk with cases made through DeskApi (closed,
 * escalated and reviewed, a repeat, callbacks with satisfaction, a comparison
 * month) gives figures equal to the hand-computed ones; the facts' repeat flag
 * follows the case row's, also when an earlier case synced in late makes a
 * stored case a repeat; a rebuild gives the same facts rows; a counter clerk is
 * refused; a bad period or an unknown dimension gets a message per field.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import { FACT_COLUMNS, NOT_NULL_COLUMNS, TEXT_COLUMNS } from '../../shared/domain/analysis/columns';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import {
  ADMIN,
  createCase,
  openTestDesk,
  readDeskDb,
  recordSteps,
  RemoteDevice,
  staffSession,
  type TestDesk,
} from './desk-fixtures';
import { clerkAndBoss, deskPerTest } from './case-desk-fixtures';

const openDesk = deskPerTest();

const DAY = 86_400_000;
/** 10:00 in Shanghai (the default calendar): the receipts' branch days are these dates. */
const FEB = Date.parse('2026-02-10T02:00:00Z');
const MAR = Date.parse('2026-03-10T02:00:00Z');

const MARCH = { fromDay: '2026-03-01', toDay: '2026-04-01' };
const FEBRUARY = { fromDay: '2026-02-01', toDay: '2026-03-01' };

const customer = (phone: string, gender: 'female' | 'male', returning = false) => ({
  name: `客户${phone.slice(-4)}`,
  phone,
  gender,
  returning,
});

/** Every facts row with its rowid, and the case rows' repeat flags beside the facts'. */
function factsDump(desk: TestDesk) {
  return readDeskDb(desk.dir, (db) => ({
    facts: db.prepare('SELECT rowid AS _rowid, * FROM case_facts ORDER BY rowid').all(),
    repeats: db
      .prepare(
        `SELECT c.id, c.repeat, f.is_repeat FROM cases c LEFT JOIN case_facts f ON f.case_id = c.id ORDER BY c.id`,
      )
      .all() as { id: string; repeat: number; is_repeat: number | null }[],
  }));
}

describe('case_facts at the desk', () => {
  it('has exactly the shared columns, their types and NOT NULLs, and an index on the receipt day', async () => {
    const desk = await openDesk();
    const { cols, indexes } = readDeskDb(desk.dir, (db) => ({
      cols: db.prepare('PRAGMA table_info(case_facts)').all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[],
      indexes: db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case_facts'`)
        .pluck()
        .all() as string[],
    }));
    expect(cols.map((c) => c.name)).toEqual(['case_id', ...Object.values(FACT_COLUMNS)]);
    expect(cols[0]).toMatchObject({ name: 'case_id', type: 'TEXT', pk: 1 });
    for (const c of cols.slice(1)) {
      const name = c.name as (typeof FACT_COLUMNS)[keyof typeof FACT_COLUMNS];
      expect([c.name, c.type]).toEqual([c.name, TEXT_COLUMNS.has(name) ? 'TEXT' : 'INTEGER']);
      expect([c.name, c.notnull]).toEqual([c.name, NOT_NULL_COLUMNS.has(name) ? 1 : 0]);
    }
    expect(indexes).toContain('case_facts_day');
  });

  it("keeps is_repeat equal to the case row's flag when an earlier case synced in late makes a stored case a repeat; a rebuild gives the same rows", async () => {
    const desk = await openDesk();
    const clerk = await staffSession(desk, 'counter', 'chen');
    const phone = '13800138000';
    const local = await createCase(desk, clerk.token, { customer: customer(phone, 'female', true) });
    expect(local.repeat).toBe(false);
    let dump = factsDump(desk);
    expect(dump.repeats).toEqual([{ id: local.id, repeat: 0, is_repeat: 0 }]);

    // An earlier case of the same customer, from another desk of the branch, 5 days before.
    const at = Date.now() - 5 * DAY;
    const dev = new RemoteDevice('dev-B', at, 'GZ');
    const earlierId = newId();
    const earlier = dev.opened(
      earlierId,
      1,
      {
        customer: customer(phone, 'female', true),
        category: 'banking.cards',
        receivedAt: new Date(at).toISOString(),
      },
      formatHlc(at, 0),
    );
    expect(desk.core.appendEvents([earlier]).accepted).toBe(1);
    expect((await desk.must<CaseDetail>('case.get', { caseId: local.id }, clerk.token)).repeat).toBe(true);
    dump = factsDump(desk);
    expect(dump.repeats).toHaveLength(2);
    for (const r of dump.repeats) expect(r.is_repeat).toBe(r.repeat);
    expect(dump.repeats.find((r) => r.id === local.id)?.is_repeat).toBe(1);
    expect(dump.repeats.find((r) => r.id === earlierId)?.is_repeat).toBe(0);

    desk.core.rebuild();
    expect(factsDump(desk)).toEqual(dump);
  });
});

describe('analysis.run', () => {
  it('gives the hand-computed figures of a month against the one before', async () => {
    const clock = { t: FEB - 3_600_000 };
    const desk = await openTestDesk({ now: () => clock.t });
    try {
      let { clerk, boss } = await clerkAndBoss(desk);
      // February: two cases (the comparison period).
      clock.t = FEB;
      await createCase(desk, clerk.token, { customer: customer('13700000001', 'male') });
      await createCase(desk, clerk.token, { customer: customer('13700000002', 'female') });

      // March: five cases (signed in again: a month later the sessions have expired).
      clock.t = MAR;
      const signIn = (login: string) => desk.must<Session>('auth.signIn', { login, secret: '135790' });
      [clerk, boss] = [await signIn('li'), await signIn('zhou')];
      const c1 = await createCase(desk, clerk.token, { customer: customer('13800138000', 'female', true) });
      await recordSteps(desk, clerk.token, c1.id, 6);
      const c2 = await createCase(desk, clerk.token, {
        customer: customer('13900000002', 'male'),
        channel: 'phone',
      });
      clock.t += 60_000;
      // The same customer as c1, a minute later: a repeat.
      const c3 = await createCase(desk, clerk.token, {
        customer: customer('13800138000', 'female', true),
        category: 'banking.cards',
      });
      expect(c3.repeat).toBe(true);
      const c4 = await createCase(desk, clerk.token, {
        customer: customer('13900000004', 'male'),
        category: 'telecom.billing',
      });
      const c5 = await createCase(desk, clerk.token, {
        customer: customer('13900000005', 'female'),
        category: 'telecom.billing',
      });
      clock.t += 3_600_000;
      // Escalated by the clerk, reviewed as justified by the supervisor.
      const esc = await desk.must<CaseDetail>(
        'case.escalate',
        {
          caseId: c4.id,
          level: 'supervisor',
          canEmployeeSolve: false,
          canSolveOnSite: false,
          rootCause: 'policy',
          reason: '超出柜面权限，需要调整资费政策',
        },
        clerk.token,
      );
      await desk.must(
        'case.reviewEscalation',
        {
          caseId: c4.id,
          escalationId: esc.escalation?.steps[0]?.eventId ?? '',
          justified: true,
          comment: '确需调整资费政策',
        },
        boss.token,
      );
      // Three closed: c1 through its steps, c2 and c5 closed early by the supervisor.
      await desk.must('case.close', { caseId: c1.id, nature: 'valid' }, clerk.token);
      for (const c of [c2, c5]) {
        await desk.must(
          'case.close',
          { caseId: c.id, nature: 'valid', overrideReason: '客户撤诉' },
          boss.token,
        );
      }
      clock.t += 3_600_000;
      const callback = (caseId: string, outcome: string, satisfaction: number | null) =>
        desk.must(
          'case.callback.record',
          { caseId, outcome, reachedWho: outcome === 'reached' ? '客户本人' : '', satisfaction },
          clerk.token,
        );
      await callback(c1.id, 'reached', 5);
      await callback(c2.id, 'reached', 3);
      await callback(c5.id, 'no_answer', null);

      const fcrYes = (
        await desk.must<{ items: unknown[] }>('case.list', { fcr: true, limit: 200 }, boss.token)
      ).items.length;

      const a = await desk.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: FEBRUARY },
        boss.token,
      );
      expect(a.period).toEqual(MARCH);
      expect(a.totals).toEqual({ count: 5, compareCount: 2, growth: 1.5, perVolume: null });
      expect(a.categories).toEqual({
        total: 5,
        rows: [
          { key: 'banking', count: 3, share: 0.6, cumulative: 0.6 },
          { key: 'telecom', count: 2, share: 0.4, cumulative: 1 },
        ],
        topThreeShare: 1,
      });
      expect(a.subcategories).toEqual([
        {
          main: 'banking',
          count: 3,
          rows: [
            { key: 'banking.fees', count: 2, share: 2 / 3 },
            { key: 'banking.cards', count: 1, share: 1 / 3 },
          ],
        },
        { main: 'telecom', count: 2, rows: [{ key: 'telecom.billing', count: 2, share: 1 }] },
      ]);
      expect(a.breakdowns.gender).toEqual([
        { key: 'female', count: 3, share: 0.6 },
        { key: 'male', count: 2, share: 0.4 },
      ]);
      expect(a.breakdowns.channel).toEqual([
        { key: 'walk_in', count: 4, share: 0.8 },
        { key: 'phone', count: 1, share: 0.2 },
      ]);
      expect(a.breakdowns.returning).toEqual([
        { key: 0, count: 3, share: 0.6 },
        { key: 1, count: 2, share: 0.4 },
      ]);
      expect(a.breakdowns.escalationLevel).toEqual([
        { key: null, count: 4, share: 0.8 },
        { key: 'supervisor', count: 1, share: 0.2 },
      ]);
      expect(a.breakdowns.owner).toEqual([{ key: clerk.staff.id, count: 5, share: 1 }]);
      // Women: banking 2 of 3 (c1, c3), telecom 1 (c5); men: banking 1 (c2), telecom 1 (c4).
      expect(a.crossTabs[0]).toEqual({
        rows: 'gender',
        cols: 'mainCategory',
        cells: [
          { row: 'female', col: 'banking', count: 2, share: 2 / 3 },
          { row: 'female', col: 'telecom', count: 1, share: 1 / 3 },
          { row: 'male', col: 'banking', count: 1, share: 0.5 },
          { row: 'male', col: 'telecom', count: 1, share: 0.5 },
        ],
      });
      expect(a.repeats).toEqual({ count: 1, rate: 0.2 });
      expect(a.escalations).toEqual({ count: 1, reviewed: 1, justified: 1, justifiedShare: 1 });
      expect(a.malicious).toEqual({ count: 0 });
      // FCR is known for the three closed cases; how many were resolved at first contact, the case list says too.
      expect(a.fcr).toMatchObject({ yes: fcrYes, known: 3, compare: { yes: 0, known: 0, rate: null } });
      expect(a.trend).toEqual([
        { month: '2026-03', count: 5, fcr: { yes: fcrYes, known: 3, rate: fcrYes / 3 } },
      ]);
      expect(a.callbacks).toEqual({
        closed: 3,
        reached: 2,
        coverage: 2 / 3,
        satisfaction: { known: 2, average: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 1 } },
      });
      // Entered at receipt: every case on time.
      expect(a.deadlines.entered).toEqual({ yes: 5, known: 5, rate: 1 });
      expect(a.accountability).toEqual({ decided: 0, heldResponsible: 0, perPerson: [] });
      expect(a.unavailable).toEqual({
        'totals.perVolume': 'no_volume',
        'breakdowns.region': 'not_recorded',
        'breakdowns.customerLevel': 'not_recorded',
        'breakdowns.sharedCustomer': 'not_recorded',
        'breakdowns.failurePoint': 'not_recorded',
        'breakdowns.qualityGap': 'not_recorded',
        accountability: 'not_recorded',
      });
      // Repair KPIs only where the shop has work orders: this desk never took one.
      expect(a.repair).toBeUndefined();

      // A filter shared with the case list; the desk's own branch is every case; another branch none.
      const banking = await desk.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: null, where: { mainCategory: 'banking' } },
        boss.token,
      );
      expect(banking.totals.count).toBe(3);
      expect(banking.breakdowns.gender.map((r) => [r.key, r.count])).toEqual([
        ['female', 2],
        ['male', 1],
      ]);
      const own = await desk.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: FEBRUARY, where: { branch: 'GZ' } },
        boss.token,
      );
      expect(own).toEqual({ ...a, where: { branch: 'GZ' } });
      const other = await desk.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: FEBRUARY, where: { branch: 'SZ' } },
        boss.token,
      );
      expect(other.where).toEqual({ branch: 'SZ' });
      expect(other.totals).toEqual({ count: 0, compareCount: 0, growth: null, perVolume: null });
      expect(other.categories.rows).toEqual([]);
      // The administrator may ask too.
      const byAdmin = await desk.must<AnalysisResult>(
        'analysis.run',
        { period: MARCH, compare: null },
        (await desk.must<Session>('auth.signIn', { login: ADMIN.login, secret: ADMIN.secret })).token,
      );
      expect(byAdmin.totals.count).toBe(5);

      // A rebuild writes the same facts rows.
      const before = factsDump(desk);
      expect(before.facts).toHaveLength(7);
      for (const r of before.repeats) expect(r.is_repeat).toBe(r.repeat);
      desk.core.rebuild();
      expect(factsDump(desk)).toEqual(before);
    } finally {
      desk.close();
    }
  });

  it('refuses a counter clerk, and a bad period or an unknown dimension with a message per field', async () => {
    const desk = await openDesk();
    const { clerk, boss } = await clerkAndBoss(desk);
    const forbidden = await desk.call('analysis.run', { period: MARCH, compare: null }, clerk.token, 'en');
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const empty = await desk.call(
      'analysis.run',
      { period: { fromDay: '2026-03-10', toDay: '2026-03-10' }, compare: null },
      boss.token,
      'en',
    );
    expect(empty).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: {
          'period.toDay':
            'The end day must come after the start day (a period includes its start day, not its end day).',
        },
      },
    });
    const zh = await desk.call(
      'analysis.run',
      { period: MARCH, compare: { fromDay: '2020-01-01', toDay: '2026-01-01' } },
      boss.token,
    );
    expect(zh).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'compare.toDay': '统计区间最长五年。' } },
    });
    const unknown = await desk.call(
      'analysis.run',
      { period: MARCH, compare: null, where: { colour: 'red' } },
      boss.token,
      'en',
    );
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { 'where.colour': 'This field is not allowed.' } },
    });
    const badDay = await desk.call(
      'analysis.run',
      { period: { fromDay: '2026-3-1', toDay: '2026-04-01' }, compare: null },
      boss.token,
      'en',
    );
    expect(badDay).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((badDay as { error: { fields: Record<string, string> } }).error.fields['period.fromDay']).toBe(
      'Enter a day on the calendar as YYYY-MM-DD (for example 2026-03-01).',
    );
    // A day the calendar does not have is refused the same way, not read as 1 March.
    const noSuchDay = await desk.call(
      'analysis.run',
      { period: { fromDay: '2026-02-30', toDay: '2026-04-01' }, compare: null },
      boss.token,
      'en',
    );
    expect((noSuchDay as { error: { fields: Record<string, string> } }).error.fields['period.fromDay']).toBe(
      'Enter a day on the calendar as YYYY-MM-DD (for example 2026-03-01).',
    );
  });
});

describe('the monthly trend', () => {
  it('lists every month of the period, one without complaints as 0', async () => {
    const clock = { t: MAR };
    const t = await openTestDesk({ now: () => clock.t });
    try {
      const { boss } = await clerkAndBoss(t);
      await createCase(t, boss.token, {
        receivedAt: '2026-01-12T02:00:00.000Z',
        lateReason: '补录纸质登记',
        reason: '补录纸质登记',
      });
      await createCase(t, boss.token, { customer: customer('13900000009', 'male') });
      const a = await t.must<AnalysisResult>(
        'analysis.run',
        { period: { fromDay: '2026-01-01', toDay: '2026-04-01' }, compare: null },
        boss.token,
      );
      expect(a.trend.map((m) => [m.month, m.count, m.fcr.rate])).toEqual([
        ['2026-01', 1, null],
        ['2026-02', 0, null],
        ['2026-03', 1, null],
      ]);
    } finally {
      t.close();
    }
  });
});
