/**
 * Runs a rule's query over its time window and turns the result into candidate alerts: one per row, or one per
 * entity (its latest row), each with the key that makes it unique (rule, entity, source row). Raising them is
 * the alert store's job; a dry run ("run now", "preview") stops here.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { runKql } from '../kql/run.js';
import type { Column } from '../kql/ir/types.js';
import type { Value } from '../kql/results.js';
import { effectiveQuery, type Rule } from './model.js';
import { restrictTime } from '../kql/rewrite/restrict-time.js';

export interface Window { from: Date; to: Date }

export interface Candidate {
  /** `d:<DeviceId>` and/or `u:<account>`: what "the same entity" means for dedupe and grouping. */
  entity: string;
  /** rule | entity | Timestamp | ReportId: an alert is raised at most once per key. */
  key: string;
  deviceId: string | null;
  deviceName: string | null;
  accountName: string | null;
  /** The source row's Timestamp, in Kusto's ISO form. */
  timestamp: string;
  title: string;
  row: Record<string, Value>;
}

export interface RuleResult { columns: Column[]; rows: Record<string, Value>[]; truncated: boolean; candidates: Candidate[] }

const toTicks = (d: Date) => BigInt(d.getTime()) * 10_000n;

export async function runRuleQuery(conn: DuckDBConnection, rule: Rule, window: Window, options: { timeoutMs?: number; maxRows?: number } = {}): Promise<RuleResult> {
  const { kql } = effectiveQuery(rule);
  const result = await runKql(conn, kql, {
    now: toTicks(window.to),
    prePasses: [restrictTime({ from: toTicks(window.from), to: toTicks(window.to) })],
    timeoutMs: options.timeoutMs ?? 120_000,
    maxRows: options.maxRows ?? 100_000,
  });
  let rows = result.rows.map(r => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
  if (rule.scope.kind !== 'all' && rule.entities.device) {
    const inScope = await devicesInScope(conn, rule.scope);
    const column = rule.entities.device;
    rows = rows.filter(r => inScope.has(String(r[column] ?? '')));
  }
  return { columns: result.columns, rows, truncated: result.truncated === true, candidates: candidatesOf(rule, rows) };
}

function text(v: Value | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function candidatesOf(rule: Rule, rows: Record<string, Value>[]): Candidate[] {
  const out: Candidate[] = [];
  for (const row of rows) {
    const deviceId = rule.entities.device ? text(row[rule.entities.device]) : null;
    const accountName = rule.entities.user ? text(row[rule.entities.user]) : null;
    if (!deviceId && !accountName) continue;
    const entity = [deviceId && `d:${deviceId}`, accountName && `u:${accountName.toLowerCase()}`].filter(Boolean).join('|');
    const timestamp = text(row.Timestamp) ?? '';
    const key = `${rule.id}|${entity}|${timestamp}|${text(row.ReportId) ?? ''}`;
    const title = rule.alert.title.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, c: string) => text(row[c]) ?? '');
    out.push({ entity, key, deviceId, deviceName: text(row.DeviceName), accountName, timestamp, title, row });
  }
  if (rule.alertPer === 'row') return out;
  // one per entity: its latest row stands for it
  const latest = new Map<string, Candidate>();
  for (const c of out) {
    const have = latest.get(c.entity);
    if (!have || c.timestamp > have.timestamp) latest.set(c.entity, c);
  }
  return [...latest.values()];
}

/** Device ids whose latest DeviceInfo row puts them in the scope's groups or tags. */
async function devicesInScope(conn: DuckDBConnection, scope: Exclude<Rule['scope'], { kind: 'all' }>): Promise<Set<string>> {
  const r = await runKql(conn, 'DeviceInfo | summarize arg_max(Timestamp, MachineGroup, DeviceManualTags, DeviceDynamicTags) by DeviceId', { maxRows: 10_000_000 });
  const ids = new Set<string>();
  const wanted = new Set((scope.kind === 'groups' ? scope.groups : scope.tags).map(s => s.toLowerCase()));
  for (const [id, , group, manual, dynamic] of r.rows as [string, string, string, string, string][]) {
    const hit = scope.kind === 'groups' ? wanted.has(String(group).toLowerCase()) : [...tagList(manual), ...tagList(dynamic)].some(t => wanted.has(t.toLowerCase()));
    if (hit) ids.add(id);
  }
  return ids;
}

/** Tags as Defender writes them (a JSON array) or as a comma-separated list. */
function tagList(v: string): string[] {
  if (!v) return [];
  try {
    const parsed: unknown = JSON.parse(v);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch { /* not JSON */ }
  return v.split(',').map(s => s.trim()).filter(Boolean);
}
