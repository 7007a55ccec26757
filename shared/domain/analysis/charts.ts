/**
 * The analysis's charts as ECharts options (issue 14; decision 0041): pure
 * functions of an AnalysisResult and the words to show, with no DOM, no
 * React and no ECharts import. ONE builder per chart: the dashboard draws
 * them with the SVG renderer (renderer/src/features/analysis/EChart.tsx)
 * and the printed reports render the same options to SVG strings on the
 * desk (ECharts SSR, electron/desk/features/reports/svg.ts). They depend on
 * shared/ only.
 *
 * Every bar or point a supervisor may drill into carries `drill` (the
 * dimension values behind it, ./drill.ts) on its data item.
 */
import type { DrillDimension } from './drill';
import type { Dimension } from './figures';
import type { AnalysisResult, Breakdown, Key, RateFigure, ShareRow } from './report';

/** The dimension values behind a bar or point (the drill-down's keys). */
export type DrillKeys = Partial<Record<DrillDimension, Key>>;

/** An ECharts option as a plain object (the renderer and the SSR side both take it as is). */
export type ChartOption = Record<string, unknown>;

/** The words and names a chart shows, in the reader's language. */
export interface ChartText {
  /** The display name of a dimension's value (null: not recorded; codes by their taxonomy names). */
  label(dim: Dimension, key: Key): string;
  /** "Cases". */
  count: string;
  /** "Cumulative share". */
  cumulative: string;
  /** "FCR rate". */
  fcrRate: string;
  /** "Top three: 62.5 %" for the Pareto's title. */
  topThree(share: string): string;
  /** "Within the category" (a sub-category's share of its main category). */
  withinMain: string;
}

export const COLORS = {
  bar: '#1677ff',
  barLight: '#91caff',
  line: '#fa8c16',
  mains: ['#1677ff', '#13a8a8', '#722ed1'],
} as const;

/** A share (0..1) as a percentage with one decimal: 0.625 -> "62.5%". */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`;
}

const round1 = (v: number) => Math.round(v * 1000) / 10;

interface ItemParam {
  data?: unknown;
  name?: string;
  seriesName?: string;
  value?: unknown;
}

/** The count and share a data item carries, for labels and tooltips. */
const itemOf = (p: ItemParam): { value: number; share: number } =>
  (p.data ?? { value: 0, share: 0 }) as { value: number; share: number };

const base = (): ChartOption => ({
  animation: false,
  tooltip: { trigger: 'item', confine: true },
});

/** The Pareto of main categories: bars by count, the cumulative share as a line, the top three's share in the title. */
export function paretoOption(r: AnalysisResult, text: ChartText): ChartOption {
  const rows = r.categories.rows;
  const names = rows.map((row) => text.label('mainCategory', row.key));
  return {
    ...base(),
    title: {
      text: r.categories.topThreeShare === null ? '' : text.topThree(percent(r.categories.topThreeShare)),
      left: 0,
      top: 0,
      textStyle: { fontSize: 12, fontWeight: 'normal', color: '#4b5563' },
    },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: {
      data: [text.count, text.cumulative],
      top: 0,
      right: 8,
      itemHeight: 10,
      textStyle: { fontSize: 12 },
    },
    grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { interval: 0, fontSize: 11, width: 72, overflow: 'truncate' },
    },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: text.count,
        barMaxWidth: 40,
        itemStyle: { color: COLORS.bar },
        label: { show: true, position: 'top', fontSize: 11 },
        data: rows.map((row, i) => ({
          value: row.count,
          share: row.share,
          drill: { mainCategory: row.key } satisfies DrillKeys,
          itemStyle: { color: i < 3 ? COLORS.bar : COLORS.barLight },
        })),
      },
      {
        type: 'line',
        name: text.cumulative,
        yAxisIndex: 1,
        symbolSize: 7,
        itemStyle: { color: COLORS.line },
        tooltip: { valueFormatter: (v: number) => `${v}%` },
        data: rows.map((row) => ({ value: round1(row.cumulative), drill: { mainCategory: row.key } })),
      },
    ],
  };
}

/**
 * The sub-categories within each of the (up to) three largest main
 * categories: horizontal bars, one colour (and legend entry) per main
 * category, each bar labelled with its count and its share of its main.
 */
export function subcategoryOption(r: AnalysisResult, text: ChartText): ChartOption {
  const slots: { main: Key; row: ShareRow }[] = [];
  for (const s of r.subcategories) for (const row of s.rows) slots.push({ main: s.main, row });
  return {
    ...base(),
    legend: { top: 0, left: 0, itemHeight: 10, textStyle: { fontSize: 12 } },
    grid: { left: 8, right: 56, top: 26, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: slots.map((s) => text.label('category', s.row.key)),
      axisLabel: { fontSize: 11, width: 110, overflow: 'truncate' },
    },
    series: r.subcategories.map((s, i) => ({
      type: 'bar',
      name: text.label('mainCategory', s.main),
      stack: 'subcategories',
      barMaxWidth: 18,
      itemStyle: { color: COLORS.mains[i % COLORS.mains.length] },
      label: {
        show: true,
        position: 'right',
        fontSize: 11,
        formatter: (p: ItemParam) => `${itemOf(p).value} · ${percent(itemOf(p).share)}`,
      },
      tooltip: {
        formatter: (p: ItemParam) =>
          `${p.seriesName ?? ''} / ${p.name ?? ''}<br/>${text.count}: ${itemOf(p).value} · ${text.withinMain} ${percent(itemOf(p).share)}`,
      },
      data: slots.map((slot) =>
        slot.main === s.main
          ? {
              value: slot.row.count,
              share: slot.row.share,
              drill: { mainCategory: s.main, category: slot.row.key } satisfies DrillKeys,
            }
          : null,
      ),
    })),
  };
}

/** Cases per month (bars) and the month's first-contact resolution rate (line, where any case closed). */
export function trendOption(r: AnalysisResult, text: ChartText): ChartOption {
  return {
    ...base(),
    tooltip: { trigger: 'axis', confine: true },
    legend: {
      data: [text.count, text.fcrRate],
      top: 0,
      right: 8,
      itemHeight: 10,
      textStyle: { fontSize: 12 },
    },
    grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: r.trend.map((m) => m.month), axisLabel: { fontSize: 11 } },
    yAxis: [
      { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'bar',
        name: text.count,
        barMaxWidth: 32,
        itemStyle: { color: COLORS.bar },
        data: r.trend.map((m) => ({ value: m.count, drill: { month: m.month } satisfies DrillKeys })),
      },
      {
        type: 'line',
        name: text.fcrRate,
        yAxisIndex: 1,
        symbolSize: 7,
        connectNulls: true,
        itemStyle: { color: COLORS.line },
        tooltip: { valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
        data: r.trend.map((m) => ({
          value: m.fcr.rate === null ? null : round1(m.fcr.rate),
          drill: { month: m.month } satisfies DrillKeys,
        })),
      },
    ],
  };
}

/** Horizontal bars of one breakdown, largest first, each labelled with its count and share of all cases. */
export function breakdownOption(rows: readonly ShareRow[], dim: Dimension, text: ChartText): ChartOption {
  return {
    ...base(),
    grid: { left: 4, right: 70, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((row) => text.label(dim, row.key)),
      axisTick: { show: false },
      axisLabel: { fontSize: 11, width: 110, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: text.count,
        barMaxWidth: 16,
        itemStyle: { color: COLORS.bar },
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: ItemParam) => `${itemOf(p).value} · ${percent(itemOf(p).share)}`,
        },
        data: rows.map((row) => ({
          value: row.count,
          share: row.share,
          drill: { [dim]: row.key } as DrillKeys,
        })),
      },
    ],
  };
}

/** The breakdown `b` of `r` (BREAKDOWNS order), as breakdownOption draws it. */
export function breakdownOf(r: AnalysisResult, b: Breakdown, text: ChartText): ChartOption {
  return breakdownOption(r.breakdowns[b], b, text);
}

/** Satisfaction 1..5: how many reached callbacks gave each score (no drill: it is not a case-list filter). */
export function satisfactionOption(r: AnalysisResult, text: ChartText): ChartOption {
  const d = r.callbacks.satisfaction.distribution;
  const scores = ['1', '2', '3', '4', '5'] as const;
  return {
    ...base(),
    grid: { left: 4, right: 4, top: 18, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: scores.map((s) => `${s}★`), axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, show: false },
    series: [
      {
        type: 'bar',
        name: text.count,
        barMaxWidth: 22,
        label: { show: true, position: 'top', fontSize: 11 },
        data: scores.map((s, i) => ({ value: d[s], itemStyle: { color: i < 2 ? '#ff7875' : COLORS.bar } })),
      },
    ],
  };
}

export interface CrossTabModel {
  rows: Dimension;
  cols: Dimension;
  rowKeys: Key[];
  colKeys: Key[];
  rowTotals: number[];
  colTotals: number[];
  /** cells[row][col]: its count and its share of its row (0 where no case). */
  cells: { count: number; share: number }[][];
}

const keyText = (k: Key) => (k === null ? '\u0000' : String(k));

/** Keys by their total, largest first (equal totals by key, not recorded first), as the Pareto orders. */
function byTotal(totals: Map<string, { key: Key; n: number }>): { key: Key; n: number }[] {
  return [...totals.values()].sort((a, b) =>
    b.n !== a.n ? b.n - a.n : keyText(a.key) < keyText(b.key) ? -1 : keyText(a.key) > keyText(b.key) ? 1 : 0,
  );
}

/** Cross-tab `index` of `r` as a table: rows and columns by size, each cell with its share within its row. */
export function crossTabModel(r: AnalysisResult, index: number): CrossTabModel | null {
  const t = r.crossTabs[index];
  if (!t) return null;
  const rowT = new Map<string, { key: Key; n: number }>();
  const colT = new Map<string, { key: Key; n: number }>();
  for (const c of t.cells) {
    const rk = rowT.get(keyText(c.row)) ?? { key: c.row, n: 0 };
    rk.n += c.count;
    rowT.set(keyText(c.row), rk);
    const ck = colT.get(keyText(c.col)) ?? { key: c.col, n: 0 };
    ck.n += c.count;
    colT.set(keyText(c.col), ck);
  }
  const rows = byTotal(rowT);
  const cols = byTotal(colT);
  const at = new Map(t.cells.map((c) => [`${keyText(c.row)}\u0001${keyText(c.col)}`, c]));
  return {
    rows: t.rows,
    cols: t.cols,
    rowKeys: rows.map((x) => x.key),
    colKeys: cols.map((x) => x.key),
    rowTotals: rows.map((x) => x.n),
    colTotals: cols.map((x) => x.n),
    cells: rows.map((row) =>
      cols.map((col) => {
        const c = at.get(`${keyText(row.key)}\u0001${keyText(col.key)}`);
        return { count: c?.count ?? 0, share: c?.share ?? 0 };
      }),
    ),
  };
}

/** A cross-tab cell's shading for its share within its row (0: none, 1: the darkest, still light enough for dark text). */
export function cellShade(share: number): string {
  if (share <= 0) return 'transparent';
  return `rgba(22, 119, 255, ${Math.round((0.06 + 0.44 * Math.min(1, share)) * 100) / 100})`;
}

/**
 * Rates across (deadline compliance, promises kept): one bar each, 0–100 %,
 * labelled with the rate; a rate with nothing counted has no bar (null, a
 * gap, not 0). No drill: a rate is not a case-list filter.
 */
export function ratesOption(rates: readonly { name: string; rate: RateFigure }[]): ChartOption {
  return {
    ...base(),
    grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rates.map((r) => r.name),
      axisTick: { show: false },
      axisLabel: { fontSize: 11 },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: COLORS.bar },
        label: { show: true, position: 'right', fontSize: 11, formatter: '{c}%' },
        data: rates.map((r) => (r.rate.rate === null ? null : round1(r.rate.rate))),
      },
    ],
  };
}
