/**
 * From a figure to the cases behind it (issue 14): a bar, a trend point or a
 * cross-tab cell names dimension values (`{ mainCategory: 'banking' }`,
 * `{ gender: 'female', mainCategory: 'banking' }`, `{ month: '2026-11' }`);
 * with the analysis's period and filters they make the case list's
 * `analysis` filter (AnalysisDrill). Pure, DOM-free.
 */
import type { AnalysisDrill } from '../../../../shared/contract/methods/analysis';
import type { AnalysisResult, Key } from '../../../../shared/domain/analysis/report';

/** What a chart item or a cell points at: the drill's dimension values. */
export type DrillKeys = Partial<Record<DrillDimension, Key>>;
export type DrillDimension = keyof AnalysisDrill['where'];

/** The case list's drill-down for `keys` within `result`'s period and filters. */
export function drillOf(result: Pick<AnalysisResult, 'period' | 'where'>, keys: DrillKeys): AnalysisDrill {
  const where: AnalysisDrill['where'] = {};
  for (const [d, v] of Object.entries(result.where)) if (v !== undefined) where[d] = v;
  for (const [d, v] of Object.entries(keys)) if (v !== undefined) where[d] = v;
  return { period: { fromDay: result.period.fromDay, toDay: result.period.toDay }, where };
}

/** The drill keys an ECharts click or keyboard item carries (`data.drill`, see chartOptions.ts), if any. */
export function drillKeysOf(data: unknown): DrillKeys | null {
  if (typeof data !== 'object' || data === null || !('drill' in data)) return null;
  const drill = (data as { drill: unknown }).drill;
  return typeof drill === 'object' && drill !== null ? (drill as DrillKeys) : null;
}

/** The order the chip names a drill's dimensions in (the rest after them, by name). */
const ORDER: readonly string[] = ['month', 'mainCategory', 'category'];

/** A drill's dimension values in the order the chip names them. */
export function drillParts(drill: AnalysisDrill): [DrillDimension, Key][] {
  const rank = (d: string) => (ORDER.includes(d) ? ORDER.indexOf(d) : ORDER.length);
  return (Object.entries(drill.where) as [DrillDimension, Key | undefined][])
    .filter((e): e is [DrillDimension, Key] => e[1] !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
