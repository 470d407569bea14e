/** Saved functions as the analyser sees them: database function symbols built from name, parameters and body. */
import { kustoLanguage, type Bridged } from './bridge.js';

export interface FunctionParameter {
  name: string;
  /** A scalar type (long, string, dynamic…) or a table schema: "(*)" or "(a:long, b:string)". */
  type: string;
  /** A KQL literal the parameter takes when a call leaves it out. */
  default?: string;
}

export interface SavedFunction {
  name: string;
  parameters: FunctionParameter[];
  /** The statements and expression between the braces of a function body. */
  body: string;
  description?: string;
}

export const isTableType = (type: string) => type.trim().startsWith('(');

/** The parameter list as Kusto writes it: `(T:(*), n:long = 10)`. */
export function parameterList(fn: Pick<SavedFunction, 'parameters'>): string {
  return `(${fn.parameters.map(p => `${p.name}:${p.type.trim()}${p.default !== undefined ? ` = ${p.default}` : ''}`).join(', ')})`;
}

/** The analyser's symbol for a saved function. */
export function functionSymbol(fn: SavedFunction): Bridged {
  const K = kustoLanguage();
  return new K.Symbols.FunctionSymbol.$ctor16(fn.name, parameterList(fn), `{ ${fn.body}\n}`, fn.description ?? null);
}

/** A fingerprint of a set of functions: analyses and analyser state are cached under it. */
export function functionsKey(fns: readonly SavedFunction[]): string {
  return fns.map(f => `${f.name}${parameterList(f)}{${f.body}}`).join('\u0001');
}
