/**
 * The figures the callback and promise reports show per main category,
 * which the analysis (shared/domain/analysis/report.ts) gives only in
 * total: ONE more grouping over the same facts, compiled by the same shared
 * compiler and run by the same runner, with the same period and filters, so
 * its rows add up to the analysis's totals.
 *
 * The desk's facts have no branch column: a `where.branch` is left out here.
 * The service asks only when the analysis counted cases, i.e. when the
 * branch was the desk's own (features/analysis/run.ts answers another
 * branch with no case).
 */
import type { GroupRow, Grouping, Measure } from '../../../../shared/domain/analysis/figures';
import type { AnalysisRequest } from '../../../../shared/domain/analysis/report';
import type { CategoryFigures } from './model';

const MEASURES: Record<string, Measure> = {
  cases: { kind: 'count' },
  closed: { kind: 'is', dim: 'status', value: 'closed' },
  reached: { kind: 'yes', flag: 'callbackReached', when: { dim: 'status', value: 'closed' } },
  satKnown: { kind: 'known', flag: 'satisfaction' },
  satSum: { kind: 'sum', fact: 'satisfaction' },
  enteredYes: { kind: 'yes', flag: 'enteredOnTime' },
  enteredKnown: { kind: 'known', flag: 'enteredOnTime' },
  handledYes: { kind: 'yes', flag: 'handledOnTime' },
  handledKnown: { kind: 'known', flag: 'handledOnTime' },
  resultYes: { kind: 'yes', flag: 'resultOnTime' },
  resultKnown: { kind: 'known', flag: 'resultOnTime' },
  promiseYes: { kind: 'yes', flag: 'promiseKept' },
  promiseKnown: { kind: 'known', flag: 'promiseKept' },
};

export function byCategoryGrouping(req: AnalysisRequest): Grouping {
  const { branch: _branch, ...where } = req.where ?? {};
  return {
    dims: ['mainCategory'],
    measures: MEASURES,
    filter: { fromDay: req.period.fromDay, toDay: req.period.toDay, where },
  };
}

/** Callback and deadline counts per main category, largest first. */
export async function figuresByCategory(
  group: (g: Grouping) => GroupRow[] | Promise<GroupRow[]>,
  req: AnalysisRequest,
): Promise<CategoryFigures[]> {
  const rows = await group(byCategoryGrouping(req));
  return rows.map((r) => {
    const v = (n: string) => r.values[n] ?? 0;
    return {
      key: r.keys[0] ?? null,
      cases: v('cases'),
      closed: v('closed'),
      reached: v('reached'),
      satKnown: v('satKnown'),
      satSum: v('satSum'),
      entered: [v('enteredYes'), v('enteredKnown')],
      handled: [v('handledYes'), v('handledKnown')],
      result: [v('resultYes'), v('resultKnown')],
      promises: [v('promiseYes'), v('promiseKnown')],
    };
  });
}
