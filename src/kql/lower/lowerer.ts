/**
 * Lowers an analysed KQL query (statements, tabular expressions, function calls) to the IR.
 * Each query operator lives in its own file under ./operators and registers itself by syntax kind.
 */
import type { Bridged } from '../analyzer/bridge.js';
import { kindOf, items } from '../analyzer/bridge.js';
import { INGESTION_TIME } from '../analyzer/schema.js';
import type { Column, Expr, Rel } from '../ir/types.js';
import { call, lit } from '../ir/types.js';
import { mapRels } from '../ir/walk.js';
import type { Chart } from '../results.js';
import { KqlError, spanOf, unsupported } from '../errors.js';
import { Scope, columnsOf, ktype, listOf, isTabular } from './context.js';
import { lowerExpr, lowerLiteral, typeOf } from './expr.js';
import { OPERATORS } from './operators/index.js';
import { tableScan } from './operators/table-sources.js';
import { AGGREGATES, WINDOW_FUNCTIONS } from './function-kinds.js';

export class Lowerer {
  private nextId = 0;
  readonly defs: { name: string; rel: Rel; materialize: boolean }[] = [];
  /** The columns `*` stands for in a predicate being lowered (`where * has "x"`), when one is. */
  rowColumns: Column[] | undefined;
  /** Whether the query calls ingestion_time() (set from its text): only then do tables show their hidden column. */
  callsIngestionTime = false;
  /** True while lowering an operator placed on a table, whose rows can say when they were stored (ingestion_time()). */
  ingestionTimeRow = false;
  /** The query's `render`, kept as chart metadata for the result. */
  chart: Chart | undefined;
  /** The database's tables (the analyser's table symbols): what `find` without `in (…)` searches. */
  tables: Bridged[] = [];

  /**
   * `now` is fixed once per query, as Kusto does: every now() and ago() in one query sees the same instant.
   * `external` holds the records fetched for externaldata expressions, by their request key.
   */
  constructor(readonly now: bigint, readonly external?: ReadonlyMap<string, (string | null)[][]>) {}

  lowerQuery(root: Bridged): Rel {
    const scope = new Scope();
    let result: Rel | undefined;
    for (const stmt of listOf(root.Statements)) {
      const kind = kindOf(stmt);
      if (kind === 'LetStatement') this.bindLet(stmt, scope);
      else if (kind === 'ExpressionStatement') {
        if (result) continue; // Kusto returns one table per statement; the first is the primary result
        // fork and facet give a set of tables (a GroupSymbol), whose first is the primary result
        const several = stmt.Expression?.ResultType && kindOf(stmt.Expression.ResultType) === 'GroupSymbol';
        if (!isTabular(stmt.Expression) && !several) throw unsupported('a query that does not return a table', stmt);
        result = this.lowerTable(stmt.Expression, scope);
      } else if (kind === 'SetOptionStatement' || kind === 'QueryParametersStatement' || kind === 'DeclarePatternStatement') {
        continue;
      } else throw unsupported(`the statement '${kind}'`, stmt);
    }
    if (!result) throw new KqlError('PK005', 'The query has no tabular expression to run.');
    return this.defs.length ? { k: 'with', cols: result.cols, defs: this.defs, body: result } : result;
  }

  /**
   * let: functions remember the names visible where they are declared (Kusto's let is lexically scoped); tables
   * and scalars are lowered on first use, once, so a let the query never uses cannot make it fail.
   */
  bindLet(stmt: Bridged, scope: Scope): void {
    const name: string = stmt.Name.SimpleName;
    const value = stmt.Expression;
    const visible = scope.snapshot();
    if (kindOf(value) === 'FunctionDeclaration') {
      scope.set(name, { k: 'function', decl: value, scope: visible });
      return;
    }
    const tabular = isTabular(value);
    let cached: Rel | Expr | undefined;
    const lowered = () => (cached ??= tabular ? this.lowerTable(value, visible) : this.lowerExpr(value, visible));
    if (tabular) scope.set(name, { k: 'table', get rel() { return lowered() as Rel; } });
    else scope.set(name, { k: 'scalar', get expr() { return lowered() as Expr; } });
  }

  lowerExpr(node: Bridged, scope: Scope): Expr {
    return lowerExpr(node, this, scope);
  }

  lowerTable(node: Bridged, scope: Scope): Rel {
    const kind = kindOf(node);
    switch (kind) {
      case 'PipeExpression': {
        const input = this.lowerTable(node.Expression, scope);
        return this.lowerOperator(node.Operator, input, scope);
      }
      case 'ParenthesizedExpression':
        return this.lowerTable(node.Expression, scope);
      case 'NameReference': {
        const sym = node.ReferencedSymbol;
        const name: string = sym?.Name ?? node.SimpleName;
        const symKind = sym ? kindOf(sym) : '';
        if (symKind === 'TableSymbol') return { k: 'scan', table: name, cols: columnsOf(node) };
        const bound = scope.get(name);
        if (bound?.k === 'table') return bound.rel;
        if (bound?.k === 'function' || symKind === 'FunctionSymbol') return this.expandTable(node, scope);
        throw unsupported(`the table reference '${name}'`, node);
      }
      case 'MaterializeExpression':
        return this.share(this.lowerTable(node.Expression, scope), true);
      case 'FunctionCallExpression':
        if (node.ReferencedSymbol?.Name === 'table' && !scope.get('table')) return this.tableByName(node, scope);
        return this.expandTable(node, scope);
      case 'ToTableExpression':
        return this.lowerTable(node.Expression, scope);
    }
    const op = OPERATORS[kind];
    if (op) return withExpressionTypes(op(node, undefined, this, scope));
    throw unsupported(`'${kind}' as a tabular expression`, node);
  }

  /**
   * table(name): the database's table of that name. The name is a constant, or becomes one where the query is
   * compiled (a let-bound string, a function's parameter given a string).
   */
  private tableByName(node: Bridged, scope: Scope): Rel {
    const arg = node.ArgumentList ? listOf(node.ArgumentList.Expressions)[0] : undefined;
    const value = arg ? this.lowerExpr(arg, scope) : undefined;
    const name = value?.k === 'lit' ? value.value : undefined;
    const table = typeof name === 'string' ? this.tables.find(t => t.Name === name) : undefined;
    if (!table) throw unsupported('table() with a name that is not a constant naming a table of the database', node);
    return tableScan(table, node);
  }

  lowerOperator(op: Bridged, input: Rel, scope: Scope): Rel {
    const kind = kindOf(op);
    if (kind === 'InvokeOperator') return this.expandTable(op.Function, scope, input); // T | invoke f(x): f(T, x)
    const lower = OPERATORS[kind];
    if (!lower) throw unsupported(`the operator '${op.GetFirstToken?.()?.Text ?? kind}'`, op);
    return withExpressionTypes(lower(op, input, this, scope));
  }

  /**
   * A subquery that starts with an operator (mv-apply's and partition's `( … )`), lowered with `input` piped into
   * its first operator.
   */
  lowerOnto(node: Bridged, input: Rel, scope: Scope): Rel {
    const kind = kindOf(node);
    if (kind === 'PipeExpression') return this.lowerOperator(node.Operator, this.lowerOnto(node.Expression, input, scope), scope);
    if (kind === 'ParenthesizedExpression') return this.lowerOnto(node.Expression, input, scope);
    return this.lowerOperator(node, input, scope);
  }

  /** Registers a shared subquery and returns a reference to it. */
  share(rel: Rel, materialize: boolean): Rel {
    // a relation that reads an enclosing apply's row cannot leave that apply: it stays inline
    if (readsOuterRow(rel)) return rel;
    const name = `__m${this.nextId++}`;
    this.defs.push({ name, rel, materialize });
    return { k: 'ref', name, cols: rel.cols };
  }

  freshName(prefix: string): string {
    return `__${prefix}${this.nextId++}`;
  }

  /**
   * Calls to user functions (let f = (x:long, T:(*)) {...}) are expanded: the analyser gives the body, which is
   * lowered in the scope of the declaration with each parameter bound to its argument (lowered where the call
   * is) or to its default. `piped` is the table that `invoke` passes as the first argument.
   */
  private expansionScope(node: Bridged, scope: Scope, piped?: Rel): { body: Bridged; inner: Scope } {
    const body = node.GetExpansion?.();
    if (!body) throw unsupported(`the function '${node.ReferencedSymbol?.Name ?? kindOf(node)}'`, node);
    const sym = node.ReferencedSymbol;
    const declared = sym ? scope.get(sym.Name) : undefined;
    // a let-bound function sees the names where it was declared; a saved (database) function sees none of the query's
    const inner = (declared?.k === 'function' ? declared.scope : new Scope()).child();
    const args = node.ArgumentList ? listOf(node.ArgumentList.Expressions) : [];
    const sig = sym?.Signatures?.getItem(0);
    const params: Bridged[] = sig ? [...items(sig.Parameters)] : [];
    const positional = args.filter(a => kindOf(a) !== 'SimpleNamedExpression');
    const named = new Map(args.filter(a => kindOf(a) === 'SimpleNamedExpression').map(a => [a.Name.SimpleName as string, a.Expression]));
    if (piped) {
      if (!params.length) throw this.error('invoke needs a function whose first parameter is a table', node);
      inner.set(params[0].Name, { k: 'table', rel: piped });
    }
    params.slice(piped ? 1 : 0).forEach((p: Bridged, i: number) => {
      const arg = named.get(p.Name) ?? positional[i];
      if (arg) {
        if (isTabular(arg)) inner.set(p.Name, { k: 'table', rel: this.lowerTable(arg, scope) });
        else inner.set(p.Name, { k: 'scalar', expr: this.lowerExpr(arg, scope) });
      } else if (p.DefaultValue) {
        const untyped = !p.DefaultValue.ResultType || p.DefaultValue.ResultType.Name === 'unknown';
        const expr = untyped && kindOf(p.DefaultValue) === 'LiteralExpression' ? lowerLiteral(p.DefaultValue, ktype(p.DeclaredTypes?.getItem(0), p.DefaultValue)) : this.lowerExpr(p.DefaultValue, inner);
        inner.set(p.Name, { k: 'scalar', expr });
      }
    });
    for (const stmt of listOf(body.Statements)) {
      const s = stmt && kindOf(stmt) === 'LetStatement' ? stmt : stmt?.Statement;
      if (s && kindOf(s) === 'LetStatement') this.bindLet(s, inner);
    }
    return { body, inner };
  }

  expandTable(node: Bridged, scope: Scope, piped?: Rel): Rel {
    const { body, inner } = this.expansionScope(node, scope, piped);
    return this.lowerTable(body.Expression, inner);
  }

  lowerCall(node: Bridged, scope: Scope): Expr {
    const sym = node.ReferencedSymbol;
    const name: string = sym?.Name ?? '';
    const args = node.ArgumentList ? listOf(node.ArgumentList.Expressions) : [];
    if (scope.get(name)?.k === 'function' || node.GetExpansion?.()) {
      const { body, inner } = this.expansionScope(node, scope);
      return this.lowerExpr(body.Expression, inner);
    }
    const type = callType(name, args, typeOf(node));
    switch (name) {
      case 'now':
        return args.length ? call('+', 'datetime', lit(this.now, 'datetime'), this.lowerExpr(args[0], scope)) : lit(this.now, 'datetime');
      case 'ago':
        return call('-', 'datetime', lit(this.now, 'datetime'), this.lowerExpr(args[0], scope));
      case 'ingestion_time':
        if (!this.ingestionTimeRow) throw unsupported('ingestion_time() other than in a where, extend or project placed on a table (T | where ingestion_time() > ago(1d))', node);
        return { k: 'col', name: INGESTION_TIME, type: 'datetime' };
      case 'toscalar': // toscalar(1) is allowed too: a scalar argument is its own value
        return isTabular(args[0]) ? { k: 'subquery', rel: this.lowerTable(args[0], scope), type } : this.lowerExpr(args[0], scope);
    }
    // bin(name=Timestamp, 1h) names the result column; the analyser has that name already, the value is the call's
    const value = (a: Bridged) => (kindOf(a) === 'SimpleNamedExpression' ? a.Expression : a);
    const lowered = args.map(a => (kindOf(a) === 'StarExpression' ? { k: 'lit', value: '*', type: 'string' } as Expr : this.lowerExpr(value(a), scope)));
    const span = spanOf(node);
    // hll_merge is both an aggregate (one argument) and a scalar function (two or more)
    const scalarHllMerge = name === 'hll_merge' && lowered.length > 1;
    if (AGGREGATES.has(name) && !scalarHllMerge) return { k: 'agg', fn: name, args: lowered, type, span };
    if (WINDOW_FUNCTIONS.has(name)) {
      // Kusto refuses prev(x, 0) and next(x, 0): the offset counts rows away from this one
      const offset = (name === 'prev' || name === 'next') ? lowered[1] : undefined;
      if (offset?.k === 'lit' && offset.value !== null && Number(offset.value) < 1) {
        throw new KqlError('PK002', `${name}(): the offset must be 1 or more`, spanOf(args[1]));
      }
      return { k: 'win', fn: name, args: lowered, type, span };
    }
    return { k: 'call', fn: name, args: lowered, type, span };
  }

  error(message: string, node: Bridged): KqlError {
    return new KqlError('PK001', message, spanOf(node));
  }
}

function readsOuterRow(rel: Rel): boolean {
  let found = false;
  mapRels(rel, r => { if (r.k === 'outer') found = true; return r; });
  return found;
}

/** A projection's columns take their computed expressions' types, where callType corrected the analyser. */
function withExpressionTypes(rel: Rel): Rel {
  if (rel.k !== 'project' || rel.items.every((it, i) => it.expr.type === rel.cols[i]?.type)) return rel;
  return { ...rel, cols: rel.cols.map((c, i) => ({ ...c, type: rel.items[i]?.expr.type ?? c.type })) };
}

/**
 * Where the analyser's result type differs from what the Kusto engine returns, the engine wins:
 * datetime_diff('week', …) is a real in Kusto (the analyser says long).
 */
function callType(name: string, args: Bridged[], analysed: ReturnType<typeof typeOf>): ReturnType<typeof typeOf> {
  if (name === 'datetime_diff' && /^week$/i.test(String(args[0]?.ConstantValue ?? ''))) return 'real';
  if (name === 'jaccard_index') return 'real';
  return analysed;
}
