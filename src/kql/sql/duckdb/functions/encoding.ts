/**
 * Encodings of text, numbers and GUIDs with Kusto's semantics: isascii, isutf8, tohex, Unicode code points
 * (unicode_codepoints_from_string / to_utf8, unicode_codepoints_to_string / make_string), GUIDs and byte arrays as
 * base64, bitset_count_ones.
 */
import { KqlError } from '../../../errors.js';
import type { CallExpr, FnEmitter } from '../emit.js';
import { text } from './string-operators.js';

const arg = (args: string[], e: CallExpr, i: number) => text(args[i], e.args[i]);

function integerArg(e: CallExpr, i: number, fn: string): 'int' | 'long' {
  const t = e.args[i].type;
  if (t !== 'int' && t !== 'long') throw new KqlError('PK001', `Not supported yet: ${fn}() of a ${t} value`, e.span);
  return t;
}

/** tohex(v [, minLength]): lower-case two's complement (32 bits for int, 64 for long), zero-padded to minLength (at most 16). */
const tohex: FnEmitter = (args, e) => {
  const bits = integerArg(e, 0, 'tohex') === 'int' ? `(CAST(${args[0]} AS BIGINT) & 4294967295)` : args[0];
  const h = `lower(hex(${bits}))`;
  return args[1] ? `kql_hex_pad(${h}, ${args[1]})` : h;
};

/** The code points of every argument (integers, or dynamic arrays of integers) as one list; a bad item is null. */
function codePoints(args: string[], e: CallExpr): string {
  const lists = args.map((a, i) => {
    const t = e.args[i].type;
    if (t === 'int' || t === 'long') return `[CAST(${a} AS BIGINT)]`;
    if (t !== 'dynamic') throw new KqlError('PK001', `Not supported yet: unicode_codepoints_to_string() of a ${t} value`, e.span);
    return `(CASE WHEN json_type(${a}) = 'ARRAY' THEN list_transform(json_extract(${a}, '$[*]'),
      __c -> CASE WHEN json_type(__c) IN ('BIGINT', 'UBIGINT') THEN TRY_CAST(__c AS BIGINT) END) ELSE [CAST(NULL AS BIGINT)] END)`;
  });
  return lists.length === 1 ? lists[0] : `flatten([${lists.join(', ')}])`;
}

/** unicode_codepoints_to_string: any value that is not a Unicode scalar value makes the whole result null (''). */
const fromCodePoints: FnEmitter = (args, e) => `kql_cp_string(${codePoints(args, e)})`;

const toCodePoints: FnEmitter = (args, e) => `kql_cp_list(${arg(args, e, 0)})`;

/**
 * A GUID's bytes as .NET's Guid.ToByteArray() orders them: the first three groups little-endian (the docs' example
 * confirms it). base64_decode_toguid is left out: its documented example does not invert this order (see the report).
 */
const guidBytesHex = (h: string) => ['7,2', '5,2', '3,2', '1,2', '11,2', '9,2', '15,2', '13,2', '17,16']
  .map(p => `substr(${h}, ${p})`).join(' || ');

const encodeFromGuid: FnEmitter = (args, e) => {
  if (e.args[0].type !== 'guid') {
    throw new KqlError('PK001', `Not supported yet: base64_encode_fromguid() of a ${e.args[0].type} value (it takes a guid)`, e.span);
  }
  return `coalesce(to_base64(unhex(${guidBytesHex(`replace(${args[0]}, '-', '')`)})), '')`;
};

const bitsetCountOnes: FnEmitter = (args, e) => {
  const t = integerArg(e, 0, 'bitset_count_ones');
  return `CAST(bit_count(CAST(${args[0]} AS ${t === 'int' ? 'INTEGER' : 'BIGINT'})) AS BIGINT)`;
};

export const ENCODING: Record<string, FnEmitter> = {
  // a code point above 127 is the only way a (valid UTF-8) text can be longer in bytes than in characters
  isascii: (args, e) => `(strlen(${arg(args, e, 0)}) = length(${arg(args, e, 0)}))`,
  // DuckDB text is always valid UTF-8 (a lone surrogate, Kusto's only non-UTF-8 text, cannot be stored)
  isutf8: (args, e) => `(${arg(args, e, 0)} IS NOT NULL)`,
  tohex,
  unicode_codepoints_from_string: toCodePoints,
  to_utf8: toCodePoints,
  unicode_codepoints_to_string: fromCodePoints,
  make_string: fromCodePoints,
  base64_encode_fromguid: encodeFromGuid,
  base64_encode_fromarray: (args, e) => {
    if (e.args[0].type !== 'dynamic') throw new KqlError('PK001', 'Not supported yet: base64_encode_fromarray() of a non-dynamic value', e.span);
    return `kql_b64_from_array(${args[0]})`;
  },
  bitset_count_ones: bitsetCountOnes,
};

/** DuckDB macros the encoders call (created on every query connection). */
export const ENCODING_MACROS: readonly string[] = [
  // minLength pads with zeros; it never cuts, and values above 16 count as 16
  `CREATE OR REPLACE TEMP MACRO kql_hex_pad(h, n) AS CASE WHEN n IS NULL OR length(h) >= least(n, 16) THEN h
     ELSE lpad(h, CAST(least(n, 16) AS INTEGER), '0') END`,
  // one element per code point; '' gives an empty array
  `CREATE OR REPLACE TEMP MACRO kql_cp_list(s) AS to_json(list_transform(list_filter(string_split(s, ''), __ch -> __ch <> ''),
     __ch -> unicode(__ch)))`,
  `CREATE OR REPLACE TEMP MACRO kql_cp_valid(c) AS c IS NOT NULL AND c BETWEEN 0 AND 1114111 AND NOT (c BETWEEN 55296 AND 57343)`,
  // chr() only ever sees valid code points (it raises an error on the others, even in a branch that is not taken)
  `CREATE OR REPLACE TEMP MACRO kql_cp_string(l) AS CASE WHEN coalesce(list_bool_and(list_transform(l, __c -> kql_cp_valid(__c))), TRUE)
     THEN array_to_string(list_transform(l, __c -> chr(CAST(CASE WHEN kql_cp_valid(__c) THEN __c ELSE 32 END AS INTEGER))), '')
     ELSE '' END`,
  // every element must be a whole number from 0 to 255; anything else (or no array) encodes nothing
  `CREATE OR REPLACE TEMP MACRO kql_b64_from_array(j) AS CASE WHEN json_type(j) = 'ARRAY'
       AND coalesce(list_bool_and(list_transform(json_extract(j, '$[*]'),
         __b -> json_type(__b) IN ('BIGINT', 'UBIGINT') AND TRY_CAST(__b AS BIGINT) BETWEEN 0 AND 255)), TRUE)
     THEN to_base64(unhex(array_to_string(list_transform(json_extract(j, '$[*]'),
       __b -> lpad(hex(TRY_CAST(__b AS BIGINT)), 2, '0')), ''))) ELSE '' END`,
];
