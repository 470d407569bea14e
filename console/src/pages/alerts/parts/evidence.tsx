/** An alert's evidence: the source row its rule's query returned, as name / value pairs (dynamic values as JSON). */
import { copyText } from '../../../components/copy-text';

export function Evidence({ row }: { row: Record<string, unknown> }) {
  const entries = Object.entries(row);
  if (!entries.length) return <p className="muted">The alert carries no evidence row.</p>;
  return (
    <dl className="facts evidence">
      {entries.map(([k, v]) => {
        const text = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v, null, 2) : String(v);
        return (
          <div key={k} className="evidence-row">
            <dt className="mono">{k}</dt>
            <dd>
              {v === null || v === undefined || v === '' ? <span className="muted">{v === '' ? '(empty)' : 'null'}</span>
                : typeof v === 'object' ? <pre>{text}</pre> : <span className="mono">{text}</span>}
              {text && <button type="button" className="link copy-link" onClick={() => void copyText(text)} aria-label={`Copy ${k}`}>copy</button>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** A hunting query around an alert: the device's events an hour either side of the alert's event time. */
export function huntAround(deviceId: string, timestamp: string): string {
  const t = Date.parse(timestamp);
  const iso = (ms: number) => new Date(ms).toISOString();
  const from = Number.isNaN(t) ? 'ago(1d)' : `datetime(${iso(t - 3_600_000)})`;
  const to = Number.isNaN(t) ? 'now()' : `datetime(${iso(t + 3_600_000)})`;
  return `// Events on the alert's device, an hour either side of its event time
DeviceEvents
| where DeviceId == "${deviceId.replace(/["\\]/g, '\\$&')}"
| where Timestamp between (${from} .. ${to})
| order by Timestamp asc`;
}
