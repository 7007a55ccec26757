/**
 * DeskApi methods of the analysis feature (issue 14; docs/analysis.md): the
 * whole analysis of a period against a comparison period, over the desk's
 * `case_facts` (shared/domain/analysis/report.ts, the same definition head
 * office runs). Handler in electron/desk/features/analysis/. The drill-down
 * from a bar or cell is the case list with an `analysis` filter
 * (AnalysisDrill, in shared/domain/analysis/drill.ts): the same period and
 * dimension values.
 */
import { z } from 'zod';
import { FILTER_DIMENSIONS, type AnalysisResult, type FilterDimension } from '../../domain/analysis/report';
import type { MethodTable } from './common';
import { AnalysisDrill, AnalysisPeriod } from '../../domain/analysis/drill';

// The period and the case list's drill-down are the domain's (the case list's contract takes the drill too).
export { AnalysisDrill, AnalysisPeriod };

const filterValue = z.union([z.string().max(64), z.number().int(), z.null()]);

/** Dimension filters shared with the case list: each a value, or null for "not recorded". */
export const AnalysisWhere = z
  .object(
    Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, filterValue.optional()])) as Record<
      FilterDimension,
      z.ZodOptional<typeof filterValue>
    >,
  )
  .strict();

export const AnalysisRequest = z
  .object({ period: AnalysisPeriod, compare: AnalysisPeriod.nullable(), where: AnalysisWhere.optional() })
  .strict();

export const analysisMethods = {
  'analysis.run': {
    input: AnalysisRequest,
    // Built by shared/domain/analysis/report.ts on both sides; its type is the contract.
    output: z.custom<AnalysisResult>(),
    auth: ['supervisor', 'admin'],
  },
} as const satisfies MethodTable;
