/**
 * One ECharts chart on the SVG renderer (issue 14; DESIGN.md section 8),
 * from an option of ./chartOptions.ts. Only the chart types and components
 * the analysis uses are loaded (tree-shaken `echarts/core`). A data item
 * with `drill` opens the cases behind it on a click, and by keyboard: the
 * chart is one tab stop, the arrow keys walk its drillable items (showing
 * each one's tooltip), Enter or Space opens it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { drillItems, drillKeysOf, type DrillItem, type DrillKeys } from './drill';
import type { ChartOption } from './chartOptions';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

interface Props {
  option: ChartOption;
  height: number;
  /** Names the chart for a screen reader, with how to use it by keyboard. */
  label: string;
  onDrill?(keys: DrillKeys): void;
  testId?: string;
}

export function EChart({ option, height, label, onDrill, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const drill = useRef(onDrill);
  useEffect(() => {
    drill.current = onDrill;
  }, [onDrill]);
  const items = useMemo(() => drillItems(option), [option]);
  // The item chosen by keyboard, among the items of the option it was chosen in (a new option: none).
  const [chosen, setChosen] = useState<{ items: DrillItem[]; at: number } | null>(null);
  const at = chosen && chosen.items === items ? chosen.at : -1;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      const keys = drillKeysOf((p as { data?: unknown }).data);
      if (keys) drill.current?.(keys);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  function show(i: number) {
    const item = items[i];
    if (!item || !chart.current) return;
    setChosen({ items, at: i });
    chart.current.dispatchAction({
      type: 'showTip',
      seriesIndex: item.seriesIndex,
      dataIndex: item.dataIndex,
    });
  }

  function onKey(e: React.KeyboardEvent<HTMLDivElement>) {
    if (items.length === 0) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') show(at < 0 ? 0 : (at + 1) % items.length);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp')
      show(at <= 0 ? items.length - 1 : (at - 1) % items.length);
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0 && items[at]) drill.current?.(items[at].keys);
    else return;
    e.preventDefault();
  }

  return (
    <div
      ref={ref}
      className="ld-an-chart"
      style={{ height }}
      role={items.length > 0 ? 'application' : 'img'}
      aria-label={label}
      tabIndex={items.length > 0 ? 0 : undefined}
      onKeyDown={onKey}
      onBlur={() => chart.current?.dispatchAction({ type: 'hideTip' })}
      data-testid={testId}
      data-drill-at={at}
    />
  );
}
