/** A count split into parts (devices by mode, incidents by severity): each part a link to the list behind it. */
import { Link } from '../../router';
import { fmtNumber } from '../../format';

export interface Part { key: string; label: string; count: number; to: string; tone: string; describe: string }

export function Distribution({ parts, label }: { parts: Part[]; label: string }) {
  const total = parts.reduce((s, p) => s + p.count, 0);
  return (
    <ul className="dist" aria-label={label}>
      {parts.map(p => (
        <li key={p.key}>
          <Link to={p.to} className="dist-row" aria-label={`${fmtNumber(p.count)} ${p.describe}`}>
            <span className="dist-label"><span className={`dot tone-${p.tone}`} aria-hidden="true" />{p.label}</span>
            <span className="dist-bar" aria-hidden="true">
              <span className={`tone-${p.tone}`} style={{ width: total ? `${(100 * p.count) / total}%` : 0 }} />
            </span>
            <span className="dist-count">{fmtNumber(p.count)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** One headline number that opens its list. */
export function StatTile({ value, label, to, tone }: { value: number; label: string; to: string; tone?: string }) {
  return (
    <Link to={to} className={`card stat-tile${tone ? ` stat-${tone}` : ''}`} aria-label={`${fmtNumber(value)} ${label}`}>
      <span className="stat-value">{fmtNumber(value)}</span>
      <span className="stat-label">{label}</span>
    </Link>
  );
}
