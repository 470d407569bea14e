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
 * -1, 0 or 1; null when either address or the mask is invalid.
 */
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
];

/** The strings to look for: the arguments after the first, or the one dynamic array given instead. */
const stringList: FnEmitter = (a, e) => {
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
  ipv4_compare: (a, e) => `CAST(kql_ipv4_compare(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])}, ${a[2] === undefined ? '32' : `CAST(${a[2]} AS BIGINT)`}) AS ${e.type === 'int' ? 'INTEGER' : 'BIGINT'})`,
};
