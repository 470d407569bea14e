/**
 * mv-expand (and the legacy mvexpand): one row per element of one or more dynamic arrays or bags, expanded in
 * parallel. The analyser gives the output columns: the input's (expanded ones replaced in place), new expanded
 * columns, then the with_itemindex column.
 */
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { parameter } from './join.js';
import { assignNames } from './naming.js';

/** The legacy spelling caps each input row at 128 output rows. */
const LEGACY_LIMIT = 128;

export const lowerMvExpand: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const mode = (parameter(op, 'bagexpansion') ?? parameter(op, 'kind'))?.toLowerCase();
  if (mode && mode !== 'bag' && mode !== 'array') throw lw.error(`Not supported yet: mv-expand kind=${mode}`, op);
  const index = parameter(op, 'with_itemindex') !== undefined ? cols[cols.length - 1].name : undefined;

  const items = listOf(op.Expressions);
  const inner = items.map(it => it.Expression);
  const inputNames = new Set(rel.cols.map(c => c.name));
  const fresh = cols.map(c => c.name).filter(n => !inputNames.has(n) && n !== index);
  const names = assignNames(inner, fresh);
  const columns = inner.map((e, i) => {
    const value = kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e;
    const type = cols.find(c => c.name === names[i])?.type ?? 'dynamic';
    return { name: names[i], expr: lw.lowerExpr(value, scope), type };
  });

  let limit: number | undefined;
  const limitNode = op.RowLimitClause?.RowLimit;
  if (limitNode) {
    const e = lw.lowerExpr(limitNode, scope);
    if (e.k !== 'lit' || e.value === null || typeof e.value === 'string' || typeof e.value === 'boolean') {
      throw lw.error('The mv-expand limit must be a constant number', limitNode);
    }
    limit = Number(e.value);
  } else if ((op.MvExpandKeyword?.Text as string | undefined)?.toLowerCase() === 'mvexpand') {
    limit = LEGACY_LIMIT;
  }
  return { k: 'mvexpand', cols, input: rel, columns, index, limit, bagExpansion: mode === 'array' ? 'array' : 'bag' };
};
