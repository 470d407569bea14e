/** Generic traversal of the IR: rebuild relations bottom-up, or rewrite every scalar expression in them. */
import type { Expr, Rel } from './types.js';

/** Applies `f` to every relation, children first. */
export function mapRels(rel: Rel, f: (r: Rel) => Rel): Rel {
  const kids = (r: Rel): Rel => mapRels(r, f);
  switch (rel.k) {
    case 'filter': case 'project': case 'aggregate': case 'sort': case 'limit': case 'distinct': case 'mvexpand':
      return f({ ...rel, input: kids(rel.input) } as Rel);
    case 'join':
      return f({ ...rel, left: kids(rel.left), right: kids(rel.right) });
    case 'union':
      return f({ ...rel, inputs: rel.inputs.map(kids) });
    case 'with':
      return f({ ...rel, defs: rel.defs.map(d => ({ ...d, rel: kids(d.rel) })), body: kids(rel.body) });
    case 'apply':
      return f({ ...rel, input: kids(rel.input), sub: kids(rel.sub) });
    case 'outer':
      return f(rel.from ? { ...rel, from: kids(rel.from) } : rel);
    default:
      return f(rel);
  }
}

/** Applies `f` to every expression node, children first, including those inside subqueries. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.k) {
    case 'call': case 'agg': case 'win':
      return f({ ...e, args: e.args.map(a => mapExpr(a, f)) });
    case 'subquery':
      return f({ ...e, rel: mapExprsInRel(e.rel, f) });
    default:
      return f(e);
  }
}

/** The names of the columns an expression reads (subqueries included). */
export function columnsRead(e: Expr): Set<string> {
  const out = new Set<string>();
  mapExpr(e, x => { if (x.k === 'col') out.add(x.name); return x; });
  return out;
}

/** Rewrites every scalar expression of every relation in the tree. */
export function mapExprsInRel(rel: Rel, f: (e: Expr) => Expr): Rel {
  const x = (e: Expr) => mapExpr(e, f);
  return mapRels(rel, r => {
    switch (r.k) {
      case 'values': return { ...r, rows: r.rows.map(row => row.map(x)) };
      case 'range': return { ...r, from: x(r.from), to: x(r.to), step: x(r.step) };
      case 'filter': return { ...r, pred: x(r.pred) };
      case 'project': return { ...r, items: r.items.map(i => ({ ...i, expr: x(i.expr) })) };
      case 'aggregate': return { ...r, keys: r.keys.map(i => ({ ...i, expr: x(i.expr) })), aggs: r.aggs.map(i => ({ ...i, expr: x(i.expr) })) };
      case 'sort': return { ...r, keys: r.keys.map(k => ({ ...k, expr: x(k.expr) })) };
      case 'limit': return { ...r, count: x(r.count) };
      case 'join': return { ...r, on: r.on.map(p => ({ left: x(p.left), right: x(p.right) })), items: r.items.map(i => ({ ...i, expr: x(i.expr) })) };
      case 'mvexpand': return { ...r, columns: r.columns.map(c => ({ ...c, expr: x(c.expr) })) };
      default: return r;
    }
  });
}
