/**
 * evaluate pivot(column [, aggregate [, key, …]]) [: schema]: one row per key combination (the listed keys, or
 * every other input column), one column per distinct value of `column` (in order), holding the aggregate
 * (count() by default) over that value's rows. Without a schema the values are found by a probe of the data.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { items as each, kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { KqlError, spanOf } from '../../errors.js';
import { columnsOf, ktype, listOf } from '../context.js';
import type { OperatorLowering } from '../operators/types.js';
import { needInput } from '../operators/types.js';
import { NeedsProbe, schemaName } from '../probe.js';

const MAX_COLUMNS = 1024;

/** Each aggregate's conditional form, which pivot computes per value. */
const CONDITIONAL: Record<string, string> = {
  count: 'countif', sum: 'sumif', avg: 'avgif', min: 'minif', max: 'maxif', dcount: 'dcountif',
  count_distinct: 'count_distinctif', take_any: 'take_anyif', any: 'anyif', stdev: 'stdevif', stdevp: 'stdevpif',
  variance: 'varianceif', variancep: 'variancepif', make_list: 'make_list_if', make_set: 'make_set_if',
  make_bag: 'make_bag_if',
};

export const lowerPivot: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const fc = op.FunctionCall;
  const args = listOf(fc.ArgumentList.Expressions);
  const pivot = call('tostring', 'string', lw.lowerExpr(args[0], scope));
  const aggNode: Bridged | undefined = args[1];
  const keys: Column[] = [...each(fc.ResultType?.Columns)].map((c: Bridged) => ({ name: String(c.Name), type: ktype(c.Type, fc) }));

  if (!op.Schema) {
    const valueType = aggNode ? ktype(aggNode.ResultType, aggNode) : 'long';
    const v: Column = { name: 'value', type: 'string' };
    const probe: Rel = { k: 'distinct', cols: [v], input: { k: 'project', cols: [v], input: rel, items: [{ name: v.name, expr: pivot }] } };
    throw new NeedsProbe({
      rel: probe, at: fc.TextStart + fc.Width,
      schema: rows => {
        const values = rows.map(r => String(r[0] ?? '')).filter(x => x !== '' && !keys.some(k => k.name === x)).sort();
        if (values.length > MAX_COLUMNS) throw new KqlError('PK003', `pivot: the column has ${values.length} values, more than the ${MAX_COLUMNS} columns allowed`, spanOf(fc));
        return ` : (${[...keys.map(k => `${schemaName(k.name)}:${k.type}`), ...values.map(x => `${schemaName(x)}:${valueType}`)].join(', ')})`;
      },
    });
  }

  const cols = columnsOf(op);
  const keyNames = new Set(keys.map(k => k.name));
  const agg: Expr = aggNode ? lw.lowerExpr(aggNode, scope) : { k: 'agg', fn: 'count', args: [], type: 'long' };
  if (agg.k !== 'agg' || !CONDITIONAL[agg.fn]) throw lw.error(`Not supported yet: pivot with the aggregate '${aggNode ? kindOf(aggNode) === 'FunctionCallExpression' ? aggNode.ReferencedSymbol?.Name : 'this' : 'count'}'`, aggNode ?? fc);
  const keyItems: NamedExpr[] = keys.map(k => ({ name: k.name, expr: col(k.name, k.type) }));
  const aggItems: NamedExpr[] = cols.filter(c => !keyNames.has(c.name)).map(c => ({
    name: c.name,
    expr: { k: 'agg', fn: CONDITIONAL[agg.fn], args: [...agg.args, call('==', 'bool', pivot, lit(c.name, 'string'))], type: c.type },
  }));
  const ordered = [...keys, ...cols.filter(c => !keyNames.has(c.name))];
  return { k: 'aggregate', cols: ordered, input: rel, keys: keyItems, aggs: aggItems };
};
