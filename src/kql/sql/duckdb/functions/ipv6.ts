/**
 * IPv6 functions with Kusto's semantics: parse_ipv6, parse_ipv6_mask, ipv6_compare, ipv6_is_match, ipv6_is_in_range,
 * ipv6_is_in_any_range. An address is IPv6 text (hex groups, at most one '::', optionally ending in a dotted IPv4
 * address) or a plain IPv4 address, optionally followed by /prefix. Addresses are 128-bit UHUGEINTs.
 * An IPv4 address, written plainly or as ::a.b.c.d or ::ffff:a.b.c.d, is the mapped address ::ffff:a.b.c.d and its
 * prefix (0-32) counts within the IPv4 part, so /24 masks 120 bits (as Kusto's examples show); any other prefix is
 * 0-128. Invalid input gives '' from parse_ipv6(_mask) and null from the others.
 * parse_ipv6 gives the masked address as eight four-digit lower-case groups; parse_ipv6_mask and ipv6_compare mask
 * by the smallest of the addresses' own prefixes and the prefix argument (0-128, else invalid).
 * ipv6_is_in_any_range: true when any range holds the address, null when none does and an input is invalid.
 */
import type { FnEmitter } from '../emit.js';
import { text } from './string-operators.js';
import { stringList } from './ipv4.js';

/** Address and optional prefix (0-128 here; IPv4 forms are held to 0-32 later): groups a, p. */
const WITH_PREFIX = '^([0-9A-Fa-f:.]+)(?:/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?$';
/** Hex groups followed by a dotted IPv4 address: groups h (ending with ':'), v. */
const DOTTED_TAIL = '^(.*:)([0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+)$';

// Lambda parameters carry an i6_ prefix: macros expand textually, so a plain name could capture a caller's column
// or an outer macro's lambda variable passed in as an argument.
export const IPV6_MACROS: readonly string[] = [
  // the network mask of a prefix length (0-128) as UHUGEINT
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_mask(p) AS CASE WHEN p = 0 THEN CAST(0 AS UHUGEINT)
     ELSE ~((CAST(1 AS UHUGEINT) << CAST(128 - p AS UHUGEINT)) - CAST(1 AS UHUGEINT)) END`,
  // eight full hex groups as a UHUGEINT (two 64-bit halves); NULL unless the text is exactly that
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_full(f) AS CASE WHEN regexp_full_match(f, '[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){7}') THEN
     list_transform([array_to_string(list_transform(string_split(f, ':'), lambda i6_g: lpad(i6_g, 4, '0')), '')],
       lambda i6_x: (CAST(CAST('0x' || substr(i6_x, 1, 16) AS UBIGINT) AS UHUGEINT) << CAST(64 AS UHUGEINT))
         | CAST(CAST('0x' || substr(i6_x, 17) AS UBIGINT) AS UHUGEINT))[1] END`,
  // hex-only IPv6 text (no dotted tail) as a UHUGEINT: one '::' becomes the missing zero groups (at least one);
  // a second '::' or a stray ':' leaves a malformed text that kql_ipv6_full rejects
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_hex(h) AS CASE WHEN NOT contains(h, '::') THEN kql_ipv6_full(h)
     ELSE list_transform([{'h': h, 'c': len(regexp_extract_all(h, '[0-9A-Fa-f]+'))}], lambda i6_c: CASE WHEN i6_c.c <= 7 THEN
       list_transform([replace(i6_c.h, '::', ':' || repeat('0:', 8 - i6_c.c))], lambda i6_e: kql_ipv6_full(substr(i6_e,
         CASE WHEN starts_with(i6_c.h, '::') THEN 2 ELSE 1 END, length(i6_e) - CASE WHEN starts_with(i6_c.h, '::') THEN 1 ELSE 0 END
           - CASE WHEN ends_with(i6_c.h, '::') THEN 1 ELSE 0 END)))[1] END)[1] END`,
  // the IPv4-mapped address of a 32-bit address with its IPv4 prefix (0-32, or NULL for none)
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_v4(n, q) AS CASE WHEN q IS NULL OR q <= 32 THEN
     {'n': (CAST(65535 AS UHUGEINT) << CAST(32 AS UHUGEINT)) | CAST(n AS UHUGEINT), 'p': 96 + coalesce(q, 32)} END`,
  // {n, p (absolute, 0-128)} of an address text; NULL when invalid. A dotted tail after '::' or '::ffff:' makes an
  // IPv4 address; after other groups it fills the last 32 bits.
  `CREATE OR REPLACE TEMP MACRO kql_ipv6(s) AS list_transform([regexp_extract(s, '${WITH_PREFIX}', ['a', 'p'])], lambda i6_m:
     CASE WHEN i6_m.a = '' THEN NULL ELSE list_transform([{
       'a': i6_m.a,
       'v4': kql_ipv4(i6_m.a),
       't': regexp_extract(i6_m.a, '${DOTTED_TAIL}', ['h', 'v']),
       'q': TRY_CAST(i6_m.p AS INTEGER)}], lambda i6_x: CASE
     WHEN i6_x.v4 IS NOT NULL THEN kql_ipv6_v4(i6_x.v4.n, i6_x.q)
     WHEN i6_x.t.h = '' THEN list_transform([kql_ipv6_hex(i6_x.a)],
       lambda i6_n: CASE WHEN i6_n IS NOT NULL THEN {'n': i6_n, 'p': coalesce(i6_x.q, 128)} END)[1]
     ELSE list_transform([{'v': kql_ipv4(i6_x.t.v), 'n': kql_ipv6_hex(i6_x.t.h || '0:0'), 'q': i6_x.q}], lambda i6_y: CASE
       WHEN i6_y.v IS NULL OR NOT i6_y.v.plain OR i6_y.n IS NULL THEN NULL
       WHEN (i6_y.n >> CAST(32 AS UHUGEINT)) IN (CAST(0 AS UHUGEINT), CAST(65535 AS UHUGEINT)) THEN kql_ipv6_v4(i6_y.v.n, i6_y.q)
       ELSE {'n': i6_y.n | CAST(i6_y.v.n AS UHUGEINT), 'p': coalesce(i6_y.q, 128)} END)[1] END)[1] END)[1]`,
  // eight four-digit lower-case groups
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_text(n) AS rtrim(regexp_replace(lpad(lower(hex(n)), 32, '0'), '(....)', '\\1:', 'g'), ':')`,
  `CREATE OR REPLACE TEMP MACRO kql_parse_ipv6_mask(s, q) AS coalesce(list_transform([{'v': kql_ipv6(s), 'q': q}],
     lambda i6_v: CASE WHEN i6_v.q BETWEEN 0 AND 128 THEN kql_ipv6_text(i6_v.v.n & kql_ipv6_mask(least(i6_v.v.p, i6_v.q))) END)[1], '')`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_compare(a, b, q) AS list_transform([{'x': kql_ipv6(a), 'y': kql_ipv6(b), 'q': q}],
     lambda i6_s: CASE WHEN i6_s.x IS NULL OR i6_s.y IS NULL OR i6_s.q IS NULL OR i6_s.q < 0 OR i6_s.q > 128 THEN NULL
       ELSE list_transform([{'x': i6_s.x.n, 'y': i6_s.y.n, 'm': kql_ipv6_mask(least(i6_s.x.p, i6_s.y.p, i6_s.q))}],
         lambda i6_c: CASE WHEN (i6_c.x & i6_c.m) < (i6_c.y & i6_c.m) THEN -1 WHEN (i6_c.x & i6_c.m) > (i6_c.y & i6_c.m) THEN 1 ELSE 0 END)[1] END)[1]`,
  // the address (masked by its own prefix) masked by the range's prefix equals the range's network
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_in_range(ip, r) AS list_transform([{'i': kql_ipv6(ip), 'r': kql_ipv6(r)}],
     lambda i6_x: (i6_x.i.n & kql_ipv6_mask(i6_x.i.p) & kql_ipv6_mask(i6_x.r.p)) = (i6_x.r.n & kql_ipv6_mask(i6_x.r.p)))[1]`,
  `CREATE OR REPLACE TEMP MACRO kql_ipv6_in_any_range(ip, rs) AS list_transform([{'ip': ip, 'rs': rs}], lambda i6_a:
     list_transform([list_transform(i6_a.rs, lambda i6_r: kql_ipv6_in_range(i6_a.ip, i6_r))], lambda i6_l: CASE WHEN list_bool_or(i6_l) THEN true
       WHEN len(list_filter(i6_l, lambda i6_b: i6_b IS NULL)) > 0 THEN NULL ELSE false END)[1])[1]`,
];

/** The prefix argument at position i (128 when absent) as BIGINT. */
/** The prefix argument at position i (128 when absent) as BIGINT. */
const prefixArg = (a: string[], i: number) => (a[i] === undefined ? '128' : `CAST(${a[i]} AS BIGINT)`);

export const IPV6: Record<string, FnEmitter> = {
  parse_ipv6: (a, e) => `kql_parse_ipv6_mask(${text(a[0], e.args[0])}, 128)`,
  parse_ipv6_mask: (a, e) => `kql_parse_ipv6_mask(${text(a[0], e.args[0])}, ${prefixArg(a, 1)})`,
  ipv6_compare: (a, e) => `CAST(kql_ipv6_compare(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])}, ${prefixArg(a, 2)}) AS ${e.type === 'int' ? 'INTEGER' : 'BIGINT'})`,
  ipv6_is_match: (a, e) => `(kql_ipv6_compare(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])}, ${prefixArg(a, 2)}) = 0)`,
  ipv6_is_in_range: (a, e) => `kql_ipv6_in_range(${text(a[0], e.args[0])}, ${text(a[1], e.args[1])})`,
  ipv6_is_in_any_range: (a, e, cx) => `kql_ipv6_in_any_range(${text(a[0], e.args[0])}, ${stringList(a, e, cx)})`,
};
