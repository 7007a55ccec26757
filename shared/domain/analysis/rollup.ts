/**
 * Rollups of the facts (issue 14; docs/analysis.md "Rollups", decision 0043):
 * per receipt day, the totals of every measure of the period's totals row,
 * and the case count of every value (or pair of values) of each dimension
 * the analysis groups by. A replica keeps them in `facts_rollup` beside
 * `case_facts`, changing them by the difference each facts row makes
 * (`addRollupDelta`), so the analysis of a year reads a few rows per day and
 * value (`compileFromRollup`) instead of every case of the year; a grouping
 * the rollups cannot answer (a filter, a dimension or a measure they do not
 * keep) is compiled over `case_facts` as before (./sql.ts). The SQL that
 * writes and reads the rows is in ./rollupSql.ts.
 *
 * One definition for every engine: the desk (SQLite) writes scope '' (its
 * branch's cases); head office writes each case under its branch's code and
 * under '*' (every branch), so "all branches" reads as few rows as one.
 *
 * The answers are those of the facts, row for row: keys are stored as text
 * that is never null (null → '', a value v → 'v' + v) and so sorts, byte by
 * byte, as the facts query orders its keys (nulls first, then the value's
 * text), and decodes back to the same value and type (integers for the
 * integer dimensions); measures are sums of what each case adds to them, so
 * the sum over a period's days is the facts' count. A row whose case count
 * falls to 0 is deleted, so incremental upkeep and a rebuild give the same rows.
 *
 * Changing GSETS or the measures of report.ts's TOTALS changes what the rows
 * hold: it needs a migration (a new column) and a rebuild of the rows (the
 * case projection's version), which test/unit/analysisRollup.test.ts pins.
 * Runtime-neutral and pure.
 */
import { TEXT_COLUMNS, type FactColumn } from './columns';
import { DIMENSIONS, FLAGS, NUMBERS, type Dimension, type Measure } from './figures';
import { BREAKDOWNS, CROSS_TABS, TOTALS } from './report';

/**
 * A `case_facts` row keyed by column (shared/domain/analysis/columns.ts
 * factsRow). Integer facts must be numbers: a replica reading a row back
 * from a driver that returns 64-bit integers as text converts them first.
 */
export type FactsRow = Record<FactColumn, string | number | null>;

export const ROLLUP_TABLE = 'facts_rollup';

/** A grouping set: the dimensions its rows are keyed by (k0, k1), and its id in the `gset` column. */
export interface GroupingSet {
  id: string;
  dims: readonly Dimension[];
}

const SINGLE: readonly Dimension[] = [...new Set<Dimension>(['mainCategory', 'responsible', ...BREAKDOWNS])];
const PAIRS: readonly (readonly [Dimension, Dimension])[] = [['mainCategory', 'category'], ...CROSS_TABS];

/**
 * '' holds the totals of every measure per day; every other set holds case
 * counts per day and value: each dimension and pair of dimensions the
 * analysis (report.ts runAnalysis) groups by.
 */
export const GSETS: readonly GroupingSet[] = [
  { id: '', dims: [] },
  ...SINGLE.map((d) => ({ id: d, dims: [d] })),
  ...PAIRS.map((p) => ({ id: p.join(','), dims: p })),
];

/** The measures a totals row keeps, in column order (count first: `m_cases`). */
export const ROLLUP_MEASURES: readonly (readonly [string, Measure])[] = Object.entries(TOTALS).sort(
  ([a], [b]) => (a === 'cases' ? -1 : b === 'cases' ? 1 : 0),
);
if (ROLLUP_MEASURES[0]?.[1].kind !== 'count') throw new Error('rollup: TOTALS must count cases as `cases`');

/** A measure's column: m_ and its name in snake case (fcrYes → m_fcr_yes). */
export function measureColumn(name: string): string {
  return `m_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

/** The key columns, then one column per measure (m_cases first). */
export const ROLLUP_KEY_COLUMNS = ['scope', 'gset', 'day', 'k0', 'k1'] as const;
export const ROLLUP_MEASURE_COLUMNS: readonly string[] = ROLLUP_MEASURES.map(([n]) => measureColumn(n));

/** A measure's definition as canonical text (key order does not matter). */
export function canonical(m: Measure): string {
  const sort = (v: unknown): unknown =>
    v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, x]) => [k, sort(x)]),
        )
      : v;
  return JSON.stringify(sort(m));
}
/** Each kept measure's column, by its canonical definition (./rollupSql.ts reads a grouping's measures by it). */
export const COLUMN_OF = new Map(ROLLUP_MEASURES.map(([n, m]) => [canonical(m), measureColumn(n)]));

// ---- keys ----------------------------------------------------------------------------------

/** A dimension's value as stored in k0/k1: '' for null, else 'v' and the value's text. */
export function encodeKey(v: string | number | null): string {
  return v === null ? '' : `v${String(v)}`;
}

/** Integer dimensions decode to numbers, the rest to text. */
export function numericDim(d: Dimension): boolean {
  return !TEXT_COLUMNS.has(DIMENSIONS[d] as FactColumn) && d !== 'month';
}

export function decodeKey(d: Dimension, k: string): string | number | null {
  return k === '' ? null : numericDim(d) ? Number(k.slice(1)) : k.slice(1);
}

// ---- deltas --------------------------------------------------------------------------------

/** One rollup row's change: add `m` (totals: every measure in ROLLUP_MEASURES order; count sets: [cases]). */
export interface RollupCell {
  scope: string;
  gset: string;
  day: string;
  k0: string;
  k1: string;
  m: number[];
}

/** Changes merged by row (a projector's flush writes each row once). */
export type RollupDelta = Map<string, RollupCell>;

type Value = string | number | null;
/** How to read a dimension from a facts row (month: the day's first 7 characters). */
function reader(d: Dimension): (f: FactsRow) => Value {
  if (d === 'month') return (f) => String(f.received_day).slice(0, 7);
  const col = DIMENSIONS[d];
  return (f) => (f as Record<string, Value>)[col] ?? null;
}

/** What one facts row adds to a measure (as the SQL of ./sql.ts counts it), resolved once per measure. */
function contribution(m: Measure): (f: FactsRow) => number {
  switch (m.kind) {
    case 'count':
      return () => 1;
    case 'yes': {
      const col = FLAGS[m.flag];
      if (m.when === undefined) return (f) => (f[col] === 1 ? 1 : 0);
      const dim = reader(m.when.dim);
      const value = m.when.value;
      return (f) => (f[col] === 1 && dim(f) === value ? 1 : 0);
    }
    case 'known': {
      const col =
        m.flag in FLAGS ? FLAGS[m.flag as keyof typeof FLAGS] : NUMBERS[m.flag as keyof typeof NUMBERS];
      return (f) => (f[col] === null ? 0 : 1);
    }
    case 'equals': {
      const col = NUMBERS[m.fact];
      return (f) => (f[col] === m.value ? 1 : 0);
    }
    case 'sum': {
      const col = NUMBERS[m.fact];
      return (f) => {
        const v = f[col];
        return typeof v === 'number' ? v : 0;
      };
    }
    case 'is': {
      const dim = reader(m.dim);
      return (f) => (dim(f) === m.value ? 1 : 0);
    }
    case 'present': {
      const dim = reader(m.dim);
      return (f) => (dim(f) === null ? 0 : 1);
    }
  }
}

const MEASURE_FNS = ROLLUP_MEASURES.map(([, m]) => contribution(m));
const totalsOf = (f: FactsRow): number[] => MEASURE_FNS.map((fn) => fn(f));

/** Each grouping set's key readers. */
const SET_READERS = GSETS.map((g) => g.dims.map(reader));
const NONE = () => null;

function keysOf(i: number, f: FactsRow): [string, string] {
  const [r0 = NONE, r1 = NONE] = SET_READERS[i]!;
  const k0 = r0(f);
  const k1 = r1(f);
  return [k0 === null ? '' : `v${String(k0)}`, k1 === null ? '' : `v${String(k1)}`];
}

const ONE = [1];

function add(
  acc: RollupDelta,
  scope: string,
  gset: string,
  day: string,
  k: [string, string],
  m: number[],
  sign: 1 | -1,
) {
  const id = `${scope}\u0000${gset}\u0000${day}\u0000${k[0]}\u0000${k[1]}`;
  const cell = acc.get(id);
  if (cell) for (let i = 0; i < m.length; i++) cell.m[i]! += sign * m[i]!;
  else acc.set(id, { scope, gset, day, k0: k[0], k1: k[1], m: m.map((x) => sign * x) });
}

/**
 * Adds to `acc` what replacing facts row `before` by `after` changes (null:
 * no row), under each of `scopes`. Only rows that change: a case whose day
 * and dimensions stay and whose measures change touches its totals row alone.
 */
export function addRollupDelta(
  acc: RollupDelta,
  before: FactsRow | null,
  after: FactsRow | null,
  scopes: readonly string[],
): void {
  const bDay = before ? String(before.received_day) : '';
  const aDay = after ? String(after.received_day) : '';
  const bTotals = before ? totalsOf(before) : null;
  const aTotals = after ? totalsOf(after) : null;
  GSETS.forEach((g, i) => {
    const bk = before ? keysOf(i, before) : null;
    const ak = after ? keysOf(i, after) : null;
    const totals = g.dims.length === 0;
    const b = bk && (totals ? bTotals! : ONE);
    const a = ak && (totals ? aTotals! : ONE);
    if (bk && ak && bDay === aDay && bk[0] === ak[0] && bk[1] === ak[1]) {
      // The same row: only the measures' difference (none for a count).
      const diff = a!.map((x, j) => x - b![j]!);
      if (diff.every((x) => x === 0)) return;
      for (const s of scopes) add(acc, s, g.id, aDay, ak, diff, 1);
      return;
    }
    for (const s of scopes) {
      if (bk) add(acc, s, g.id, bDay, bk, b!, -1);
      if (ak) add(acc, s, g.id, aDay, ak, a!, 1);
    }
  });
}

export function rollupDelta(
  before: FactsRow | null,
  after: FactsRow | null,
  scopes: readonly string[],
): RollupDelta {
  const acc: RollupDelta = new Map();
  addRollupDelta(acc, before, after, scopes);
  return acc;
}

/** The cells of `acc` that change anything, in key order. */
export function rollupChanges(acc: RollupDelta): RollupCell[] {
  return [...acc.entries()]
    .filter(([, c]) => c.m.some((x) => x !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

/** The rollup rows of `rows` computed from scratch (a rebuild's, and the tests' reference). */
export function rollupOf(rows: Iterable<FactsRow>, scopes: readonly string[]): RollupCell[] {
  const acc: RollupDelta = new Map();
  for (const r of rows) addRollupDelta(acc, null, r, scopes);
  return rollupChanges(acc);
}
