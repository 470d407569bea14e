/**
 * Reading Defender EventData by name. Field names drift between platform versions ("Signature Version" became
 * "Security intelligence Version" in 2020; "Error Code" / "Error code"), so lookups ignore case, spacing and
 * that one renaming. Values come back trimmed, with "%%NNN" message references resolved to English.
 */
import { resolveMessage } from './message-references.js';

/** "Security intelligence Version" and "Signature Version" both read as "signatureversion". */
export function canonicalFieldName(name: string): string {
  return remembered(canonicalNames, name, n => n.toLowerCase().replace(/security\s*intelligence/g, 'signature').replace(/[^a-z0-9]/g, ''));
}

/**
 * Field names repeat from event to event (Defender writes the same few hundred), so their derived forms are
 * computed once. The caches are cleared when full: names come from the sender, and must not grow memory without end.
 */
const canonicalNames = new Map<string, string>();
const pascalNames = new Map<string, string>();
const MAX_REMEMBERED = 4096;

function remembered(cache: Map<string, string>, name: string, derive: (name: string) => string): string {
  let v = cache.get(name);
  if (v === undefined) {
    if (cache.size >= MAX_REMEMBERED) cache.clear();
    cache.set(name, v = derive(name));
  }
  return v;
}

const UNUSED = /^unused\d*$/i;

export class EventData {
  private readonly byCanonical = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(private readonly data: Record<string, string>) {
    for (const name of Object.keys(data)) {
      const key = canonicalFieldName(name);
      if (!this.byCanonical.has(key)) this.byCanonical.set(key, name);
    }
  }

  /** The first of the named fields that is present and not empty, resolved; '' when none is. */
  text(...names: string[]): string {
    return this.textOf(names, 0);
  }

  /** As text(), for the names from names[from] on (a field spec without copying it). */
  textOf(names: readonly string[], from: number): string {
    for (let i = from; i < names.length; i++) {
      const original = this.byCanonical.get(canonicalFieldName(names[i]));
      if (original === undefined) continue;
      this.used.add(original);
      const v = resolveMessage(String(this.data[original] ?? '').trim());
      if (v !== '') return v;
    }
    return '';
  }

  /** The field as an integer (decimal or 0x hex), or null when absent or not a number. */
  int(...names: string[]): number | null {
    return this.intOf(names, 0);
  }

  /** As int(), for the names from names[from] on. */
  intOf(names: readonly string[], from: number): number | null {
    const v = this.textOf(names, from);
    if (v === '') return null;
    const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^-?\d+$/.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) ? n : null;
  }

  /** Marks fields as read without using them (they stay in WindowsEvent.EventData). */
  consume(...names: string[]): void {
    for (const n of names) {
      const original = this.byCanonical.get(canonicalFieldName(n));
      if (original !== undefined) this.used.add(original);
    }
  }

  /**
   * Every field not read so far, under a PascalCase name ("Scan Trigger" => "ScanTrigger"), skipping empty values
   * and Defender's "UnusedN" placeholders. Lets AdditionalFields carry fields this code does not know yet.
   */
  rest(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(this.data)) {
      if (this.used.has(name)) continue;
      const v = resolveMessage(String(this.data[name] ?? '').trim());
      if (v === '' || UNUSED.test(name.replace(/\s/g, ''))) continue;
      out[remembered(pascalNames, name, pascalCase)] = v;
    }
    return out;
  }
}

/** How a field is read into AdditionalFields: [output key, 'text' | 'int', …field names to try]. */
export type FieldSpec = [string, 'text' | 'int', ...string[]];

/**
 * AdditionalFields entries for the specs whose fields are present (empty text and absent numbers are left out),
 * added to `out` (a new object by default).
 */
export function pick(d: EventData, specs: readonly FieldSpec[], out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const spec of specs) {
    if (spec[1] === 'int') {
      const n = d.intOf(spec, 2);
      if (n !== null) out[spec[0]] = n;
    } else {
      const t = d.textOf(spec, 2);
      if (t !== '') out[spec[0]] = t;
    }
  }
  return out;
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
