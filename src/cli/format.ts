/** Result printing for the terminal: an aligned text table, or CSV (RFC 4180). */
import type { QueryResult, Value } from '../kql/results.js';

function text(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function formatTable(r: QueryResult): string {
  const head = r.columns.map(c => c.name);
  const body = r.rows.map(row => row.map(v => text(v).replace(/\s+/g, ' ')));
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map(row => row[i].length))));
  const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  const lines = [head.map((h, i) => fit(h, widths[i])).join('  ').trimEnd(), widths.map(w => '-'.repeat(w)).join('  ')];
  for (const row of body) lines.push(row.map((c, i) => fit(c, widths[i])).join('  ').trimEnd());
  lines.push(`(${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ', truncated' : ''})`);
  return lines.join('\n') + '\n';
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(r: QueryResult): string {
  const lines = [r.columns.map(c => csvCell(c.name)).join(',')];
  for (const row of r.rows) lines.push(row.map(v => csvCell(text(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}
