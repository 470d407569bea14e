/** What a dry run (run now, preview) found: the window, the alerts it would raise now, and the query's rows. */
import { DataTable, type ColumnDef } from '../../../components/data-table';
import { Clip } from '../../../components/clip';
import { Empty } from '../../../components/status';
import { fmtNumber, fmtTime } from '../../../format';
import { Link } from '../../../router';
import { ResultsGrid } from '../../hunting/results-grid';
import type { DryRun } from '../rule-types';

type Raise = DryRun['wouldRaise'][number];

const COLUMNS: ColumnDef<Raise>[] = [
  { key: 'title', title: 'Alert title', width: 'minmax(240px, 2fr)', render: r => <Clip title={r.title}>{r.title}</Clip> },
  { key: 'deviceName', title: 'Device', width: 'minmax(180px, 1fr)', value: r => r.deviceName ?? r.deviceId ?? '',
    render: r => r.deviceId ? <Clip><Link to={`/devices/${encodeURIComponent(r.deviceId)}`}>{r.deviceName || r.deviceId}</Link></Clip> : <span className="muted">–</span> },
  { key: 'accountName', title: 'User', width: 140, value: r => r.accountName ?? '' },
  { key: 'timestamp', title: 'Event time', width: 190, render: r => fmtTime(r.timestamp) },
];

export function DryRunView({ run, what }: { run: DryRun; what: string }) {
  const n = run.wouldRaise.length;
  return (
    <div className="dry-run">
      <p className="dry-run-summary">
        <strong>{what}</strong> over {fmtTime(run.window.from)} → {fmtTime(run.window.to)}: the query returned <strong>{fmtNumber(run.rowCount)}</strong> row{run.rowCount === 1 ? '' : 's'};
        a real run now would raise <strong>{fmtNumber(n)}</strong> new alert{n === 1 ? '' : 's'}{run.rowCount > n ? ' (rows already alerted on, or whose entity has an open alert, raise nothing)' : ''}. Nothing was raised.
      </p>
      {run.truncated && <div className="notice" role="status">Only the first {fmtNumber(run.rows.length)} rows are shown.</div>}
      {n > 0
        ? <DataTable rows={run.wouldRaise} columns={COLUMNS} rowKey={r => `${r.entity}|${r.timestamp}|${r.title}`} height={Math.min(320, 34 * n + 8)} exportName="picket-would-raise.csv" label="Alerts it would raise" />
        : <Empty title="No new alerts">Nothing in this window would raise an alert now.</Empty>}
      {run.rows.length > 0 && (
        <details className="dry-run-rows">
          <summary>The query's rows ({fmtNumber(run.rows.length)})</summary>
          <ResultsGrid columns={run.columns} rows={run.rows.map(r => run.columns.map(c => r[c.name] ?? null))} exportName="picket-rule-rows.csv" />
        </details>
      )}
    </div>
  );
}
