/**
 * parse_path(path): Kusto's bag of Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension and
 * AlternateDataStreamName. Both slashes separate; "scheme://" is split off; a drive letter is the root; the file
 * name runs to the first ':' (what follows names an alternate data stream). Absent parts are ''.
 *
 * parse_command_line(text, "windows"): the arguments as CommandLineToArgvW splits them. The program name ends at the
 * first space or tab, or is everything between its quotes; the other arguments split on unquoted spaces and tabs,
 * where 2n backslashes before '"' give n backslashes and toggle quoting, 2n+1 give n and a literal '"', and other
 * backslashes are literal. Not modelled: '""' inside quotes (read as closing and reopening). '' gives [].
 * Any parser type other than "windows" gives null.
 */
import type { FnEmitter } from '../emit.js';
import { text } from './string-operators.js';

const SCHEME = String.raw`^(?:([A-Za-z][A-Za-z0-9+.-]+)://)?(.*)$`;
const DIR_FILE = String.raw`^(?:(.*)[/\\])?([^/\\]*)$`;
const NAME_STREAM = String.raw`^([^:]*)(?::(.*))?$`;

export const PATH_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_parse_path(s) AS list_transform([regexp_extract(s, '${SCHEME}', ['s', 'r'])],
     a -> list_transform([regexp_extract(a.r, '${DIR_FILE}', ['d', 'f'])],
     b -> list_transform([regexp_extract(b.f, '${NAME_STREAM}', ['n', 'x'])],
     c -> to_json({'Scheme': a.s, 'RootPath': regexp_extract(a.r, '^([A-Za-z]:)', 1), 'DirectoryPath': b.d,
       'DirectoryName': regexp_extract(b.d, '${String.raw`([^/\\]*)$`}', 1), 'Filename': c.n,
       'Extension': regexp_extract(c.n, '${String.raw`\.([^.]*)$`}', 1), 'AlternateDataStreamName': c.x}))[1])[1])[1]`,
];

/** The parser's state, one per character: args so far, current argument, in quotes, pending backslashes, started. */
const state = (a: string, c: string, q: string, b: string, t: string, ch: string) => `{'a': ${a}, 'c': ${c}, 'q': ${q}, 'b': ${b}, 't': ${t}, 'ch': ${ch}}`;
const START = (ch: string) => state('[]::VARCHAR[]', "''", 'false', '0', 'false', ch);
const BS = String.raw`'\'`;
const STEP = `(s, x) -> CASE
     WHEN x.ch = ${BS} THEN ${state('s.a', 's.c', 's.q', 's.b + 1', 's.t', "''")}
     WHEN x.ch = '"' AND s.b % 2 = 0 THEN ${state('s.a', `s.c || repeat(${BS}, s.b // 2)`, 'NOT s.q', '0', 'true', "''")}
     WHEN x.ch = '"' THEN ${state('s.a', `s.c || repeat(${BS}, s.b // 2) || '"'`, 's.q', '0', 'true', "''")}
     WHEN (x.ch = ' ' OR x.ch = chr(9)) AND NOT s.q THEN ${state('kql_argv_flush(s)', "''", 'false', '0', 'false', "''")}
     ELSE ${state('s.a', `s.c || repeat(${BS}, s.b) || x.ch`, 's.q', '0', 'true', "''")} END`;

const COMMAND_LINE_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_argv_flush(s) AS CASE WHEN s.t OR s.b > 0 THEN list_append(s.a, s.c || repeat(${BS}, s.b)) ELSE s.a END`,
  // the arguments after the program name
  `CREATE OR REPLACE TEMP MACRO kql_argv_rest(r) AS list_transform([list_reduce(
     list_prepend(${START("''")}, list_transform(list_filter(string_split(r, ''), ch -> ch <> ''), ch -> ${START('ch')})), ${STEP})],
     s -> kql_argv_flush(s))[1]`,
  `CREATE OR REPLACE TEMP MACRO kql_parse_command_line(s) AS list_transform([s], v -> CASE WHEN v = '' THEN '[]'::JSON ELSE
     list_transform([regexp_extract(v, '^(?:"([^"]*)"?|([^ \t]*))(.*)$', ['q', 'u', 'r'])],
     m -> to_json(list_prepend(m.q || m.u, kql_argv_rest(m.r))))[1] END)[1]`,
];

export const PATH_AND_COMMAND_LINE_MACROS: readonly string[] = [...PATH_MACROS, ...COMMAND_LINE_MACROS];

export const PATHS: Record<string, FnEmitter> = {
  parse_path: (a, e) => `kql_parse_path(${text(a[0], e.args[0])})`,
  parse_command_line: (a, e) => `CASE WHEN lower(${text(a[1], e.args[1])}) = 'windows' THEN kql_parse_command_line(${text(a[0], e.args[0])}) END`,
};
