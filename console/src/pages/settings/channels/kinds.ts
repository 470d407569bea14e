/**
 * The settings of each notification channel kind, as its server-side driver reads them (src/notify/channels).
 * Secret settings are write-only: the API says only whether one is set.
 */
export type ChannelKind = 'email' | 'webhook' | 'teams' | 'slack' | 'syslog';

export interface ChannelView {
  channelId: string; name: string; kind: ChannelKind; enabled: boolean;
  config: Record<string, unknown>;
  secrets: Record<string, 'set' | null>;
  createdAt: string; updatedAt: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  input: 'text' | 'number' | 'select' | 'textarea' | 'list';
  secret?: boolean;
  required?: boolean;
  options?: string[];
  placeholder?: string;
  hint?: string;
}

const url = (hint: string): FieldSpec => ({ name: 'url', label: 'Webhook URL', input: 'text', secret: true, required: true, placeholder: 'https://…', hint });

export const KINDS: { kind: ChannelKind; label: string; fields: FieldSpec[] }[] = [
  {
    kind: 'email', label: 'E-mail (SMTP)', fields: [
      { name: 'host', label: 'SMTP server', input: 'text', required: true, placeholder: 'smtp.example.com' },
      { name: 'security', label: 'Security', input: 'select', options: ['starttls', 'tls', 'none'], hint: 'starttls on port 587 or 25; tls from the start on 465.' },
      { name: 'port', label: 'Port', input: 'number', placeholder: '587 (465 with tls)' },
      { name: 'username', label: 'User name', input: 'text', hint: 'Leave empty for a relay without authentication.' },
      { name: 'password', label: 'Password', input: 'text', secret: true },
      { name: 'from', label: 'From address', input: 'text', required: true, placeholder: 'picket@example.com' },
      { name: 'to', label: 'To addresses', input: 'list', required: true, placeholder: 'soc@example.com, oncall@example.com', hint: 'Separate addresses with commas.' },
      { name: 'subjectPrefix', label: 'Subject prefix', input: 'text', placeholder: '[Picket]' },
      { name: 'caCertificate', label: 'Trusted CA certificates (PEM)', input: 'textarea', hint: 'Only for a relay whose certificate is private or self-signed.' },
    ],
  },
  {
    kind: 'webhook', label: 'Webhook (signed JSON)', fields: [
      { name: 'url', label: 'URL', input: 'text', required: true, placeholder: 'https://…' },
      { name: 'secret', label: 'Signing secret', input: 'text', secret: true, hint: 'Leave empty to have Picket generate one. Receivers check X-Picket-Signature with it.' },
    ],
  },
  { kind: 'teams', label: 'Microsoft Teams', fields: [url('A Teams incoming webhook or Workflows "webhook request received" URL.')] },
  { kind: 'slack', label: 'Slack', fields: [url('A Slack incoming webhook URL.')] },
  {
    kind: 'syslog', label: 'Syslog (RFC 5424 or CEF)', fields: [
      { name: 'host', label: 'Server', input: 'text', required: true, placeholder: 'siem.example.com' },
      { name: 'transport', label: 'Transport', input: 'select', required: true, options: ['udp', 'tcp', 'tls'] },
      { name: 'port', label: 'Port', input: 'number', placeholder: '514 (6514 with tls)' },
      { name: 'format', label: 'Format', input: 'select', options: ['rfc5424', 'cef'] },
      { name: 'facility', label: 'Facility (0–23)', input: 'number', placeholder: '16 (local0)' },
      { name: 'hostname', label: 'HOSTNAME field', input: 'text', placeholder: 'this server\'s name' },
      { name: 'caCertificate', label: 'Trusted CA certificates (PEM)', input: 'textarea' },
      { name: 'clientCertificate', label: 'Client certificate (PEM)', input: 'textarea', hint: 'For receivers that want mutual TLS; needs transport tls.' },
      { name: 'clientKey', label: 'Client private key (PEM)', input: 'textarea', secret: true },
    ],
  },
];

export const kindOf = (k: string) => KINDS.find(x => x.kind === k) ?? KINDS[0];
export const kindLabel = (k: string) => KINDS.find(x => x.kind === k)?.label ?? k;

/** Where a channel sends, in a few words, for the list. */
export function destination(c: ChannelView): string {
  const v = c.config;
  if (c.kind === 'email') return `${Array.isArray(v.to) ? v.to.join(', ') : ''} via ${v.host ?? '?'}`;
  if (c.kind === 'syslog') return `${v.transport ?? ''}://${v.host ?? '?'}:${v.port ?? ''} (${v.format ?? 'rfc5424'})`;
  if (c.kind === 'webhook') return String(v.url ?? '');
  return c.secrets.url === 'set' ? 'webhook URL set' : 'no webhook URL';
}

/** The form's text for each setting of a stored channel. Secrets stay empty: they are never sent back. */
export function formValues(c: ChannelView | null, kind: ChannelKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of kindOf(kind).fields) {
    const v = c?.config[f.name];
    out[f.name] = f.secret || v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * The config to send. New channel: empty settings are left out (the driver's defaults apply). Edit: an empty
 * secret is left out (it keeps its value); another empty setting is sent as null, which removes it.
 */
export function configFrom(values: Record<string, string>, kind: ChannelKind, editing: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of kindOf(kind).fields) {
    const raw = (values[f.name] ?? '').trim();
    if (!raw) { if (editing && !f.secret) out[f.name] = null; continue; }
    if (f.input === 'number') out[f.name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    else if (f.input === 'list') out[f.name] = raw.split(/[\s,;]+/).filter(Boolean);
    else out[f.name] = f.input === 'textarea' ? values[f.name] : raw;
  }
  return out;
}
