/**
 * ConvertTo-Json -Compress as the agent's PowerShell writes it, so that the emulator's bodies are the script's.
 * Windows PowerShell 5.1 (JavaScriptSerializer) writes dates as "\/Date(ms)\/" and escapes < > & ' as \u003c
 * \u003e \u0026 \u0027; PowerShell 7 (Newtonsoft) writes dates as ISO 8601 with the local offset and escapes
 * only what JSON requires. Both write enums as numbers and keep property order.
 */

export type PsVersion = '5.1' | '7';

/** A .NET DateTime as the cmdlets return it (local time; the emulated machine's zone is UTC). */
export class PsDate {
  constructor(readonly ms: number) {}
}

const PS51_DATE = /^\/Date\((-?\d+)\)\/$/;

/**
 * Reads what ConvertTo-Json wrote (a fixture captured on Windows) back into values, turning 5.1's date strings into
 * PsDate so that they are written again as the chosen PowerShell would.
 */
export function readPsJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'string') {
      const m = PS51_DATE.exec(value);
      if (m) return new PsDate(Number(m[1]));
    }
    return value;
  });
}

function escape51(s: string): string {
  return JSON.stringify(s).replace(/[<>&']/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escape7(s: string): string {
  return JSON.stringify(s).replace(/[\u0085\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** 7 fraction digits at most, trailing zeros dropped, as .NET's "FFFFFFF" pattern. */
function isoLocal(ms: number): string {
  const s = new Date(ms).toISOString();
  const fraction = s.slice(20, 23).replace(/0+$/, '');
  return `${s.slice(0, 19)}${fraction ? `.${fraction}` : ''}+00:00`;
}

export function psJson(value: unknown, version: PsVersion): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PsDate) return version === '5.1' ? `"\\/Date(${value.ms})\\/"` : `"${isoLocal(value.ms)}"`;
  if (typeof value === 'string') return version === '5.1' ? escape51(value) : escape7(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(v => psJson(v, version)).join(',')}]`;
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${psJson(k, version)}:${psJson(v, version)}`);
    return `{${parts.join(',')}}`;
  }
  throw new Error(`cannot write ${typeof value} as PowerShell JSON`);
}
