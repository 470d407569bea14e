/**
 * Scalar expressions: analysed syntax nodes to IR expressions. Operators and functions keep their Kusto names;
 * the dialect decides how to compute them with Kusto's semantics.
 */
import type { Bridged } from '../analyzer/bridge.js';
import { kindOf } from '../analyzer/bridge.js';
import { call, col, lit, type Expr, type KType } from '../ir/types.js';
import { KqlError, spanOf, unsupported } from '../errors.js';
import { ktype, listOf, isTabular, type Scope } from './context.js';
import { parseDatetime, parseLong, parseReal, parseTimespan } from './literals.js';
import type { Lowerer } from './lowerer.js';
import { lowerRowFunction } from './column-functions.js';

/** Kusto's operator kinds (as the analyser names them) to the operator spelling used as IR function names. */
const BINARY: Record<string, string> = {
  Add: '+', Subtract: '-', Multiply: '*', Divide: '/', Modulo: '%',
  Equal: '==', NotEqual: '!=', LessThan: '<', LessThanOrEqual: '<=', GreaterThan: '>', GreaterThanOrEqual: '>=',
  And: 'and', Or: 'or', EqualTilde: '=~', BangTilde: '!~',
  Has: 'has', HasCs: 'has_cs', NotHas: '!has', NotHasCs: '!has_cs',
  HasPrefix: 'hasprefix', HasPrefixCs: 'hasprefix_cs', NotHasPrefix: '!hasprefix', NotHasPrefixCs: '!hasprefix_cs',
  HasSuffix: 'hassuffix', HasSuffixCs: 'hassuffix_cs', NotHasSuffix: '!hassuffix', NotHasSuffixCs: '!hassuffix_cs',
  Like: 'like', LikeCs: 'like_cs', NotLike: '!like', NotLikeCs: '!like_cs',
  Contains: 'contains', ContainsCs: 'contains_cs', NotContains: '!contains', NotContainsCs: '!contains_cs',
  StartsWith: 'startswith', StartsWithCs: 'startswith_cs', NotStartsWith: '!startswith',
  NotStartsWithCs: '!startswith_cs',
  EndsWith: 'endswith', EndsWithCs: 'endswith_cs', NotEndsWith: '!endswith', NotEndsWithCs: '!endswith_cs',
  MatchRegex: 'matches regex',
  In: 'in', InCs: 'in~', NotIn: '!in', NotInCs: '!in~', // sic: the analyser names the case-insensitive in~ "InCs"
  Between: 'between', NotBetween: '!between', HasAny: 'has_any', HasAll: 'has_all',
  HasAnyCs: 'has_any_cs', HasAllCs: 'has_all_cs',
};

export function lowerExpr(node: Bridged, lw: Lowerer, scope: Scope): Expr {
  const kind = kindOf(node);
  switch (kind) {
    case 'ParenthesizedExpression':
      return lowerExpr(node.Expression, lw, scope);
    case 'LiteralExpression':
      return lowerLiteral(node);
    case 'CompoundStringLiteralExpression':
      return lit(String(node.ConstantValue ?? ''), 'string');
    case 'DynamicExpression': {
      const value = jsonOf(node.Expression);
      return lit(value === null ? null : JSON.stringify(value), 'dynamic');
    }
    case 'TypeOfLiteralExpression':
      return lit(JSON.stringify({ typeof: node.ToString?.() ?? '' }), 'dynamic');
    case 'NameReference':
      return lowerName(node, lw, scope);
    case 'BracketedExpression':
      return lowerExpr(node.Expression, lw, scope);
    case 'PrefixUnaryExpression': {
      const operand = lowerExpr(node.Expression, lw, scope);
      const op = node.Operator.Text as string;
      if (op === '+') return operand;
      if (operand.k === 'lit' && operand.value !== null && typeof operand.value !== 'string' && typeof operand.value !== 'boolean') {
        return lit(-(operand.value as number) as never, operand.type);
      }
      return call('neg', typeOf(node), operand);
    }
    case 'BinaryExpression':
      if (kindOf(node.Left) === 'StarExpression') return lowerStarComparison(node, lw, scope);
      return { ...call(binaryName(node), typeOf(node), lowerExpr(node.Left, lw, scope), lowerExpr(node.Right, lw, scope)), span: spanOf(node) };
    case 'InExpression':
    case 'HasAnyExpression':
    case 'HasAllExpression': {
      const left = lowerExpr(node.Left, lw, scope);
      const right = listOf(node.Right.Expressions).map(e =>
        isTabular(e) ? { k: 'subquery', rel: lw.lowerTable(e, scope), type: 'dynamic' } as Expr : lowerExpr(e, lw, scope));
      return { ...call(binaryName(node), 'bool', left, ...right), span: spanOf(node) };
    }
    case 'BetweenExpression': {
      const couple = node.Right;
      return call(binaryName(node), 'bool', lowerExpr(node.Left, lw, scope),
        lowerExpr(couple.First, lw, scope), lowerExpr(couple.Second, lw, scope));
    }
    case 'PathExpression':
      return lowerPath(node, lw, scope);
    case 'ElementExpression':
      return call('dyn_get', 'dynamic', lowerExpr(node.Expression, lw, scope), lowerExpr(node.Selector.Expression, lw, scope));
    case 'FunctionCallExpression':
      return lowerRowFunction(node, lw, scope) ?? lw.lowerCall(node, scope);
    case 'ToScalarExpression': // toscalar(1): a scalar argument is its own value
      if (!isTabular(node.Expression)) return lowerExpr(node.Expression, lw, scope);
      return { k: 'subquery', rel: lw.lowerTable(node.Expression, scope), type: typeOf(node) };
    case 'StarExpression':
      throw unsupported('* in this position', node);
  }
  throw unsupported(`the expression '${kind}'`, node);
}

/**
 * `* has "x"` (in where): the comparison over every column of the row, as text; a negated operator (`!has`)
 * holds when it holds for every column, a positive one when it holds for any.
 */
function lowerStarComparison(node: Bridged, lw: Lowerer, scope: Scope): Expr {
  const row = lw.rowColumns;
  if (!row) throw unsupported('* in this position', node.Left);
  const fn = binaryName(node);
  const right = lowerExpr(node.Right, lw, scope);
  const negated = fn.startsWith('!');
  const parts = row.map(c => {
    const text = c.type === 'string' ? col(c.name, c.type) : call('tostring', 'string', col(c.name, c.type));
    return call(fn, 'bool', text, right);
  });
  if (!parts.length) return lit(negated, 'bool');
  return { ...parts.reduce((a, b) => call(negated ? 'and' : 'or', 'bool', a, b)), span: spanOf(node) };
}

export function typeOf(node: Bridged): KType {
  return ktype(node.ResultType, node);
}

function binaryName(node: Bridged): string {
  const sym = node.ReferencedSymbol;
  const name = sym && BINARY[sym.Name as string];
  if (!name) throw unsupported(`the operator '${node.Operator?.Text ?? sym?.Name ?? kindOf(node)}'`, node);
  return name;
}

function lowerName(node: Bridged, lw: Lowerer, scope: Scope): Expr {
  const sym = node.ReferencedSymbol;
  const name: string = node.SimpleName ?? sym?.Name;
  const symKind = sym ? kindOf(sym) : '';
  if (symKind === 'ColumnSymbol') return { k: 'col', name: sym.Name, type: typeOf(node) };
  if (symKind === 'VariableSymbol' || symKind === 'ParameterSymbol') {
    const b = scope.get(sym.Name);
    if (b?.k === 'scalar') return b.expr;
    if (node.IsConstant && node.ConstantValue !== undefined) return constantOf(node);
    throw new KqlError('PK001', `Not supported yet: the name '${sym.Name}' in this position`, spanOf(node));
  }
  if (symKind === 'FunctionSymbol') return lw.lowerCall(node, scope); // a function called without parentheses
  throw unsupported(`the name '${name}' (${symKind || 'unresolved'})`, node);
}

function lowerPath(node: Bridged, lw: Lowerer, scope: Scope): Expr {
  const sym = node.ReferencedSymbol;
  const left = node.Expression;
  // $left.col / $right.col in a join condition
  if (sym && kindOf(sym) === 'ColumnSymbol' && kindOf(left) === 'NameReference' && left.ResultType && kindOf(left.ResultType) === 'TupleSymbol') {
    const side = (left.SimpleName ?? left.Name?.SimpleName ?? '') as string;
    return { k: 'col', name: sym.Name, type: typeOf(node), side: side.includes('right') ? 'right' : 'left' };
  }
  const base = lowerExpr(left, lw, scope);
  const selector = node.Selector;
  const key: string = selector.SimpleName ?? selector.Name?.SimpleName ?? selector.ToString?.();
  return call('dyn_get', 'dynamic', base, lit(unbracket(key), 'string'));
}

function unbracket(key: string): string {
  const m = /^\[\s*(['"])(.*)\1\s*\]$/s.exec(key);
  return m ? m[2] : key;
}

/** A literal of its analysed type, or of `as` (a saved function's default, which the analyser leaves untyped). */
export function lowerLiteral(node: Bridged, as?: KType): Expr {
  const type = as ?? typeOf(node);
  const text: string = node.LiteralValueInfo?.ValueText ?? node.Token?.Text ?? '';
  const bad = () => new KqlError('PK002', `The literal '${node.ToString?.() ?? text}' cannot be read as ${type}`, spanOf(node));
  switch (type) {
    case 'string':
      return lit(node.ConstantValue === null || node.ConstantValue === undefined ? '' : String(node.ConstantValue), 'string');
    case 'bool': {
      const t = text.toLowerCase();
      return lit(t === 'null' ? null : t === 'true' || t === '1', 'bool');
    }
    case 'int': case 'long': {
      const v = parseLong(text);
      if (v === undefined) throw bad();
      return lit(v === null ? null : type === 'int' ? Number(v) : v, type);
    }
    case 'real': case 'decimal': {
      const v = parseReal(text);
      if (v === undefined) throw bad();
      return lit(v, type);
    }
    case 'datetime': {
      const v = parseDatetime(text);
      if (v === undefined) throw bad();
      return lit(v, 'datetime');
    }
    case 'timespan': {
      const v = parseTimespan(text);
      if (v === undefined) throw bad();
      return lit(v, 'timespan');
    }
    case 'guid':
      return lit(text.toLowerCase() === 'null' ? null : text.toLowerCase(), 'guid');
    case 'dynamic':
      return lit(text.toLowerCase() === 'null' ? null : text, 'dynamic');
  }
  throw bad();
}

/** A constant the analyser folded (let x = 5 referenced later). */
function constantOf(node: Bridged): Expr {
  const type = typeOf(node);
  const v = node.ConstantValue;
  if (v === null) return lit(null, type);
  if (type === 'string') return lit(String(v), 'string');
  if (type === 'bool') return lit(String(v).toLowerCase() === 'true', 'bool');
  if (type === 'long') return lit(BigInt(String(v)), 'long');
  if (type === 'int' || type === 'real') return lit(Number(String(v)), type);
  if (type === 'timespan' && v.ticks !== undefined) return lit(BigInt(String(v.ticks)), 'timespan');
  throw unsupported(`a constant of type ${type} here`, node);
}

/** A dynamic literal's JSON value (dynamic({"a": [1, datetime(2020-01-01)]}), dynamic(null)). */
function jsonOf(node: Bridged): unknown {
  const kind = kindOf(node);
  if (kind === 'JsonObjectExpression') {
    const out: Record<string, unknown> = {};
    for (const pair of listOf(node.Pairs)) out[tokenText(pair.Name)] = jsonOf(pair.Value);
    return out;
  }
  if (kind === 'JsonArrayExpression') return listOf(node.Values).map(jsonOf);
  if (kind === 'DynamicExpression') return jsonOf(node.Expression);
  if (kind === 'LiteralExpression') {
    if (/^null$/i.test(node.Token?.Text ?? '')) return null;
    const e = lowerLiteral(node);
    if (e.k !== 'lit' || e.value === null) return null;
    if (typeof e.value === 'bigint') {
      if (e.type === 'datetime') return ticksToIso(e.value);
      if (e.type === 'timespan') return ticksToTimespan(e.value);
      return Number(e.value);
    }
    if (e.type === 'real' && typeof e.value === 'number' && !Number.isFinite(e.value)) return String(e.value);
    return e.value;
  }
  if (kind === 'PrefixUnaryExpression') {
    const v = jsonOf(node.Expression);
    return node.Operator.Text === '-' && typeof v === 'number' ? -v : v;
  }
  if (kind === 'ParenthesizedExpression') return jsonOf(node.Expression);
  throw unsupported(`'${kind}' inside a dynamic literal`, node);
}

/** A JSON property name token: "a", 'a' or a bare word. */
function tokenText(token: Bridged): string {
  const t: string = token.ValueText ?? token.Text ?? '';
  const m = /^(['"])(.*)\1$/s.exec(t);
  if (!m) return t;
  try { return JSON.parse(`"${m[2].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`); } catch { return m[2]; }
}

export function ticksToIso(ticks: bigint): string {
  const ms = ticks / 10_000n;
  let rem = ticks % 10_000n;
  let msn = Number(ms);
  if (rem < 0n) { rem += 10_000n; msn -= 1; }
  const d = new Date(msn);
  const base = d.toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  const frac = base.slice(20, 23) + String(rem).padStart(4, '0');
  const year = d.getUTCFullYear();
  const head = year >= 0 && year <= 9999 ? base.slice(0, 19) : base.slice(0, base.indexOf('.'));
  return `${head}.${frac}Z`;
}

export function ticksToTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / 864_000_000_000n; t %= 864_000_000_000n;
  const h = t / 36_000_000_000n; t %= 36_000_000_000n;
  const m = t / 600_000_000n; t %= 600_000_000n;
  const s = t / 10_000_000n; t %= 10_000_000n;
  const two = (x: bigint) => String(x).padStart(2, '0');
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${two(h)}:${two(m)}:${two(s)}${t > 0n ? `.${String(t).padStart(7, '0')}` : ''}`;
}
