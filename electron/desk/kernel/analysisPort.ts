/**
 * The port through which features run the supervisors' analysis (issue 14;
 * docs/analysis.md): `analysis.run` and the printed reports ask the same
 * function, composed in electron/desk/index.ts from the analysis feature's
 * runner (features/analysis/run.ts) and, once it lands, the volume feature's
 * business volume. A feature imports no other, so it reaches the analysis as
 * the `analysis` service of its call context.
 */
import type { AnalysisRequest, AnalysisResult } from '../../../shared/domain/analysis/report';
import type { HandlerContext } from './handler';

export class DeskAnalysis {
  constructor(readonly run: (req: AnalysisRequest) => Promise<AnalysisResult>) {}
}

/** The analysis of the call's desk, or null when the desk was composed without one. */
export function analysisOf(ctx: HandlerContext): DeskAnalysis | null {
  const a = ctx.services.analysis;
  return a instanceof DeskAnalysis ? a : null;
}
