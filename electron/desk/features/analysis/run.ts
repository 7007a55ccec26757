/**
 * The analysis at the desk (issue 14; docs/analysis.md, decision 0037): the
 * shared `runAnalysis` (shared/domain/analysis/report.ts) over the desk's
 * `case_facts` (migration 0020, written by the case projector), each
 * grouping compiled for SQLite (shared/domain/analysis/sql.ts) and run
 * synchronously on a cached prepared statement. A grouping the rollups can
 * answer (`facts_rollup`, migration 0023: every grouping of the unfiltered
 * analysis) is read from them instead (shared/domain/analysis/rollup.ts,
 * decision 0043): rows per day and value rather than per case, the same
 * answer.
 *
 * The desk holds one branch's cases, and its facts have no `branch` column:
 * a `where.branch` equal to the desk's own branch code is dropped (every row
 * is the branch's), any other value (another branch, or null) gives the
 * empty analysis, as head office would for a branch with no case. The answer
 * echoes the request's `where` either way.
 *
 * The repair KPIs (item 3, last bullet; shared/domain/analysis/repair.ts)
 * count the `order_facts` rows the order projector keeps (migration 0024),
 * with the desk's clock as "now" for the follow-up calls not yet due.
 *
 * Business volume (item 2) comes from a `VolumeSource` the composition root
 * passes (electron/desk/index.ts); until the volume feature gives one, every
 * analysis says `totals.perVolume` is unavailable ('no_volume').
 */
import { compileFromRollup } from '../../../../shared/domain/analysis/rollupSql';
import { compileGrouping, readGroupRow } from '../../../../shared/domain/analysis/sql';
import {
  compileOrderGrouping,
  readOrderRow,
  type OrderGroupingRunner,
} from '../../../../shared/domain/analysis/repair';
import type { GroupRow, Grouping } from '../../../../shared/domain/analysis/figures';
import {
  runAnalysis,
  type AnalysisRequest,
  type AnalysisResult,
  type AnalysisSources,
} from '../../../../shared/domain/analysis/report';
import type { DeskDatabase } from '../../db/open';
import type { Desk } from '../../kernel/desk';

/** The business volume of a period at this desk (the branch's), or null when none is recorded. */
export type VolumeSource = NonNullable<AnalysisSources['volume']>;

/**
 * Runs one grouping on the desk's rollups when they answer it, else on its
 * facts (statements cached by their text; values are parameters).
 * `rollups: false` reads the facts alone (the tests' reference).
 */
export function deskGroupingRunner(
  d: Pick<DeskDatabase, 'prepare'>,
  opts: { rollups?: boolean } = {},
): (g: Grouping) => GroupRow[] {
  const rollups = opts.rollups ?? true;
  return (g) => {
    // The desk's rollups have one scope, '' (its branch's cases).
    const { sql, params } =
      (rollups ? compileFromRollup(g, 'sqlite', '') : null) ?? compileGrouping(g, 'sqlite');
    const rows = d.prepare(sql).all(...params) as Record<string, unknown>[];
    return rows.map((r) => readGroupRow(g, r));
  };
}

/** Runs one order grouping on the desk's order facts (one row of totals). */
export function deskOrderRunner(d: DeskDatabase): OrderGroupingRunner {
  return (g) => {
    const { sql, params } = compileOrderGrouping(g, 'sqlite');
    return readOrderRow(g, d.prepare(sql).get(...params) as Record<string, unknown> | undefined);
  };
}

/** The analysis of `req` over this desk's cases (and work orders). */
export async function runDeskAnalysis(
  desk: Desk,
  req: AnalysisRequest,
  volume?: VolumeSource,
): Promise<AnalysisResult> {
  const { branch, ...where } = req.where ?? {};
  const own = desk.identity()?.branchCode;
  const elsewhere = branch !== undefined && branch !== own;
  // Repair KPIs only where the shop has work orders: a desk that never took one (a bank's
  // counter) gives no `repair` at all, rather than "not recorded" in every report.
  const shop = desk.d.prepare('SELECT 1 FROM order_facts LIMIT 1').get() !== undefined;
  const orders = shop ? { orders: { run: deskOrderRunner(desk.d), nowMs: desk.now() } } : {};
  const sources: AnalysisSources = elsewhere
    ? { run: () => [], ...(shop ? { orders: { run: () => ({}), nowMs: desk.now() } } : {}) }
    : { run: deskGroupingRunner(desk.d), ...orders, ...(volume ? { volume } : {}) };
  const result = await runAnalysis(sources, { period: req.period, compare: req.compare, where });
  return { ...result, where: { ...(req.where ?? {}) } };
}
