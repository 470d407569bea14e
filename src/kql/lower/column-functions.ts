/**
 * Functions that read the input row's columns, which only lowering knows: column_ifexists / columnifexists,
 * pack_all and bag_pack_columns. The latter two become pack_row(ignoreNullEmpty, name1, value1, …) for the dialect.
 */
import type { Bridged } from '../analyzer/bridge.js';
import { items, kindOf } from '../analyzer/bridge.js';
import { call, col, lit, type Expr } from '../ir/types.js';
import { spanOf, unsupported } from '../errors.js';
import { ktype, listOf, type Scope } from './context.js';
import { lowerExpr, typeOf } from './expr.js';
import type { Lowerer } from './lowerer.js';

export const ROW_FUNCTIONS = new Set(['column_ifexists', 'columnifexists', 'pack_all', 'bag_pack_columns']);

/** Operators whose expressions see exactly the columns of their input (the left side of the pipe). */
const INPUT_ROW_OPERATORS = new Set([
  'ExtendOperator', 'FilterOperator', 'ProjectOperator', 'SummarizeOperator', 'SortOperator', 'TopOperator',
  'DistinctOperator', 'MvExpandOperator', 'SerializeOperator',
]);

/** The call lowered, when it is one of these built-ins (not a user function of the same name); else undefined. */
export function lowerRowFunction(node: Bridged, lw: Lowerer, scope: Scope): Expr | undefined {
  const name: string = node.ReferencedSymbol?.Name ?? '';
  if (!ROW_FUNCTIONS.has(name) || scope.get(name) || node.GetExpansion?.()) return undefined;
  const args: Bridged[] = node.ArgumentList ? listOf(node.ArgumentList.Expressions) : [];
  const span = spanOf(node);
  if (name === 'pack_all' || name === 'bag_pack_columns') {
    // the analyser types the result as a bag of exactly the columns packed: their names, types and order
    const props: Bridged[] = node.ResultType?.Properties ? [...items(node.ResultType.Properties)] : [];
    let values: Expr[];
    if (name === 'pack_all') {
      values = props.map(p => col(p.Name as string, ktype(p.Type, node)));
    } else {
      if (args.length !== props.length || !args.every(isColumnRef)) throw unsupported('bag_pack_columns with arguments that are not columns', node);
      values = args.map(a => lowerExpr(a, lw, scope));
    }
    const flag = name === 'pack_all' && args.length ? lowerExpr(args[0], lw, scope) : lit(false, 'bool');
    const pairs = props.flatMap((p, i) => [lit(p.Name as string, 'string'), values[i]]);
    return { ...call('pack_row', 'dynamic', flag, ...pairs), span };
  }
  return lowerColumnIfExists(node, args, lw, scope);
}

function isColumnRef(a: Bridged): boolean {
  return kindOf(a) === 'NameReference' && a.ReferencedSymbol && kindOf(a.ReferencedSymbol) === 'ColumnSymbol';
}

/**
 * column_ifexists(name, default): the input's column of that name (names are case-sensitive), else the default.
 * The analyser types the call as the default; a column of another type would change that type, so it is refused.
 */
function lowerColumnIfExists(node: Bridged, args: Bridged[], lw: Lowerer, scope: Scope): Expr {
  const nameArg = lowerExpr(args[0], lw, scope);
  if (nameArg.k !== 'lit' || typeof nameArg.value !== 'string') throw unsupported('column_ifexists with a column name that is not a constant', args[0]);
  const wanted = nameArg.value;
  const row = inputRow(node, wanted);
  const found = row.find(c => c.Name === wanted);
  const type = typeOf(node);
  if (!found) return lowerExpr(args[1], lw, scope);
  const colType = ktype(found.Type, node);
  if (colType !== type) throw unsupported(`column_ifexists where the column '${wanted}' (${colType}) and the default (${type}) differ in type`, node);
  return col(wanted, colType);
}

/** The columns in scope for an expression: its operator's input row (none in print). */
function inputRow(node: Bridged, wanted: string): Bridged[] {
  for (let p = node.Parent; p; p = p.Parent) {
    const kind = kindOf(p);
    if (kind === 'PrintOperator') return [];
    if (!kind.endsWith('Operator')) continue;
    const pipe = p.Parent;
    if (!INPUT_ROW_OPERATORS.has(kind) || !pipe || kindOf(pipe) !== 'PipeExpression' || pipe.Operator !== p) break;
    // extend and project may name a column earlier in the same list; Kusto's scope there is not the input's
    if (kind === 'ExtendOperator' || kind === 'ProjectOperator') {
      for (const e of listOf(p.Expressions)) {
        if ((e.End ?? e.TextStart + e.Width) > node.TextStart) break; // from the expression holding the call on
        if (kindOf(e) === 'SimpleNamedExpression' && e.Name?.SimpleName === wanted) {
          throw unsupported(`column_ifexists naming '${wanted}', assigned earlier in the same ${kind === 'ExtendOperator' ? 'extend' : 'project'}`, node);
        }
      }
    }
    const rt = pipe.Expression?.ResultType;
    if (!rt?.Columns) break;
    return [...items(rt.Columns)];
  }
  throw unsupported('column_ifexists in this position', node);
}
