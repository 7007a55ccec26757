/**
 * Issue 14: the rollups (shared/domain/analysis/rollup.ts) answer exactly as
 * the facts do. Random facts rows of two branches are inserted, changed
 * (measures only, dimensions, the day) and deleted in random chunks, the
 * rollups kept by the deltas alone (head office's way: each case under its
 * branch and '*'); after every round, on SQLite and PostgreSQL (when
 * LOOPDESK_TEST_PG_URL is set):
 * - the rollup rows equal the rollups computed from scratch from the facts;
 * - the whole analysis with a rollup-first runner deep-equals the analysis
 *   over the facts alone, for random periods, all branches and each branch,
 *   and the rollups answered every grouping of it;
 * - groupings with a limit, other measure names and by day give the same rows.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { m0023_facts_rollup } from '../../electron/desk/db/migrations/0023_facts_rollup';
import { FACT_COLUMNS, NOT_NULL_COLUMNS, TEXT_COLUMNS } from '../../shared/domain/analysis/columns';
import type { GroupRow, Grouping } from '../../shared/domain/analysis/figures';
import { runAnalysis, TOTALS, type AnalysisRequest } from '../../shared/domain/analysis/report';
import {
  addRollupDelta,
  ROLLUP_KEY_COLUMNS,
  ROLLUP_MEASURE_COLUMNS,
  rollupChanges,
  rollupOf,
  type FactsRow,
  type RollupDelta,
} from '../../shared/domain/analysis/rollup';
import {
  compileFromRollup,
  rollupTableSql,
  rollupWriteStatements,
} from '../../shared/domain/analysis/rollupSql';
import {
  compileGrouping,
  readGroupRow,
  type CompiledGrouping,
  type Dialect,
} from '../../shared/domain/analysis/sql';
import { PG_SKIP_REASON, PG_URL } from './server-fixtures';

type Params = (string | number | null)[];
interface Db {
  dialect: Dialect;
  all(sql: string, params?: Params): Promise<Record<string, unknown>[]>;
  run(sql: string, params?: Params): Promise<void>;
}

const COLS = Object.values(FACT_COLUMNS);
const MS = new Set(['received_ms', 'handling_due_ms', 'result_due_ms']);

function factsDdl(dialect: Dialect): string {
  const text = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const cols = COLS.map((c) => {
    const type = TEXT_COLUMNS.has(c) ? text : MS.has(c) && dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    return `${c} ${type}${NOT_NULL_COLUMNS.has(c) ? ' NOT NULL' : ''}`;
  });
  return `CREATE TEMP TABLE case_facts (case_id ${text} PRIMARY KEY, branch ${text} NOT NULL, ${cols.join(', ')})`;
}

/** PostgreSQL's: the table as head office builds it from the shared columns (a temporary one here). */
const PG_ROLLUP_DDL = rollupTableSql('postgres').replace('CREATE TABLE', 'CREATE TEMP TABLE');

function sqliteDb(): Db {
  const d = new Database(':memory:');
  d.exec(factsDdl('sqlite'));
  m0023_facts_rollup.up(d); // the desk's table, as its migration makes it
  return {
    dialect: 'sqlite',
    all: async (sql, params = []) => d.prepare(sql).all(...params) as Record<string, unknown>[],
    run: async (sql, params = []) => void d.prepare(sql).run(...params),
  };
}

const pgClients: pg.Client[] = [];
afterAll(async () => {
  for (const c of pgClients.splice(0)) await c.end();
});

async function pgDb(): Promise<Db> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  pgClients.push(c);
  await c.query(factsDdl('postgres'));
  await c.query(PG_ROLLUP_DDL);
  return {
    dialect: 'postgres',
    all: async (sql, params = []) => (await c.query(sql, params)).rows as Record<string, unknown>[],
    run: async (sql, params = []) => void (await c.query(sql, params)),
  };
}

// ---- random facts ----------------------------------------------------------------------------

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick, int: (n: number) => Math.floor(next() * n) };
}
type Rng = ReturnType<typeof prng>;

/** 45 days from mid-December to the end of March, few enough that days and values repeat. */
const DAYS = Array.from({ length: 45 }, (_, i) =>
  new Date(Date.UTC(2025, 11, 15) + i * 2.4 * 86_400_000).toISOString().slice(0, 10),
);
const FLAG = [null, 0, 1] as const;

type Row = FactsRow & { case_id: string; branch: string };

/** The dimensions a change may touch, with their values (text with bytes above ASCII, and '' beside null). */
const DIM_VALUES: Partial<Record<keyof FactsRow, readonly (string | number | null)[]>> = {
  channel: ['counter', 'phone', 'web'],
  severity: ['normal', 'major'],
  gender: ['female', 'male', 'unknown'],
  returning_customer: [0, 1],
  region: [null, 'north', 'south', '东区', 'Zone'],
  complainant_type: [null, 'self', 'agent'],
  nature: [null, 'valid', 'invalid'],
  escalation_level: [null, 'supervisor', 'manager'],
  owner: ['u1', 'u2', 'u10', 'U3'],
  customer_level: [null, 'gold', 'silver'],
  shared_customer: FLAG,
  failure_point: [null, 'reception', 'delivery'],
  quality_gap: [null, 'standard_not_set'],
  responsible: [null, '', 'u1', 'u2'],
};
const MEASURE_VALUES: Partial<Record<keyof FactsRow, readonly (string | number | null)[]>> = {
  status: ['open', 'closed'],
  fcr: FLAG,
  escalation_justified: FLAG,
  malicious: [0, 1],
  entered_on_time: FLAG,
  handled_on_time: FLAG,
  result_on_time: FLAG,
  promise_kept: FLAG,
  callback_reached: [0, 1],
  satisfaction: [null, 1, 2, 3, 4, 5],
  is_repeat: [0, 1],
  imported: [0, 1],
};

function category(r: Rng): { category: string; main_category: string } {
  const main = r.pick(['bank', 'insurance', 'telecom', '保险']);
  return { main_category: main, category: `${main}.${r.pick(['fees', 'card', 'claim'])}` };
}

function randomRow(r: Rng, id: number): Row {
  const row = {
    case_id: `c${id}`,
    branch: r.pick(['GZ', 'SZ']),
    received_ms: r.int(1e12),
    received_day: r.pick(DAYS),
    ...category(r),
    handling_due_ms: r.next() < 0.5 ? null : r.int(1e12),
    result_due_ms: r.next() < 0.5 ? null : r.int(1e12),
  } as Record<string, string | number | null>;
  for (const [c, vs] of [...Object.entries(DIM_VALUES), ...Object.entries(MEASURE_VALUES)])
    row[c] = r.pick(vs!);
  return row as Row;
}

/** A change of a stored row: its measures only, a dimension or its category, or its day. */
function changed(r: Rng, before: Row): Row {
  const after: Record<string, string | number | null> = { ...before };
  const kind = r.int(4);
  const set = (vals: Partial<Record<keyof FactsRow, readonly (string | number | null)[]>>) => {
    const [c, vs] = r.pick(Object.entries(vals));
    after[c] = r.pick(vs!);
  };
  if (kind === 0) for (let i = 0; i < 3; i++) set(MEASURE_VALUES);
  else if (kind === 1) set(DIM_VALUES);
  else if (kind === 2) Object.assign(after, category(r));
  else after.received_day = r.pick(DAYS);
  return after as Row;
}

// ---- a replica: facts and rollups kept together -----------------------------------------------

const scopesOf = (row: Row) => [row.branch, '*'];
const factsOf = ({ case_id: _id, branch: _b, ...f }: Row): FactsRow => f as FactsRow;

class Replica {
  rows = new Map<string, Row>();
  pending: RollupDelta = new Map();
  constructor(readonly db: Db) {}

  async put(row: Row): Promise<void> {
    const before = this.rows.get(row.case_id) ?? null;
    const cols = ['case_id', 'branch', ...COLS];
    const ph = cols.map((_, i) => (this.db.dialect === 'postgres' ? `$${i + 1}` : '?'));
    await this.db.run(
      `INSERT INTO case_facts (${cols.join(', ')}) VALUES (${ph.join(', ')}) ON CONFLICT (case_id) DO UPDATE SET ${cols
        .slice(1)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`,
      cols.map((c) => (row as Record<string, string | number | null>)[c] ?? null),
    );
    this.rows.set(row.case_id, row);
    // A case never moves between branches, so one list of scopes serves before and after.
    addRollupDelta(this.pending, before && factsOf(before), factsOf(row), scopesOf(row));
  }

  async delete(id: string): Promise<void> {
    const before = this.rows.get(id)!;
    await this.db.run(
      `DELETE FROM case_facts WHERE case_id = ${this.db.dialect === 'postgres' ? '$1' : '?'}`,
      [id],
    );
    this.rows.delete(id);
    addRollupDelta(this.pending, factsOf(before), null, scopesOf(before));
  }

  async flush(perStatement: number): Promise<void> {
    for (const s of rollupWriteStatements(rollupChanges(this.pending), this.db.dialect, perStatement)) {
      await this.db.run(s.sql, s.params);
    }
    this.pending.clear();
  }

  async rollupRows() {
    const cols = [...ROLLUP_KEY_COLUMNS, ...ROLLUP_MEASURE_COLUMNS];
    const rows = await this.db.all(`SELECT ${cols.join(', ')} FROM facts_rollup`);
    return rows
      .map((r) => cols.map((c) => (ROLLUP_KEY_COLUMNS.includes(c as 'k0') ? String(r[c]) : Number(r[c]))))
      .sort(byText);
  }

  /** The rollups computed from scratch from the facts the table holds. */
  async expectedRollupRows() {
    const facts = (await this.db.all(`SELECT * FROM case_facts`)) as Row[];
    const cells: (string | number)[][] = [];
    const byBranch = new Map<string, FactsRow[]>();
    for (const f of facts) {
      const normal = Object.fromEntries(
        COLS.map((c) => [c, f[c] === null || TEXT_COLUMNS.has(c) ? f[c] : Number(f[c])]),
      ) as FactsRow;
      for (const s of scopesOf(f)) byBranch.set(s, [...(byBranch.get(s) ?? []), normal]);
    }
    for (const [scope, rows] of byBranch) {
      for (const c of rollupOf(rows, [scope])) {
        const m = ROLLUP_MEASURE_COLUMNS.map((_, i) => c.m[i] ?? 0);
        cells.push([c.scope, c.gset, c.day, c.k0, c.k1, ...m]);
      }
    }
    return cells.sort(byText);
  }

  runner(rollups: boolean, stats: { fromRollup: number; fromFacts: number }) {
    return async (g: Grouping): Promise<GroupRow[]> => {
      const fromRollup = rollups ? compileFromRollup(g, this.db.dialect, '*') : null;
      const c: CompiledGrouping = fromRollup ?? compileGrouping(g, this.db.dialect);
      if (fromRollup) stats.fromRollup++;
      else stats.fromFacts++;
      return (await this.db.all(c.sql, c.params)).map((r) => readGroupRow(g, r));
    };
  }
}

const byText = (a: unknown[], b: unknown[]) => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

function randomPeriod(r: Rng) {
  const a = r.int(DAYS.length - 1);
  const b = a + 1 + r.int(DAYS.length - a - 1);
  return { fromDay: DAYS[a]!, toDay: DAYS[b]! };
}

async function checkSame(rep: Replica, r: Rng): Promise<number> {
  // The rows themselves.
  expect(await rep.rollupRows()).toEqual(await rep.expectedRollupRows());
  let answered = 0;
  for (let i = 0; i < 4; i++) {
    const req: AnalysisRequest = {
      period: i === 0 ? { fromDay: '2025-01-01', toDay: '2027-01-01' } : randomPeriod(r),
      compare: r.next() < 0.5 ? randomPeriod(r) : null,
      where: r.pick([{}, {}, { branch: 'GZ' }, { branch: 'SZ' }, { branch: 'XX' }]),
    };
    const stats = { fromRollup: 0, fromFacts: 0 };
    const fromFacts = await runAnalysis({ run: rep.runner(false, { fromRollup: 0, fromFacts: 0 }) }, req);
    const fromRollup = await runAnalysis({ run: rep.runner(true, stats) }, req);
    expect(fromRollup).toEqual(fromFacts);
    // Every grouping of the unfiltered (or one branch's) analysis came from the rollups.
    expect(stats.fromFacts).toBe(0);
    answered += stats.fromRollup;
  }
  // Groupings the analysis does not issue as such: a limit with ties, another measure name, by day.
  const p = randomPeriod(r);
  const extra: Grouping[] = [
    { dims: ['owner'], measures: { n: { kind: 'count' } }, filter: { ...p }, limit: 2 },
    {
      dims: ['region'],
      measures: { cases: { kind: 'count' } },
      filter: { ...p, where: { branch: 'GZ' } },
      limit: 3,
    },
    {
      dims: ['returning', 'mainCategory'],
      measures: { cases: { kind: 'count' } },
      filter: { ...p },
      limit: 4,
    },
    { dims: ['day'], measures: { cases: TOTALS.cases!, satSum: TOTALS.satSum! }, filter: { ...p } },
    {
      dims: ['month'],
      measures: { closed: TOTALS.closed!, decided: TOTALS.decided! },
      filter: { ...p },
      limit: 2,
    },
    { dims: [], measures: { ...TOTALS }, filter: { ...p, where: { branch: 'SZ' } } },
  ];
  for (const g of extra) {
    const stats = { fromRollup: 0, fromFacts: 0 };
    const got = await rep.runner(true, stats)(g);
    expect(stats.fromRollup).toBe(1);
    expect(got).toEqual(await rep.runner(false, stats)(g));
  }
  return answered;
}

const ENGINES: { name: Dialect; skip: string | null; db: () => Promise<Db> }[] = [
  { name: 'sqlite', skip: null, db: async () => sqliteDb() },
  { name: 'postgres', skip: PG_URL ? null : PG_SKIP_REASON, db: pgDb },
];

for (const engine of ENGINES) {
  describe.skipIf(engine.skip !== null)(`rollups on ${engine.name}`, () => {
    if (engine.skip !== null) console.log(engine.skip);

    for (const seed of [1, 2, 3]) {
      it(`answer every grouping of the analysis as the facts do, through random inserts, changes and deletes (seed ${seed})`, async () => {
        const r = prng(seed);
        const rep = new Replica(await engine.db());
        let next = 0;
        // 250 cases in chunks of random size, each chunk's deltas merged before they are written.
        while (next < 250) {
          const n = 1 + r.int(60);
          for (let i = 0; i < n && next < 250; i++) await rep.put(randomRow(r, next++));
          await rep.flush(1 + r.int(60));
        }
        expect(await checkSame(rep, r)).toBeGreaterThan(0);
        for (let round = 0; round < 4; round++) {
          const ops = 40 + r.int(40);
          for (let i = 0; i < ops; i++) {
            const ids = [...rep.rows.keys()];
            const op = r.next();
            if (op < 0.7) await rep.put(changed(r, rep.rows.get(r.pick(ids))!));
            else if (op < 0.85) await rep.delete(r.pick(ids));
            else await rep.put(randomRow(r, next++));
            if (r.next() < 0.2) await rep.flush(1 + r.int(60));
          }
          await rep.flush(1 + r.int(60));
          await checkSame(rep, r);
        }
        // Every case deleted: no rollup row is left.
        for (const id of [...rep.rows.keys()]) await rep.delete(id);
        await rep.flush(50);
        expect(await rep.rollupRows()).toEqual([]);
      });
    }
  });
}
