/**
 * Checks a rule before it is saved: the query compiles; its result has Timestamp, ReportId and the entity
 * columns (each missing one named, with how to add it); a continuous rule reads one table without joins or
 * unions, as Defender requires of continuous (near real-time) detections; the template names real columns.
 */
import { compile, type Compiled } from '../kql/compile.js';
import { KqlError, type Span } from '../kql/errors.js';
import type { Rel } from '../kql/ir/types.js';
import { mapExprsInRel, mapRels } from '../kql/ir/walk.js';
import { restrictTime } from '../kql/rewrite/restrict-time.js';
import { effectiveQuery, type RuleDefinition } from './model.js';
import type { SavedFunction } from '../kql/saved-functions.js';

export interface Problem { field: string; code: string; message: string; span?: Span }

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function compileRule(def: Pick<RuleDefinition, 'query' | 'parameters'>, window: { from: bigint; to: bigint }, functions: readonly SavedFunction[] = []): Compiled {
  const { kql, offset } = effectiveQuery(def);
  try {
    return compile(kql, { now: window.to, prePasses: [restrictTime(window)], functions });
  } catch (err) {
    if (err instanceof KqlError && err.span.offset >= offset) {
      throw new KqlError(err.code, err.message, { offset: err.span.offset - offset, length: err.span.length });
    }
    throw err;
  }
}

/** Every problem at once (a rule file's author fixes them in one go), or none; `functions` are the saved functions a query may call. */
export function validateRule(def: RuleDefinition, functions: readonly SavedFunction[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const name of Object.keys(def.parameters)) {
    if (!IDENT.test(name)) problems.push({ field: `parameters.${name}`, code: 'bad_parameter', message: `Parameter name '${name}' is not a KQL identifier (letters, digits and _, not starting with a digit).` });
  }
  if (problems.length) return problems;
  if (!def.entities.device && !def.entities.user) {
    problems.push({ field: 'entities', code: 'no_entity', message: 'A rule needs an impacted entity: set entities.device (e.g. "DeviceId") or entities.user (e.g. "AccountName").' });
  }
  let compiled: Compiled;
  try {
    const now = BigInt(Date.now()) * 10_000n;
    compiled = compileRule(def, { from: now - 864_000_000_000n, to: now }, functions);
  } catch (err) {
    if (!(err instanceof KqlError)) throw err;
    problems.push({ field: 'query', code: 'query_does_not_compile', message: `The query does not compile: ${err.message}`, span: err.span });
    return problems;
  }
  const cols = new Map(compiled.columns.map(c => [c.name, c.type]));
  const ts = cols.get('Timestamp');
  if (ts === undefined) {
    problems.push({ field: 'query', code: 'missing_timestamp', message: 'The result has no Timestamp column; every alert needs the time of its event. Keep Timestamp in `project`, or add it with `summarize arg_max(Timestamp, *) by DeviceId`.' });
  } else if (ts !== 'datetime') {
    problems.push({ field: 'query', code: 'bad_timestamp', message: `The result's Timestamp column is ${ts}; it must be a datetime (convert it with todatetime()).` });
  }
  if (!cols.has('ReportId')) {
    problems.push({ field: 'query', code: 'missing_report_id', message: 'The result has no ReportId column, which identifies the source row of each alert. Add it with `summarize arg_max(Timestamp, ReportId) by DeviceId`, or join DeviceInfo as the seed query does: `| join (DeviceInfo | summarize arg_max(Timestamp, ReportId) by DeviceId) on DeviceId`.' });
  }
  for (const [kind, column] of [['device', def.entities.device], ['user', def.entities.user]] as const) {
    if (column && !cols.has(column)) {
      const how = kind === 'device'
        ? `Keep ${column} in \`project\` or \`summarize … by ${column}\`, or join DeviceInfo on DeviceId to add it`
        : `Keep ${column} in \`project\` or \`summarize … by ${column}\``;
      problems.push({ field: `entities.${kind}`, code: `missing_${kind}_entity`, message: `The result has no ${column} column, which entities.${kind} names as the impacted ${kind}. ${how}, or set entities.${kind} to a column the result has.` });
    }
  }
  for (const m of def.alert.title.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!cols.has(m[1])) problems.push({ field: 'alert.title', code: 'unknown_title_column', message: `The title names {{${m[1]}}}, which is not a column of the result (${[...cols.keys()].join(', ')}).` });
  }
  if (def.frequency === 'continuous') problems.push(...continuousProblems(compiled.ir));
  return problems;
}

/** Defender runs continuous detections only on queries over one table, without joins, unions or externaldata. */
function continuousProblems(ir: Rel): Problem[] {
  const tables = new Set<string>();
  const ops = new Set<string>();
  const visit = (rel: Rel) => mapRels(rel, r => {
    if (r.k === 'scan') tables.add(r.table);
    if (r.k === 'join' || r.k === 'union') ops.add(r.k);
    return r;
  });
  mapExprsInRel(visit(ir), e => { if (e.k === 'subquery') { visit(e.rel); ops.add('subquery'); } return e; });
  const problems: Problem[] = [];
  const field = 'frequency';
  if (tables.size !== 1) problems.push({ field, code: 'continuous_one_table', message: `A continuous rule must read exactly one table; this query reads ${tables.size ? [...tables].join(', ') : 'none'}. Use a frequency of 1h or more, or query one table.` });
  for (const op of ops) {
    const what = op === 'subquery' ? 'a subquery (toscalar or in (…))' : `a ${op}`;
    problems.push({ field, code: `continuous_no_${op}`, message: `A continuous rule cannot use ${what}. Use a frequency of 1h or more, or rewrite the query without it.` });
  }
  return problems;
}
