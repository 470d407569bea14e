/**
 * JSON documents as PowerShell and evtx_dump write them, read defensively: text or already-parsed values, a BOM,
 * a size cap, and Windows PowerShell 5.1's habit of wrapping an array as {"value": [...], "Count": n}.
 */

export type JsonItems = { items: unknown[] } | { error: string };

/** Parses JSON text (or takes a parsed value) and returns its items: an array's elements, else the value itself. */
export function jsonItems(input: unknown, maxChars: number): JsonItems {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > maxChars) return { error: `JSON of ${input.length} characters, more than ${maxChars}` };
    const text = input.replace(/^\uFEFF/, '').trim();
    if (text === '') return { items: [] };
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: `not JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}` };
    }
  }
  return { items: unwrapArray(value) };
}

/** An array's elements; PowerShell 5.1's {"value": [...], "Count": n} wrapper unwrapped; else [value]. */
export function unwrapArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.value) && 'Count' in value && Object.keys(value).length <= 2) return value.value;
  if (value === null || value === undefined) return [];
  return [value];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property by name, ignoring case (PowerShell's own rule for property names). Own properties only. */
export function prop(o: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}
