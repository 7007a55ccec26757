/**
 * The SQL of the rollups (./rollup.ts; docs/analysis.md "Rollups"): the
 * table, the statements that add a flush's cells to it and prune emptied
 * rows, and the compiler that answers a grouping from it. The same text runs
 * on SQLite and PostgreSQL but for placeholders and collation. Runtime-neutral
 * and pure.
 */
import { groupingProblem, type Grouping } from './figures';
import {
  COLUMN_OF,
  GSETS,
  ROLLUP_KEY_COLUMNS,
  ROLLUP_MEASURE_COLUMNS,
  ROLLUP_TABLE,
  canonical,
  numericDim,
  type RollupCell,
} from './rollup';
import type { CompiledGrouping, Dialect } from './sql';

/**
 * The table for a replica that builds its DDL from the shared columns (head
 * office's migration): keys compared byte by byte, measures as 64-bit
 * integers. The desk's migration 0021 writes the same table out by hand.
 */
export function rollupTableSql(dialect: Dialect): string {
  const key = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
  const int = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  const cols = [
    ...ROLLUP_KEY_COLUMNS.map((c) => `${c} ${key} NOT NULL`),
    ...ROLLUP_MEASURE_COLUMNS.map((c) => `${c} ${int} NOT NULL DEFAULT 0`),
  ];
  return (
    `CREATE TABLE ${ROLLUP_TABLE} (${cols.join(', ')}, PRIMARY KEY (${ROLLUP_KEY_COLUMNS.join(', ')}))` +
    (dialect === 'sqlite' ? ' STRICT, WITHOUT ROWID' : '')
  );
}

// ---- writing -------------------------------------------------------------------------------

const placeholders = (dialect: Dialect, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => (dialect === 'postgres' ? `$${from + i + 1}` : '?')).join(', ');

/**
 * Adds `rows` cells to their rows (inserting those not there yet): for a
 * totals cell every measure column, for a count cell m_cases alone. The same
 * text runs on SQLite and PostgreSQL. Parameters: `rollupCellParams` of each.
 */
export function rollupUpsertSql(dialect: Dialect, kind: 'totals' | 'count', rows = 1): string {
  const cols = kind === 'totals' ? ROLLUP_MEASURE_COLUMNS : ROLLUP_MEASURE_COLUMNS.slice(0, 1);
  const width = ROLLUP_KEY_COLUMNS.length + cols.length;
  const values = Array.from({ length: rows }, (_, r) => `(${placeholders(dialect, width, r * width)})`);
  return (
    `INSERT INTO ${ROLLUP_TABLE} (${[...ROLLUP_KEY_COLUMNS, ...cols].join(', ')}) VALUES ${values.join(', ')}` +
    ` ON CONFLICT (${ROLLUP_KEY_COLUMNS.join(', ')}) DO UPDATE SET ` +
    cols.map((c) => `${c} = ${ROLLUP_TABLE}.${c} + excluded.${c}`).join(', ')
  );
}

export const rollupCellParams = (c: RollupCell): (string | number)[] => [
  c.scope,
  c.gset,
  c.day,
  c.k0,
  c.k1,
  ...c.m,
];

/** Deletes the row of a cell when no case is left in it (after a cell that took cases away). */
export function rollupPruneSql(dialect: Dialect): string {
  const where = ROLLUP_KEY_COLUMNS.map((c, i) => `${c} = ${dialect === 'postgres' ? `$${i + 1}` : '?'}`);
  return `DELETE FROM ${ROLLUP_TABLE} WHERE ${where.join(' AND ')} AND m_cases = 0`;
}

export const rollupPruneParams = (c: RollupCell): string[] => [c.scope, c.gset, c.day, c.k0, c.k1];

/** Whether a cell may have emptied its row (so `rollupPruneSql` should follow its upsert). */
export const rollupTakesCases = (c: RollupCell): boolean => c.m[0]! < 0;

/**
 * Every statement that writes `cells` (from rollupChanges), `perStatement`
 * rows to a statement: the totals upserts, the count upserts, then the
 * deletes of rows left with no case. For a replica that writes in batches
 * (head office); the desk runs one prepared upsert per cell.
 */
export function rollupWriteStatements(
  cells: readonly RollupCell[],
  dialect: Dialect,
  perStatement = 50,
): CompiledGrouping[] {
  const out: CompiledGrouping[] = [];
  for (const kind of ['totals', 'count'] as const) {
    const mine = cells.filter((c) => (c.gset === '') === (kind === 'totals'));
    for (let i = 0; i < mine.length; i += perStatement) {
      const part = mine.slice(i, i + perStatement);
      out.push({ sql: rollupUpsertSql(dialect, kind, part.length), params: part.flatMap(rollupCellParams) });
    }
  }
  const emptied = cells.filter(rollupTakesCases);
  const width = ROLLUP_KEY_COLUMNS.length;
  for (let i = 0; i < emptied.length; i += perStatement) {
    const part = emptied.slice(i, i + perStatement);
    const rows = part.map((_, r) => `(${placeholders(dialect, width, r * width)})`);
    out.push({
      sql:
        `DELETE FROM ${ROLLUP_TABLE} WHERE m_cases = 0 AND (${ROLLUP_KEY_COLUMNS.join(', ')})` +
        ` IN (VALUES ${rows.join(', ')})`,
      params: part.flatMap(rollupPruneParams),
    });
  }
  return out;
}

// ---- reading -------------------------------------------------------------------------------

/**
 * `g` over the rollups, or null when they cannot answer it (the caller then
 * compiles it over `case_facts`): its filter names no dimension but `branch`
 * (read as the scope of that branch; without one, `allScope`: '' at the desk,
 * '*' at head office), and it groups by a grouping set's dimensions (or by
 * month or day: the totals rows) with measures the rows keep (count sets:
 * counts only). Same output columns, order and limit as compileGrouping, so
 * readGroupRow gives the same rows.
 */
export function compileFromRollup(g: Grouping, dialect: Dialect, allScope: string): CompiledGrouping | null {
  if (groupingProblem(g) !== null) return null;
  let scope = allScope;
  for (const [d, v] of Object.entries(g.filter.where ?? {})) {
    if (v === undefined) continue;
    if (d !== 'branch' || typeof v !== 'string' || v === '' || v === '*') return null;
    scope = v;
  }
  const byTime = g.dims.length === 1 && (g.dims[0] === 'month' || g.dims[0] === 'day');
  const set = byTime
    ? GSETS[0]!
    : GSETS.find((s) => s.dims.length === g.dims.length && s.dims.every((d, i) => g.dims[i] === d));
  if (!set) return null;
  const names = Object.keys(g.measures).sort();
  const columns: string[] = [];
  for (const n of names) {
    const m = g.measures[n]!;
    const col =
      set.dims.length === 0 ? COLUMN_OF.get(canonical(m)) : m.kind === 'count' ? 'm_cases' : undefined;
    if (col === undefined) return null;
    columns.push(col);
  }

  const params: (string | number)[] = [];
  const param = (v: string | number): string => {
    params.push(v);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const keyExprs: string[] = byTime
    ? [g.dims[0] === 'month' ? 'substr(r.day, 1, 7)' : 'r.day']
    : set.dims.map((_, i) => `r.k${i}`);
  const select = byTime
    ? [`${keyExprs[0]} AS k0`]
    : set.dims.map((d, i) => {
        const raw = `substr(r.k${i}, 2)`;
        return `CASE WHEN r.k${i} = '' THEN NULL ELSE ${numericDim(d) ? `CAST(${raw} AS INTEGER)` : raw} END AS k${i}`;
      });
  names.forEach((n, i) => select.push(`coalesce(sum(r.${columns[i]!}), 0) AS "${n}"`));
  const where = [
    `r.scope = ${param(scope)}`,
    `r.gset = ${param(set.id)}`,
    `r.day >= ${param(g.filter.fromDay)}`,
    `r.day < ${param(g.filter.toDay)}`,
  ];
  let sql = `SELECT ${select.join(', ')} FROM ${ROLLUP_TABLE} r WHERE ${where.join(' AND ')}`;
  if (g.dims.length > 0) {
    sql += ` GROUP BY ${keyExprs.join(', ')}`;
    const first = names.includes('cases') ? 'cases' : names[0]!;
    // The stored text sorts as the facts query's keys do (nulls first, then the value's bytes).
    const byKey = keyExprs.map((k) => (dialect === 'postgres' ? `${k} COLLATE "C" ASC` : `${k} ASC`));
    sql += ` ORDER BY "${first}" DESC, ${byKey.join(', ')}`;
    if (g.limit !== undefined) sql += ` LIMIT ${param(g.limit)}`;
  }
  return { sql, params };
}
