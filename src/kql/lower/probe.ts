/**
 * Probes: questions about the data that lowering must have answered before it can type a query. bag_unpack's
 * columns are its bags' keys and pivot's its column's values; Kusto finds them by running the input first, and so
 * do we. Lowering stops with NeedsProbe; the runner runs the probe relation and inserts the output schema clause
 * the answer gives (`evaluate bag_unpack(d) : (*, a:long)`) into the query text, which is then analysed again,
 * fully typed. A query that already states its schema needs no probe.
 */
import type { Rel } from '../ir/types.js';
import type { ExternalDataRequest } from '../external-data.js';

export interface Probe {
  /** The relation whose rows answer the question. */
  rel: Rel;
  /** Where in the query text the schema clause goes. */
  at: number;
  /** The schema clause for the probe's rows (` : (…)`); throws a KqlError when the data cannot be unpacked. */
  schema(rows: unknown[][]): string;
}

/** Thrown by lowering when a probe must run first (an internal signal, not a user error). */
export class NeedsProbe extends Error {
  constructor(readonly probe: Probe) {
    super('The query needs a probe of its data before it can be compiled');
    this.name = 'NeedsProbe';
  }
}

/** A column name as the schema clause spells it: bare when it is an identifier, else ['quoted']. */
export function schemaName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** Thrown by lowering when an externaldata expression's records must be fetched first (run.ts fetches them). */
export class NeedsFetch extends Error {
  constructor(readonly key: string, readonly request: ExternalDataRequest) {
    super('The query reads external data that must be fetched before it can be compiled');
    this.name = 'NeedsFetch';
  }
}
