/**
 * ingestion_time(): a row of a stored table carries the hidden INGESTION_TIME column (when it was stored). An
 * operator placed on a table (a scan, through wheres) may read it: it is lowered over the table with that column
 * added, and since its output is the analyser's columns, the hidden one goes no further.
 */
import { INGESTION_TIME } from '../../analyzer/schema.js';
import type { Rel } from '../../ir/types.js';
import type { Lowerer } from '../lowerer.js';

/** A table's scan, or wheres on one, with the hidden storage-time column added; undefined for anything else. */
export function withIngestionTime(rel: Rel): Rel | undefined {
  if (rel.k === 'scan') return { ...rel, cols: [...rel.cols, { name: INGESTION_TIME, type: 'datetime' }] };
  if (rel.k !== 'filter') return undefined;
  const input = withIngestionTime(rel.input);
  return input && { ...rel, cols: input.cols, input };
}

/**
 * Lowers an operator whose output is the analyser's columns (extend, project) over `rel`, or, in a query that calls
 * ingestion_time(), when the operator sits on a table, over the table with the hidden column.
 */
export function overRowTime(rel: Rel, lw: Lowerer, build: (input: Rel) => Rel): Rel {
  const timed = lw.callsIngestionTime ? withIngestionTime(rel) : undefined;
  if (!timed) return build(rel);
  const outer = lw.ingestionTimeRow;
  lw.ingestionTimeRow = true;
  try {
    return build(timed);
  } finally {
    lw.ingestionTimeRow = outer;
  }
}
