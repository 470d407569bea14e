/**
 * Reading Defender EventData by name. Field names drift between platform versions ("Signature Version" became
 * "Security intelligence Version" in 2020; "Error Code" / "Error code"), so lookups ignore case, spacing and
 * that one renaming. Values come back trimmed, with "%%NNN" message references resolved to English.
 */
import { resolveMessage } from './message-references.js';

/** "Security intelligence Version" and "Signature Version" both read as "signatureversion". */
export function canonicalFieldName(name: string): string {
  return name.toLowerCase().replace(/security\s*intelligence/g, 'signature').replace(/[^a-z0-9]/g, '');
}

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
    for (const n of names) {
      const original = this.byCanonical.get(canonicalFieldName(n));
      if (original === undefined) continue;
      this.used.add(original);
      const v = resolveMessage(String(this.data[original] ?? '').trim());
      if (v !== '') return v;
    }
    return '';
  }

  /** The field as an integer (decimal or 0x hex), or null when absent or not a number. */
  int(...names: string[]): number | null {
    const v = this.text(...names);
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
    for (const [name, raw] of Object.entries(this.data)) {
      if (this.used.has(name) || /^unused\d*$/i.test(name.replace(/\s/g, ''))) continue;
      const v = resolveMessage(String(raw ?? '').trim());
      if (v === '') continue;
      out[pascalCase(name)] = v;
    }
    return out;
  }
}

/** How a field is read into AdditionalFields: [output key, 'text' | 'int', …field names to try]. */
export type FieldSpec = [string, 'text' | 'int', ...string[]];

/** AdditionalFields entries for the specs whose fields are present (empty text and absent numbers are left out). */
export function pick(d: EventData, specs: FieldSpec[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, kind, ...names] of specs) {
    if (kind === 'int') {
      const n = d.int(...names);
      if (n !== null) out[key] = n;
    } else {
      const t = d.text(...names);
      if (t !== '') out[key] = t;
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
