/**
 * The hunting schema as the analyser sees it: every Advanced Hunting table with its KQL column types,
 * plus Picket's own tables. Built once and shared by every query.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bridge, kustoLanguage, type Bridged } from './bridge.js';
import type { KType } from '../ir/types.js';
import { functionSymbol, functionsKey, type SavedFunction } from './functions.js';

export interface TableDef { name: string; columns: { name: string; type: KType }[] }

const KNOWN: Record<string, KType> = {
  bool: 'bool', boolean: 'bool', int: 'int', long: 'long', real: 'real', double: 'real', decimal: 'decimal',
  string: 'string', datetime: 'datetime', timespan: 'timespan', dynamic: 'dynamic', guid: 'guid',
};

export function normaliseType(t: string): KType {
  const k = KNOWN[t.toLowerCase()];
  if (!k) throw new Error(`unknown KQL type in schema: ${t}`);
  return k;
}

let hunting: TableDef[] | undefined;

function readTables(fileName: string): TableDef[] {
  const file = fileURLToPath(new URL(`../../../schema/${fileName}`, import.meta.url));
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { tables: Record<string, { columns: [string, string][] }> };
  return Object.entries(doc.tables).map(([name, t]) => ({
    name,
    columns: t.columns.map(([c, type]) => ({ name: c, type: normaliseType(type) })),
  }));
}

/**
 * A column every stored hunting table has beyond its schema, hidden from queries: when the row was stored, which
 * ingestion_time() reads. `$` keeps it apart from every Advanced Hunting column name.
 */
export const INGESTION_TIME = '$IngestionTime';

/** Every Advanced Hunting table, then Picket's own (WindowsEvent, MpComputerStatus), from schema/. */
export function huntingTables(): TableDef[] {
  hunting ??= [...readTables('advanced-hunting-schema.json'), ...readTables('picket-tables.json')];
  return hunting;
}

function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

const globalsCache = new Map<string, Bridged>();
/** Global states kept: one per schema and set of saved functions; a set replaced by an edit ages out. */
const GLOBALS_KEPT = 16;

/** The analyser's global state bound to a database holding these tables and saved functions. */
export function globalsFor(tables: TableDef[], key = 'default', functions: readonly SavedFunction[] = []): Bridged {
  const fullKey = functions.length ? `${key}\u0000${functionsKey(functions)}` : key;
  const cached = globalsCache.get(fullKey);
  if (cached) return cached;
  const K = kustoLanguage();
  const symbols = tables.map(t => new K.Symbols.TableSymbol.$ctor7(
    t.name, `(${t.columns.map(c => `${quoteName(c.name)}:${c.type}`).join(', ')})`, null));
  const db = new K.Symbols.DatabaseSymbol.$ctor1('picket', bridge().toList([...symbols, ...functions.map(functionSymbol)]), false);
  const globals = K.GlobalState.Default.WithDatabase(db);
  globalsCache.set(fullKey, globals);
  if (globalsCache.size > GLOBALS_KEPT) globalsCache.delete(globalsCache.keys().next().value!);
  return globals;
}
