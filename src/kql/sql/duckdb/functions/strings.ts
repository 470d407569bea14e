/** String functions: strlen, substring, strcat, case, trim, replace, split, extract… */
import type { FnEmitter } from '../emit.js';
import { toStringSql } from './convert.js';

export const STRINGS: Record<string, FnEmitter> = {
  strlen: ([a]) => `CAST(length(${a}) AS BIGINT)`,
  tolower: ([a]) => `lower(${a})`,
  toupper: ([a]) => `upper(${a})`,
  strcat: (args, e) => `concat(${args.map((a, i) => toStringSql(a, e.args[i].type)).join(', ')})`,
};

/** DuckDB macros this family's emitters call (created on every query connection). */
export const STRING_MACROS: readonly string[] = [];
