/**
 * The scan operator's state machine as a recursive CTE (planned by lower/operators/scan.ts).
 *
 * `__scan_run(base, spec, …exprs)` is a scalar: the JSON array of matches. The CTE holds one row per input record
 * (by its serialized position): for each step k, whether its state has an active sequence (a_k), the sequence's
 * match id (m_k) and the recorded fields of each step j ≤ k (s_k_j_f); and the outputs of the record for each step.
 * Each record is checked against the steps from the last to the first (Kusto's order):
 *   check 1 (k > 1): step k-1 is active and the condition holds against its state: the state moves to step k
 *     (step k-1 becomes empty) and the record, extended by step k's assignments, becomes step k's entry;
 *   check 2: otherwise, step k is active (or is the first step) and the condition holds against its own state:
 *     the record replaces step k's entry; a first step that was empty starts a new sequence (a new match id).
 * A match is output unless the step says output=none. An empty state reads the declared defaults (null for
 * input columns). `__scan_get(match, key)` reads one value of a match back with its type.
 */
import type { Column, Expr, KType } from '../../../ir/types.js';
import { col } from '../../../ir/types.js';
import { mapExpr } from '../../../ir/walk.js';
import { KqlError } from '../../../errors.js';
import { ExprEmitter, colIdent, type CallExpr, type FnEmitter } from '../emit.js';
import { SQL_TYPES, ident, literal } from '../sql-text.js';

interface ScanSpec {
  fields: { name: string; type: KType }[];
  declaredFrom: number;
  defaults: number[];
  steps: { name: string; output: 'all' | 'none'; cond: number; assigns: Record<number, number> }[];
}

const ORD = '__scan_ord';

const scanRun: FnEmitter = (_args, e, cx) => {
  const baseArg = e.args[0];
  const specArg = e.args[1];
  if (baseArg.k !== 'subquery' || specArg.k !== 'lit' || typeof specArg.value !== 'string') {
    throw new KqlError('PK001', 'Internal error: a malformed scan plan');
  }
  const spec = JSON.parse(specArg.value) as ScanSpec;
  const exprs = e.args.slice(2);
  const n = spec.steps.length;
  const F = spec.fields;
  const baseCols = baseArg.rel.cols;

  // the CTE's columns, then the per-layer helpers
  const state: Column[] = [{ name: '__scan_o', type: 'long' }, { name: '__scan_mc', type: 'long' }];
  const A = (k: number) => `__scan_a${k}`;
  const M = (k: number) => `__scan_m${k}`;
  const S = (k: number, j: number, f: number) => `__scan_s${k}_${j}_${f}`;
  const O = (k: number) => `__scan_out${k}`;
  const OM = (k: number) => `__scan_om${k}`;
  const OV = (k: number, v: number) => `__scan_ov${k}_${v}`;
  const C1 = (k: number) => `__scan_c1_${k}`;
  const C2 = (k: number) => `__scan_c2_${k}`;
  const declared = F.slice(spec.declaredFrom).map((f, v) => ({ ...f, v, f: spec.declaredFrom + v }));

  // which fields of which step each state must record: those some expression reads
  const used = new Set<string>();
  const markers = (x: Expr): void => {
    mapExpr(x, y => {
      if (y.k === 'var' && y.name.startsWith('__scanref:')) {
        const [, j, f] = y.name.split(':');
        used.add(`${j}:${f}`);
      }
      return y;
    });
  };
  exprs.forEach(markers);
  const recorded = (k: number) => [...used].map(u => u.split(':').map(Number)).filter(([j]) => j <= k);
  for (let k = 0; k < n; k++) {
    state.push({ name: A(k), type: 'bool' }, { name: M(k), type: 'long' });
    for (const [j, f] of recorded(k)) state.push({ name: S(k, j, f), type: F[f].type });
  }
  for (let k = 0; k < n; k++) {
    state.push({ name: O(k), type: 'bool' }, { name: OM(k), type: 'long' });
    for (const d of declared) state.push({ name: OV(k, d.v), type: d.type });
  }
  const helpers: Column[] = [];
  for (let k = 0; k < n; k++) helpers.push({ name: C1(k), type: 'bool' }, { name: C2(k), type: 'bool' });
  const env: Column[] = [...baseCols, ...state, ...helpers];
  const ex = new ExprEmitter(cx.dialect, {}, [], { default: env });
  const nm = (name: string) => colIdent(name, env);

  const dflt = (f: number): string => {
    const d = declared.find(x => x.f === f);
    if (d) return `CAST(${ex.expr(exprs[spec.defaults[d.v]])} AS ${SQL_TYPES[F[f].type]})`;
    return literal(F[f].type === 'string' ? '' : null, F[f].type);
  };
  /** An expression read against step `k`'s state (-1: none); references to an empty state read its defaults. */
  const exprOf = (x: Expr, k: number): string => {
    const raw: string[] = [];
    const replaced = mapExpr(x, y => {
      if (y.k !== 'var' || !y.name.startsWith('__scanref:')) return y;
      const [, js, fs] = y.name.split(':');
      const [j, f] = [Number(js), Number(fs)];
      if (k >= 0 && j <= k) return col(S(k, j, f), y.type);
      raw.push(dflt(f));
      return { k: 'var', name: `__scanraw${raw.length - 1}`, type: y.type };
    });
    let sql = ex.expr(replaced);
    raw.forEach((r, i) => { sql = sql.split(ident(`__scanraw${i}`)).join(`(${r})`); });
    return sql;
  };

  /** The value of field f in the extended record matched at step k (in check `c`). */
  const extended = (k: number, f: number, c: 1 | 2): string => {
    if (f < spec.declaredFrom) return nm(F[f].name);
    const a = spec.steps[k].assigns[f];
    return a === undefined ? dflt(f) : exprOf(exprs[a], c === 1 ? k - 1 : k);
  };

  // anchor: every state empty
  const anchor = state.map(c => {
    let v: string;
    if (c.name === '__scan_o' || c.name === '__scan_mc') v = 'CAST(0 AS BIGINT)';
    else if (/^__scan_a\d+$/.test(c.name) || /^__scan_out\d+$/.test(c.name)) v = 'FALSE';
    else {
      const s = /^__scan_s\d+_\d+_(\d+)$/.exec(c.name);
      v = s ? dflt(Number(s[1])) : `CAST(NULL AS ${SQL_TYPES[c.type]})`;
    }
    return `${v} AS ${nm(c.name)}`;
  }).join(', ');

  const ord = `_b.${colIdent(ORD, baseCols)}`;
  let layer = `SELECT _b.*, _r.* EXCLUDE (${nm('__scan_o')}), ${ord} AS ${nm('__scan_o')} FROM __scan_r AS _r `
    + `JOIN (${cx.dialect.emit(baseArg.rel)}) AS _b ON ${ord} = _r.${nm('__scan_o')} + 1`;
  for (let k = n - 1; k >= 0; k--) {
    const step = spec.steps[k];
    const cond = exprs[step.cond];
    const c1 = k > 0 ? `coalesce(${nm(A(k - 1))} AND (${exprOf(cond, k - 1)}), FALSE)` : 'FALSE';
    const c2 = `coalesce(${k > 0 ? nm(A(k)) : 'TRUE'} AND (${exprOf(cond, k)}), FALSE)`;
    layer = `SELECT *, ${c1} AS ${nm(C1(k))}, (NOT ${c1}) AND ${c2} AS ${nm(C2(k))} FROM (${layer}) AS _l`;
    const c1n = nm(C1(k));
    const c2n = nm(C2(k));
    // match ids: the first sequence is 0; each new one takes the next number
    const started = k === 0 ? `(${c2n} AND NOT ${nm(A(0))})` : 'FALSE';
    const mK = k === 0
      ? `CASE WHEN ${started} THEN ${nm('__scan_mc')} ELSE ${nm(M(0))} END`
      : `CASE WHEN ${c1n} THEN ${nm(M(k - 1))} ELSE ${nm(M(k))} END`;
    const repl: string[] = [];
    repl.push(`${c1n} OR ${c2n} OR ${nm(A(k))} AS ${nm(A(k))}`);
    repl.push(`${mK} AS ${nm(M(k))}`);
    if (k === 0) repl.push(`${nm('__scan_mc')} + CASE WHEN ${started} THEN 1 ELSE 0 END AS ${nm('__scan_mc')}`);
    for (const [j, f] of recorded(k)) {
      const mine = j === k ? extended(k, f, 1) : (k > 0 && recorded(k - 1).some(([jj, ff]) => jj === j && ff === f) ? nm(S(k - 1, j, f)) : dflt(f));
      const own = j === k ? extended(k, f, 2) : nm(S(k, j, f));
      repl.push(`CASE WHEN ${c1n} THEN ${mine} WHEN ${c2n} THEN ${own} ELSE ${nm(S(k, j, f))} END AS ${nm(S(k, j, f))}`);
    }
    if (k > 0) {
      repl.push(`${nm(A(k - 1))} AND NOT ${c1n} AS ${nm(A(k - 1))}`);
      for (const [j, f] of recorded(k - 1)) repl.push(`CASE WHEN ${c1n} THEN ${dflt(f)} ELSE ${nm(S(k - 1, j, f))} END AS ${nm(S(k - 1, j, f))}`);
    }
    const out = step.output === 'none' ? 'FALSE' : `(${c1n} OR ${c2n})`;
    repl.push(`${out} AS ${nm(O(k))}`);
    repl.push(`${mK} AS ${nm(OM(k))}`);
    for (const d of declared) {
      repl.push(`CASE WHEN ${c1n} THEN ${extended(k, d.f, 1)} WHEN ${c2n} THEN ${extended(k, d.f, 2)} END AS ${nm(OV(k, d.v))}`);
    }
    layer = `SELECT * REPLACE (${repl.join(', ')}) FROM (${layer}) AS _l`;
  }
  const recursive = `SELECT ${state.map(c => nm(c.name)).join(', ')} FROM (${layer}) AS _l`;

  // the matches, in order: by record, then by step in checking order (the last step first)
  const outs = spec.steps.map((_, k) => {
    const vals = declared.map(d => `, 'v${d.v}', ${nm(OV(k, d.v))}`).join('');
    return `SELECT ${nm('__scan_o')} AS _o, ${n - 1 - k} AS _q, json_object('o', ${nm('__scan_o')}, 'q', ${n - 1 - k}, 'm', ${nm(OM(k))}${vals}) AS _j FROM __scan_r WHERE ${nm('__scan_o')} > 0 AND ${nm(O(k))}`;
  });
  return `(WITH RECURSIVE __scan_r AS (SELECT ${anchor} UNION ALL ${recursive}) `
    + `SELECT coalesce(to_json(list(_j ORDER BY _o, _q)), CAST('[]' AS JSON)) FROM (${outs.join(' UNION ALL ')}) AS _m)`;
};

/** One value of a match, typed. */
const scanGet: FnEmitter = ([m, key], e: CallExpr) => {
  const s = `json_extract_string(${m}, '$.' || ${key})`;
  switch (e.type) {
    case 'string': return `coalesce(${s}, '')`;
    case 'guid': return `lower(${s})`;
    case 'dynamic': return `(CASE WHEN json_type(json_extract(${m}, '$.' || ${key})) <> 'NULL' THEN json_extract(${m}, '$.' || ${key}) END)`;
    case 'bool': return `TRY_CAST(${s} AS BOOLEAN)`;
    default: return `TRY_CAST(${s} AS ${SQL_TYPES[e.type]})`;
  }
};

export const SCAN_FUNCTIONS: Record<string, FnEmitter> = { __scan_run: scanRun, __scan_get: scanGet };
