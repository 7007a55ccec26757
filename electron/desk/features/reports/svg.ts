/**
 * A chart option (shared/domain/analysis/charts.ts) as an SVG string, on the
 * desk, without a DOM: ECharts' server-side rendering (`ssr: true`,
 * `renderToSVGString`), tree-shaken to the charts and components the
 * reports use (decision 0041). The SVG goes inline into the report's HTML,
 * so its text is laid out in the document's embedded font (the font subset
 * is chosen from the whole page, the charts' labels included) and prints as
 * text, not pixels.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/** The family the charts' text asks for: the report's embedded Noto Sans SC (pdf/fonts.ts), then any sans-serif. */
export const PDF_CHART_FONT = "'Noto Sans SC', sans-serif";

export function chartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
