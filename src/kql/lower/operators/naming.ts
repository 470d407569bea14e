/** Matches the items of extend / project / summarize with the column names the analyser gave them. */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';

/**
 * Named items (x = expr) keep their name; unnamed ones take, in order, the analyser's names for new columns
 * (Column1, count_, strlen_b…). `fresh` lists those new names in output order.
 */
export function assignNames(exprs: Bridged[], fresh: string[]): string[] {
  const named = new Set(exprs.filter(e => kindOf(e) === 'SimpleNamedExpression').map(e => e.Name.SimpleName as string));
  const pool = fresh.filter(n => !named.has(n));
  let next = 0;
  return exprs.map(e => {
    if (kindOf(e) === 'SimpleNamedExpression') return e.Name.SimpleName as string;
    if (kindOf(e) === 'NameReference' && e.ReferencedSymbol && kindOf(e.ReferencedSymbol) === 'ColumnSymbol') {
      return e.ReferencedSymbol.Name as string;
    }
    return pool[next++] ?? `Column${next}`;
  });
}
