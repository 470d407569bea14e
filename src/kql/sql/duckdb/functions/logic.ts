/** Conditionals and null tests: iff/iif, case, coalesce, isnull, isempty, not. */
import type { FnEmitter } from '../emit.js';
import type { KType } from '../../../ir/types.js';
import { SQL_TYPES } from '../sql-text.js';
import { toStringSql } from './convert.js';
import { toJsonSql } from './dynamic.js';

/** A result arm in the conditional's result type (the analyser unifies case(c, dynamic, string) as string). */
function arm(sql: string, from: KType, to: KType): string {
  if (from === to) return sql;
  if (to === 'string') return toStringSql(sql, from);
  if (to === 'dynamic') return toJsonSql(sql, from);
  if (from === 'dynamic' || from === 'string') return sql;
  return `CAST(${sql} AS ${SQL_TYPES[to]})`;
}

const iff: FnEmitter = ([c, a, b], e) => `(CASE WHEN ${c} THEN ${arm(a, e.args[1].type, e.type)} ELSE ${arm(b, e.args[2].type, e.type)} END)`;

export const LOGIC: Record<string, FnEmitter> = {
  iff,
  iif: iff,
  case: (args, e) => {
    const whens: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) whens.push(`WHEN ${args[i]} THEN ${arm(args[i + 1], e.args[i + 1].type, e.type)}`);
    return `(CASE ${whens.join(' ')} ELSE ${arm(args[args.length - 1], e.args[args.length - 1].type, e.type)} END)`;
  },
  // The first non-null argument (non-empty, for strings); arguments of mixed numeric types share the result type.
  coalesce: (args, e) => {
    if (e.type === 'string') return `coalesce(${args.map(a => `nullif(${a}, '')`).join(', ')}, '')`;
    // a JSON null inside a dynamic value counts as null too
    if (e.type === 'dynamic') return `coalesce(${args.map(a => `(CASE WHEN json_type(${a}) <> 'NULL' THEN ${a} END)`).join(', ')})`;
    return `coalesce(${args.map((a, i) => (e.args[i].type === e.type ? a : `CAST(${a} AS ${SQL_TYPES[e.type]})`)).join(', ')})`;
  },
  isnull: ([a], e) => (e.args[0].type === 'string' ? 'FALSE' : e.args[0].type === 'dynamic' ? `(${a} IS NULL OR json_type(${a}) = 'NULL')` : `(${a} IS NULL)`),
  isnotnull: ([a], e) => (e.args[0].type === 'string' ? 'TRUE' : e.args[0].type === 'dynamic' ? `(${a} IS NOT NULL AND json_type(${a}) <> 'NULL')` : `(${a} IS NOT NULL)`),
  isempty: ([a], e) => (e.args[0].type === 'string' ? `(coalesce(${a}, '') = '')`
    : e.args[0].type === 'dynamic' ? `(${a} IS NULL OR json_type(${a}) = 'NULL' OR (json_type(${a}) = 'VARCHAR' AND json_extract_string(${a}, '$') = ''))`
      : `(${a} IS NULL)`),
  isnotempty: ([a], e) => (e.args[0].type === 'string' ? `(coalesce(${a}, '') <> '')`
    : e.args[0].type === 'dynamic' ? `NOT (${a} IS NULL OR json_type(${a}) = 'NULL' OR (json_type(${a}) = 'VARCHAR' AND json_extract_string(${a}, '$') = ''))`
      : `(${a} IS NOT NULL)`),
  not: ([a]) => `(NOT ${a})`,
};
// the legacy spellings still found in real queries
LOGIC.notempty = LOGIC.isnotempty;
LOGIC.notnull = LOGIC.isnotnull;
