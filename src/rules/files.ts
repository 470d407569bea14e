/**
 * Rule files: one YAML file per rule, with its id, metadata, query, and two samples of hunting-table rows: one
 * the rule must match and one it must not (the rule's evidence, as Sigma's regression data and elastic's rule
 * tests keep it). The built-in pack lives in rules/builtin and is loaded at start.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Severity } from '../alerts/model.js';
import { DEFAULTS, FREQUENCIES, SEVERITIES, type Frequency, type ParamValue, type Rule } from './model.js';
import { validateRule } from './validate.js';

export const BUILTIN_DIR = fileURLToPath(new URL('../../rules/builtin', import.meta.url));

/** Rows per hunting table, as JSON. */
export type Sample = Record<string, Record<string, unknown>[]>;

export interface RuleFile { path: string; rule: Rule; samples: { now: string | null; match: Sample; noMatch: Sample } }
export interface FileProblem { path: string; field: string; message: string }

const ID = /^[a-z0-9][a-z0-9-]{2,80}$/;

export function listRuleFiles(dir = BUILTIN_DIR): string[] {
  return readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort().map(f => join(dir, f));
}

/** Reads one rule file; every problem is reported (not just the first), with the field it concerns. */
export function readRuleFile(path: string): { file?: RuleFile; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ path, field, message });
  let doc: unknown;
  try { doc = parse(readFileSync(path, 'utf8')); } catch (err) { bad('file', `not valid YAML: ${(err as Error).message.split('\n')[0]}`); return { problems }; }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { bad('file', 'a rule file is a mapping of fields'); return { problems }; }
  const d = doc as Record<string, unknown>;
  const str = (f: string, required = true): string => {
    const v = d[f];
    if (typeof v === 'string' && v.trim()) return v;
    if (v === undefined && !required) return '';
    bad(f, required ? `${f} is required (text)` : `${f} must be text`);
    return '';
  };
  const known = new Set(['id', 'name', 'title', 'severity', 'category', 'mitre', 'description', 'recommendedActions', 'frequency', 'alertPer',
    'entities', 'scope', 'parameters', 'enabled', 'query', 'tests']);
  for (const k of Object.keys(d)) if (!known.has(k)) bad(k, `unknown field ${k} (known: ${[...known].join(', ')})`);
  const id = str('id');
  if (id && !ID.test(id)) bad('id', 'id must be lowercase letters, digits and dashes (3 to 81)');
  if (id && basename(path).replace(/\.ya?ml$/, '') !== id) bad('id', `the file must be named ${id}.yaml`);
  const severity = str('severity') as Severity;
  if (severity && !SEVERITIES.includes(severity)) bad('severity', `severity must be one of ${SEVERITIES.join(', ')}`);
  const frequency = (d.frequency ?? DEFAULTS.frequency) as Frequency;
  if (!FREQUENCIES.includes(frequency)) bad('frequency', `frequency must be one of ${FREQUENCIES.join(', ')}`);
  const alertPer = (d.alertPer ?? 'row') as 'row' | 'entity';
  if (alertPer !== 'row' && alertPer !== 'entity') bad('alertPer', 'alertPer must be row or entity');
  const mitre = d.mitre ?? [];
  if (!Array.isArray(mitre) || mitre.some(t => typeof t !== 'string' || !/^T\d{4}(\.\d{3})?$/.test(t))) bad('mitre', 'mitre must be a list of ATT&CK technique ids such as T1562.001');
  const entities = (d.entities ?? DEFAULTS.entities) as { device?: string | null; user?: string | null };
  const parameters = (d.parameters ?? {}) as Record<string, ParamValue>;
  if (typeof parameters !== 'object' || Array.isArray(parameters) || Object.values(parameters).some(v => !['string', 'number', 'boolean'].includes(typeof v))) {
    bad('parameters', 'parameters must map names to text, numbers or booleans');
  }
  const tests = (d.tests ?? {}) as { now?: unknown; match?: unknown; noMatch?: unknown };
  const sample = (f: 'match' | 'noMatch'): Sample => {
    const v = tests[f];
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some(rows => !Array.isArray(rows))) {
      bad(`tests.${f}`, `tests.${f} is required: hunting-table names mapped to lists of rows`);
      return {};
    }
    return v as Sample;
  };
  const match = sample('match'), noMatch = sample('noMatch');
  const now = tests.now === undefined ? null : tests.now instanceof Date ? tests.now.toISOString() : String(tests.now);
  if (now !== null && Number.isNaN(Date.parse(now))) bad('tests.now', 'tests.now must be a date and time');
  const rule: Rule = {
    id, name: str('name'), query: str('query'), frequency, alertPer,
    alert: { title: str('title'), severity, category: str('category'), mitreTechniques: Array.isArray(mitre) ? mitre.map(String) : [],
      description: str('description'), recommendedActions: str('recommendedActions') },
    entities: { device: entities.device ?? null, user: entities.user ?? null },
    scope: (d.scope as Rule['scope'] | undefined) ?? { kind: 'all' },
    parameters, enabled: d.enabled === undefined ? true : d.enabled === true,
    builtin: true, copiedFrom: null, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
  };
  if (problems.length) return { problems };
  for (const p of validateRule(rule)) bad(p.field, p.message);
  if (problems.length) return { problems };
  return { file: { path, rule, samples: { now, match, noMatch } }, problems };
}

/** Every file of a pack; problems of all files are collected, so one run lists them all. */
export function loadPack(dir = BUILTIN_DIR): { files: RuleFile[]; problems: FileProblem[] } {
  const files: RuleFile[] = [];
  const problems: FileProblem[] = [];
  const ids = new Map<string, string>();
  for (const path of listRuleFiles(dir)) {
    const r = readRuleFile(path);
    problems.push(...r.problems);
    if (!r.file) continue;
    const dup = ids.get(r.file.rule.id);
    if (dup) { problems.push({ path, field: 'id', message: `id ${r.file.rule.id} is also used by ${dup}` }); continue; }
    ids.set(r.file.rule.id, path);
    files.push(r.file);
  }
  return { files, problems };
}
