/**
 * IPv4 functions with Kusto's semantics: parse_ipv4, ipv4_is_in_range, ipv4_is_private, has_ipv4, has_ipv4_prefix.
 * An address is four dotted decimal octets (0-255), optionally followed by /prefix (0-32); anything else is invalid:
 * parse_ipv4 and ipv4_is_in_range then give null, ipv4_is_private null, has_ipv4(_prefix) false.
 * In text, an address counts only when delimited by non-alphanumeric characters (a trailing sentence dot is allowed).
 * geo_info_from_ip_address: Picket has no geo database, so every input gives an empty property bag.
 * has_any_ipv4, has_any_ipv4_prefix and ipv4_is_in_any_range take several strings or one dynamic array of them:
 * has_any_* is true when any one holds (an invalid address or prefix never matches); ipv4_is_in_any_range is true
 * when any range holds the address, null when none does and the address or a range is invalid, else false.
 * ipv4_compare(a, b[, mask]) compares the addresses under the smallest of their own prefixes and the mask (0-32):
 * -1, 0 or 1; null when either address or the mask is invalid. ipv4_is_match is ipv4_compare(...) == 0.
 * parse_ipv4_mask, format_ipv4 and format_ipv4_mask mask the address by the smaller of its own prefix and the prefix
 * argument (0-32, else invalid); format_ipv4(_mask) also take the address as a number (0 to 2^32-1) and give '' when
 * invalid. ipv4_netmask_suffix gives the written prefix (32 when absent). ipv4_range_to_cidr_list(start, end) gives
 * the fewest CIDR blocks covering start..end in address order: [] when start > end, null when either is invalid.
 */
import type { Expr } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { text } from './string-operators.js';

/** One octet, 0-255, leading zeros allowed. */
const OCT = '(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])';
const ADDRESS = `${OCT}\\.${OCT}\\.${OCT}\\.${OCT}`;
/** Address with an optional prefix length: groups a, b, c, d, p. */
const WITH_PREFIX = `^${ADDRESS}(?:/(3[0-2]|[12]?[0-9]))?$`;
/** A valid search prefix: one to three octets each ending with a dot, or a whole address. */
const SEARCH_PREFIX = `^(?:(?:${OCT}\\.){1,3}|${ADDRESS})$`;

export const IPV4_MACROS: readonly string[] = [
  // {n: the 32-bit address, p: prefix length (32 when absent), plain: no prefix was written}, or NULL when invalid
  `CREATE OR REPLACE TEMP MACRO kql_ipv4(s) AS list_transform([regexp_extract(s, '${WITH_PREFIX}', ['a', 'b', 'c', 'd', 'p'])],
     m -> CASE WHEN m.a = '' THEN NULL ELSE {'n': CAST(m.a AS BIGINT) * 16777216 + CAST(m.b AS BIGINT) * 65536
       + CAST(m.c AS BIGINT) * 256 + CAST(m.d AS BIGINT), 'p': coalesce(TRY_CAST(m.p AS INTEGER), 32), 'plain': m.p = ''} END)[1]`,
  // the network mask of a prefix length: 0 -> 0, 32 -> 0xFFFFFFFF
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_mask(p) AS CAST(4294967296 AS BIGINT) - (CAST(1 AS BIGINT) << (32 - p))`,
  `CREATE OR REPLACE TEMP MACRO kql_parse_ipv4(s) AS list_transform([kql_ipv4(s)], v -> v.n & kql_ipv4_mask(v.p))[1]`,
  // the address (masked by its own prefix) masked by the range's prefix equals the range's network
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_in_range(ip, r) AS list_transform([{'i': kql_ipv4(ip), 'r': kql_ipv4(r)}],
     x -> (x.i.n & kql_ipv4_mask(x.i.p) & kql_ipv4_mask(x.r.p)) = (x.r.n & kql_ipv4_mask(x.r.p)))[1]`,
  // 10/8, 172.16/12, 192.168/16; with a prefix, the whole range must lie inside one of them
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_is_private(s) AS list_transform([kql_ipv4(s)], v ->
     (v.p >= 8 AND (v.n >> 24) = 10) OR (v.p >= 12 AND (v.n >> 20) = 2753) OR (v.p >= 16 AND (v.n >> 16) = 49320))[1]`,
  // the tokens of a text between non-alphanumeric characters (dots kept inside, trimmed at the ends)
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_tokens(t) AS list_transform(regexp_split_to_array(t, '[^A-Za-z0-9.]+'), x -> trim(x, '.'))`,
  `CREATE OR REPLACE TEMP MACRO kql_has_ipv4(t, ip) AS coalesce(list_transform([kql_ipv4(ip)], v -> CASE WHEN v.plain
     THEN list_contains(list_transform(kql_ipv4_tokens(t), x -> list_transform([kql_ipv4(x)], w -> CASE WHEN w.plain THEN w.n END)[1]), v.n) END)[1], false)`,
  `CREATE OR REPLACE TEMP MACRO kql_has_ipv4_prefix(t, p) AS coalesce(list_transform([p], q -> regexp_full_match(q, '${SEARCH_PREFIX}')
     AND len(list_filter(kql_ipv4_tokens(t), x -> regexp_full_match(x, '^${ADDRESS}$')
       AND starts_with(x || '.', CASE WHEN ends_with(q, '.') THEN q ELSE q || '.' END))) > 0)[1], false)`,
  `CREATE OR REPLACE TEMP MACRO kql_has_any_ipv4(t, ips) AS coalesce(len(list_filter(ips, ip -> kql_has_ipv4(t, ip))) > 0, false)`,
  `CREATE OR REPLACE TEMP MACRO kql_has_any_ipv4_prefix(t, ps) AS coalesce(len(list_filter(ps, p -> kql_has_ipv4_prefix(t, p))) > 0, false)`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_in_any_range(ip, rs) AS list_transform([list_transform(rs, r -> kql_ipv4_in_range(ip, r))],
     l -> CASE WHEN list_bool_or(l) THEN true WHEN len(list_filter(l, x -> x IS NULL)) > 0 THEN NULL ELSE false END)[1]`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_compare(a, b, m) AS list_transform([{'x': kql_ipv4(a), 'y': kql_ipv4(b), 'm': m}],
     s -> CASE WHEN s.x IS NULL OR s.y IS NULL OR s.m IS NULL OR s.m < 0 OR s.m > 32 THEN NULL
       ELSE sign((s.x.n & kql_ipv4_mask(least(s.x.p, s.y.p, s.m))) - (s.y.n & kql_ipv4_mask(least(s.x.p, s.y.p, s.m)))) END)[1]`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_text(n) AS concat_ws('.', n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255)`,
  // v (a kql_ipv4 value) under the smaller of its own prefix and q: {n, p}; NULL when q is not 0-32
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_masked(v, q) AS CASE WHEN v IS NOT NULL AND q BETWEEN 0 AND 32 THEN
     list_transform([least(v.p, q)], p -> {'n': v.n & kql_ipv4_mask(p), 'p': p})[1] END`,
  // a number stands for the address itself (no prefix) when it fits in 32 bits
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_of_number(x) AS CASE WHEN x BETWEEN 0 AND 4294967295 THEN {'n': CAST(x AS BIGINT), 'p': 32, 'plain': true} END`,
  // Each prefix length p contributes at most its first and last aligned block inside [s, e], and only when the
  // enclosing block of length p - 1 is not itself inside: together these are the minimal cover.
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_cidrs(s, e) AS list_transform(list_sort(list_distinct(flatten(list_transform(range(0, 33),
     p -> list_filter(list_transform([(s + (CAST(1 AS BIGINT) << (32 - p)) - 1) // (CAST(1 AS BIGINT) << (32 - p)),
         (e + 1) // (CAST(1 AS BIGINT) << (32 - p)) - 1], k -> {'a': k * (CAST(1 AS BIGINT) << (32 - p)), 'p': p, 'z': CAST(1 AS BIGINT) << (32 - p)}),
       b -> b.a >= s AND b.a + b.z - 1 <= e AND NOT (b.p > 0 AND (b.a // (2 * b.z)) * 2 * b.z >= s
         AND (b.a // (2 * b.z)) * 2 * b.z + 2 * b.z - 1 <= e)))))), b -> kql_ipv4_text(b.a) || '/' || b.p)`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv4_range_to_cidr_list(s, e) AS list_transform([{'s': kql_parse_ipv4(s), 'e': kql_parse_ipv4(e)}],
     x -> CASE WHEN x.s IS NOT NULL AND x.e IS NOT NULL THEN to_json(coalesce(kql_ipv4_cidrs(x.s, x.e), []::VARCHAR[])) END)[1]`,
];

/** An address argument of format_ipv4(_mask) as a kql_ipv4 value: a string is parsed, a number taken as the address. */
function ipv4Value(sql: string, e: Expr): string {
  switch (e.type) {
    case 'string': return `kql_ipv4(${text(sql, e)})`;
    case 'int': case 'long': case 'decimal': case 'real':
      return `kql_ipv4_of_number(CASE WHEN ${sql} = trunc(${sql}) THEN ${sql} END)`;
    case 'dynamic': return `(CASE WHEN json_type(${sql}) IN ('BIGINT', 'UBIGINT') THEN kql_ipv4_of_number(CAST(${sql} AS BIGINT))
      WHEN json_type(${sql}) = 'VARCHAR' THEN kql_ipv4(json_extract_string(${sql}, '$')) END)`;
    default: return 'NULL';
  }
}

/** The prefix argument (32 when absent) as BIGINT. */
const prefixArg = (a: string[], i: number) => (a[i] === undefined ? '32' : `CAST(${a[i]} AS BIGINT)`);

/** The strings to look for: the arguments after the first, or the one dynamic array given instead. */
export const stringList: FnEmitter = (a, e) => {
  const rest = e.args.slice(1);
  if (rest.length === 1 && rest[0].type === 'dynamic') return `CAST(json_extract_string(${a[1]}, '$[*]') AS VARCHAR[])`;
  return `[${rest.map((x, i) => text(a[i + 1], x)).join(', ')}]::VARCHAR[]`;
};

export const IPV4: Record<string, FnEmitter> = {
  parse_ipv4: (a, e) => `kql_parse_ipv4(${text(a[0], e.args[0])})`,
  ipv4_is_in_range: (a, e) => `kql_ipv4_in_range(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])})`,
  ipv4_is_private: (a, e) => `kql_ipv4_is_private(${text(a[0], e.args[0])})`,
  has_ipv4: (a, e) => `kql_has_ipv4(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])})`,
  geo_info_from_ip_address: () => `CAST('{}' AS JSON)`,
  has_ipv4_prefix: (a, e) => `kql_has_ipv4_prefix(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])})`,
  has_any_ipv4: (a, e, cx) => `kql_has_any_ipv4(${text(a[0], e.args[0])}, ${stringList(a, e, cx)})`,
  has_any_ipv4_prefix: (a, e, cx) => `kql_has_any_ipv4_prefix(${text(a[0], e.args[0])}, ${stringList(a, e, cx)})`,
  ipv4_is_in_any_range: (a, e, cx) => `kql_ipv4_in_any_range(${text(a[0], e.args[0])}, ${stringList(a, e, cx)})`,
  ipv4_compare: (a, e) => `CAST(kql_ipv4_compare(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])}, ${prefixArg(a, 2)}) AS ${e.type === 'int' ? 'INTEGER' : 'BIGINT'})`,
  ipv4_is_match: (a, e) => `(kql_ipv4_compare(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])}, ${prefixArg(a, 2)}) = 0)`,
  ipv4_netmask_suffix: (a, e) => `CAST(kql_ipv4(${text(a[0], e.args[0])}).p AS BIGINT)`,
  parse_ipv4_mask: (a, e) => `kql_ipv4_masked(kql_ipv4(${text(a[0], e.args[0])}), ${prefixArg(a, 1)}).n`,
  format_ipv4: (a, e) => `coalesce(kql_ipv4_text(kql_ipv4_masked(${ipv4Value(a[0], e.args[0])}, ${prefixArg(a, 1)}).n), '')`,
  format_ipv4_mask: (a, e) => `coalesce(list_transform([kql_ipv4_masked(${ipv4Value(a[0], e.args[0])}, ${prefixArg(a, 1)})],
    v -> kql_ipv4_text(v.n) || '/' || v.p)[1], '')`,
  ipv4_range_to_cidr_list: (a, e) => `kql_ipv4_range_to_cidr_list(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])})`,
};
