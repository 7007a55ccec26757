/**
 * From a figure to the cases behind it (issue 14): a bar, a trend point or a
 * cross-tab cell names dimension values (`{ mainCategory: 'banking' }`,
 * `{ gender: 'female', mainCategory: 'banking' }`, `{ month: '2026-11' }`);
 * with the analysis's period and filters they make the case list's
 * `analysis` filter (AnalysisDrill). Pure, DOM-free.
 */
import type { AnalysisDrill, DrillDimension } from '../../../../shared/domain/analysis/drill';
import type { AnalysisResult, AnalysisWhere, Key } from '../../../../shared/domain/analysis/report';
import type { CaseFilters } from '../../stores/caseFilters';

/** What a chart item or a cell points at: the drill's dimension values. */
export type DrillKeys = Partial<Record<DrillDimension, Key>>;
export type { DrillDimension };

/** The case list's drill-down for `keys` within `result`'s period and filters. */
export function drillOf(result: Pick<AnalysisResult, 'period' | 'where'>, keys: DrillKeys): AnalysisDrill {
  const where: AnalysisDrill['where'] = {};
  for (const [d, v] of Object.entries({ ...result.where, ...keys }) as [DrillDimension, Key | undefined][])
    if (v !== undefined) where[d] = v;
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

/** A drillable item of a chart: where it is in the option, and the keys it drills into. */
export interface DrillItem {
  seriesIndex: number;
  dataIndex: number;
  keys: DrillKeys;
}

/**
 * The drillable items of an option, series by series, in data order; a
 * series that repeats an earlier one's drills item for item (the Pareto's
 * cumulative line over its bars, the trend's FCR line) is not walked twice.
 */
export function drillItems(option: Record<string, unknown>): DrillItem[] {
  const series = Array.isArray(option.series) ? (option.series as { data?: unknown[] }[]) : [];
  const out: DrillItem[] = [];
  const seen = new Set<string>();
  series.forEach((s, seriesIndex) => {
    const mine: DrillItem[] = [];
    (s.data ?? []).forEach((d, dataIndex) => {
      const keys = drillKeysOf(d);
      if (keys) mine.push({ seriesIndex, dataIndex, keys });
    });
    const signature = JSON.stringify(mine.map((i) => [i.dataIndex, i.keys]));
    if (mine.length === 0 || seen.has(signature)) return;
    seen.add(signature);
    out.push(...mine);
  });
  return out;
}

/** The analysis filters the case list's own filters map onto (a category without a `.` is a main category). */
export function whereOfListFilters(f: CaseFilters): AnalysisWhere {
  const where: AnalysisWhere = {};
  if (f.status) where.status = f.status;
  if (f.severity) where.severity = f.severity;
  if (f.nature) where.nature = f.nature;
  if (f.category) {
    if (f.category.includes('.')) where.category = f.category;
    else where.mainCategory = f.category;
  }
  return where;
}
