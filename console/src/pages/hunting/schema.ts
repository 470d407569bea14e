/**
 * The hunting schema: GET /api/v1/schema as the server describes it, and the same schema in monaco-kusto's
 * shape (one cluster, one database in context) so completion and squiggles know every table, column and function.
 */
import type { EngineSchema, InputParameter } from '@kusto/monaco-kusto';

export interface SchemaColumn { name: string; type: string }
export interface SchemaTable { name: string; columns: SchemaColumn[] }
export interface SchemaFunction { name: string; parameters?: string | { name: string; type: string; default?: string }[]; body: string; docString?: string }
export interface HuntingSchema { database: string; tables: SchemaTable[]; functions?: SchemaFunction[] }

/** "a:string, b:long" → name / type pairs (a tabular type's columns, or a function's parameters). */
function pairs(text: string): { name: string; type: string }[] {
  const inner = text.trim().replace(/^\(/, '').replace(/\)$/, '');
  // split at the commas outside parentheses: "T:(x:long, y:int)" stays one parameter
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') depth++;
    else if (inner[i] === ')') depth--;
    else if (inner[i] === ',' && depth === 0) { parts.push(inner.slice(start, i)); start = i + 1; }
  }
  parts.push(inner.slice(start));
  return parts.map(s => s.trim()).filter(Boolean).map(s => {
    const i = s.indexOf(':');
    return i < 0 ? { name: s, type: 'dynamic' } : { name: s.slice(0, i).trim(), type: s.slice(i + 1).trim() };
  });
}

/** "(a:string, T:(x:long))" or [{ name, type, default }] → monaco-kusto's input parameters (tabular when the type is a column list). */
export function parameters(p: SchemaFunction['parameters']): InputParameter[] {
  if (!p) return [];
  const list: { name: string; type: string; default?: string }[] = Array.isArray(p) ? p : pairs(p);
  return list.map((x): InputParameter => x.type.trim().startsWith('(')
    ? { name: x.name, columns: pairs(x.type).filter(c => c.name !== '*').map(c => ({ name: c.name, type: c.type, cslType: c.type })) }
    : { name: x.name, type: x.type, cslType: x.type, ...(x.default ? { cslDefaultValue: x.default } : {}) });
}

export function toEngineSchema(s: HuntingSchema): EngineSchema {
  const database = {
    name: s.database,
    tables: s.tables.map(t => ({ name: t.name, entityType: 'Table' as const, columns: t.columns.map(c => ({ name: c.name, type: c.type })) })),
    functions: (s.functions ?? []).map(f => ({ name: f.name, body: f.body, inputParameters: parameters(f.parameters), docstring: f.docString })),
    entityGroups: [],
    majorVersion: 1,
    minorVersion: 0,
  };
  // the host name is only a label for the analyser's cluster symbol; Picket has one database
  return { clusterType: 'Engine', cluster: { connectionString: 'https://picket.local', databases: [database] }, database };
}
