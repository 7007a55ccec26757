/**
 * Head office's analysis (issue 14; docs/analysis.md "Head office",
 * decision 0042): the one analysis of shared/domain/analysis/report.ts over
 * the server's `case_facts` rows (./caseFacts.ts), for one branch or all of
 * them, on SQLite or PostgreSQL: each grouping is compiled for the store's
 * engine (shared/domain/analysis/sql.ts) and run as it stands, so head office
 * counts by the very definition the desks do. A supervisor device sees its
 * own branch only (the AdminScope of ./admin.ts); an admin token every branch, or the one its
 * request names.
 *
 * The drill-down (`drilledCases`) narrows the admin case list (./admin.ts) to
 * the cases whose facts a figure counted: same period, same values.
 */
import { CompiledQuery, sql, type Expression, type SqlBool } from 'kysely';
import type { AnalysisDrill } from '../../shared/domain/analysis/drill';
import {
  DIMENSIONS,
  type Dimension,
  type GroupRow,
  type Grouping,
} from '../../shared/domain/analysis/figures';
import {
  runAnalysis,
  type AnalysisRequest,
  type AnalysisResult,
  type AnalysisSources,
  type AnalysisWhere,
  type Period,
  type VolumeTotal,
} from '../../shared/domain/analysis/report';
import { compileGrouping, readGroupRow } from '../../shared/domain/analysis/sql';
import type { StoreContext } from './context';
import { orderRows, readRollupRow, rollupQuery } from './factsRollup';
import { runOrderGrouping } from './orderFacts';

/**
 * The business volume of a period (issue 14 item 2), for the branch in
 * `where.branch` or, without one, all branches: the seam the volume feature
 * plugs into (ServerStore passes none until it has landed; the analysis then
 * marks `totals.perVolume` as `no_volume`).
 */
export type VolumeSource = (
  c: Pick<StoreContext, 'db' | 'engine'>,
  period: Period,
  where: AnalysisWhere,
) => Promise<VolumeTotal | null>;

/**
 * Runs one grouping on the store's engine: from the monthly rollup when it
 * can answer (whole months, at most a branch: ./factsRollup.ts), else the
 * shared compiler's statement over `case_facts`. `facts: true` always reads
 * `case_facts` (the tests compare the two).
 */
export async function runGrouping(
  c: Pick<StoreContext, 'db' | 'engine'>,
  g: Grouping,
  opts: { facts?: boolean } = {},
): Promise<GroupRow[]> {
  const rolled = opts.facts ? null : rollupQuery(g);
  if (rolled !== null) {
    const result = await rolled.query.execute(c.db);
    return orderRows(
      g,
      result.rows.map((row) => readRollupRow(g, rolled.names, row)),
    );
  }
  const compiled = compileGrouping(g, c.engine);
  const result = await c.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(compiled.sql, compiled.params),
  );
  return result.rows.map((row) => readGroupRow(g, row));
}

/**
 * The analysis of `req` within `scope` (a supervisor device: its own branch, whatever `req` says),
 * with the repair KPIs over `order_facts` (./orderFacts.ts; `nowMs`: the follow-up calls due by then).
 */
export function adminAnalysis(
  c: Pick<StoreContext, 'db' | 'engine'>,
  req: AnalysisRequest,
  scope: { branch: string | null },
  volume?: VolumeSource,
  opts: { facts?: boolean; nowMs?: number } = {},
): Promise<AnalysisResult> {
  const where: AnalysisWhere = { ...(req.where ?? {}) };
  if (scope.branch !== null) where.branch = scope.branch;
  const sources: AnalysisSources = {
    run: (g) => runGrouping(c, g, opts),
    orders: { run: (g) => runOrderGrouping(c, g), nowMs: opts.nowMs ?? Date.now() },
    ...(volume ? { volume: (p: Period, w: AnalysisWhere) => volume(c, p, w) } : {}),
  };
  return runAnalysis(sources, { ...req, where });
}

/**
 * The admin list's condition for a drill-down: the case (`c.id`) has a facts
 * row received in the period whose every named dimension equals its value
 * (null: not recorded). Column names come from the fixed DIMENSIONS table;
 * values are parameters.
 */
export function drilledCases(drill: AnalysisDrill): Expression<SqlBool> {
  const conds = [
    sql<SqlBool>`received_day >= ${drill.period.fromDay}`,
    sql<SqlBool>`received_day < ${drill.period.toDay}`,
  ];
  for (const [d, v] of Object.entries(drill.where).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (v === undefined || !(d in DIMENSIONS)) continue;
    const col = sql.raw(DIMENSIONS[d as Dimension]);
    conds.push(v === null ? sql<SqlBool>`${col} IS NULL` : sql<SqlBool>`${col} = ${v}`);
  }
  return sql<SqlBool>`c.id IN (SELECT case_id FROM case_facts WHERE ${sql.join(conds, sql` AND `)})`;
}
