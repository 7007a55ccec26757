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
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LegacyGridContainLabel } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from '../../../../shared/domain/analysis/charts';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  LegacyGridContainLabel,
  SVGRenderer,
]);

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

export function chartSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(forPrint(option) as echarts.EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
