// BinXML value types: decoding typed substitution values and rendering them as Windows renders them in Event XML.
import { EvtxError } from './errors.js';
import { ByteReader } from './reader.js';

/** Value type codes (MS-EVEN6 / libyal EVTX "Value types"); 0x80 marks an array of the base type. */
export const VT = {
  Null: 0x00, String: 0x01, AnsiString: 0x02, Int8: 0x03, UInt8: 0x04, Int16: 0x05, UInt16: 0x06,
  Int32: 0x07, UInt32: 0x08, Int64: 0x09, UInt64: 0x0a, Real32: 0x0b, Real64: 0x0c, Bool: 0x0d,
  Binary: 0x0e, Guid: 0x0f, SizeT: 0x10, FileTime: 0x11, SysTime: 0x12, Sid: 0x13, HexInt32: 0x14,
  HexInt64: 0x15, EvtHandle: 0x20, BinXml: 0x21, EvtXml: 0x23, Array: 0x80,
} as const;

/** Fixed byte widths of scalar types (variable-width types are absent). */
const WIDTH: Record<number, number> = {
  [VT.Int8]: 1, [VT.UInt8]: 1, [VT.Int16]: 2, [VT.UInt16]: 2, [VT.Int32]: 4, [VT.UInt32]: 4,
  [VT.Int64]: 8, [VT.UInt64]: 8, [VT.Real32]: 4, [VT.Real64]: 8, [VT.Bool]: 4, [VT.Guid]: 16,
  [VT.FileTime]: 8, [VT.SysTime]: 16, [VT.HexInt32]: 4, [VT.HexInt64]: 8,
};

/** A decoded scalar or array value, already rendered to the text Windows shows. */
export type TextValue =
  | { kind: 'null' }
  | { kind: 'text'; type: number; text: string }
  | { kind: 'array'; type: number; items: string[] };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const stripNul = (s: string): string => s.replace(/\0+$/, '');

/** FILETIME (100 ns ticks since 1601-01-01 UTC) as ISO 8601 with 7 fractional digits, like Event XML. */
export function fileTimeToIso(ft: bigint): string {
  const ms = Number(ft / 10000n) - 11644473600000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return `FILETIME(${ft})`;
  const iso = d.toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ (or an expanded year)
  return `${iso.slice(0, iso.length - 5)}.${pad(Number(ft % 10_000_000n), 7)}Z`;
}

function sysTime(b: Buffer): string {
  const v = (i: number) => b.readUInt16LE(i * 2);
  return `${pad(v(0), 4)}-${pad(v(1), 2)}-${pad(v(3), 2)}T${pad(v(4), 2)}:${pad(v(5), 2)}:${pad(v(6), 2)}.${pad(v(7), 3)}Z`;
}

export function guidText(b: Buffer): string {
  const h = (x: Buffer) => x.toString('hex');
  const d1 = b.readUInt32LE(0).toString(16).padStart(8, '0');
  const d2 = b.readUInt16LE(4).toString(16).padStart(4, '0');
  const d3 = b.readUInt16LE(6).toString(16).padStart(4, '0');
  return `{${d1}-${d2}-${d3}-${h(b.subarray(8, 10))}-${h(b.subarray(10, 16))}}`.toUpperCase();
}

/** Reads one SID at the cursor: revision, sub-authority count, 48-bit big-endian authority, LE sub-authorities. */
function readSid(r: ByteReader): string {
  const rev = r.u8();
  const count = r.u8();
  const auth = r.bytes(6).readUIntBE(0, 6);
  const parts = [`S-${rev}-${auth}`];
  for (let i = 0; i < count; i++) parts.push(String(r.u32()));
  return parts.join('-');
}

function float(v: number, single: boolean): string {
  if (Number.isNaN(v)) return '-1.#IND';
  if (!Number.isFinite(v)) return v > 0 ? '1.#INF' : '-1.#INF';
  return single ? String(Number(v.toPrecision(7))) : String(v);
}

/** Renders one scalar of a fixed-width type from exactly its bytes. */
function scalar(type: number, b: Buffer): string {
  switch (type) {
    case VT.Int8: return String(b.readInt8(0));
    case VT.UInt8: return String(b.readUInt8(0));
    case VT.Int16: return String(b.readInt16LE(0));
    case VT.UInt16: return String(b.readUInt16LE(0));
    case VT.Int32: return String(b.readInt32LE(0));
    case VT.UInt32: return String(b.readUInt32LE(0));
    case VT.Int64: return String(b.readBigInt64LE(0));
    case VT.UInt64: return String(b.readBigUInt64LE(0));
    case VT.Real32: return float(b.readFloatLE(0), true);
    case VT.Real64: return float(b.readDoubleLE(0), false);
    case VT.Bool: return b.readUIntLE(0, Math.min(b.length, 4)) !== 0 ? 'true' : 'false';
    case VT.Guid: return guidText(b);
    case VT.FileTime: return fileTimeToIso(b.readBigUInt64LE(0));
    case VT.SysTime: return sysTime(b);
    case VT.HexInt32: return '0x' + b.readUInt32LE(0).toString(16);
    case VT.HexInt64: return '0x' + b.readBigUInt64LE(0).toString(16);
    default: return hex(b);
  }
}

/** Decodes a substitution value of `size` bytes at the cursor (any type but BinXml, which the caller parses). */
export function readTypedValue(r: ByteReader, type: number, size: number): TextValue {
  const start = r.pos;
  const data = r.bytes(size);
  const base = type & 0x7f;
  if (type === VT.Null) return { kind: 'null' };
  if (type & VT.Array) {
    if (base === VT.String) return { kind: 'array', type, items: splitStrings(data.toString('utf16le', 0, size & ~1)) };
    if (base === VT.AnsiString) return { kind: 'array', type, items: splitStrings(data.toString('latin1')) };
    if (base === VT.Sid) {
      const sr = new ByteReader(data);
      const items: string[] = [];
      while (sr.remaining >= 8) items.push(readSid(sr));
      return { kind: 'array', type, items };
    }
    const width = base === VT.SizeT ? (size % 8 === 0 ? 8 : 4) : WIDTH[base];
    if (!width) return { kind: 'text', type, text: hex(data) };
    if (size % width !== 0) throw new EvtxError(`array of type 0x${type.toString(16)} has ${size} bytes, not a multiple of ${width}`, start);
    const t = base === VT.SizeT ? (width === 8 ? VT.HexInt64 : VT.HexInt32) : base;
    const items: string[] = [];
    for (let i = 0; i < size; i += width) items.push(scalar(t, data.subarray(i, i + width)));
    return { kind: 'array', type, items };
  }
  switch (type) {
    case VT.String: return { kind: 'text', type, text: stripNul(data.toString('utf16le', 0, size & ~1)) };
    case VT.AnsiString: return { kind: 'text', type, text: stripNul(data.toString('latin1')) };
    case VT.Binary: return { kind: 'text', type, text: hex(data) };
    case VT.Sid: return { kind: 'text', type, text: readSid(new ByteReader(data)) };
    case VT.SizeT:
      return { kind: 'text', type, text: size === 8 ? scalar(VT.HexInt64, data) : size === 4 ? scalar(VT.HexInt32, data) : hex(data) };
  }
  const width = WIDTH[type];
  if (width === undefined) return { kind: 'text', type, text: hex(data) };
  // Booleans are 32-bit but tolerate any width; other scalars must be exactly their width.
  if (type === VT.Bool ? size < 1 || size > 8 : size !== width) {
    throw new EvtxError(`value of type 0x${type.toString(16)} has ${size} bytes, expected ${width}`, start);
  }
  return { kind: 'text', type, text: scalar(type, data) };
}

function splitStrings(s: string): string[] {
  const items = s.split('\0');
  if (items.length > 1 && items[items.length - 1] === '') items.pop();
  return items;
}

/**
 * Reads the payload of a Value token (0x05/0x45) after its type byte. Strings carry a 16-bit character count;
 * fixed-width types are stored bare; a NULL value has no payload.
 */
export function readValueToken(r: ByteReader, type: number): TextValue {
  if (type === VT.Null) return { kind: 'null' };
  if (type === VT.String) return { kind: 'text', type, text: r.utf16(r.u16()) };
  if (type === VT.AnsiString) return { kind: 'text', type, text: r.bytes(r.u16()).toString('latin1') };
  const width = WIDTH[type];
  if (width === undefined) throw new EvtxError(`unsupported value type 0x${type.toString(16)} in a value token`, r.pos - 1);
  return readTypedValue(r, type, width);
}

/** The text of a value, arrays joined the way they appear when not expanded into repeated elements. */
export function valueText(v: TextValue): string {
  if (v.kind === 'null') return '';
  if (v.kind === 'text') return v.text;
  return v.items.join(', ');
}
