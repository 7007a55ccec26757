/**
 * A grouping (./figures.ts) as one SQL statement over `case_facts`, for
 * SQLite or PostgreSQL: the same text but for the placeholders (`?` or
 * `$n`). Every value is a parameter; every identifier comes from the fixed
 * tables in ./figures.ts, never from the caller. Runtime-neutral and pure.
 */
import { DIMENSIONS, FLAGS, NUMBERS, groupingProblem, type Grouping, type Measure } from './figures';

export type Dialect = 'sqlite' | 'postgres';

export interface CompiledGrouping {
  sql: string;
  params: (string | number)[];
}

function measureSql(m: Measure, param: (v: string | number) => string): string {
  switch (m.kind) {
    case 'count':
      return 'count(*)';
    case 'yes':
      return m.when === undefined
        ? `count(CASE WHEN ${FLAGS[m.flag]} = 1 THEN 1 END)`
        : `count(CASE WHEN ${FLAGS[m.flag]} = 1 AND ${DIMENSIONS[m.when.dim]} = ${param(m.when.value)} THEN 1 END)`;
    case 'known': {
      const col =
        m.flag in FLAGS ? FLAGS[m.flag as keyof typeof FLAGS] : NUMBERS[m.flag as keyof typeof NUMBERS];
      return `count(${col})`;
    }
    case 'equals':
      return `count(CASE WHEN ${NUMBERS[m.fact]} = ${param(m.value)} THEN 1 END)`;
    case 'sum':
      return `coalesce(sum(${NUMBERS[m.fact]}), 0)`;
    case 'is':
      return `count(CASE WHEN ${DIMENSIONS[m.dim]} = ${param(m.value)} THEN 1 END)`;
    case 'present':
      return `count(${DIMENSIONS[m.dim]})`;
  }
}

/** The statement for `g` (throws on a grouping `groupingProblem` refuses). */
export function compileGrouping(g: Grouping, dialect: Dialect, table = 'case_facts'): CompiledGrouping {
  const problem = groupingProblem(g);
  if (problem !== null) throw new RangeError(`analysis grouping: ${problem}`);
  if (!/^[a-z_]+$/.test(table)) throw new RangeError(`not a table name: ${table}`);
  const params: (string | number)[] = [];
  const param = (v: string | number): string => {
    params.push(v);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const select: string[] = [];
  g.dims.forEach((d, i) => select.push(`${DIMENSIONS[d]} AS k${i}`));
  const names = Object.keys(g.measures);
  // Measures are selected in name order so the statement's text does not depend on key order.
  names.sort();
  // Quoted: PostgreSQL folds unquoted names to lower case (fcrYes would come back as fcryes).
  for (const n of names) select.push(`${measureSql(g.measures[n]!, param)} AS "${n}"`);
  const where = [`received_day >= ${param(g.filter.fromDay)}`, `received_day < ${param(g.filter.toDay)}`];
  for (const [d, v] of Object.entries(g.filter.where ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const col = DIMENSIONS[d as keyof typeof DIMENSIONS];
    where.push(v === null ? `${col} IS NULL` : `${col} = ${param(v)}`);
  }
  let sql = `SELECT ${select.join(', ')} FROM ${table} WHERE ${where.join(' AND ')}`;
  if (g.dims.length > 0) {
    sql += ` GROUP BY ${g.dims.map((d) => DIMENSIONS[d]).join(', ')}`;
    // Largest first, then by the keys as text in byte order (SQLite's BINARY, PostgreSQL's "C"),
    // nulls first, so equal counts come back in the same order on both engines.
    const first = names.includes('cases') ? 'cases' : names[0]!;
    // (PostgreSQL takes an output name in ORDER BY only on its own, so the keys are spelt out.)
    const byKey = g.dims.map((d) =>
      dialect === 'postgres'
        ? `CAST(${DIMENSIONS[d]} AS TEXT) COLLATE "C" ASC NULLS FIRST`
        : `CAST(${DIMENSIONS[d]} AS TEXT) ASC`,
    );
    sql += ` ORDER BY "${first}" DESC, ${byKey.join(', ')}`;
    if (g.limit !== undefined) sql += ` LIMIT ${param(g.limit)}`;
  }
  return { sql, params };
}

/** A row as the driver returns it (PostgreSQL's count is a bigint string) into keys and numbers. */
export function readGroupRow(
  g: Grouping,
  row: Record<string, unknown>,
): { keys: (string | number | null)[]; values: Record<string, number> } {
  const keys = g.dims.map((_, i) => {
    const v = row[`k${i}`];
    return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
  });
  const values: Record<string, number> = {};
  for (const n of Object.keys(g.measures)) values[n] = Number(row[n] ?? 0);
  return { keys, values };
}
