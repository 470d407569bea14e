/**
 * State shared while lowering one query: let-bound names, the fixed "now", and shared subqueries.
 */
import type { Bridged } from '../analyzer/bridge.js';
import { kindOf, items } from '../analyzer/bridge.js';
import type { Column, Expr, KType, Rel } from '../ir/types.js';
import { KqlError, spanOf, unsupported } from '../errors.js';

export type Binding =
  | { k: 'scalar'; expr: Expr }
  | { k: 'table'; rel: Rel }
  | { k: 'function'; decl: Bridged; scope: Scope };

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }

  set(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }

  child(): Scope {
    return new Scope(this);
  }

  /** The names visible now, unaffected by later lets in this scope (what a function declared here sees). */
  snapshot(): Scope {
    const copy = new Scope(this.parent);
    for (const [name, binding] of this.names) copy.names.set(name, binding);
    return copy;
  }
}

/** Maps the analyser's type names (long, dynamic, dynamic(array)…) to IR types. */
export function ktype(sym: Bridged, node?: Bridged): KType {
  const name: string = sym?.Name ?? '';
  if (name.startsWith('dynamic') || name === 'tuple') return 'dynamic';
  switch (name) {
    case 'bool': case 'int': case 'long': case 'real': case 'decimal': case 'string': case 'datetime':
    case 'timespan': case 'guid':
      return name;
    case 'boolean': return 'bool';
    case 'double': return 'real';
    case 'date': return 'datetime';
    case 'time': return 'timespan';
    case 'uniqueid': return 'guid';
  }
  throw new KqlError('PK001', `Not supported yet: values of type '${name || 'unknown'}'`, spanOf(node));
}

/** The typed output columns the analyser computed for a tabular node. */
export function columnsOf(node: Bridged): Column[] {
  const rt = node.ResultType;
  if (!rt || !rt.Columns) throw unsupported(`'${kindOf(node)}' as a tabular expression`, node);
  return [...items(rt.Columns)].map((c: Bridged) => ({ name: c.Name as string, type: ktype(c.Type, node) }));
}

/** Children of a SyntaxList of SeparatedElements, unwrapped. */
export function listOf(list: Bridged): Bridged[] {
  const out: Bridged[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const e = list.getItem(i);
    out.push(e && e.Element !== undefined && kindOf(e).startsWith('SeparatedElement') ? e.Element : e);
  }
  return out;
}

export function isTabular(node: Bridged): boolean {
  return !!node?.ResultType?.Columns && kindOf(node.ResultType) !== 'TupleSymbol';
}
