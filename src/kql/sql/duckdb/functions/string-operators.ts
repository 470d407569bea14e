/**
 * Kusto's string predicates: ==-family case rules, has (whole terms), contains, startswith, endswith, in, like,
 * matches regex, with their !, _cs and ~ forms. Case-insensitive forms compare lower-cased text.
 */
import type { FnEmitter } from '../emit.js';
import { toStringSql } from './convert.js';

const s = (sql: string, t: string) => toStringSql(sql, t as never);
const not = (f: FnEmitter): FnEmitter => (a, e, cx) => `(NOT ${f(a, e, cx)})`;

const eqCi: FnEmitter = ([a, b], e) => `(lower(${s(a, e.args[0].type)}) = lower(${s(b, e.args[1].type)}))`;
const contains: FnEmitter = ([a, b], e) => `contains(lower(${s(a, e.args[0].type)}), lower(${s(b, e.args[1].type)}))`;
const containsCs: FnEmitter = ([a, b], e) => `contains(${s(a, e.args[0].type)}, ${s(b, e.args[1].type)})`;
const startsWith: FnEmitter = ([a, b], e) => `starts_with(lower(${s(a, e.args[0].type)}), lower(${s(b, e.args[1].type)}))`;
const startsWithCs: FnEmitter = ([a, b], e) => `starts_with(${s(a, e.args[0].type)}, ${s(b, e.args[1].type)})`;
const endsWith: FnEmitter = ([a, b], e) => `ends_with(lower(${s(a, e.args[0].type)}), lower(${s(b, e.args[1].type)}))`;
const endsWithCs: FnEmitter = ([a, b], e) => `ends_with(${s(a, e.args[0].type)}, ${s(b, e.args[1].type)})`;

/** Whole-term match: the needle must not continue an alphanumeric run on either side. */
function hasTerm(cs: boolean): FnEmitter {
  return ([a, b], e) => {
    const hay = s(a, e.args[0].type);
    const needle = s(b, e.args[1].type);
    const flags = cs ? "''" : "'i'";
    return `regexp_matches(${hay}, '(^|[^[:alnum:]])' || regexp_escape(${needle}) || '($|[^[:alnum:]])', ${flags})`;
  };
}

function inList(ci: boolean): FnEmitter {
  return (args, e, cx) => {
    const [x, ...rest] = args;
    const norm = (v: string) => (ci ? `lower(${v})` : v);
    const scalars: string[] = [];
    const sets: string[] = [];
    rest.forEach((v, i) => {
      const a = e.args[i + 1];
      if (a.k === 'subquery') sets.push(`${norm(e.args[0].type === 'string' ? s(x, 'string') : x)} IN (SELECT ${ci ? 'lower(v)' : 'v'} FROM ${v} AS _s(v))`);
      else if (a.type === 'dynamic') sets.push(`list_contains(${ci ? 'list_transform(' : ''}json_extract_string(${v}, '$[*]')${ci ? ', z -> lower(z))' : ''}, ${norm(s(x, e.args[0].type))})`);
      else scalars.push(norm(e.args[0].type === 'string' || a.type === 'string' ? s(v, a.type) : v));
    });
    const left = norm(e.args[0].type === 'string' ? x : x);
    const parts = [...(scalars.length ? [`${left} IN (${scalars.join(', ')})`] : []), ...sets];
    void cx;
    return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
  };
}

export const STRING_OPERATORS: Record<string, FnEmitter> = {
  '=~': eqCi, '!~': not(eqCi),
  has: hasTerm(false), '!has': not(hasTerm(false)), has_cs: hasTerm(true), '!has_cs': not(hasTerm(true)),
  contains, '!contains': not(contains), contains_cs: containsCs, '!contains_cs': not(containsCs),
  startswith: startsWith, '!startswith': not(startsWith), startswith_cs: startsWithCs, '!startswith_cs': not(startsWithCs),
  endswith: endsWith, '!endswith': not(endsWith), endswith_cs: endsWithCs, '!endswith_cs': not(endsWithCs),
  in: inList(false), '!in': not(inList(false)), 'in~': inList(true), '!in~': not(inList(true)),
  'matches regex': ([a, b]) => `regexp_matches(${a}, ${b})`,
};
