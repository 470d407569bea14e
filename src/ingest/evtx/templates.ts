// Template instantiation: replaces substitutions in a BxNode tree with their values, giving the final XmlNode tree.
// Optional substitutions with a NULL value drop their attribute; array values repeat the element per item.
import { EvtxLimitError } from './errors.js';
import type { BxElement, BxNode, SubstValue, XmlElement, XmlNode } from './nodes.js';
import { valueText } from './values.js';

/** Per record. A real event has well under a thousand nodes and a few kilobytes of text. */
export const EXPAND_LIMITS = { maxNodes: 50_000, maxChars: 2_000_000, maxDepth: 64 };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** What expansion may still produce; `expand` charges a caller's (file-wide) budget for what a record used. */
export interface Budget {
  nodes: number;
  chars: number;
}

/**
 * Expands a parsed record into XML nodes. Throws EvtxError when the record would grow past the per-record limits
 * or past what is left of `shared`, which is charged for what the record used, so that templates reused by many
 * records cannot make a small file expand without bound.
 */
export function expand(nodes: BxNode[], shared?: Budget): XmlNode[] {
  const b: Budget = {
    nodes: Math.min(EXPAND_LIMITS.maxNodes, shared?.nodes ?? Infinity),
    chars: Math.min(EXPAND_LIMITS.maxChars, shared?.chars ?? Infinity),
  };
  const start = { ...b };
  try {
    return expandList(nodes, [], 0, b, undefined);
  } finally {
    if (shared) {
      shared.nodes -= start.nodes - b.nodes;
      shared.chars -= start.chars - b.chars;
    }
  }
}

function spend(b: Budget, nodes: number, chars: number): void {
  b.nodes -= nodes;
  b.chars -= chars;
  if (b.nodes < 0 || b.chars < 0) throw new EvtxLimitError('record expands beyond the size limits', -1);
}

function pushText(out: XmlNode[], b: Budget, text: string): void {
  if (!text) return;
  spend(b, 1, text.length);
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}

/** Appends the expansion of `nodes` to `out`; `item` selects the array item for direct substitutions. */
function expandList(nodes: BxNode[], values: SubstValue[], depth: number, b: Budget, item: number | undefined, out: XmlNode[] = []): XmlNode[] {
  if (depth > EXPAND_LIMITS.maxDepth) throw new EvtxLimitError('templates nested too deeply', -1);
  for (const n of nodes) {
    switch (n.kind) {
      case 'element': expandElement(n, values, depth, b, out); break;
      case 'text': pushText(out, b, n.text); break;
      case 'charref': pushText(out, b, String.fromCharCode(n.code)); break;
      case 'entity':
        if (ENTITIES[n.name] !== undefined) pushText(out, b, ENTITIES[n.name]!);
        else { spend(b, 1, n.name.length); out.push({ kind: 'entity', name: n.name }); }
        break;
      case 'cdata': spend(b, 1, n.text.length); out.push({ kind: 'cdata', text: n.text }); break;
      case 'pi': spend(b, 1, n.target.length + n.data.length); out.push({ kind: 'pi', target: n.target, data: n.data }); break;
      case 'template': expandList(n.def.nodes, n.values, depth + 1, b, undefined, out); break;
      case 'subst': {
        const v = values[n.index];
        if (!v || v.kind === 'null') break;
        if (v.kind === 'binxml') expandList(v.nodes, values, depth + 1, b, undefined, out);
        else if (v.kind === 'array' && item !== undefined) pushText(out, b, v.items[item] ?? '');
        else pushText(out, b, valueText(v));
        break;
      }
    }
  }
  return out;
}

/** The number of copies an element needs: the longest array among its direct substitutions, if any. */
function arrayLength(el: BxElement, values: SubstValue[]): number | undefined {
  let n: number | undefined;
  for (const c of el.children) {
    if (c.kind !== 'subst') continue;
    const v = values[c.index];
    if (v?.kind === 'array') n = Math.max(n ?? 0, v.items.length);
  }
  return n;
}

function expandElement(el: BxElement, values: SubstValue[], depth: number, b: Budget, out: XmlNode[]): void {
  const n = arrayLength(el, values);
  if (n === undefined) {
    out.push(expandOne(el, values, depth, b, undefined));
    return;
  }
  // Per the format, an array substitution repeats its element per item; an empty array gives one empty element.
  for (let i = 0; i < Math.max(n, 1); i++) out.push(expandOne(el, values, depth, b, i));
}

function expandOne(el: BxElement, values: SubstValue[], depth: number, b: Budget, item: number | undefined): XmlElement {
  spend(b, 1, el.name.length);
  const attrs: { name: string; value: string }[] = [];
  for (const a of el.attrs) {
    let value = '';
    let dropped = false;
    let kept = false;
    for (const p of a.parts) {
      if (p.kind === 'subst') {
        const v = values[p.index];
        if (!v || v.kind === 'null') {
          if (p.optional) dropped = true;
          continue;
        }
        kept = true;
        if (v.kind === 'binxml') value += xmlText(expandList(v.nodes, values, depth + 1, b, undefined));
        else if (v.kind === 'array' && item !== undefined) value += v.items[item] ?? '';
        else value += valueText(v);
      } else {
        kept = true;
        value += xmlText(expandList([p], values, depth, b, item));
      }
    }
    if (dropped && !kept) continue;
    spend(b, 1, a.name.length + value.length);
    attrs.push({ name: a.name, value });
  }
  const children = el.empty ? [] : expandList(el.children, values, depth + 1, b, item);
  return { kind: 'element', name: el.name, attrs, children, empty: el.empty };
}

/** Concatenated text of nodes (for values used inside attributes). */
export function xmlText(nodes: XmlNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.kind === 'text' || n.kind === 'cdata') s += n.text;
    else if (n.kind === 'entity') s += `&${n.name};`;
    else if (n.kind === 'element') s += xmlText(n.children);
  }
  return s;
}
