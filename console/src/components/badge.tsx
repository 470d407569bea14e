/** Coloured labels for the states analysts scan for: severity, status, antivirus mode, on/off. */
const TONES: Record<string, string> = {
  high: 'bad', medium: 'warn', low: 'info', informational: 'muted',
  new: 'bad', inprogress: 'warn', 'in progress': 'warn', resolved: 'good',
  active: 'good', normal: 'good', passive: 'bad', 'edr block': 'warn', 'not reporting': 'muted', 'not running': 'bad',
  on: 'good', off: 'bad', enabled: 'good', disabled: 'muted', ok: 'good', failed: 'bad', error: 'bad',
  pending: 'warn', running: 'info', done: 'good', expired: 'muted',
};

export function Badge({ value, tone }: { value: string; tone?: string }) {
  const t = tone ?? TONES[value.toLowerCase()] ?? 'muted';
  return <span className={`badge badge-${t}`}>{value}</span>;
}
