/**
 * Kusto's rule for row functions (row_number, prev, next, row_cumsum, row_rank_*, row_window_session): they run
 * over a serialized row set, and Kusto refuses a query that calls one over rows that are not. Microsoft's analyser
 * does not check it, so this pass does, on the analysed tree.
 *
 * As Kusto documents it: sorting operators (sort / order by, top, top-hitters), serialize, range and getschema emit
 * serialized rows; count, distinct, evaluate, facet, join, make-series, mv-expand, reduce, sample, sample-distinct,
 * summarize and top-nested emit rows that are not; every other operator keeps its input's state. A table and a
 * datatable are not serialized. Where the state cannot be told here (a let-bound table, a function's result, the
 * input of an mv-apply or partition subquery, print), the rows are taken as serialized: the check refuses only
 * what Kusto certainly refuses.
 */
import { kindOf, type Bridged } from './bridge.js';
import { KqlError } from '../errors.js';
import { WINDOW_FUNCTIONS } from '../lower/function-kinds.js';

const SERIALIZING = new Set(['SortOperator', 'TopOperator', 'TopHittersOperator', 'SerializeOperator', 'RangeOperator', 'GetSchemaOperator']);
const UNSERIALIZING = new Set(['CountOperator', 'DistinctOperator', 'EvaluateOperator', 'FacetOperator', 'JoinOperator', 'MakeSeriesOperator',
  'MvExpandOperator', 'ReduceByOperator', 'SampleOperator', 'SampleDistinctOperator', 'SummarizeOperator', 'TopNestedOperator']);

/** Whether the rows of a tabular expression are serialized; undefined when this pass cannot tell. */
function serialized(node: Bridged | null | undefined): boolean | undefined {
  if (!node) return undefined;
  const kind = kindOf(node);
  switch (kind) {
    case 'PipeExpression': {
      const op = kindOf(node.Operator);
      if (SERIALIZING.has(op)) return true;
      if (UNSERIALIZING.has(op)) return false;
      return serialized(node.Expression);
    }
    case 'ParenthesizedExpression':
      return serialized(node.Expression);
    case 'NameReference':
      return node.ReferencedSymbol && kindOf(node.ReferencedSymbol) === 'TableSymbol' ? false : undefined;
    case 'DataTableExpression':
      return false;
    default:
      return SERIALIZING.has(kind) ? true : undefined;
  }
}

/** The first row function called in an operator's own expressions (nested tabular expressions have their own rows). */
function rowFunctionCall(node: Bridged, top = true): Bridged | null {
  if (!node || node.IsToken) return null;
  const kind = kindOf(node);
  if (!top && (kind === 'PipeExpression' || kind === 'ToScalarExpression' || kind === 'ToTableExpression')) return null;
  if (kind === 'FunctionCallExpression' && WINDOW_FUNCTIONS.has(node.ReferencedSymbol?.Name ?? '')) return node;
  for (let i = 0; i < (node.ChildCount ?? 0); i++) {
    const found = rowFunctionCall(node.GetChild(i), false);
    if (found) return found;
  }
  return null;
}

/** Kusto's refusal of a row function over rows that are not serialized, or null when the query has none. */
export function unserializedRowFunction(root: Bridged): KqlError | null {
  let error: KqlError | null = null;
  root.WalkElements((e: Bridged) => {
    if (error || e.IsToken || kindOf(e) !== 'PipeExpression') return;
    const op = e.Operator;
    if (kindOf(op) === 'SerializeOperator' || serialized(e.Expression) !== false) return;
    const call = rowFunctionCall(op);
    if (!call) return;
    const name = String(call.ReferencedSymbol.Name);
    error = new KqlError('PK002', `${name}() needs serialized rows, and the rows here are not: add 'serialize' or 'order by' before this operator`,
      { offset: call.TextStart, length: call.Width });
  });
  return error;
}
