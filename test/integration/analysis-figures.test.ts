/**
 * Issue 14: the analysis groupings (shared/domain/analysis/) give the
 * hand-computed figures of one fixture, on SQLite and on PostgreSQL (when
 * LOOPDESK_TEST_PG_URL is set), from the same compiled definition: totals,
 * growth against the comparison period, the Pareto of main categories with
 * the top three's share, FCR and satisfaction, a gender × category cross-tab
 * with shares within each gender, and filters.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { growthRate, pareto, perVolume, rate, sharesWithinRows } from '../../shared/domain/analysis/compute';
import { groupingProblem, type GroupRow, type Grouping } from '../../shared/domain/analysis/figures';
import { compileGrouping, readGroupRow, type Dialect } from '../../shared/domain/analysis/sql';
import { PG_SKIP_REASON, PG_URL } from './server-fixtures';

type Fact = [
  day: string,
  main: string,
  gender: string,
  returning: 0 | 1,
  fcr: 0 | 1 | null,
  sat: number | null,
  branch: string,
];

// prettier-ignore
const FACTS: Fact[] = [
  ['2026-01-05', 'banking',   'female',  1, 1,    5,    'GZ'],
  ['2026-01-06', 'banking',   'male',    0, 1,    4,    'GZ'],
  ['2026-01-10', 'banking',   'female',  0, 0,    null, 'GZ'],
  ['2026-01-12', 'insurance', 'female',  1, null, null, 'GZ'],
  ['2026-01-15', 'banking',   'unknown', 1, 1,    4,    'GZ'],
  ['2026-01-18', 'telecom',   'male',    0, 0,    1,    'SZ'],
  ['2026-01-20', 'insurance', 'male',    0, 1,    3,    'SZ'],
  ['2026-01-31', 'property',  'female',  0, 1,    5,    'SZ'],
  ['2026-02-01', 'banking',   'male',    1, 0,    2,    'GZ'],
  ['2026-02-03', 'telecom',   'female',  0, 1,    null, 'GZ'],
  ['2025-12-15', 'insurance', 'male',    0, 1,    null, 'GZ'],
  ['2025-12-31', 'banking',   'female',  0, 1,    null, 'GZ'],
];

const COLUMNS = 'received_day, main_category, gender, returning_customer, fcr, satisfaction, branch';
const DDL = `CREATE TEMP TABLE case_facts (received_day TEXT NOT NULL, main_category TEXT NOT NULL, gender TEXT NOT NULL,
  returning_customer INTEGER NOT NULL, fcr INTEGER, satisfaction INTEGER, branch TEXT NOT NULL)`;

type Run = (g: Grouping) => Promise<GroupRow[]>;

const JAN = { fromDay: '2026-01-01', toDay: '2026-02-01' };
const DEC = { fromDay: '2025-12-01', toDay: '2026-01-01' };

function sqliteRun(): Run {
  const db = new Database(':memory:');
  db.exec(DDL);
  const insert = db.prepare(`INSERT INTO case_facts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const f of FACTS) insert.run(...f);
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
  for (const f of FACTS) {
    await c.query(`INSERT INTO case_facts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, f);
  }
  return async (g) => {
    const { sql, params } = compileGrouping(g, 'postgres');
    return (await c.query(sql, params)).rows.map((r: Record<string, unknown>) => readGroupRow(g, r));
  };
}

const ENGINES: { name: Dialect; skip: string | null; run: () => Promise<Run> }[] = [
  { name: 'sqlite', skip: null, run: async () => sqliteRun() },
  { name: 'postgres', skip: PG_URL ? null : PG_SKIP_REASON, run: pgRun },
];

for (const engine of ENGINES) {
  describe.skipIf(engine.skip !== null)(`analysis figures on ${engine.name}`, () => {
    if (engine.skip !== null) console.log(engine.skip);

    it('count and growth against December: 8 against 2, +300 %', async () => {
      const run = await engine.run();
      const [jan] = await run({ dims: [], measures: { cases: { kind: 'count' } }, filter: JAN });
      const [dec] = await run({ dims: [], measures: { cases: { kind: 'count' } }, filter: DEC });
      expect(jan?.values.cases).toBe(8);
      expect(dec?.values.cases).toBe(2);
      expect(growthRate(jan!.values.cases!, dec!.values.cases!)).toBe(3);
    });

    it('the Pareto of main categories: banking half, the top three 87.5 %, ties by name', async () => {
      const run = await engine.run();
      const rows = await run({ dims: ['mainCategory'], measures: { cases: { kind: 'count' } }, filter: JAN });
      expect(rows.map((r) => [r.keys[0], r.values.cases])).toEqual([
        ['banking', 4],
        ['insurance', 2],
        ['property', 1],
        ['telecom', 1],
      ]);
      const p = pareto(rows.map((r) => ({ key: r.keys[0], count: r.values.cases! })));
      expect(p.rows.map((r) => [r.key, r.share, r.cumulative])).toEqual([
        ['banking', 0.5, 0.5],
        ['insurance', 0.25, 0.75],
        ['property', 0.125, 0.875],
        ['telecom', 0.125, 1],
      ]);
      expect(p.topThreeShare).toBe(0.875);
    });

    it('FCR over the cases that have one (the open case left out): 5 of 7; satisfaction 22 over 6, two fives', async () => {
      const run = await engine.run();
      const [r] = await run({
        dims: [],
        measures: {
          fcrYes: { kind: 'yes', flag: 'fcr' },
          fcrKnown: { kind: 'known', flag: 'fcr' },
          satKnown: { kind: 'known', flag: 'satisfaction' },
          satSum: { kind: 'sum', fact: 'satisfaction' },
          satFive: { kind: 'equals', fact: 'satisfaction', value: 5 },
        },
        filter: JAN,
      });
      expect(r?.values).toEqual({ fcrYes: 5, fcrKnown: 7, satKnown: 6, satSum: 22, satFive: 2 });
      expect(rate(r!.values.fcrYes!, r!.values.fcrKnown!)).toBeCloseTo(5 / 7, 12);
    });

    it('gender × main category, with each category’s share among women and among men', async () => {
      const run = await engine.run();
      const rows = await run({
        dims: ['gender', 'mainCategory'],
        measures: { cases: { kind: 'count' } },
        filter: JAN,
      });
      const cells = sharesWithinRows(
        rows.map((r) => ({ row: r.keys[0], col: r.keys[1], count: r.values.cases! })),
      );
      const of = (g: string) => cells.filter((c) => c.row === g).map((c) => [c.col, c.count, c.share]);
      expect(of('female')).toEqual([
        ['banking', 2, 0.5],
        ['insurance', 1, 0.25],
        ['property', 1, 0.25],
      ]);
      expect(of('male')).toEqual([
        ['banking', 1, 1 / 3],
        ['insurance', 1, 1 / 3],
        ['telecom', 1, 1 / 3],
      ]);
      expect(of('unknown')).toEqual([['banking', 1, 1]]);
    });

    it('filters: one branch, returning customers, and a top-two limit', async () => {
      const run = await engine.run();
      const count = async (where: Grouping['filter']['where']) =>
        (await run({ dims: [], measures: { cases: { kind: 'count' } }, filter: { ...JAN, where } }))[0]
          ?.values.cases;
      expect(await count({ branch: 'SZ' })).toBe(3);
      expect(await count({ returning: 1 })).toBe(3);
      expect(await count({ branch: 'GZ', mainCategory: 'banking' })).toBe(4);
      const top = await run({
        dims: ['mainCategory'],
        measures: { cases: { kind: 'count' } },
        filter: JAN,
        limit: 2,
      });
      expect(top.map((r) => r.keys[0])).toEqual(['banking', 'insurance']);
    });
  });
}

describe('a grouping is checked before any SQL is built', () => {
  it('refuses unknown dimensions, three dimensions, bad days, an empty period and odd measure names', () => {
    const ok: Grouping = { dims: ['gender'], measures: { cases: { kind: 'count' } }, filter: JAN };
    expect(groupingProblem(ok)).toBeNull();
    expect(groupingProblem({ ...ok, dims: ['gender', 'channel', 'nature'] })).toMatch(/two/);
    expect(groupingProblem({ ...ok, dims: ['password' as never] })).toMatch(/unknown dimension/);
    const hostile = { 'x; DROP TABLE case_facts': 1 } as Grouping['filter']['where'];
    expect(groupingProblem({ ...ok, filter: { ...JAN, where: hostile } })).toMatch(/unknown dimension/);
    expect(groupingProblem({ ...ok, filter: { fromDay: '2026-1-1', toDay: '2026-02-01' } })).toMatch(/YYYY/);
    expect(groupingProblem({ ...ok, filter: { fromDay: '2026-02-01', toDay: '2026-02-01' } })).toMatch(
      /empty/,
    );
    expect(groupingProblem({ ...ok, measures: { 'a b': { kind: 'count' } } })).toMatch(/measure name/);
    expect(() => compileGrouping({ ...ok, dims: ['password' as never] }, 'sqlite')).toThrow(RangeError);
  });

  it('every value is a parameter: a hostile value never reaches the statement text', () => {
    const { sql, params } = compileGrouping(
      {
        dims: [],
        measures: { cases: { kind: 'count' } },
        filter: { ...JAN, where: { owner: "x' OR 1=1 --" } },
      },
      'postgres',
    );
    expect(sql).not.toContain('OR 1=1');
    expect(sql).toContain('owner = $3');
    expect(params).toEqual(['2026-01-01', '2026-02-01', "x' OR 1=1 --"]);
  });
});

describe('a figure with nothing to divide by is null, not 0 or Infinity', () => {
  it('growth from none, a rate of no known case, per volume without a volume, a Pareto of no case', () => {
    expect(growthRate(5, 0)).toBeNull();
    expect(growthRate(0, 4)).toBe(-1);
    expect(rate(0, 0)).toBeNull();
    expect(perVolume(12, null)).toBeNull();
    expect(perVolume(12, 0)).toBeNull();
    // 12 complaints on 300 million yuan of premium: 4 per 100 million.
    expect(perVolume(12, 3, 1)).toBe(4);
    expect(pareto([]).topThreeShare).toBeNull();
  });
});
