/**
 * A chart option of the shared builders (shared/domain/analysis/charts.ts,
 * the dashboard's too) as an SVG string, on the desk, without a DOM:
 * ECharts' server-side rendering (`ssr: true`, `renderToSVGString`),
 * tree-shaken to the charts and components the analysis uses (decision
 * 0041). The SVG goes inline into the report's HTML, so its text is laid
 * out in the document's embedded font (the font subset is chosen from the
 * whole page, the charts' labels included) and prints as text, not pixels.
 *
 * For print, `forPrint` asks for the embedded font and takes the white
 * outline off value labels: ECharts strokes labels near a bar by default,
 * and Chromium prints stroked text as Type 3 shapes, not as text.
 */
import type * as Echarts from 'echarts/core';
import type { ChartOption } from '../../../../shared/domain/analysis/charts';

/**
 * ECharts is loaded the first time a report is printed, not with the desk:
 * it is the largest module graph the desk has (about 60 MB of a Node
 * process's memory), and most desks print a report now and then, while an
 * export, whose memory is bounded (issue 13), runs in the same process.
 */
let echarts: typeof Echarts | null = null;
let loading: Promise<void> | null = null;

/** Loads ECharts' SVG renderer and the charts the reports use (once; later calls wait for the same load). */
export function loadCharts(): Promise<void> {
  loading ??= (async () => {
    const [core, charts, components, features, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/features'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.BarChart,
      charts.LineChart,
      components.GridComponent,
      components.LegendComponent,
      components.TitleComponent,
      features.LegacyGridContainLabel,
      renderers.SVGRenderer,
    ]);
    echarts = core;
  })();
  // A failed load (a damaged install) is tried again by the next report.
  loading.catch(() => (loading = null));
  return loading;
}

/** The family the charts' text asks for: the report's embedded Noto Sans SC (pdf/fonts.ts), then any sans-serif. */
export const PDF_CHART_FONT = "'Noto Sans SC', sans-serif";

type Series = Record<string, unknown> & { label?: Record<string, unknown> };

/** The option as printed: the embedded font, no tooltip, value labels without an outline. */
export function forPrint(option: ChartOption): ChartOption {
  const series = (Array.isArray(option.series) ? option.series : [option.series]).filter(
    (s): s is Series => typeof s === 'object' && s !== null,
  );
  const { tooltip: _tooltip, ...rest } = option;
  return {
    ...rest,
    animation: false,
    textStyle: { fontFamily: PDF_CHART_FONT },
    series: series.map((s) =>
      s.label ? { ...s, label: { ...s.label, textBorderColor: 'transparent', textBorderWidth: 0 } } : s,
    ),
  };
}

/** The chart as an SVG string; `loadCharts()` must have finished (the report job awaits it before rendering). */
export function chartSvg(option: ChartOption, width: number, height: number): string {
  if (echarts === null) throw new Error('chartSvg: ECharts is not loaded yet (await loadCharts() first)');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(forPrint(option) as Echarts.EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
