/**
 * The rule form's state (text as typed) and its mapping to the API's rule body; the checks the API's schema would
 * refuse before the analyser sees anything; and the form field each API problem belongs beside.
 */
import type { Frequency, ParamValue, Problem, RuleDefinition, Severity } from '../rule-types';

export interface ParamRow { name: string; value: string; type: 'string' | 'number' | 'boolean' }

export interface FormState {
  name: string; query: string; frequency: Frequency; enabled: boolean;
  title: string; severity: Severity; category: string; mitre: string; description: string; recommendedActions: string;
  device: string; user: string; alertPer: 'row' | 'entity';
  scopeKind: 'all' | 'groups' | 'tags'; scopeList: string;
  parameters: ParamRow[];
}

export type FieldKey = 'name' | 'query' | 'frequency' | 'enabled' | 'title' | 'severity' | 'category' | 'mitre' | 'description'
  | 'recommendedActions' | 'device' | 'user' | 'alertPer' | 'scope' | 'parameters' | 'form';

export const CATEGORIES = ['Malware', 'DefenseEvasion', 'SuspiciousActivity', 'UnwantedSoftware', 'Ransomware', 'Execution', 'Persistence',
  'PrivilegeEscalation', 'CredentialAccess', 'Discovery', 'LateralMovement', 'Collection', 'CommandAndControl', 'Exfiltration', 'Impact', 'InitialAccess'];

export function emptyForm(query = ''): FormState {
  return {
    name: '', query, frequency: '1h', enabled: true,
    title: '', severity: 'medium', category: 'SuspiciousActivity', mitre: '', description: '', recommendedActions: '',
    device: 'DeviceId', user: '', alertPer: 'row', scopeKind: 'all', scopeList: '', parameters: [],
  };
}

export function fromRule(r: RuleDefinition): FormState {
  return {
    name: r.name, query: r.query, frequency: r.frequency, enabled: r.enabled,
    title: r.alert.title, severity: r.alert.severity, category: r.alert.category, mitre: r.alert.mitreTechniques.join(', '),
    description: r.alert.description, recommendedActions: r.alert.recommendedActions,
    device: r.entities.device ?? '', user: r.entities.user ?? '', alertPer: r.alertPer,
    scopeKind: r.scope.kind, scopeList: r.scope.kind === 'groups' ? r.scope.groups.join(', ') : r.scope.kind === 'tags' ? r.scope.tags.join(', ') : '',
    parameters: Object.entries(r.parameters).map(([name, v]) => ({ name, value: String(v), type: typeof v as ParamRow['type'] })),
  };
}

const list = (s: string) => s.split(',').map(x => x.trim()).filter(Boolean);

function paramValue(p: ParamRow): ParamValue {
  if (p.type === 'number') return Number(p.value);
  if (p.type === 'boolean') return p.value === 'true';
  return p.value;
}

export function toBody(f: FormState): RuleDefinition {
  const names = list(f.scopeList);
  return {
    name: f.name.trim(), query: f.query, frequency: f.frequency, enabled: f.enabled,
    alert: { title: f.title.trim(), severity: f.severity, category: f.category.trim(), mitreTechniques: list(f.mitre).map(t => t.toUpperCase()),
      description: f.description, recommendedActions: f.recommendedActions },
    entities: { device: f.device.trim() || null, user: f.user.trim() || null },
    alertPer: f.alertPer,
    scope: f.scopeKind === 'all' ? { kind: 'all' } : f.scopeKind === 'groups' ? { kind: 'groups', groups: names } : { kind: 'tags', tags: names },
    parameters: Object.fromEntries(f.parameters.filter(p => p.name.trim()).map(p => [p.name.trim(), paramValue(p)])),
  };
}

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What the API's schema checks (it stops at the first); found here all at once so each shows beside its field. */
export function clientProblems(f: FormState): Problem[] {
  const p: Problem[] = [];
  const need = (field: string, ok: boolean, message: string) => { if (!ok) p.push({ field, code: 'required', message }); };
  need('name', !!f.name.trim(), 'Give the rule a name.');
  need('query', !!f.query.trim(), 'The rule needs a query.');
  need('alert.title', !!f.title.trim(), 'Alerts need a title; it may name result columns as {{Column}}.');
  need('alert.category', !!f.category.trim(), 'Choose a category.');
  const bad = list(f.mitre).filter(t => !/^T[0-9]{4}(\.[0-9]{3})?$/i.test(t));
  if (bad.length) p.push({ field: 'alert.mitreTechniques', code: 'bad_technique', message: `Not ATT&CK technique ids: ${bad.join(', ')} (write them as T1562 or T1562.001).` });
  for (const [k, v] of [['entities.device', f.device], ['entities.user', f.user]] as const) {
    if (v.trim() && !COLUMN.test(v.trim())) p.push({ field: k, code: 'bad_column', message: `“${v}” is not a column name.` });
  }
  if (f.scopeKind !== 'all' && !list(f.scopeList).length) p.push({ field: 'scope', code: 'empty_scope', message: `Name at least one ${f.scopeKind === 'groups' ? 'machine group' : 'tag'}, or choose every device.` });
  for (const q of f.parameters) {
    if (q.type === 'number' && (q.value.trim() === '' || Number.isNaN(Number(q.value)))) p.push({ field: `parameters.${q.name}`, code: 'bad_number', message: `Parameter ${q.name || '(unnamed)'}: “${q.value}” is not a number.` });
  }
  return p;
}

/** The form field an API problem belongs beside: "body.alert.mitreTechniques.0" → mitre. */
export function fieldOf(apiField: string | undefined): FieldKey {
  const f = (apiField ?? '').replace(/^body\./, '').replace(/^rule\./, '');
  const table: [RegExp, FieldKey][] = [
    [/^name/, 'name'], [/^query/, 'query'], [/^frequency/, 'frequency'], [/^enabled/, 'enabled'],
    [/^alert\.title/, 'title'], [/^alert\.severity/, 'severity'], [/^alert\.category/, 'category'], [/^alert\.mitre/, 'mitre'],
    [/^alert\.description/, 'description'], [/^alert\.recommended/, 'recommendedActions'],
    [/^entities\.user/, 'user'], [/^entities/, 'device'], [/^alertPer/, 'alertPer'], [/^scope/, 'scope'], [/^parameters/, 'parameters'],
  ];
  return table.find(([re]) => re.test(f))?.[1] ?? 'form';
}

export function byField(problems: Problem[]): Map<FieldKey, Problem[]> {
  const m = new Map<FieldKey, Problem[]>();
  for (const p of problems) { const k = fieldOf(p.field); m.set(k, [...(m.get(k) ?? []), p]); }
  return m;
}

