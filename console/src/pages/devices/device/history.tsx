/** How the device's protection state changed over 30 days: signature age as a chart, every change as a row. */
import { useMemo, type ReactNode } from 'react';
import { Chart, type ChartOption } from '../../../components/chart';
import { Card } from '../../../components/page';
import { Empty } from '../../../components/status';
import { fmtTime } from '../../../format';
import { ModeBadge, OnOffBadge } from '../badges';
import type { StateChange } from '../model';

type Field = keyof Omit<StateChange, 'timestamp'>;

const COLUMNS: { key: Field; title: string; show: (c: StateChange) => ReactNode }[] = [
  { key: 'mode', title: 'Mode', show: c => <ModeBadge mode={c.mode} /> },
  { key: 'realTimeProtection', title: 'Real-time', show: c => <OnOffBadge value={c.realTimeProtection} /> },
  { key: 'tamperProtection', title: 'Tamper', show: c => <OnOffBadge value={c.tamperProtection} /> },
  { key: 'signatureVersion', title: 'Signatures', show: c => <span className="mono">{c.signatureVersion ?? '–'}</span> },
  { key: 'engineVersion', title: 'Engine', show: c => <span className="mono">{c.engineVersion ?? '–'}</span> },
  { key: 'platformVersion', title: 'Platform', show: c => <span className="mono">{c.platformVersion ?? '–'}</span> },
];

export function StateHistory({ history }: { history: StateChange[] }) {
  const oldestFirst = useMemo(() => [...history].sort((a, b) => a.timestamp.localeCompare(b.timestamp)), [history]);
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'days', min: 0, minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [{
      type: 'line', name: 'Signature age (days)', step: 'end', showSymbol: true, symbolSize: 5,
      data: oldestFirst.map(c => [c.timestamp, c.signatureAgeDays === null ? null : Math.round(c.signatureAgeDays * 10) / 10]),
    }],
  }), [oldestFirst]);

  if (history.length === 0) return <Empty title="No state changes in the last 30 days">The device has reported the same state throughout, or has not reported yet.</Empty>;
  const rows = [...oldestFirst].reverse();
  return (
    <div className="stack">
      <Card title="Signature age at each change">
        <Chart option={option} height={200} label={`Signature age in days at each of ${history.length} state changes over the last 30 days`} />
      </Card>
      <Card title={`Changes (${history.length})`}>
        <div className="table-wrap">
          <table className="simple-table">
            <thead><tr><th scope="col">When</th>{COLUMNS.map(c => <th key={c.key} scope="col">{c.title}</th>)}</tr></thead>
            <tbody>
              {rows.map((c, i) => {
                const before = rows[i + 1];
                return (
                  <tr key={c.timestamp + i}>
                    <td className="nowrap">{fmtTime(c.timestamp)}</td>
                    {COLUMNS.map(col => {
                      const changed = before && before[col.key] !== c[col.key];
                      return <td key={col.key} className={changed ? 'changed' : undefined}>{col.show(c)}{changed && <span className="visually-hidden"> (changed)</span>}</td>;
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
