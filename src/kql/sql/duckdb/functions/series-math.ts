/**
 * Series math: element-wise math over dynamic numeric arrays (series_abs … series_pow; each element is what the
 * scalar function gives for it, a missing or non-numeric one gives null), and reductions of one or two series to a
 * real (magnitude, product, dot product, cosine similarity, Pearson correlation). The FIR filter and
 * series_decompose live in series-filters.ts.
 */
import type { Expr } from '../../../ir/types.js';
import type { CallExpr, ExprEmitter, FnEmitter } from '../emit.js';
import { MATH } from './math.js';
import { dbl, elementwise, isNullLit, items, nums, withList } from './series-core.js';
import { SERIES_FILTERS } from './series-filters.js';

const NAN = `CAST('NaN' AS DOUBLE)`;
/** A real operand, so that the scalar emitters of math.ts take their real branch. */
const REAL_ARG: Expr = { k: 'lit', value: null, type: 'real' };

/** The scalar math function `fn` applied to the double `x`, exactly as the scalar function is emitted. */
const scalar = (fn: string, x: string, cx: ExprEmitter) =>
  MATH[fn]([x], { k: 'call', fn, args: [REAL_ARG], type: 'real' }, cx);

/**
 * Element-wise: `f` maps one double (`__sx`) to a double. The values are computed once, then written as JSON
 * (NaN and infinities as Kusto writes them).
 */
function unary(f: (x: string, cx: ExprEmitter) => string): FnEmitter {
  return ([a], _e, cx) => `to_json(list_transform(list_transform(${nums(a)}, __sx -> ${f('__sx', cx)}), __sy -> ${dbl('__sy')}))`;
}
const viaMath = (fn: string) => unary((x, cx) => scalar(fn, x, cx));
/** DuckDB raises an error for sin, cos and tan of an infinity; .NET gives NaN. */
const trig = (fn: string) => unary((x, cx) => `(CASE WHEN isinf(${x}) THEN ${NAN} ELSE ${scalar(fn, x, cx)} END)`);

/** Division of doubles: by zero it gives ±Infinity or NaN, as in .NET. */
const div = (n: string, d: string) => `(CAST(${n} AS DOUBLE) / CAST(${d} AS DOUBLE))`;

/**
 * The pairs (l, r) of two series up to the shorter one's length, or of a series and a number broadcast over it;
 * null when either side is not an array. Pairs with a non-numeric side are dropped ("ignored").
 */
function pairs(args: string[], e: CallExpr): string {
  const side = (i: number) => (e.args[i].type === 'dynamic' ? nums(args[i]) : null);
  const [l, r] = [side(0), side(1)];
  const at = (list: string | null, raw: string) => (list ? `${list}[__si]` : `CAST(${raw} AS DOUBLE)`);
  const len = l && r ? `least(len(${l}), len(${r}))` : `len(${l ?? r})`;
  return `list_filter(list_transform(range(1, ${len} + 1), __si -> {'l': ${at(l, args[0])}, 'r': ${at(r, args[1])}}),
    __sp -> __sp.l IS NOT NULL AND __sp.r IS NOT NULL)`;
}

/** Both array arguments (one when the other is a number) are non-empty arrays: else the reductions give null. */
function nonEmpty(args: string[], e: CallExpr): string {
  return [0, 1].filter(i => e.args[i].type === 'dynamic').map(i => `coalesce(len(${items(args[i])}) > 0, FALSE)`).join(' AND ') || 'TRUE';
}

/**
 * series_dot_product(a, b): Σ a[i]·b[i] over the shorter length, non-numeric pairs ignored; null when either array
 * is empty (or not an array).
 */
const dotProduct: FnEmitter = (args, e) =>
  `(CASE WHEN ${nonEmpty(args, e)} THEN coalesce(list_sum(list_transform(${pairs(args, e)}, __sp -> __sp.l * __sp.r)), 0.0) END)`;

/**
 * series_cosine_similarity(a, b[, |a|[, |b|]]): a·b / (|a|·|b|) over the shorter length, non-numeric elements
 * ignored; a magnitude not given (or null) is computed over the same elements. Null when either array is empty.
 */
const cosineSimilarity: FnEmitter = (args, e) => {
  const given = (i: number) => (e.args[i] && !isNullLit(e, i) ? `CAST(${args[i]} AS DOUBLE)` : null);
  const m = (i: number, side: 'l' | 'r') => {
    const own = `sqrt(coalesce(list_sum(list_transform(__sl, __sp -> __sp.${side} * __sp.${side})), 0.0))`;
    const g = given(i);
    return g ? `coalesce(${g}, ${own})` : own;
  };
  const dot = `coalesce(list_sum(list_transform(__sl, __sp -> __sp.l * __sp.r)), 0.0)`;
  return `(CASE WHEN ${nonEmpty(args, e)} THEN ${withList(pairs(args, e), div(dot, `(${m(2, 'l')} * ${m(3, 'r')})`))} END)`;
};

/**
 * series_pearson_correlation(a, b): null unless both are arrays of the same length with only numeric elements;
 * Σ(a−ā)(b−b̄) / √(Σ(a−ā)²·Σ(b−b̄)²), NaN when a series is constant (0/0).
 */
const pearson: FnEmitter = ([a, b]) => {
  const body = `list_transform([{'ma': list_avg(__sl.a), 'mb': list_avg(__sl.b)}], __sm -> ${div(
    `list_sum(list_transform(range(1, len(__sl.a) + 1), __si -> (__sl.a[__si] - __sm.ma) * (__sl.b[__si] - __sm.mb)))`,
    `sqrt(list_sum(list_transform(__sl.a, __sx -> (__sx - __sm.ma) ^ 2)) * list_sum(list_transform(__sl.b, __sx -> (__sx - __sm.mb) ^ 2)))`)})[1]`;
  const complete = (l: string) => `list_bool_and(list_transform(${l}, __sx -> __sx IS NOT NULL))`;
  return withList(`{'a': ${nums(a)}, 'b': ${nums(b)}}`,
    `CASE WHEN len(__sl.a) = len(__sl.b) AND len(__sl.a) > 0 AND ${complete('__sl.a')} AND ${complete('__sl.b')} THEN ${body} END`);
};

export const SERIES_MATH_MACROS: readonly string[] = [];

export const SERIES_MATH: Record<string, FnEmitter> = {
  series_abs: unary(x => `abs(${x})`),
  series_ceiling: unary(x => `ceil(${x})`),
  series_floor: unary(x => `floor(${x})`),
  series_sign: viaMath('sign'),
  series_exp: viaMath('exp'),
  series_log: viaMath('log'),
  series_acos: viaMath('acos'),
  series_asin: viaMath('asin'),
  series_atan: viaMath('atan'),
  series_cos: trig('cos'),
  series_sin: trig('sin'),
  series_tan: trig('tan'),
  series_pow: elementwise((a, b) => `pow(${a}, ${b})`),
  /** √(Σ x²) over the numeric elements; null for an empty array. */
  series_magnitude: ([a]) => withList(nums(a), `CASE WHEN len(__sl) > 0 THEN sqrt(coalesce(list_sum(list_transform(__sl, __sx -> __sx * __sx)), 0.0)) END`),
  /** The product of the numeric elements; null for an empty array. */
  series_product: ([a]) => withList(nums(a), `CASE WHEN len(__sl) > 0 THEN coalesce(list_product(list_filter(__sl, __sx -> __sx IS NOT NULL)), 1.0) END`),
  series_dot_product: dotProduct,
  series_cosine_similarity: cosineSimilarity,
  series_pearson_correlation: pearson,
  ...SERIES_FILTERS,
};
