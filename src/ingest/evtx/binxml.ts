// BinXML token parser: fragments, elements, attributes, values, substitutions, references, CDATA, PIs and template
// instances (definitions inline or by chunk offset), producing a BxNode tree within the limits in context.ts.
import { LIMITS, type ChunkContext } from './context.js';
import { EvtxError, EvtxLimitError } from './errors.js';
import { readElementName, readNameRef } from './names.js';
import type { BxElement, BxNode, SubstValue, TemplateDef } from './nodes.js';
import { ByteReader } from './reader.js';
import { guidText, readTypedValue, readValueToken, valueText, VT } from './values.js';

/** Token codes (libyal EVTX "Token types"); 0x40 on some of them means "more data follows". */
const TOK = {
  EOF: 0x00, OpenStart: 0x01, CloseStart: 0x02, CloseEmpty: 0x03, EndElement: 0x04, Value: 0x05,
  Attribute: 0x06, CData: 0x07, CharRef: 0x08, EntityRef: 0x09, PITarget: 0x0a, PIData: 0x0b,
  TemplateInstance: 0x0c, NormalSubst: 0x0d, OptionalSubst: 0x0e, Fragment: 0x0f,
} as const;
const MORE = 0x40;

/** A document or fragment: fragment headers, then elements, template instances or PIs, up to EOF or the end. */
export function parseDocument(ctx: ChunkContext, r: ByteReader, depth: number): BxNode[] {
  if (depth > LIMITS.maxDepth) throw new EvtxLimitError('BinXML nested too deeply', r.pos);
  const out: BxNode[] = [];
  while (r.pos < r.end) {
    const at = r.pos;
    const tok = r.u8();
    switch (tok & ~MORE) {
      case TOK.EOF: return out;
      case TOK.Fragment: r.skip(3); break; // major, minor version, flags
      case TOK.TemplateInstance: out.push(parseTemplateInstance(ctx, r, depth + 1)); break;
      case TOK.OpenStart: out.push(parseElement(ctx, r, tok, depth + 1)); break;
      case TOK.PITarget: out.push(parsePI(ctx, r)); break;
      default: throw new EvtxError(`unexpected token 0x${tok.toString(16)} in a fragment`, at);
    }
  }
  return out;
}

function parseElement(ctx: ChunkContext, r: ByteReader, tok: number, depth: number): BxElement {
  const at = r.pos - 1;
  if (depth > LIMITS.maxDepth) throw new EvtxLimitError('elements nested too deeply', at);
  ctx.tick(at);
  const name = readElementName(ctx, r);
  const el: BxElement = { kind: 'element', name, attrs: [], children: [], empty: false };
  if (tok & MORE) {
    r.u32(); // attribute list size; the tokens themselves delimit the list
    while ((r.peekU8() & ~MORE) === TOK.Attribute) {
      r.u8();
      const attrName = readNameRef(ctx, r);
      el.attrs.push({ name: attrName, parts: parseAttributeValue(ctx, r, depth) });
    }
  }
  const closeAt = r.pos;
  const close = r.u8();
  if (close === TOK.CloseEmpty) {
    el.empty = true;
    return el;
  }
  if (close !== TOK.CloseStart) throw new EvtxError(`expected end of start tag, got token 0x${close.toString(16)}`, closeAt);
  el.children = parseContent(ctx, r, depth);
  return el;
}

/** Attribute data: value text, substitutions, character and entity references, in any number. */
function parseAttributeValue(ctx: ChunkContext, r: ByteReader, depth: number): BxNode[] {
  const parts: BxNode[] = [];
  for (;;) {
    const base = r.peekU8() & ~MORE;
    if (base === TOK.Value || base === TOK.NormalSubst || base === TOK.OptionalSubst || base === TOK.CharRef || base === TOK.EntityRef) {
      parts.push(parseLeaf(ctx, r, depth));
    } else {
      return parts;
    }
  }
}

/** Element content up to and including the end-element token. */
function parseContent(ctx: ChunkContext, r: ByteReader, depth: number): BxNode[] {
  const out: BxNode[] = [];
  for (;;) {
    const at = r.pos;
    const tok = r.peekU8();
    const base = tok & ~MORE;
    if (base === TOK.EndElement) {
      r.u8();
      return out;
    }
    if (base === TOK.OpenStart) {
      r.u8();
      out.push(parseElement(ctx, r, tok, depth + 1));
    } else if (base === TOK.TemplateInstance) {
      r.u8();
      out.push(parseTemplateInstance(ctx, r, depth + 1));
    } else if (base === TOK.PITarget) {
      r.u8();
      out.push(parsePI(ctx, r));
    } else if (base === TOK.CData) {
      r.u8();
      ctx.tick(at);
      out.push({ kind: 'cdata', text: r.utf16(r.u16()) });
    } else if (base === TOK.EOF || base === TOK.Fragment || base === TOK.Attribute || base === TOK.CloseStart || base === TOK.CloseEmpty || base === TOK.PIData) {
      throw new EvtxError(`unexpected token 0x${tok.toString(16)} in element content`, at);
    } else {
      out.push(parseLeaf(ctx, r, depth));
    }
  }
}

/** Value text, substitution, character reference or entity reference (token at the cursor). */
function parseLeaf(ctx: ChunkContext, r: ByteReader, depth: number): BxNode {
  const at = r.pos;
  const tok = r.u8();
  ctx.tick(at);
  switch (tok & ~MORE) {
    case TOK.Value: {
      const v = readValueToken(r, r.u8());
      return { kind: 'text', text: valueText(v) };
    }
    case TOK.NormalSubst:
    case TOK.OptionalSubst: {
      const index = r.u16();
      const type = r.u8();
      return { kind: 'subst', index, type, optional: (tok & ~MORE) === TOK.OptionalSubst };
    }
    case TOK.CharRef: return { kind: 'charref', code: r.u16() };
    case TOK.EntityRef: return { kind: 'entity', name: readNameRef(ctx, r) };
    default: throw new EvtxError(`unexpected token 0x${tok.toString(16)}`, at);
  }
}

function parsePI(ctx: ChunkContext, r: ByteReader): BxNode {
  const at = r.pos - 1;
  ctx.tick(at);
  const target = readNameRef(ctx, r);
  let data = '';
  if (r.pos < r.end && r.peekU8() === TOK.PIData) {
    r.u8();
    data = r.utf16(r.u16());
  }
  return { kind: 'pi', target, data };
}

/**
 * A template instance: an unknown byte, template id, definition offset (the definition follows inline when the
 * offset is the cursor), then the instance data: value count, (size, type) descriptors, and the values.
 */
function parseTemplateInstance(ctx: ChunkContext, r: ByteReader, depth: number): BxNode {
  const at = r.pos - 1;
  if (depth > LIMITS.maxDepth) throw new EvtxLimitError('templates nested too deeply', at);
  ctx.tick(at);
  r.u8();
  r.u32(); // template id (the first 4 bytes of the definition's GUID)
  const defOffset = r.u32();
  const def = templateAt(ctx, defOffset, depth);
  if (defOffset === r.pos) r.seek(defOffset + 24 + def.dataSize);
  return { kind: 'template', def, values: parseInstanceValues(ctx, r, depth) };
}

/** The template definition at a chunk offset: next-definition offset, GUID, data size, BinXML body. Cached. */
function templateAt(ctx: ChunkContext, offset: number, depth: number): TemplateDef {
  const cached = ctx.templates.get(offset);
  if (cached instanceof EvtxError) throw cached;
  if (cached) return cached;
  ctx.enter(offset);
  try {
    const r = new ByteReader(ctx.chunk, Math.min(offset, ctx.chunk.length));
    r.need(24);
    r.u32(); // next definition in the same hash bucket
    const guid = guidText(r.bytes(16));
    const dataSize = r.u32();
    const body = r.sub(r.pos, dataSize);
    const def: TemplateDef = { offset, guid, dataSize, nodes: parseDocument(ctx, body, depth + 1) };
    ctx.templates.set(offset, def);
    return def;
  } catch (e) {
    // Depth and budget errors depend on the caller, not on the definition: only cache structural failures.
    if (e instanceof EvtxError && !(e instanceof EvtxLimitError)) ctx.templates.set(offset, e);
    throw e;
  } finally {
    ctx.leave(offset);
  }
}

function parseInstanceValues(ctx: ChunkContext, r: ByteReader, depth: number): SubstValue[] {
  const countAt = r.pos;
  const count = r.u32();
  if (count > LIMITS.maxValues || count * 4 > r.remaining) {
    throw new EvtxError(`template instance claims ${count} values`, countAt);
  }
  const descriptors: { size: number; type: number }[] = [];
  for (let i = 0; i < count; i++) {
    const size = r.u16();
    const type = r.u8();
    r.u8();
    descriptors.push({ size, type });
  }
  const values: SubstValue[] = [];
  for (const { size, type } of descriptors) {
    if (type === VT.BinXml) {
      const sub = r.sub(r.pos, size);
      values.push({ kind: 'binxml', nodes: parseDocument(ctx, sub, depth + 1) });
      r.skip(size);
    } else {
      values.push(readTypedValue(r, type, size));
    }
  }
  return values;
}
