/**
 * Issue 14: the whole analysis (shared/domain/analysis/report.ts) over one
 * hand-computed fixture of facts rows, on SQLite and on PostgreSQL (when
 * LOOPDESK_TEST_PG_URL is set): every figure of AnalysisResult, the filters,
 * the business volume, and what is reported as not recorded rather than 0.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FACT_COLUMNS,
  NOT_NULL_COLUMNS,
  TEXT_COLUMNS,
  type FactColumn,
} from '../../shared/domain/analysis/columns';
import type { GroupRow, Grouping } from '../../shared/domain/analysis/figures';
import { runAnalysis, type AnalysisSources, type Period } from '../../shared/domain/analysis/report';
import { compileGrouping, readGroupRow, type Dialect } from '../../shared/domain/analysis/sql';
import { PG_SKIP_REASON, PG_URL } from './server-fixtures';

type Row = Partial<Record<FactColumn, string | number | null>>;

const BASE: Row = {
  received_ms: 0,
  channel: 'counter',
  severity: 'normal',
  gender: 'female',
  returning_customer: 0,
  imported: 0,
  status: 'open',
  malicious: 0,
  owner: 'u1',
  callback_reached: 0,
  is_repeat: 0,
};
const row = (day: string, category: string, r: Row): Row => ({
  ...BASE,
  received_day: day,
  category,
  main_category: category.split('.')[0]!,
  ...r,
});
const closed = { status: 'closed' };

// prettier-ignore
const ROWS: Row[] = [
  row('2026-01-03', 'bank.fees', { ...closed, fcr: 1, callback_reached: 1, satisfaction: 5, entered_on_time: 1, handled_on_time: 1, result_on_time: 1, promise_kept: 1 }),
  row('2026-01-05', 'bank.fees', { ...closed, gender: 'male', fcr: 0, callback_reached: 1, satisfaction: 3, entered_on_time: 1, handled_on_time: 0, result_on_time: 1, is_repeat: 1 }),
  row('2026-01-09', 'bank.card', { ...closed, fcr: 1, entered_on_time: 0, handled_on_time: 1, escalation_level: 'supervisor', escalation_justified: 1 }),
  row('2026-01-20', 'insurance.claim', { gender: 'male', entered_on_time: 1, escalation_level: 'supervisor', malicious: 1, responsible: 'u2', callback_reached: 1 }),
  row('2026-02-10', 'telecom.sms', { entered_on_time: 1, responsible: '', is_repeat: 1 }),
  row('2026-02-11', 'insurance.claim', { ...closed, imported: 1, fcr: 1, callback_reached: 1, satisfaction: 4, promise_kept: 0 }),
  row('2025-12-20', 'bank.fees', { ...closed, fcr: 1 }),
  row('2025-12-28', 'bank.fees', { ...closed, fcr: 0 }),
];

const COLS = Object.values(FACT_COLUMNS);
const DDL = `CREATE TEMP TABLE case_facts (${COLS.map(
  (c) => `${c} ${TEXT_COLUMNS.has(c) ? 'TEXT' : 'BIGINT'}${NOT_NULL_COLUMNS.has(c) ? ' NOT NULL' : ''}`,
).join(', ')})`;
const values = (r: Row) => COLS.map((c) => r[c] ?? null);

type Run = (g: Grouping) => Promise<GroupRow[]>;

function sqliteRun(): Run {
  const db = new Database(':memory:');
  db.exec(DDL);
  const insert = db.prepare(
    `INSERT INTO case_facts (${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`,
  );
  for (const r of ROWS) insert.run(...values(r));
  return async (g) => {
    const { sql, params } = compileGrouping(g, 'sqlite');
    return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map((r) => readGroupRow(g, r));
  };
}

const pgClients: pg.Client[] = [];
afterAll(async () => {
  for (const c of pgClients.splice(0)) await c.end();
});

async function pgRun(): Promise<Run> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  pgClients.push(c);
  await c.query(DDL);
  for (const r of ROWS) {
    await c.query(
      `INSERT INTO case_facts (${COLS.join(', ')}) VALUES (${COLS.map((_, i) => `$${i + 1}`).join(', ')})`,
      values(r),
    );
  }
  return async (g) => {
    const { sql, params } = compileGrouping(g, 'postgres');
    return (await c.query(sql, params)).rows.map((r: Record<string, unknown>) => readGroupRow(g, r));
  };
}

const JAN_FEB: Period = { fromDay: '2026-01-01', toDay: '2026-03-01' };
const DEC: Period = { fromDay: '2025-12-01', toDay: '2026-01-01' };

const ENGINES: { name: Dialect; skip: string | null; run: () => Promise<Run> }[] = [
  { name: 'sqlite', skip: null, run: async () => sqliteRun() },
  { name: 'postgres', skip: PG_URL ? null : PG_SKIP_REASON, run: pgRun },
];

for (const engine of ENGINES) {
  describe.skipIf(engine.skip !== null)(`the whole analysis on ${engine.name}`, () => {
    if (engine.skip !== null) console.log(engine.skip);

    it('gives every hand-computed figure of January and February against December', async () => {
      const sources: AnalysisSources = { run: await engine.run() };
      const a = await runAnalysis(sources, { period: JAN_FEB, compare: DEC });
      expect(a.totals).toEqual({ count: 6, compareCount: 2, growth: 2, perVolume: null });
      expect(a.categories.rows.map((r) => [r.key, r.count, r.cumulative])).toEqual([
        ['bank', 3, 0.5],
        ['insurance', 2, 5 / 6],
        ['telecom', 1, 1],
      ]);
      expect(a.categories.topThreeShare).toBe(1);
      expect(a.subcategories.map((s) => [s.main, s.rows.map((r) => [r.key, r.count, r.share])])).toEqual([
        [
          'bank',
          [
            ['bank.fees', 2, 2 / 3],
            ['bank.card', 1, 1 / 3],
          ],
        ],
        ['insurance', [['insurance.claim', 2, 1]]],
        ['telecom', [['telecom.sms', 1, 1]]],
      ]);
      expect(a.fcr).toEqual({ yes: 3, known: 4, rate: 0.75, compare: { yes: 1, known: 2, rate: 0.5 } });
      expect(a.trend).toEqual([
        { month: '2026-01', count: 4, fcr: { yes: 2, known: 3, rate: 2 / 3 } },
        { month: '2026-02', count: 2, fcr: { yes: 1, known: 1, rate: 1 } },
      ]);
      expect(a.repeats).toEqual({ count: 2, rate: 1 / 3 });
      expect(a.escalations).toEqual({ count: 2, reviewed: 1, justified: 1, justifiedShare: 1 });
      expect(a.malicious).toEqual({ count: 1 });
      expect(a.deadlines).toEqual({
        entered: { yes: 4, known: 5, rate: 0.8 },
        handled: { yes: 2, known: 3, rate: 2 / 3 },
        result: { yes: 2, known: 2, rate: 1 },
        promises: { yes: 1, known: 2, rate: 0.5 },
      });
      // The open case's reached callback (row 4) is not coverage: only closed cases count.
      expect(a.callbacks).toEqual({
        closed: 4,
        reached: 3,
        coverage: 0.75,
        satisfaction: { known: 3, average: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 } },
      });
      expect(a.accountability).toEqual({
        decided: 2,
        heldResponsible: 1,
        perPerson: [{ key: 'u2', count: 1, share: 1 }],
      });
      expect(a.breakdowns.gender).toEqual([
        { key: 'female', count: 4, share: 4 / 6 },
        { key: 'male', count: 2, share: 2 / 6 },
      ]);
      const gender = a.crossTabs.find((t) => t.rows === 'gender')!;
      expect(gender.cells.map((c) => [c.row, c.col, c.count, c.share])).toEqual([
        ['female', 'bank', 2, 0.5],
        ['female', 'insurance', 1, 0.25],
        ['female', 'telecom', 1, 0.25],
        ['male', 'bank', 1, 0.5],
        ['male', 'insurance', 1, 0.5],
      ]);
    });

    it('says what is not recorded instead of counting none', async () => {
      const a = await runAnalysis({ run: await engine.run() }, { period: JAN_FEB, compare: null });
      expect(a.unavailable).toEqual({
        'totals.perVolume': 'no_volume',
        'breakdowns.region': 'not_recorded',
        'breakdowns.customerLevel': 'not_recorded',
        'breakdowns.sharedCustomer': 'not_recorded',
        'breakdowns.complainantType': 'not_recorded',
        'breakdowns.nature': 'not_recorded',
        'breakdowns.failurePoint': 'not_recorded',
        'breakdowns.qualityGap': 'not_recorded',
      });
      expect(a.totals.growth).toBeNull();
      // No case escalated is a figure (all at the counter), not a gap in the record.
      const counterOnly = await runAnalysis(
        { run: await engine.run() },
        { period: JAN_FEB, compare: null, where: { gender: 'female', status: 'open' } },
      );
      expect(counterOnly.breakdowns.escalationLevel).toEqual([{ key: null, count: 1, share: 1 }]);
      expect(counterOnly.unavailable['breakdowns.escalationLevel']).toBeUndefined();
      // An empty period: nothing is "not recorded", every rate is null, never 0 or NaN.
      const empty = await runAnalysis(
        { run: await engine.run() },
        { period: { fromDay: '2027-01-01', toDay: '2027-02-01' }, compare: null },
      );
      expect(empty.totals.count).toBe(0);
      expect(empty.fcr.rate).toBeNull();
      expect(empty.callbacks.coverage).toBeNull();
      expect(empty.categories.topThreeShare).toBeNull();
      expect(Object.keys(empty.unavailable)).toEqual(['totals.perVolume']);
    });

    it('narrows every figure by the filters, and divides by the business volume of each period', async () => {
      const volume: AnalysisSources['volume'] = (p) =>
        p.fromDay === JAN_FEB.fromDay
          ? { unit: 'transactions', value: 20_000 }
          : { unit: 'transactions', value: 10_000 };
      const a = await runAnalysis({ run: await engine.run(), volume }, { period: JAN_FEB, compare: DEC });
      expect(a.totals.perVolume).toEqual({
        unit: 'transactions',
        per: 10_000,
        volume: 20_000,
        rate: 3,
        compareVolume: 10_000,
        compareRate: 2,
      });
      const men = await runAnalysis(
        { run: await engine.run() },
        { period: JAN_FEB, compare: DEC, where: { gender: 'male' } },
      );
      expect(men.totals.count).toBe(2);
      expect(men.totals.compareCount).toBe(0);
      expect(men.totals.growth).toBeNull();
      expect(men.categories.rows.map((r) => r.key)).toEqual(['bank', 'insurance']);
      const bank = await runAnalysis(
        { run: await engine.run() },
        { period: JAN_FEB, compare: DEC, where: { mainCategory: 'bank', status: 'closed' } },
      );
      expect([bank.totals.count, bank.totals.compareCount, bank.fcr.rate]).toEqual([3, 2, 2 / 3]);
    });
  });
}
