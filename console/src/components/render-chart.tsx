/** Draws a query result that ends with `render` (see render-chart-options.ts), with ECharts on a canvas. */
import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { Empty } from './status';
import { chartOptions, planChart, type ChartSpec, type ResultColumn } from './render-chart-options';

echarts.use([BarChart, LineChart, PieChart, DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export function RenderChart({ columns, rows, spec, height = 380 }: { columns: ResultColumn[]; rows: unknown[][]; spec: ChartSpec; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plan = useMemo(() => planChart(columns, spec), [columns, spec]);
  useEffect(() => {
    if (!host.current || 'error' in plan) return;
    const chart = echarts.init(host.current, undefined, { renderer: 'canvas' });
    chart.setOption(chartOptions(columns, rows, plan));
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(host.current);
    return () => { ro.disconnect(); chart.dispose(); };
  }, [columns, rows, plan]);
  if ('error' in plan) return <Empty title="No chart">{plan.error}</Empty>;
  if (!rows.length) return <Empty title="No chart">The query returned no rows.</Empty>;
  const what = `${plan.kind} of ${plan.ys.map(i => columns[i].name).join(', ')} by ${columns[plan.x].name}${plan.series !== null ? `, split by ${columns[plan.series].name}` : ''}`;
  return <div className="render-chart" ref={host} style={{ height }} role="img" aria-label={plan.title ? `${plan.title}: ${what}` : what} />;
}
