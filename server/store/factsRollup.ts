/**
 * Head office's monthly rollup of the analysis facts (issue 14; decision
 * 0042, docs/performance.md "Issue 14"): per branch, month, grouping of the
 * analysis and key, the count of every measure the analysis takes, kept in
 * the transaction that writes the facts rows (each changed row's old
 * contribution out, its new one in). A grouping whose period is whole months
 * and whose filter is at most one branch is answered from here (a year of
 * all branches: a few hundred thousand small rows summed instead of every
 * case read once per figure); any other reads `case_facts` as compiled by
 * the shared compiler. The answer is the same either way: the same counts,
 * the same order (largest first, then the keys' text in byte order, nulls
 * first), the same limit; the fixture test compares them.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FactColumn } from '../../shared/domain/analysis/columns';
import {
  DIMENSIONS,
  FLAGS,
  type Dimension,
  type GroupRow,
  type Grouping,
  type Measure,
} from '../../shared/domain/analysis/figures';
import { BREAKDOWNS, CROSS_TABS } from '../../shared/domain/analysis/report';
import { chunks } from './projectors';
import type { ServerDB } from './schema';

export const ROLLUP_TABLE = 'case_facts_monthly';

/** The lock a branch's case pushes take in turn: they all add to its rollup rows. */
export function rollupLockName(branch: string): string {
  return `facts@${branch}`;
}

/** The groupings kept: the analysis's (shared/domain/analysis/report.ts), by their dimensions. */
export const ROLLUP_GROUPINGS: readonly (readonly Dimension[])[] = [
  [],
  ['month'],
  ['mainCategory'],
  ['mainCategory', 'category'],
  ['responsible'],
  ...BREAKDOWNS.map((d) => [d]),
  ...CROSS_TABS.map(([a, b]) => [a, b]),
];
const GROUPING_NAMES = new Set(ROLLUP_GROUPINGS.map((g) => g.join(',')));

type FactsRow = Record<FactColumn, string | number | null>;
/** A stored facts row: the facts, its case and its branch. */
export type StoredFacts = FactsRow & { case_id: string; branch: string };

/** A measure column of the rollup: its name and what one facts row adds to it. */
interface Counter {
  column: string;
  matches: (m: Measure) => boolean;
  of: (r: FactsRow) => number;
}

const FLAG_COLUMNS = [
  'fcr',
  'escalation_justified',
  'malicious',
  'entered_on_time',
  'handled_on_time',
  'result_on_time',
  'promise_kept',
  'callback_reached',
  'is_repeat',
  'shared_customer',
] as const satisfies readonly FactColumn[];

const flagColumnOf = (m: { flag: string }): string | undefined => (FLAGS as Record<string, string>)[m.flag];

export const COUNTERS: readonly Counter[] = [
  { column: 'n_cases', matches: (m) => m.kind === 'count', of: () => 1 },
  ...FLAG_COLUMNS.flatMap((c): Counter[] => [
    {
      column: `n_yes_${c}`,
      matches: (m) => m.kind === 'yes' && m.when === undefined && flagColumnOf(m) === c,
      of: (r) => (r[c] === 1 ? 1 : 0),
    },
    {
      column: `n_known_${c}`,
      matches: (m) => m.kind === 'known' && m.flag !== 'satisfaction' && flagColumnOf(m) === c,
      of: (r) => (r[c] === null ? 0 : 1),
    },
  ]),
  {
    column: 'n_known_satisfaction',
    matches: (m) => m.kind === 'known' && m.flag === 'satisfaction',
    of: (r) => (r.satisfaction === null ? 0 : 1),
  },
  {
    column: 'n_sum_satisfaction',
    matches: (m) => m.kind === 'sum' && m.fact === 'satisfaction',
    of: (r) => Number(r.satisfaction ?? 0),
  },
  ...[1, 2, 3, 4, 5].map((v): Counter => ({
    column: `n_satisfaction_${v}`,
    matches: (m) => m.kind === 'equals' && m.fact === 'satisfaction' && m.value === v,
    of: (r) => (r.satisfaction === v ? 1 : 0),
  })),
  {
    column: 'n_closed',
    matches: (m) => m.kind === 'is' && m.dim === 'status' && m.value === 'closed',
    of: (r) => (r.status === 'closed' ? 1 : 0),
  },
  {
    column: 'n_reached_closed',
    matches: (m) =>
      m.kind === 'yes' &&
      m.flag === 'callbackReached' &&
      m.when?.dim === 'status' &&
      m.when.value === 'closed',
    of: (r) => (r.callback_reached === 1 && r.status === 'closed' ? 1 : 0),
  },
  {
    column: 'n_escalated',
    matches: (m) => m.kind === 'present' && m.dim === 'escalationLevel',
    of: (r) => (r.escalation_level === null ? 0 : 1),
  },
  {
    column: 'n_decided',
    matches: (m) => m.kind === 'present' && m.dim === 'responsible',
    of: (r) => (r.responsible === null ? 0 : 1),
  },
];

/** A dimension's value in a facts row (`month` is the day's first seven characters, as in SQL). */
function keyOf(r: FactsRow, d: Dimension): string | number | null {
  if (d === 'month') return String(r.received_day).slice(0, 7);
  return (r as Record<string, string | number | null>)[DIMENSIONS[d]] ?? null;
}

interface Delta {
  key: [branch: string, month: string, grouping: string, k0: string, k1: string];
  counts: number[];
}

/** Adds `sign` times a facts row's contribution to every kept grouping. */
function contribute(into: Map<string, Delta>, branch: string, r: FactsRow, sign: 1 | -1): void {
  const month = String(r.received_day).slice(0, 7);
  const counts = COUNTERS.map((c) => sign * c.of(r));
  for (const dims of ROLLUP_GROUPINGS) {
    const k = dims.map((d) => JSON.stringify(keyOf(r, d)));
    const key: Delta['key'] = [branch, month, dims.join(','), k[0] ?? '', k[1] ?? ''];
    const id = JSON.stringify(key);
    const d = into.get(id);
    if (d === undefined) into.set(id, { key, counts: [...counts] });
    else counts.forEach((n, i) => (d.counts[i] = (d.counts[i] ?? 0) + n));
  }
}

/** Applies the change of facts rows (null: none before, or none after) to the rollup. */
export async function rollFacts(
  tx: Kysely<ServerDB>,
  changes: readonly { before: StoredFacts | null; after: StoredFacts | null }[],
): Promise<void> {
  const deltas = new Map<string, Delta>();
  for (const c of changes) {
    if (c.before) contribute(deltas, c.before.branch, c.before, -1);
    if (c.after) contribute(deltas, c.after.branch, c.after, 1);
  }
  // In key order, so two transactions touching the same rows lock them in the same order.
  const rows = [...deltas.values()]
    .filter((d) => d.counts.some((n) => n !== 0))
    .sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1));
  const names = ['branch', 'month', 'grouping_dims', 'k0', 'k1', ...COUNTERS.map((c) => c.column)];
  const update = COUNTERS.map((c) => `${c.column} = ${ROLLUP_TABLE}.${c.column} + excluded.${c.column}`);
  for (const part of chunks(rows, 100)) {
    const values = part.map((d) => sql`(${sql.join([...d.key, ...d.counts].map((v) => sql`${v}`))})`);
    await sql`INSERT INTO ${sql.raw(ROLLUP_TABLE)} (${sql.raw(names.join(', '))}) VALUES ${sql.join(values)}
      ON CONFLICT (branch, grouping_dims, month, k0, k1) DO UPDATE SET ${sql.raw(update.join(', '))}`.execute(
      tx,
    );
  }
}

/** Deletes the rollup (a rebuild writes it again). */
export async function clearRollup(tx: Kysely<ServerDB>): Promise<void> {
  await sql`DELETE FROM ${sql.raw(ROLLUP_TABLE)}`.execute(tx);
}

const FIRST_OF_MONTH = /^\d{4}-\d{2}-01$/;

/** The rollup's statement for `g`, or null when the rollup cannot answer it (then `case_facts` does). */
export function rollupQuery(
  g: Grouping,
): { query: RawBuilder<Record<string, unknown>>; names: string[] } | null {
  const { fromDay, toDay, where = {} } = g.filter;
  if (!FIRST_OF_MONTH.test(fromDay) || !FIRST_OF_MONTH.test(toDay)) return null;
  const filters = Object.entries(where);
  if (filters.some(([d, v]) => d !== 'branch' || typeof v !== 'string')) return null;
  if (!GROUPING_NAMES.has(g.dims.join(','))) return null;
  const names = Object.keys(g.measures);
  const columns: string[] = [];
  for (const n of names) {
    const c = COUNTERS.find((x) => x.matches(g.measures[n] as Measure));
    if (c === undefined) return null;
    columns.push(c.column);
  }
  const select = [
    ...g.dims.map((_, i) => sql.raw(`k${i}`)),
    ...names.map((n, i) => sql`coalesce(sum(${sql.raw(columns[i] as string)}), 0) AS ${sql.ref(n)}`),
  ];
  const branch = where.branch;
  const conds = [
    sql`grouping_dims = ${g.dims.join(',')}`,
    sql`month >= ${fromDay.slice(0, 7)}`,
    sql`month < ${toDay.slice(0, 7)}`,
    ...(typeof branch === 'string' ? [sql`branch = ${branch}`] : []),
  ];
  const group =
    g.dims.length > 0
      ? sql` GROUP BY ${sql.raw(g.dims.map((_, i) => `k${i}`).join(', '))} HAVING sum(n_cases) > 0`
      : sql``;
  return {
    query: sql<
      Record<string, unknown>
    >`SELECT ${sql.join(select)} FROM ${sql.raw(ROLLUP_TABLE)} WHERE ${sql.join(conds, sql` AND `)}${group}`,
    names,
  };
}

const text = (k: string | number | null): Buffer | null =>
  k === null ? null : Buffer.from(String(k), 'utf8');

/** Largest first, then the keys' text in byte order with nulls first, then at most `limit`: the compiled statement's order. */
export function orderRows(g: Grouping, rows: GroupRow[]): GroupRow[] {
  const names = Object.keys(g.measures).sort();
  const first = names.includes('cases') ? 'cases' : (names[0] as string);
  const sorted = [...rows].sort((a, b) => {
    const by = (b.values[first] ?? 0) - (a.values[first] ?? 0);
    if (by !== 0) return by;
    for (let i = 0; i < g.dims.length; i++) {
      const x = text(a.keys[i] ?? null);
      const y = text(b.keys[i] ?? null);
      if (x === null || y === null) {
        if (x !== y) return x === null ? -1 : 1;
        continue;
      }
      const c = Buffer.compare(x, y);
      if (c !== 0) return c;
    }
    return 0;
  });
  return g.limit === undefined ? sorted : sorted.slice(0, g.limit);
}

/** A rollup answer's row: keys decoded from their JSON, counts as numbers. */
export function readRollupRow(g: Grouping, names: string[], row: Record<string, unknown>): GroupRow {
  const keys = g.dims.map((_, i) => JSON.parse(String(row[`k${i}`])) as string | number | null);
  const values: Record<string, number> = {};
  for (const n of names) values[n] = Number(row[n] ?? 0);
  return { keys, values };
}
