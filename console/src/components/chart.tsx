/**
 * A chart for any screen: ECharts with only the parts the console draws (line, bar, pie; grid, tooltip,
 * legend, dataset; canvas), loaded on first use so a screen's numbers show before the charting code arrives.
 * The chart follows its container's size; `onClick` receives the clicked point, so a bar can act as a link.
 */
import { useEffect, useRef, useState } from 'react';
import type { ComposeOption, ECharts } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { DatasetComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption |
  DatasetComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** What a click on a bar, point or slice reports. */
export interface ChartPoint { name: string; seriesName?: string; dataIndex: number; value: unknown; data: unknown }

/** The palette of styles.css: accent, good, warn, bad, then quieter tones. */
export const CHART_COLORS = ['#2855c5', '#1d7f46', '#a15c00', '#b42318', '#6d9cff', '#5b6471', '#8e5bd0', '#2a9d8f'];

const BASE: ChartOption = {
  color: CHART_COLORS,
  textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', color: '#5b6471' },
  animationDuration: 250,
};

export interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  height?: number;
  onClick?: (point: ChartPoint) => void;
}

export function Chart({ option, label, height = 240, onClick }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const click = useRef(onClick);
  useEffect(() => { click.current = onClick; }, [onClick]);

  useEffect(() => {
    let c: ECharts | null = null, resize: ResizeObserver | null = null, gone = false;
    // after the next frame: the screen's numbers paint first, then the chart code (the largest chunk) loads
    const afterPaint = new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    afterPaint.then(() => import('./echarts-setup')).then(({ init }) => {
      if (gone || !el.current) return;
      c = init(el.current, undefined, { renderer: 'canvas' });
      c.on('click', p => click.current?.(p as unknown as ChartPoint));
      resize = new ResizeObserver(() => c?.resize());
      resize.observe(el.current);
      setChart(c);
    }, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
    return () => { gone = true; resize?.disconnect(); c?.dispose(); setChart(null); };
  }, []);

  useEffect(() => { chart?.setOption({ ...BASE, ...option }, { notMerge: true }); }, [chart, option]);

  if (failed) return <div className="state state-error" role="alert" style={{ height }}>The chart could not be loaded: {failed}</div>;
  return <div ref={el} className={`chart${onClick ? ' chart-clickable' : ''}`} role="img" aria-label={label} style={{ height }} />;
}
