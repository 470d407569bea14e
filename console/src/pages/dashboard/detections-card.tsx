/** Detections per day over the last 30 days; a bar opens that day's detections in advanced hunting. */
import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../components/chart';
import { Card } from '../../components/page';
import { Link, navigate } from '../../router';
import { fmtNumber } from '../../format';
import { detectionsHuntUrl, type FleetSummary } from './model';

const DAY = 86_400_000;

/** Every day of the window, zero where the API has no row, so gaps read as quiet days and not as missing axis. */
function fillDays(days: { day: string; count: number }[], until: string): { day: string; count: number }[] {
  const counts = new Map(days.map(d => [d.day, d.count]));
  const last = Date.parse((days.length ? [...days.map(d => d.day), until.slice(0, 10)].sort().at(-1)! : until.slice(0, 10)) + 'T00:00:00Z');
  if (Number.isNaN(last)) return days;
  const out = [];
  for (let t = last - 29 * DAY; t <= last; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

export function DetectionsCard({ s }: { s: FleetSummary }) {
  const days = useMemo(() => fillDays(s.detections.days, s.generatedAt), [s.detections.days, s.generatedAt]);
  const option = useMemo<ChartOption>(() => ({
    grid: { left: 36, right: 12, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: days.map(d => d.day), axisLabel: { formatter: (v: string) => v.slice(5) }, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [{ type: 'bar', name: 'Detections', data: days.map(d => d.count), barMaxWidth: 18, itemStyle: { borderRadius: [3, 3, 0, 0] } }],
  }), [days]);
  const peak = days.reduce((m, d) => (d.count > m.count ? d : m), { day: '', count: 0 });
  const label = `Detections per day over the last 30 days: ${fmtNumber(s.detections.total)} in all`
    + (peak.count ? `, most on ${peak.day} (${fmtNumber(peak.count)})` : '') + '. Select a bar to see that day in advanced hunting.';
  return (
    <Card title="Detections, last 30 days" className="span-2"
      actions={<Link to={detectionsHuntUrl()} className="card-link" aria-label={`${fmtNumber(s.detections.total)} detections in the last 30 days: open in advanced hunting`}>{fmtNumber(s.detections.total)} detections</Link>}>
      {s.detections.total === 0 && !s.detections.days.some(d => d.count)
        ? <p className="muted">No detections in the last 30 days.</p>
        : <>
          <Chart option={option} label={label} height={220} onClick={p => p.name && navigate(detectionsHuntUrl(p.name))} />
          <details className="per-day">
            <summary>Each day as a list</summary>
            <ul>{days.map(d => <li key={d.day}><Link to={detectionsHuntUrl(d.day)}>{d.day}: {fmtNumber(d.count)}</Link></li>)}</ul>
          </details>
        </>}
    </Card>
  );
}
