/**
 * A query result with `render` → ECharts options, following Kusto's defaults where the query leaves a choice
 * open: x is the first column (the first datetime one for time charts), y every numeric column besides it, and
 * a string column splits the rows into series. barchart is horizontal, columnchart vertical, as in Kusto.
 */
import type { EChartsCoreOption } from 'echarts/core';

export type ChartKind = 'timechart' | 'linechart' | 'areachart' | 'columnchart' | 'barchart' | 'piechart';
export const CHART_KINDS: readonly ChartKind[] = ['timechart', 'linechart', 'areachart', 'columnchart', 'barchart', 'piechart'];

export interface ResultColumn { name: string; type: string }
export interface ChartSpec { kind: string; x?: string | null; y?: string | string[] | null; series?: string | string[] | null; title?: string | null }
export interface ChartPlan { kind: ChartKind; x: number; ys: number[]; series: number | null; title: string | null }

const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);
const MAX_SERIES = 40;
const list = (v: string | string[] | null | undefined) => v == null ? [] : Array.isArray(v) ? v : [v];

/** Which columns play which part; null when the result cannot be drawn as this kind (the reason says why). */
export function planChart(columns: ResultColumn[], spec: ChartSpec): ChartPlan | { error: string } {
  const kind = spec.kind.toLowerCase() as ChartKind;
  if (!CHART_KINDS.includes(kind)) return { error: `Picket does not draw "${spec.kind}" charts; the table shows the result.` };
  const idx = (name: string) => columns.findIndex(c => c.name === name);
  const isNum = (i: number) => NUMERIC.has(columns[i].type);
  const time = kind === 'timechart';
  let x = spec.x ? idx(spec.x) : -1;
  if (x < 0) x = time ? columns.findIndex(c => c.type === 'datetime') : 0;
  if (x < 0) return { error: 'A timechart needs a datetime column for its x-axis.' };
  let ys = list(spec.y).map(idx).filter(i => i >= 0 && i !== x);
  if (!ys.length) ys = columns.map((_, i) => i).filter(i => i !== x && isNum(i));
  if (!ys.length) return { error: 'The result has no numeric column to plot.' };
  if (kind === 'piechart') ys = ys.slice(0, 1);
  const named = list(spec.series).map(idx).filter(i => i >= 0 && i !== x && !ys.includes(i));
  const series = named[0] ?? (kind === 'piechart' ? null : columns.findIndex((c, i) => i !== x && !ys.includes(i) && c.type === 'string'));
  return { kind, x, ys, series: series === null || series < 0 ? null : series, title: spec.title ?? null };
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

const label = (v: unknown) => v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function chartOptions(columns: ResultColumn[], rows: unknown[][], plan: ChartPlan): EChartsCoreOption {
  const base = { title: plan.title ? { text: plan.title, left: 'center', textStyle: { fontSize: 14 } } : undefined, animation: false };
  if (plan.kind === 'piechart') {
    const y = plan.ys[0];
    return { ...base, tooltip: { trigger: 'item' }, legend: { type: 'scroll', orient: 'vertical', right: 0, top: 30 },
      series: [{ type: 'pie', radius: ['35%', '70%'], center: ['40%', '55%'], data: rows.map(r => ({ name: label(r[plan.x]), value: num(r[y]) ?? 0 })) }] };
  }
  const xCol = columns[plan.x];
  const line = plan.kind === 'timechart' || plan.kind === 'linechart' || plan.kind === 'areachart';
  const xType = xCol.type === 'datetime' ? 'time' : line && NUMERIC.has(xCol.type) ? 'value' : 'category';
  const categories = xType === 'category' ? [...new Set(rows.map(r => label(r[plan.x])))] : undefined;
  // one series per (split value, y column)
  const groups = new Map<string, { name: string; y: number; points: Map<string, number | null> | [unknown, number | null][] }>();
  for (const r of rows) {
    const split = plan.series === null ? '' : label(r[plan.series]);
    for (const y of plan.ys) {
      const name = plan.series === null ? columns[y].name : plan.ys.length > 1 ? `${split} · ${columns[y].name}` : split;
      let g = groups.get(name);
      if (!g) {
        if (groups.size >= MAX_SERIES) continue;
        g = { name, y, points: categories ? new Map() : [] };
        groups.set(name, g);
      }
      if (g.points instanceof Map) g.points.set(label(r[plan.x]), num(r[y]));
      else g.points.push([xType === 'time' ? r[plan.x] : num(r[plan.x]), num(r[y])]);
    }
  }
  const series = [...groups.values()].map(g => ({
    name: g.name,
    type: line ? 'line' : 'bar',
    showSymbol: false,
    ...(plan.kind === 'areachart' ? { areaStyle: {}, stack: 'total' } : {}),
    data: g.points instanceof Map ? categories!.map(c => (g.points as Map<string, number | null>).get(c) ?? null)
      : (g.points as [unknown, number | null][]).sort((a, b) => compareX(a[0], b[0])),
  }));
  const horizontal = plan.kind === 'barchart';
  const catAxis = { type: xType, data: categories, name: xCol.name, nameLocation: 'middle', nameGap: horizontal ? 60 : 28, axisLabel: { hideOverlap: true } };
  const valAxis = { type: 'value', name: plan.ys.length === 1 ? columns[plan.ys[0]].name : undefined };
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { type: 'scroll', bottom: 0 } : undefined,
    grid: { left: horizontal ? 120 : 56, right: 24, top: plan.title ? 40 : 20, bottom: series.length > 1 ? 64 : 40, containLabel: false },
    xAxis: horizontal ? valAxis : catAxis,
    yAxis: horizontal ? { ...catAxis, inverse: true } : valAxis,
    dataZoom: line ? [{ type: 'inside' }] : undefined,
    series,
  };
}

function compareX(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
