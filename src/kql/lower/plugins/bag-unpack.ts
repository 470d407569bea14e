/**
 * evaluate bag_unpack(bag [, prefix [, columnsConflict [, ignoredProperties]]]) [: schema]: one column per slot
 * of the bags, named prefix + slot and typed by its values (one type, else dynamic), in slot-name order, after
 * the input's other columns. Without a schema the slots are found by a probe of the data (see ../probe.ts).
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, KType, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { KqlError, spanOf } from '../../errors.js';
import { columnsOf, listOf } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from '../operators/types.js';
import { needInput } from '../operators/types.js';
import { NeedsProbe, schemaName } from '../probe.js';

/** Kusto caps a table's width; a bag with more slots than this is refused rather than unpacked. */
const MAX_COLUMNS = 1024;

/** The conversion from a dynamic slot to a column of each type. */
const CONVERT: Record<KType, string | undefined> = {
  bool: 'tobool', int: 'toint', long: 'tolong', real: 'todouble', decimal: 'todecimal', string: 'tostring',
  datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid', dynamic: undefined,
};

/** gettype()'s names for JSON values to column types; arrays, bags and mixed slots stay dynamic. */
const KIND_TYPES: Record<string, KType> = { long: 'long', int: 'long', real: 'real', double: 'real', string: 'string', bool: 'bool' };

export function slotValue(bag: Expr, key: string, type: KType): Expr {
  const v = call('dyn_get', 'dynamic', bag, lit(key, 'string'));
  const fn = CONVERT[type];
  return fn ? call(fn, type, v) : v;
}

function constantText(node: Bridged | undefined, lw: Lowerer, scope: Parameters<OperatorLowering>[3]): string | undefined {
  if (!node) return undefined;
  const e = lw.lowerExpr(node, scope);
  if (e.k !== 'lit' || (e.value !== null && typeof e.value !== 'string')) throw lw.error('This bag_unpack argument must be a constant', node);
  return e.value ?? undefined;
}

/** The arguments by position, those given by name (`columnsConflict='keep_source'`) put in their place. */
function plainArguments(args: Bridged[]): (Bridged | undefined)[] {
  const out: (Bridged | undefined)[] = [];
  const named: [RegExp, number][] = [[/prefix/i, 1], [/conflict/i, 2], [/ignored/i, 3]];
  for (const a of args) {
    if (kindOf(a) !== 'SimpleNamedExpression') { out.push(a); continue; }
    const at = named.find(([re]) => re.test(String(a.Name?.SimpleName ?? '')))?.[1];
    if (at === undefined) throw new KqlError('PK001', `Not supported yet: the bag_unpack argument '${String(a.Name?.SimpleName)}'`, spanOf(a));
    out[at] = a.Expression;
  }
  return out;
}

export const lowerBagUnpack: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const fc = op.FunctionCall;
  const args = plainArguments(listOf(fc.ArgumentList.Expressions));
  const bagNode = args[0];
  const bag = lw.lowerExpr(bagNode, scope);
  const bagColumn = kindOf(bagNode) === 'NameReference' ? String(bagNode.ReferencedSymbol?.Name ?? '') : undefined;
  const prefix = constantText(args[1], lw, scope) ?? '';
  const conflict = (constantText(args[2], lw, scope) ?? 'error').toLowerCase();
  if (!['error', 'replace_source', 'keep_source'].includes(conflict)) throw lw.error(`bag_unpack: unknown columnsConflict '${conflict}'`, args[2]);
  const ignoredText = constantText(args[3], lw, scope);
  const ignored = new Set<string>(ignoredText ? (JSON.parse(ignoredText) as unknown[]).map(String) : []);
  const kept = rel.cols.filter(c => c.name !== bagColumn);

  if (!op.Schema) {
    throw new NeedsProbe({
      rel: slotsProbe(rel, bag),
      at: fc.TextStart + fc.Width,
      schema: rows => {
        const kinds = new Map<string, Set<string>>();
        for (const [key, kind] of rows as [string, string][]) {
          if (ignored.has(key)) continue;
          const set = kinds.get(key) ?? new Set<string>();
          if (kind !== 'null') set.add(kind);
          kinds.set(key, set);
        }
        const out: string[] = [];
        for (const key of [...kinds.keys()].sort()) {
          const name = prefix + key;
          if (kept.some(c => c.name === name)) {
            if (conflict === 'error') throw new KqlError('PK003', `bag_unpack: the slot '${key}' would make a second column '${name}' (columnsConflict='error')`, spanOf(fc));
            if (conflict === 'keep_source') continue;
          }
          const set = kinds.get(key)!;
          const type = set.size === 1 ? KIND_TYPES[[...set][0]] ?? 'dynamic' : 'dynamic';
          out.push(`${schemaName(name)}:${type}`);
        }
        if (out.length > MAX_COLUMNS) throw new KqlError('PK003', `bag_unpack: the bags have ${out.length} slots, more than the ${MAX_COLUMNS} columns allowed`, spanOf(fc));
        return ` : (${['*', ...out].join(', ')})`;
      },
    });
  }

  const cols = columnsOf(op);
  const keptNames = new Set(kept.map(c => c.name));
  const items: NamedExpr[] = cols.map(c => {
    const fromInput = keptNames.has(c.name) && !(conflict === 'replace_source' && c.name.startsWith(prefix));
    const expr = fromInput ? col(c.name, c.type) : slotValue(bag, c.name.slice(prefix.length), c.type);
    return { name: c.name, expr };
  });
  return { k: 'project', cols, input: rel, items };
};

/** The distinct (slot, gettype of its value) pairs of the bags. */
function slotsProbe(rel: Rel, bag: Expr): Rel {
  const b: Column = { name: '__b', type: 'dynamic' };
  const e: Column = { name: '__e', type: 'dynamic' };
  const bags: Rel = {
    k: 'filter', cols: [b], pred: call('==', 'bool', call('gettype', 'string', col(b.name, 'dynamic')), lit('dictionary', 'string')),
    input: { k: 'project', cols: [b], input: rel, items: [{ name: b.name, expr: bag }] },
  };
  const pairs: Rel = { k: 'mvexpand', cols: [b, e], input: bags, columns: [{ name: e.name, expr: col(b.name, 'dynamic'), type: 'dynamic' }], bagExpansion: 'array' };
  const out: Column[] = [{ name: 'key', type: 'string' }, { name: 'kind', type: 'string' }];
  const at = (i: bigint) => call('dyn_get', 'dynamic', col(e.name, 'dynamic'), lit(i, 'long'));
  return {
    k: 'distinct', cols: out,
    input: { k: 'project', cols: out, input: pairs, items: [
      { name: 'key', expr: call('tostring', 'string', at(0n)) },
      { name: 'kind', expr: call('gettype', 'string', at(1n)) },
    ] },
  };
}
