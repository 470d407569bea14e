/**
 * Detection rules as the API sends them (src/rules/model.ts, store.ts, service.ts), and how their schedule reads:
 * Defender's frequencies with their lookbacks, and when the scheduler (a tick every 20 s) runs a rule next.
 */
export type Severity = 'informational' | 'low' | 'medium' | 'high';
export type Frequency = 'continuous' | '1h' | '3h' | '12h' | '24h';
export type ParamValue = string | number | boolean;
export type Scope = { kind: 'all' } | { kind: 'groups'; groups: string[] } | { kind: 'tags'; tags: string[] };

export const SEVERITIES: Severity[] = ['informational', 'low', 'medium', 'high'];
export const FREQUENCIES: Frequency[] = ['continuous', '1h', '3h', '12h', '24h'];

export interface AlertTemplate { title: string; severity: Severity; category: string; mitreTechniques: string[]; description: string; recommendedActions: string }

export interface RuleDefinition {
  name: string;
  query: string;
  frequency: Frequency;
  alert: AlertTemplate;
  entities: { device: string | null; user: string | null };
  alertPer: 'row' | 'entity';
  scope: Scope;
  parameters: Record<string, ParamValue>;
  enabled: boolean;
}

export interface RunRecord {
  runId: string; ruleId: string; kind: 'scheduled' | 'continuous' | 'dry'; startedAt: string; durationMs: number | null;
  windowFrom: string; windowTo: string; rows: number | null; alerts: number | null; error: string | null;
}

export interface Rule extends RuleDefinition {
  id: string; builtin: boolean; copiedFrom: string | null; createdAt: string; updatedAt: string;
  /** End of the window the last scheduled run covered; null before the first run. */
  windowTo: string | null;
  // summaries the list may carry; the console fetches them per rule when it does not
  lastRun?: RunRecord | null;
  alertCounts?: { open: number; total: number };
}

export interface Problem { field: string; code: string; message: string; span?: { offset: number; length: number } }

export interface DryRun {
  window: { from: string; to: string };
  columns: { name: string; type: string }[];
  rowCount: number;
  rows: Record<string, unknown>[];
  truncated: boolean;
  wouldRaise: { title: string; entity: string; deviceId: string | null; deviceName: string | null; accountName: string | null; timestamp: string }[];
}

const HOUR = 3_600_000;
export const PERIOD_MS: Record<Frequency, number> = { continuous: 0, '1h': HOUR, '3h': 3 * HOUR, '12h': 12 * HOUR, '24h': 24 * HOUR };
const LOOKBACK: Record<Frequency, string> = { continuous: '4 hours', '1h': '4 hours', '3h': '12 hours', '12h': '48 hours', '24h': '30 days' };

export function frequencyText(f: Frequency): string {
  return f === 'continuous' ? 'Continuous (near real-time)' : `Every ${f.replace('h', ' hour')}${f === '1h' ? '' : 's'}`;
}

/** For tables: "Every 3 h", "Continuous". */
export function frequencyShort(f: Frequency): string {
  return f === 'continuous' ? 'Continuous' : `Every ${f.replace('h', ' h')}`;
}

/** "Every 3 hours, looking back 12 hours" — Defender's pairs. */
export function scheduleText(f: Frequency): string {
  return `${frequencyText(f)}, looking back ${LOOKBACK[f]}`;
}

/** When the scheduler next runs the rule, as words. */
export function nextRunText(rule: Pick<Rule, 'enabled' | 'frequency' | 'windowTo'>, now = Date.now()): string {
  if (!rule.enabled) return 'not scheduled (disabled)';
  if (rule.frequency === 'continuous') return 'after new data arrives';
  if (!rule.windowTo) return 'at the next scheduler tick (first run looks back 30 days)';
  const at = Date.parse(rule.windowTo) + PERIOD_MS[rule.frequency];
  if (at <= now) return 'due now';
  const min = Math.round((at - now) / 60_000);
  return min < 60 ? `in ${min} min` : `in ${Math.floor(min / 60)} h ${min % 60} min`;
}

/** For tables: "in 2 h 5 min", "due now", "on new data", "–". */
export function nextRunShort(rule: Pick<Rule, 'enabled' | 'frequency' | 'windowTo'>, now = Date.now()): string {
  if (!rule.enabled) return '–';
  if (rule.frequency === 'continuous') return 'on new data';
  if (!rule.windowTo) return 'next tick';
  return nextRunText(rule, now);
}

export function nextRunAt(rule: Pick<Rule, 'enabled' | 'frequency' | 'windowTo'>): string | null {
  if (!rule.enabled || rule.frequency === 'continuous' || !rule.windowTo) return null;
  return new Date(Date.parse(rule.windowTo) + PERIOD_MS[rule.frequency]).toISOString();
}

export const ruleUrl = (id: string) => `/api/v1/rules/${encodeURIComponent(id)}`;
