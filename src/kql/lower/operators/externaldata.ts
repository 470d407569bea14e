/**
 * externaldata(schema) [urls] with (format=…, ignoreFirstRecord=…): literal rows from records fetched before
 * lowering (see ../../external-data.ts); each text field is converted to its column's type as to<type>() does,
 * an empty field being null for every type but string.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import type { Expr, KType } from '../../ir/types.js';
import { call, lit } from '../../ir/types.js';
import { spanOf } from '../../errors.js';
import { columnsOf, listOf } from '../context.js';
import { NeedsFetch } from '../probe.js';
import type { OperatorLowering } from './types.js';

const CONVERT: Record<KType, string | undefined> = {
  bool: 'tobool', int: 'toint', long: 'tolong', real: 'todouble', decimal: 'todecimal', string: undefined,
  datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid', dynamic: 'todynamic',
};

function field(value: string | null | undefined, type: KType): Expr {
  if (type === 'string') return lit(value ?? '', 'string');
  if (value === null || value === undefined || value === '') return lit(null, type);
  return call(CONVERT[type]!, type, lit(value, 'string'));
}

function option(op: Bridged, name: string): string | undefined {
  for (const p of listOf(op.WithClause?.Properties)) {
    if (String(p.Name?.SimpleName ?? '').toLowerCase() === name.toLowerCase()) {
      const v = p.Expression?.ConstantValue ?? p.Expression?.ToString?.();
      return v === undefined || v === null ? undefined : String(v).trim();
    }
  }
  return undefined;
}

export const lowerExternalData: OperatorLowering = (op, _input, lw) => {
  const cols = columnsOf(op);
  const urls = listOf(op.URIs).map(u => String(u.ConstantValue ?? ''));
  const format = (option(op, 'format') ?? 'csv').toLowerCase();
  const ignoreFirstRecord = (option(op, 'ignoreFirstRecord') ?? 'false').toLowerCase() === 'true';
  const key = JSON.stringify({ urls, format, ignoreFirstRecord, columns: cols.map(c => c.name) });
  const records = lw.external?.get(key);
  if (!records) throw new NeedsFetch(key, { urls, format, ignoreFirstRecord, columns: cols.map(c => c.name), span: spanOf(op) });
  const rows = records.map(r => cols.map((c, i) => field(r[i], c.type)));
  return { k: 'values', cols, rows };
};
