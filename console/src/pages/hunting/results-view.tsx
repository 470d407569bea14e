/** What a run produced: a status line (rows, time, truncation), the error, and the result as a table or a chart. */
import { useEffect, useMemo, useState } from 'react';
import { ErrorBox, Empty, Loading } from '../../components/status';
import { RenderChart } from '../../components/render-chart';
import { CHART_KINDS, type ChartSpec } from '../../components/render-chart-options';
import { fmtNumber } from '../../format';
import { ResultsGrid } from './results-grid';
import { fmtMs, useElapsed, type RunState } from './use-query-run';

export function ResultsView({ state, onCancel }: { state: RunState; onCancel: () => void }) {
  const elapsed = useElapsed(state.kind === 'running', state.kind === 'running' ? state.started : 0);
  const result = state.kind === 'done' ? state.result : null;
  const [tab, setTab] = useState<'table' | 'chart'>('table');
  const [kind, setKind] = useState('columnchart');
  useEffect(() => {
    setTab(result?.chart ? 'chart' : 'table');
    if (result?.chart?.kind) setKind(result.chart.kind.toLowerCase());
  }, [result]);
  const spec: ChartSpec = useMemo(() => ({ ...(result?.chart ?? {}), kind }), [result, kind]);

  if (state.kind === 'idle') return <Empty title="No results yet">Write a query and run it with Ctrl+Enter (or Shift+Enter).</Empty>;
  if (state.kind === 'running') {
    return (
      <div className="run-status">
        <Loading label={`Running… ${fmtMs(elapsed)}`} />
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    );
  }
  if (state.kind === 'cancelled') return <Empty title="Cancelled">The query was cancelled after {fmtMs(state.ms)}. Nothing was shown.</Empty>;
  if (state.kind === 'failed') {
    return (
      <div className="results-error">
        <ErrorBox error={state.error} />
        {state.queryError?.span && <p className="muted">The part of the query it concerns is underlined in the editor.</p>}
      </div>
    );
  }
  const r = state.result;
  const chartable = r.columns.length > 1;
  return (
    <div className="results-view">
      <div className="results-status">
        <span><strong>{fmtNumber(r.rows.length)}</strong> row{r.rows.length === 1 ? '' : 's'}</span>
        <span className="muted">in {fmtMs(state.ms)}</span>
        {chartable && (
          <div className="tabs" role="tablist" aria-label="Show the result as">
            <button type="button" role="tab" aria-selected={tab === 'table'} onClick={() => setTab('table')}>Table</button>
            <button type="button" role="tab" aria-selected={tab === 'chart'} onClick={() => setTab('chart')}>Chart</button>
          </div>
        )}
        {tab === 'chart' && (
          <label className="inline-label">Chart type
            <select value={kind} onChange={e => setKind(e.target.value)}>{CHART_KINDS.map(k => <option key={k} value={k}>{k}</option>)}</select>
          </label>
        )}
      </div>
      {r.truncated && (
        <div className="notice" role="status">
          The result was cut at {fmtNumber(r.rows.length)} rows (the server's row limit). Narrow the query with <code>where</code>, <code>summarize</code> or <code>take</code> to see all of it.
        </div>
      )}
      {r.columns.length === 0 || r.rows.length === 0
        ? <Empty title="No rows">The query ran and returned nothing{r.columns.length ? ` (columns: ${r.columns.map(c => c.name).join(', ')})` : ''}.</Empty>
        : tab === 'chart' ? <RenderChart columns={r.columns} rows={r.rows} spec={spec} />
        : <ResultsGrid columns={r.columns} rows={r.rows} exportName={`picket-hunting-${new Date(state.finished).toISOString().slice(0, 19).replace(/[:T]/g, '')}.csv`} />}
    </div>
  );
}
