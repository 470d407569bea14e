// BinXML names: the structure at a chunk offset, inline or referenced, and the two layouts of an element start.
import type { ChunkContext, Name } from './context.js';
import { EvtxError } from './errors.js';
import type { ByteReader } from './reader.js';

/** Names hash as the low 16 bits of h = h * 65599 + code unit (MS-EVEN6 NameHash). */
function nameHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 65599) + s.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

/** The name structure at a chunk offset: 4 unknown bytes, hash, length, UTF-16 text, NUL. Null if not plausible. */
function nameAt(ctx: ChunkContext, off: number): Name | null {
  const cached = ctx.names.get(off);
  if (cached !== undefined) return cached;
  let name: Name | null = null;
  const buf = ctx.chunk;
  if (off >= 0 && off + 8 <= buf.length) {
    const chars = buf.readUInt16LE(off + 6);
    const end = off + 8 + chars * 2;
    if (end + 2 <= buf.length && buf.readUInt16LE(end) === 0) {
      const text = buf.toString('utf16le', off + 8, end);
      name = { text, size: end + 2 - off, hashOk: nameHash(text) === buf.readUInt16LE(off + 4) };
    }
  }
  ctx.names.set(off, name);
  return name;
}

/** Reads a 32-bit name offset at the cursor; an offset equal to the cursor means the name follows inline. */
export function readNameRef(ctx: ChunkContext, r: ByteReader): string {
  const at = r.pos;
  const off = r.u32();
  const name = nameAt(ctx, off);
  if (!name) throw new EvtxError(`bad name offset 0x${off.toString(16)}`, at);
  if (off === r.pos) r.skip(name.size);
  return name.text;
}

/**
 * Reads the element start after its token. The format puts a 16-bit dependency id before the data size, but
 * records rendered and re-saved by Windows (exported or forwarded logs) omit it; both layouts are tried and the
 * one whose name offset points at a well-formed name with a matching hash wins.
 */
export function readElementName(ctx: ChunkContext, r: ByteReader): string {
  const p = r.pos;
  const tokenAt = p - 1;
  const candidates = [p + 6, p + 4]; // name offset position with, then without, the dependency id
  for (const strict of [true, false]) {
    for (const at of candidates) {
      if (at + 4 > r.end) continue;
      const after = at + 4;
      const off = r.buf.readUInt32LE(at);
      const name = nameAt(ctx, off);
      if (!name || (strict && !name.hashOk)) continue;
      if (off === after) {
        r.seek(after);
        r.skip(name.size);
        return name.text;
      }
      if (off + name.size <= tokenAt) {
        r.seek(after);
        return name.text;
      }
    }
  }
  throw new EvtxError('element start has no valid name', tokenAt);
}
