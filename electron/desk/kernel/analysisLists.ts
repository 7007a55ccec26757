/**
 * The port through which handlers read the organisation's analysis lists in
 * force (issue 14: regions, customer levels, failure points): the settings
 * feature holds them; a feature imports no other, so the desk composes this
 * (electron/desk/index.ts) and hands it to the handlers as the
 * `analysisLists` service (the intake checks a region or level against it).
 */
import { DEFAULT_ANALYSIS_LISTS, type AnalysisLists } from '../../../shared/domain/settings/lists';
import type { HandlerContext } from './handler';

export class AnalysisListsSource {
  constructor(readonly at: (atMs: number) => AnalysisLists) {}
}

/** The lists in force now at the call's desk (the defaults when the desk was opened without the port). */
export function analysisListsNow(ctx: HandlerContext): AnalysisLists {
  const s = ctx.services.analysisLists;
  return s instanceof AnalysisListsSource ? s.at(ctx.desk.now()) : DEFAULT_ANALYSIS_LISTS;
}
