/**
 * What every message says about an alert (device, rule, severity, title, time, link) and the plain-text and
 * HTML renderings e-mail uses. Channel-specific shapes (Teams cards, Slack blocks, syslog) build on `describe`.
 */
import type { Severity } from '../alerts/model.js';
import type { AlertSnapshot, Delivery } from './model.js';

export interface AlertNote {
  alertId: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  device: string;
  deviceId: string | null;
  rule: string;
  ruleId: string;
  /** The source row's Timestamp (ISO). */
  time: string;
  createdAt: string;
  category: string;
  description: string;
  accountName: string | null;
  incidentId: string;
  link: string;
}

const LABELS: Record<Severity, string> = { informational: 'Informational', low: 'Low', medium: 'Medium', high: 'High' };

/** Collapses line breaks and other control characters, for one-line fields (subjects, headers, card titles). */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function alertLink(publicUrl: string, alertId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/alerts/${encodeURIComponent(alertId)}`;
}

export function describe(a: AlertSnapshot, publicUrl: string): AlertNote {
  return {
    alertId: a.alertId,
    title: oneLine(a.title),
    severity: a.severity,
    severityLabel: LABELS[a.severity] ?? a.severity,
    device: oneLine(a.deviceName ?? a.deviceId ?? '(no device)'),
    deviceId: a.deviceId,
    rule: oneLine(a.ruleName),
    ruleId: a.ruleId,
    time: a.timestamp,
    createdAt: a.createdAt,
    category: a.category,
    description: a.description,
    accountName: a.accountName,
    incidentId: a.incidentId,
    link: alertLink(publicUrl, a.alertId),
  };
}

/** "3 alerts (1 high, 2 medium)": counts by severity, highest first. */
export function countLine(notes: { severity: Severity }[]): string {
  const order: Severity[] = ['high', 'medium', 'low', 'informational'];
  const parts = order.map(s => [s, notes.filter(n => n.severity === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return `${notes.length} alert${notes.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}

export function subject(delivery: Delivery, notes: AlertNote[], prefix = '[Picket]'): string {
  if (delivery.kind === 'test') return `${prefix} Test notification`;
  if (notes.length === 1) {
    const n = notes[0];
    return oneLine(`${prefix} ${n.severityLabel} alert: ${n.title} on ${n.device}`).slice(0, 250);
  }
  const window = delivery.digestMinutes ? ` in the last ${delivery.digestMinutes} minutes` : '';
  return `${prefix} ${countLine(notes)}${window}`;
}

function fields(n: AlertNote): [string, string][] {
  const f: [string, string][] = [
    ['Title', n.title], ['Severity', n.severityLabel], ['Device', n.deviceId && n.deviceId !== n.device ? `${n.device} (${n.deviceId})` : n.device],
    ['Rule', `${n.rule} (${n.ruleId})`], ['Time', n.time], ['Raised', n.createdAt],
  ];
  if (n.accountName) f.push(['Account', n.accountName]);
  if (n.category) f.push(['Category', n.category]);
  return f;
}

function intro(delivery: Delivery, notes: AlertNote[]): string {
  if (delivery.kind === 'test') return 'This is a test notification from Picket. The channel works; the alert below is an example.';
  if (notes.length === 1) return `Picket raised a ${notes[0].severity} severity alert.`;
  return `Picket raised ${countLine(notes)}${delivery.digestMinutes ? ` in the last ${delivery.digestMinutes} minutes` : ''}.`;
}

export function textBody(delivery: Delivery, notes: AlertNote[]): string {
  const blocks = notes.map(n => [
    ...fields(n).map(([k, v]) => `${(k + ':').padEnd(10)} ${v}`),
    ...(n.description ? ['', n.description.trim()] : []),
    '', `Open the alert: ${n.link}`,
  ].join('\n'));
  return [intro(delivery, notes), '', blocks.join('\n\n----------------------------------------\n\n'), ''].join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function htmlBody(delivery: Delivery, notes: AlertNote[]): string {
  const blocks = notes.map(n => {
    const rows = fields(n).map(([k, v]) => `<tr><th align="left" style="padding-right:1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
    const desc = n.description ? `<p style="white-space:pre-wrap">${escapeHtml(n.description.trim())}</p>` : '';
    return `<table>${rows}</table>${desc}<p><a href="${escapeHtml(n.link)}">Open the alert in Picket</a></p>`;
  });
  return `<!doctype html><html><body><p>${escapeHtml(intro(delivery, notes))}</p>${blocks.join('<hr>')}</body></html>`;
}

/** The example alert a "send a test" carries. */
export function testAlert(now: Date): AlertSnapshot {
  const t = now.toISOString();
  return {
    alertId: 'test', ruleId: 'test', ruleName: 'Test notification', title: 'Test notification from Picket',
    severity: 'informational', category: 'Test', mitreTechniques: [], description: 'Sent from the channel settings to check delivery.',
    recommendedActions: '', deviceId: null, deviceName: 'example-device', accountName: null, timestamp: t, createdAt: t,
    incidentId: 'test', status: 'new',
  };
}
