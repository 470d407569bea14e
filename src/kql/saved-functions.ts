/**
 * Saved functions (Advanced Hunting's "Functions"): named KQL functions with parameters, stored in
 * app.hunting_functions and bound into the analyser's database, so any query can call them; calls are analysed
 * like built-in ones and expanded when lowering.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { kustoLanguage, type Bridged } from './analyzer/bridge.js';
import { huntingTables } from './analyzer/schema.js';
import { isTableType, parameterList, type FunctionParameter, type SavedFunction } from './analyzer/functions.js';
import { analyze } from './compile.js';
import type { Span } from './errors.js';

export type { FunctionParameter, SavedFunction } from './analyzer/functions.js';

const SCALARS = new Set(['bool', 'boolean', 'int', 'long', 'real', 'double', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/** A problem with a function as submitted: the field it concerns and, for query text, Kusto's own message and span. */
export interface FunctionProblem { field: 'name' | 'parameters' | 'body'; message: string; code?: string; span?: Span }

/** A typed null argument of each type, to analyse the body through a call. */
function placeholder(p: FunctionParameter): string {
  if (isTableType(p.type)) {
    const t = p.type.trim();
    return t.replace(/\s/g, '') === '(*)' ? 'datatable(__placeholder:long)[]' : `datatable${t}[]`;
  }
  const t = p.type.trim().toLowerCase();
  return t === 'string' ? '""' : `${t}(null)`;
}

/**
 * Checks a function before it is saved: its name and parameters, then its body, analysed by Microsoft's analyser
 * through a call with every parameter given (errors point into the body). `others` are the other saved functions,
 * which the body may call.
 */
export function checkFunction(fn: SavedFunction, others: readonly SavedFunction[]): FunctionProblem | null {
  if (!NAME.test(fn.name)) return { field: 'name', message: 'A function name is a letter or _ followed by letters, digits or _ (at most 100).' };
  if (huntingTables().some(t => t.name.toLowerCase() === fn.name.toLowerCase())) return { field: 'name', message: `'${fn.name}' is a table name.` };
  const K = kustoLanguage();
  const builtIn = [...K.Functions.All, ...K.Aggregates.All].some((s: Bridged) => String(s.Name).toLowerCase() === fn.name.toLowerCase());
  if (builtIn) return { field: 'name', message: `'${fn.name}' is a built-in function.` };
  const seen = new Set<string>();
  for (const p of fn.parameters) {
    if (!NAME.test(p.name)) return { field: 'parameters', message: `'${p.name}' is not a valid parameter name.` };
    if (seen.has(p.name)) return { field: 'parameters', message: `The parameter '${p.name}' appears twice.` };
    seen.add(p.name);
    if (!SCALARS.has(p.type.trim().toLowerCase()) && !/^\(\s*(\*|[^()]*)\s*\)$/.test(p.type.trim())) {
      return { field: 'parameters', message: `'${p.type}' is not a KQL type or a table schema such as (*).` };
    }
  }
  if (!fn.body.trim()) return { field: 'body', message: 'The body is empty.' };
  const head = `let ${fn.name} = ${parameterList(fn)} { `;
  const text = `${head}${fn.body}\n};\n${fn.name}(${fn.parameters.map(placeholder).join(', ')})`;
  const { errors } = analyze(text, huntingTables(), others.filter(o => o.name !== fn.name));
  const d = errors[0];
  if (!d) return null;
  const inBody = d.Start >= head.length && d.Start < head.length + fn.body.length + 1;
  return {
    field: inBody ? 'body' : d.Start < head.length ? 'parameters' : 'body',
    code: d.Code, message: d.Message,
    ...(inBody ? { span: { offset: d.Start - head.length, length: d.Length } } : {}),
  };
}

/** The saved functions of a store (none when its schema predates them). */
export async function loadSavedFunctions(conn: DuckDBConnection): Promise<SavedFunction[]> {
  try {
    const reader = await conn.runAndReadAll('SELECT name, parameters, body, description FROM app.hunting_functions ORDER BY name');
    return (reader.getRowsJS() as [string, string, string, string][]).map(([name, parameters, body, description]) => ({
      name, parameters: JSON.parse(parameters) as FunctionParameter[], body, description,
    }));
  } catch {
    return [];
  }
}
