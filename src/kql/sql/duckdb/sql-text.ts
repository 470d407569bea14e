/** Quoting and literals for DuckDB SQL. Every piece of user text reaches SQL through these functions. */
import type { KType, LitValue } from '../../ir/types.js';

export const SQL_TYPES: Record<KType, string> = {
  bool: 'BOOLEAN', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', decimal: 'DOUBLE', string: 'VARCHAR',
  datetime: 'BIGINT', timespan: 'BIGINT', dynamic: 'JSON', guid: 'VARCHAR',
};

export function ident(name: string): string {
  return `"${name.replace(/\0/g, '').replace(/"/g, '""')}"`;
}

/** A string literal; NUL cannot appear inside DuckDB string constants, so it is spliced in with chr(0). */
export function str(s: string): string {
  const parts = s.split('\0').map(p => `'${p.replace(/'/g, "''")}'`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' || chr(0) || ')})`;
}

export function literal(value: LitValue, type: KType): string {
  const t = SQL_TYPES[type];
  if (value === null) return `CAST(NULL AS ${t})`;
  switch (type) {
    case 'bool': return value ? 'TRUE' : 'FALSE';
    case 'int': case 'long': case 'datetime': case 'timespan':
      return `CAST(${String(typeof value === 'number' ? Math.trunc(value) : value)} AS ${t})`;
    case 'real': case 'decimal': {
      const n = Number(value);
      if (Number.isNaN(n)) return `CAST('NaN' AS DOUBLE)`;
      if (!Number.isFinite(n)) return `CAST('${n > 0 ? 'Infinity' : '-Infinity'}' AS DOUBLE)`;
      return `CAST(${String(n)} AS DOUBLE)`;
    }
    case 'dynamic': return `CAST(${str(String(value))} AS JSON)`;
    default: return str(String(value));
  }
}
