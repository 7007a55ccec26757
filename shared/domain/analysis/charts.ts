/**
 * The analysis charts as Apache ECharts options (issue 14; decision 0041):
 * ONE builder per chart, used by the dashboard (ECharts' SVG renderer in the
 * window) and by the printed reports (the same option rendered to an SVG
 * string on the desk, `renderToSVGString`, no DOM). Pure: labels come in
 * already translated, numbers as they are in `AnalysisResult`; nothing here
 * knows a locale or a screen.
 *
 * Printing sets `animation: false` and the document's font (the embedded
 * Noto Sans SC); the dashboard may override both on the returned object.
 */
import type { EChartsOption } from 'echarts';

/** What every chart shares: the font family, and whether it animates. */
export interface ChartLook {
  fontFamily?: string;
  animation?: boolean;
}

const PALETTE = ['#3b6fb6', '#e0803a', '#5a9e6f', '#c4504f', '#8a6bbe', '#c9a23a', '#4aa0b5', '#7f7f7f'];

function base(look: ChartLook): EChartsOption {
  return {
    animation: look.animation ?? false,
    color: PALETTE,
    textStyle: look.fontFamily ? { fontFamily: look.fontFamily, fontSize: 11 } : { fontSize: 11 },
    // The axis labels inside the chart's box (ECharts 6's form of the old containLabel).
    grid: { left: 8, right: 8, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
  };
}

const percentAxis = (name: string) => ({
  type: 'value' as const,
  name,
  min: 0,
  max: 100,
  axisLabel: { formatter: '{value}%' },
  splitLine: { show: false },
});

/**
 * A value label: no white outline (ECharts draws one by default on labels
 * near a bar; stroked text prints as Type 3 glyphs, not as text in the
 * embedded font).
 */
const label = (position: 'top' | 'right', formatter: string) => ({
  show: true,
  position,
  formatter,
  // A border colour of its own replaces the default white one; with no width it draws nothing.
  textBorderColor: 'transparent',
  textBorderWidth: 0,
});

/** Rounds a 0..1 share to a percentage with one decimal (null stays null: a gap, not 0). */
export const pct = (share: number | null): number | null =>
  share === null ? null : Math.round(share * 1000) / 10;

export interface ParetoChartInput {
  /** Largest first, as `pareto()` orders them. */
  rows: readonly { label: string; count: number; cumulative: number }[];
  words: { count: string; cumulative: string };
}

/** The Pareto of categories: bars of counts, and the cumulative share as a line on a 0–100 % axis. */
export function paretoOption(i: ParetoChartInput, look: ChartLook = {}): EChartsOption {
  return {
    ...base(look),
    legend: { top: 0, data: [i.words.count, i.words.cumulative] },
    xAxis: {
      type: 'category',
      data: i.rows.map((r) => r.label),
      axisLabel: { interval: 0, rotate: i.rows.length > 6 ? 30 : 0 },
    },
    yAxis: [{ type: 'value', name: i.words.count, minInterval: 1 }, percentAxis(i.words.cumulative)],
    series: [
      {
        type: 'bar',
        name: i.words.count,
        data: i.rows.map((r) => r.count),
        barMaxWidth: 36,
        label: label('top', '{c}'),
      },
      {
        type: 'line',
        name: i.words.cumulative,
        yAxisIndex: 1,
        data: i.rows.map((r) => pct(r.cumulative)),
        label: label('top', '{c}%'),
        symbolSize: 6,
      },
    ],
  };
}

export interface TrendChartInput {
  /** One entry per month, oldest first. */
  months: readonly { month: string; count: number; rate: number | null }[];
  words: { count: string; rate: string };
}

/** Cases per month as bars, and a rate per month (first-contact resolution) as a line; a month without one is a gap. */
export function trendOption(i: TrendChartInput, look: ChartLook = {}): EChartsOption {
  return {
    ...base(look),
    legend: { top: 0, data: [i.words.count, i.words.rate] },
    xAxis: { type: 'category', data: i.months.map((m) => m.month) },
    yAxis: [{ type: 'value', name: i.words.count, minInterval: 1 }, percentAxis(i.words.rate)],
    series: [
      { type: 'bar', name: i.words.count, data: i.months.map((m) => m.count), barMaxWidth: 36 },
      {
        type: 'line',
        name: i.words.rate,
        yAxisIndex: 1,
        data: i.months.map((m) => pct(m.rate)),
        connectNulls: false,
        symbolSize: 6,
        label: label('top', '{c}%'),
      },
    ],
  };
}

export interface BarsChartInput {
  bars: readonly { label: string; value: number }[];
  /** The value axis's name. */
  name: string;
  /** Bars across (a few short labels) or down (many, or long labels). */
  horizontal?: boolean;
  /** Values are percentages (0–100). */
  percent?: boolean;
}

/** Plain bars: a distribution (satisfaction 1–5), a breakdown, compliance rates. */
export function barsOption(i: BarsChartInput, look: ChartLook = {}): EChartsOption {
  const category = {
    type: 'category' as const,
    data: i.bars.map((b) => b.label),
    axisLabel: { interval: 0 },
  };
  const value = i.percent
    ? { ...percentAxis(i.name), splitLine: { show: true } }
    : { type: 'value' as const, name: i.name, minInterval: 1 };
  const horizontal = i.horizontal ?? false;
  const b = base(look);
  return {
    ...b,
    // Across: room on the right for the value labels; the axis's name is left to the caption.
    ...(horizontal ? { grid: { ...(b.grid as object), top: 8, right: 48 } } : {}),
    xAxis: horizontal ? { ...value, name: '' } : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [
      {
        type: 'bar',
        name: i.name,
        data: i.bars.map((b) => b.value),
        barMaxWidth: 28,
        colorBy: 'data',
        label: label(horizontal ? 'right' : 'top', i.percent ? '{c}%' : '{c}'),
      },
    ],
  };
}
