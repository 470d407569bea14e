/**
 * parse_url(url): Kusto's bag of Scheme, Host, Port, Path, Username, Password, Query Parameters and Fragment,
 * every part '' when absent (and all of them for text that is not an absolute URL).
 */
import type { FnEmitter } from '../emit.js';

/** RFC 3986's generic syntax, split into the parts Kusto names: scheme://user:password@host:port/path?query#fragment */
const URL_PARTS = String.raw`^([A-Za-z][A-Za-z0-9+.-]*)://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?([^:/?#]*)(?::([0-9]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$`;

export const URL_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_url_parts(u) AS regexp_extract(u, '${URL_PARTS}', ['s', 'u', 'pw', 'h', 'p', 'path', 'q', 'f'])`,
  // query parameters: a=1&b=2 -> {"a":"1","b":"2"}; a key without '=' has the value ''
  `CREATE OR REPLACE TEMP MACRO kql_url_query(q) AS coalesce(to_json(map_from_entries(list_transform(
     list_filter(string_split(q, '&'), x -> x <> ''),
     x -> {'k': split_part(x, '=', 1), 'v': CASE WHEN strpos(x, '=') > 0 THEN substr(x, strpos(x, '=') + 1) ELSE '' END}))), '{}'::JSON)`,
  `CREATE OR REPLACE TEMP MACRO kql_url_json(m) AS to_json({'Scheme': m.s, 'Host': m.h, 'Port': m.p, 'Path': m.path,
     'Username': m.u, 'Password': m.pw, 'Query Parameters': kql_url_query(m.q), 'Fragment': m.f})`,
];

export const URL_FUNCTIONS: Record<string, FnEmitter> = {
  parse_url: ([u]) => `kql_url_json(kql_url_parts(${u}))`,
  parseurl: ([u]) => `kql_url_json(kql_url_parts(${u}))`,
};
