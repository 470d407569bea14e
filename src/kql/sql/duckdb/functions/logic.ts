/** Conditionals and null tests: iff/iif, case, coalesce, isnull, isempty, not. */
import type { FnEmitter } from '../emit.js';

const iff: FnEmitter = ([c, a, b]) => `(CASE WHEN ${c} THEN ${a} ELSE ${b} END)`;

export const LOGIC: Record<string, FnEmitter> = {
  iff,
  iif: iff,
  case: args => {
    const whens: string[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) whens.push(`WHEN ${args[i]} THEN ${args[i + 1]}`);
    return `(CASE ${whens.join(' ')} ELSE ${args[args.length - 1]} END)`;
  },
  coalesce: (args, e) => (e.type === 'string'
    ? `coalesce(${args.map(a => `nullif(${a}, '')`).join(', ')}, '')`
    : `coalesce(${args.join(', ')})`),
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
