/**
 * Loads Microsoft's KQL parser and semantic analyser (C# compiled to JavaScript with Bridge.NET).
 * It is loaded once per process, lazily, because it costs about 0.3 s and 90 MB.
 */
import { createRequire } from 'node:module';

/** The analyser's objects have C# shapes; we reach them through this loose type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Bridged = any;

let kusto: Bridged | undefined;

export function kustoLanguage(): Bridged {
  if (kusto) return kusto;
  const require = createRequire(import.meta.url);
  const g = globalThis as Bridged;
  // The legacy package ships the Bridge runtime that the analyser needs as a global.
  if (!g.Bridge) g.Bridge = require('@kusto/language-service/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  kusto = g.Kusto.Language;
  return kusto;
}

export function bridge(): Bridged {
  kustoLanguage();
  return (globalThis as Bridged).Bridge;
}

/** Short class name of an analyser object, e.g. "FilterOperator". */
export function kindOf(node: Bridged): string {
  let full: string = bridge().getTypeName(node);
  const generic = full.indexOf('[[');
  if (generic >= 0) full = full.slice(0, generic); // SeparatedElement$1[[...]] -> SeparatedElement$1
  const dot = full.lastIndexOf('.');
  return dot < 0 ? full : full.slice(dot + 1);
}

/** Iterates a C# IReadOnlyList (Count / getItem). */
export function* items<T = Bridged>(list: Bridged): Generator<T> {
  if (!list) return;
  const n: number = list.Count;
  for (let i = 0; i < n; i++) yield list.getItem(i);
}
