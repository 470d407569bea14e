/**
 * scan [with_match_id = Id] [declare (v: type [= default], …)] with (step s [output = all|none]: cond [=> v = e, …]; …)
 *
 * Kusto's state machine runs record by record over the serialized input (see functions/scan-run.ts for the
 * matching logic, emitted as a recursive CTE). The plan, over existing relations:
 *   base     = the input with its serialized position (__scan_ord), shared (materialized) so it is read once;
 *   matches  = one row holding the JSON array of every match ({o: position, q: order within the record,
 *              m: match id, v0…: the declared columns' values}), from the call `__scan_run`, expanded with mv-expand;
 *   result   = matches joined back to base on the position, in match order.
 * Inside conditions and assignments, `s.col` reads the state of step s (markers `__scanref:<step>:<field>`,
 * resolved per check by the emitter), a bare declared column reads its default, an input column the record.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import type { Column, Expr, KType, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { mapExpr } from '../../ir/walk.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { lowerLiteral } from '../expr.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Lowerer } from '../lowerer.js';
import type { Scope } from '../context.js';

/**
 * The analyser types a step name as a row (a tuple), which the lowering of `x.col` would take for a join's
 * $left/$right; step names in `step.col` are made to read as plain names (bound to markers) instead. This touches
 * only the syntax tree of the query being compiled.
 */
function unTuple(node: Bridged, steps: Set<string>): void {
  if (!node) return;
  if (kindOf(node) === 'PathExpression') {
    const left = node.Expression;
    if (kindOf(left) === 'NameReference' && steps.has(left.ReferencedSymbol?.Name ?? left.SimpleName)) {
      Object.defineProperty(left, 'ResultType', { value: null, configurable: true });
    }
  }
  for (let i = 0; i < (node.ChildCount ?? 0); i++) unTuple(node.GetChild(i), steps);
}

/**
 * A declared column's default. The analyser leaves literals there untyped, so they are read as the declared type
 * (a leading minus included).
 */
function lowerDefault(node: Bridged, type: KType, lw: Lowerer, scope: Scope): Expr {
  const kind = kindOf(node);
  if (kind === 'LiteralExpression' && !node.ResultType) {
    const typed = Object.create(node, { ResultType: { value: { Name: type } } });
    return lowerLiteral(typed);
  }
  if (kind === 'PrefixUnaryExpression' && kindOf(node.Expression) === 'LiteralExpression' && !node.Expression.ResultType) {
    const v = lowerDefault(node.Expression, type, lw, scope);
    if (node.Operator.Text !== '-' || v.k !== 'lit' || v.value === null) return v;
    return lit(typeof v.value === 'bigint' ? -v.value : -(v.value as number), type);
  }
  return lw.lowerExpr(node, scope);
}

export interface ScanSpec {
  /** Every field a step's state records: the input columns, then the declared ones. */
  fields: { name: string; type: KType }[];
  /** Index in `fields` where the declared columns start. */
  declaredFrom: number;
  /** Expression index (in the call's arguments) of each declared column's default. */
  defaults: number[];
  steps: { name: string; output: 'all' | 'none'; cond: number; assigns: Record<number, number> }[];
}

export const ORD = '__scan_ord';

export const lowerScan: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const params: Bridged[] = listOf(op.Parameters);
  const matchId = params.find(p => /^with_match_id$/i.test(p.Name?.SimpleName ?? ''));
  // the analyser lists a match id column even without with_match_id; Kusto adds it only when asked
  const typed = columnsOf(op);
  const cols = !matchId && typed.length > rel.cols.length && typed[typed.length - 1].name === 'match_id' ? typed.slice(0, -1) : typed;
  if (op.PartitionByClause || op.OrderByClause) throw lw.error('Not supported yet: scan with partition by / order by', op);
  const idName = matchId ? cols[cols.length - 1].name : undefined;

  const declared: { name: string; type: KType; node?: Bridged }[] = op.DeclareClause
    ? listOf(op.DeclareClause.Declarations).map((d: Bridged) => {
      const name: string = d.NameAndType.Name.SimpleName;
      const c = cols.find(x => x.name === name);
      if (!c) throw lw.error(`Not supported yet: the declared column '${name}'`, d);
      return { name, type: c.type, node: d.DefaultValue?.Value };
    })
    : [];
  const fields = [...rel.cols.map(c => ({ name: c.name, type: c.type })), ...declared.map(d => ({ name: d.name, type: d.type }))];
  const fieldIndex = new Map(fields.map((f, i) => [f.name, i]));
  const steps: Bridged[] = listOf(op.Steps);
  const stepNames: string[] = steps.map(s => s.Name.SimpleName);

  const exprs: Expr[] = [];
  const add = (e: Expr) => exprs.push(e) - 1;
  const defaults = declared.map(d => add(d.node ? lowerDefault(d.node, d.type, lw, scope) : lit(d.type === 'string' ? '' : null, d.type)));
  const defaultOf = new Map(declared.map((d, i) => [d.name, exprs[defaults[i]]]));

  // step names read as markers; s.col becomes a typed reference to field `col` of step s's state
  const inner = scope.child();
  steps.forEach((s, i) => inner.set(s.Name.SimpleName, { k: 'scalar', expr: { k: 'var', name: `__scanstep:${i}`, type: 'dynamic' } }));
  const resolve = (e: Expr): Expr => mapExpr(e, x => {
    if (x.k === 'call' && x.fn === 'dyn_get' && x.args[0].k === 'var' && x.args[0].name.startsWith('__scanstep:')) {
      const key = x.args[1];
      const f = key.k === 'lit' && typeof key.value === 'string' ? fieldIndex.get(key.value) : undefined;
      if (f === undefined) throw lw.error('Not supported yet: this reference to a scan step', op);
      return { k: 'var', name: `__scanref:${x.args[0].name.slice(11)}:${f}`, type: fields[f].type };
    }
    if (x.k === 'col' && !x.side && defaultOf.has(x.name)) return defaultOf.get(x.name)!;
    return x;
  });
  const lower = (node: Bridged) => {
    unTuple(node, new Set(stepNames));
    const e = resolve(lw.lowerExpr(node, inner));
    // Kusto rejects row functions (prev, next, row_number…) inside scan: the steps' state is the way back
    mapExpr(e, x => {
      if (x.k === 'win') throw lw.error(`The function '${x.fn}' cannot be used inside scan`, node);
      return x;
    });
    return e;
  };

  const spec: ScanSpec = {
    fields, declaredFrom: rel.cols.length, defaults,
    steps: steps.map(s => {
      const kindText = String(s.ScanStepOutput?.OutputKind?.Text ?? 'all').toLowerCase();
      if (kindText !== 'all' && kindText !== 'none') throw lw.error(`Not supported yet: scan steps with output=${kindText}`, s);
      const assigns: Record<number, number> = {};
      for (const a of listOf(s.ComputationClause?.Assignments)) {
        const target: string = a.Name.SimpleName ?? a.Name.ReferencedSymbol?.Name;
        const f = fieldIndex.get(target);
        if (f === undefined || f < rel.cols.length) throw lw.error(`Not supported yet: assigning '${target}' in scan`, a);
        assigns[f] = add(lower(a.Expression));
      }
      return { name: s.Name.SimpleName as string, output: kindText as 'all' | 'none', cond: add(lower(s.Condition)), assigns };
    }),
  };

  // base: the input with its serialized position, read once
  const baseCols: Column[] = [...rel.cols, { name: ORD, type: 'long' }];
  const base = lw.share({
    k: 'project', cols: baseCols, input: rel,
    items: [...rel.cols.map(c => ({ name: c.name, expr: col(c.name, c.type) })), { name: ORD, expr: { k: 'win', fn: 'row_number', args: [], type: 'long' } }],
  }, true);

  // the matches, one row each
  const run: Expr = call('__scan_run', 'dynamic', { k: 'subquery', rel: base, type: 'dynamic' }, lit(JSON.stringify(spec), 'string'), ...exprs);
  const one: Rel = { k: 'values', cols: [{ name: '__scan_one', type: 'long' }], rows: [[lit(1n, 'long')]] };
  const runs: Rel = { k: 'project', cols: [{ name: '__scan_rows', type: 'dynamic' }], input: one, items: [{ name: '__scan_rows', expr: run }] };
  const E = '__scan_e';
  const matches: Rel = {
    k: 'mvexpand', cols: [{ name: E, type: 'dynamic' }], input: runs,
    columns: [{ name: E, expr: col('__scan_rows', 'dynamic'), type: 'dynamic' }], bagExpansion: 'array',
  };
  const get = (key: string, type: KType): Expr => call('__scan_get', type, col(E, 'dynamic', 'left'), lit(key, 'string'));

  // joined back to the records, in match order
  const SO = '__scan_so';
  const SQ = '__scan_sq';
  const items: NamedExpr[] = cols.map(c => {
    if (c.name === idName) return { name: c.name, expr: get('m', 'long') };
    const d = declared.findIndex(x => x.name === c.name);
    if (d >= 0) return { name: c.name, expr: get(`v${d}`, c.type) };
    return { name: c.name, expr: col(c.name, c.type, 'right') };
  });
  const joinCols = [...cols, { name: SO, type: 'long' as KType }, { name: SQ, type: 'long' as KType }];
  const joined: Rel = {
    k: 'join', kind: 'inner', cols: joinCols, left: matches, right: base,
    on: [{ left: get('o', 'long'), right: col(ORD, 'long', 'right') }],
    items: [...items, { name: SO, expr: get('o', 'long') }, { name: SQ, expr: get('q', 'long') }],
  };
  const sorted: Rel = {
    k: 'sort', cols: joinCols, input: joined,
    keys: [SO, SQ].map(n => ({ expr: col(n, 'long'), desc: false, nullsFirst: false })),
  };
  return { k: 'project', cols, input: sorted, items: cols.map(c => ({ name: c.name, expr: col(c.name, c.type) })) };
};
