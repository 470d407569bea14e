/** A rule's recent runs (GET /api/v1/rules/:id/runs), newest first, a page of 20 at a time. */
import { useEffect, useRef, useState } from 'react';
import { qs } from '../../../api/client';
import { useApi } from '../../../api/use-api';
import { Badge } from '../../../components/badge';
import { DataTable, type ColumnDef } from '../../../components/data-table';
import { Clip } from '../../../components/clip';
import { Guard } from '../../../components/status';
import { fmtAgo, fmtNumber, fmtTime } from '../../../format';
import { ruleUrl, type RunRecord } from '../rule-types';

const PAGE = 20;

const COLUMNS: ColumnDef<RunRecord>[] = [
  { key: 'startedAt', title: 'Started', width: 100, render: r => <span title={fmtTime(r.startedAt)}>{fmtAgo(r.startedAt)}</span> },
  { key: 'kind', title: 'Kind', width: 90, render: r => r.kind === 'dry' ? <span title="Run now or preview: raises nothing">dry run</span> : r.kind },
  { key: 'status', title: 'Result', width: 76, value: r => r.error ? 'failed' : 'ok', render: r => <Badge value={r.error ? 'failed' : 'ok'} /> },
  { key: 'window', title: 'Window', width: 'minmax(250px, 1.4fr)', value: r => r.windowFrom, render: r => <Clip><span className="mono">{fmtTime(r.windowFrom)} → {fmtTime(r.windowTo)}</span></Clip> },
  { key: 'durationMs', title: 'Took', width: 80, align: 'right', render: r => r.durationMs === null ? '–' : `${fmtNumber(r.durationMs)} ms` },
  { key: 'rows', title: 'Rows', width: 70, align: 'right', render: r => fmtNumber(r.rows) },
  { key: 'alerts', title: 'Alerts', width: 70, align: 'right', render: r => fmtNumber(r.alerts) },
  { key: 'error', title: 'Error', width: 'minmax(160px, 1fr)', value: r => r.error ?? '', render: r => r.error ? <Clip title={r.error}><span className="field-error">{r.error}</span></Clip> : '' },
];

export function RuleRuns({ id, tick }: { id: string; tick: number }) {
  const [offset, setOffset] = useState(0);
  const r = useApi<{ runs: RunRecord[]; total: number }>(`${ruleUrl(id)}/runs${qs({ limit: PAGE, offset })}`);
  // a run now or preview adds a run: the parent bumps `tick` and the list reloads in place
  const first = useRef(tick);
  const { reload } = r;
  useEffect(() => { if (tick !== first.current) reload(); }, [tick, reload]);
  return (
    <Guard r={r}>{d => (
      <>
        <DataTable rows={d.runs} columns={COLUMNS} rowKey={x => x.runId} height={Math.min(400, d.runs.length * 32 + 8)} searchable={false} label="Runs"
          empty="The rule has not run yet. Enabled rules run at their frequency; Run now and Preview show what it would find." />
        {d.total > PAGE && (
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
            <span className="muted">{offset + 1}–{Math.min(offset + PAGE, d.total)} of {fmtNumber(d.total)}</span>
            <button type="button" disabled={offset + PAGE >= d.total} onClick={() => setOffset(offset + PAGE)}>Older</button>
          </div>
        )}
      </>
    )}</Guard>
  );
}
