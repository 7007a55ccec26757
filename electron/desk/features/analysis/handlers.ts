/**
 * analysis.run (issue 14; docs/analysis.md): the whole analysis of a period
 * against a comparison period over the desk's facts, for supervisors and
 * administrators (the dispatcher refuses other roles). The input's checks
 * (days, an empty or over-long period, unknown dimensions) are the
 * contract's (shared/contract/methods/analysis.ts), refused before this
 * runs with a message per field.
 */
import type { analysisMethods } from '../../../../shared/contract/methods/analysis';
import { ok } from '../../../../shared/contract/result';
import { analysisOf } from '../../kernel/analysisPort';
import type { HandlersFor } from '../../kernel/handler';
import { runDeskAnalysis } from './run';

export const analysisHandlers: HandlersFor<typeof analysisMethods> = {
  'analysis.run': async (input, ctx) => {
    // The composed analysis (with the branch's business volume once that feature gives it), else the facts alone.
    const composed = analysisOf(ctx);
    return ok(composed ? await composed.run(input) : await runDeskAnalysis(ctx.desk, input));
  },
};
