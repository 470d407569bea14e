/**
 * A detection rule, modelled on Defender's custom detections: a KQL query, a frequency with its lookback, an
 * alert template, the columns that name the impacted entities, a scope, and an enabled flag.
 */
import type { Severity } from '../alerts/model.js';

export type Frequency = 'continuous' | '1h' | '3h' | '12h' | '24h';
export const FREQUENCIES: readonly Frequency[] = ['continuous', '1h', '3h', '12h', '24h'];

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** How often a scheduled rule runs; continuous rules run after ingest instead. */
export const PERIOD_MS: Record<Frequency, number> = { continuous: 0, '1h': HOUR, '3h': 3 * HOUR, '12h': 12 * HOUR, '24h': DAY };

/**
 * Defender's lookback per frequency (every 1 h looks at 4 h, 3 h at 12 h, 12 h at 48 h, 24 h at 30 days).
 * Continuous rules look at 4 h as well, so an event that arrives late is still seen; keys keep alerts single.
 */
export const LOOKBACK_MS: Record<Frequency, number> = { continuous: 4 * HOUR, '1h': 4 * HOUR, '3h': 12 * HOUR, '12h': 48 * HOUR, '24h': 30 * DAY };

/** Every rule's first run looks back 30 days, as Defender's does. */
export const FIRST_RUN_LOOKBACK_MS = 30 * DAY;

export const SEVERITIES: readonly Severity[] = ['informational', 'low', 'medium', 'high'];

export interface AlertTemplate {
  /** May name result columns as {{Column}}; each alert fills them from its row. */
  title: string;
  severity: Severity;
  category: string;
  mitreTechniques: string[];
  description: string;
  recommendedActions: string;
}

export type Scope =
  | { kind: 'all' }
  /** Devices whose latest DeviceInfo row has one of these MachineGroup values. */
  | { kind: 'groups'; groups: string[] }
  /** Devices whose latest DeviceInfo row carries one of these tags (DeviceManualTags or DeviceDynamicTags). */
  | { kind: 'tags'; tags: string[] };

/** A parameter is bound as `let name = value;` before the query, so a copy of a rule can change a threshold. */
export type ParamValue = string | number | boolean;

export interface RuleDefinition {
  name: string;
  query: string;
  frequency: Frequency;
  alert: AlertTemplate;
  /** Result columns naming the impacted device and user; at least one must be set and present. */
  entities: { device: string | null; user: string | null };
  /** `row`: every result row is an alert; `entity`: one alert per entity while its last alert is open. */
  alertPer: 'row' | 'entity';
  scope: Scope;
  parameters: Record<string, ParamValue>;
  enabled: boolean;
}

export interface Rule extends RuleDefinition {
  id: string;
  /** Shipped in rules/builtin: read-only except for `enabled`; copy it to change it. */
  builtin: boolean;
  /** The built-in rule this one was copied from, if any. */
  copiedFrom: string | null;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULTS: Omit<RuleDefinition, 'name' | 'query' | 'alert'> = {
  frequency: '1h',
  entities: { device: 'DeviceId', user: null },
  alertPer: 'row',
  scope: { kind: 'all' },
  parameters: {},
  enabled: true,
};

/** The query the engine runs: the parameters bound as lets, then the rule's own text. */
export function effectiveQuery(def: Pick<RuleDefinition, 'query' | 'parameters'>): { kql: string; offset: number } {
  const lets = Object.entries(def.parameters).map(([k, v]) => `let ${k} = ${kqlLiteral(v)};\n`).join('');
  return { kql: lets + def.query, offset: lets.length };
}

function kqlLiteral(v: ParamValue): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? `long(${v})` : `real(${v})`;
  return JSON.stringify(v);
}
