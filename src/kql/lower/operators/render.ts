/**
 * render: the rows pass through unchanged; the visualization is kept as chart metadata for the console
 * (results.ts documents the Chart shape). `with (…)` and bare properties are read the same way.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column } from '../../ir/types.js';
import type { Chart } from '../../results.js';
import { listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const NUMERIC = new Set(['int', 'long', 'real', 'decimal', 'timespan']);

/** A property's value: a string literal's text, a list of column names, or the written word (kind=stacked). */
function propertyValue(e: Bridged): string | string[] {
  const kind = kindOf(e);
  if (kind === 'NameReferenceList') return listOf(e.Names).map(n => String(n.SimpleName ?? n.ToString?.() ?? '').trim());
  if (kind === 'NameReference') return String(e.SimpleName);
  if (typeof e.ConstantValue === 'string') return e.ConstantValue;
  return String(e.ToString?.() ?? '').trim();
}

const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** The chart for `render kind [with] (…)` over a result with these columns; x and y default as Kusto's do. */
export function chartOf(op: Bridged, cols: Column[]): Chart {
  const props = new Map<string, string | string[]>();
  for (const p of [...listOf(op.Parameters), ...listOf(op.WithClause?.Properties)]) {
    props.set(String(p.Name?.SimpleName ?? '').toLowerCase(), propertyValue(p.Expression));
  }
  const kind = String(op.ChartType?.Text ?? 'table').toLowerCase();
  const series = list(props.get('series'));
  const stated = props.get('xcolumn');
  // Kusto's defaults: x is the first column (a timechart's first datetime column); y every numeric column left
  const x = (Array.isArray(stated) ? stated[0] : stated)
    ?? (kind === 'timechart' ? cols.find(c => c.type === 'datetime')?.name : undefined) ?? cols[0]?.name;
  const y = list(props.get('ycolumns')) ?? cols.filter(c => c.name !== x && !series?.includes(c.name) && NUMERIC.has(c.type)).map(c => c.name);
  const chart: Chart = { kind, ...(x !== undefined ? { x } : {}), y };
  if (series) chart.series = series;
  const title = props.get('title');
  if (title !== undefined) chart.title = String(title);
  const rest = [...props].filter(([k]) => !['series', 'xcolumn', 'ycolumns', 'title'].includes(k));
  if (rest.length) chart.properties = Object.fromEntries(rest.map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  return chart;
}

export const lowerRender: OperatorLowering = (op, input, lw) => {
  const rel = needInput(input, op);
  lw.chart = chartOf(op, rel.cols);
  return rel;
};
