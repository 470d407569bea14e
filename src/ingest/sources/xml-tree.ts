/**
 * A small, strict XML element parser for Event XML: elements, attributes, text, CDATA; comments and processing
 * instructions skipped; namespace prefixes dropped (local names), xmlns attributes ignored. Declarations
 * (DOCTYPE, ENTITY) are refused, so no entity can expand. One pass of indexOf scans: ingest parses thousands of
 * events per second per core with it, where a general-purpose parser spent most of the ingest time.
 */
import type { XNode } from './event-xml.js';

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and character references; anything else is left as written. */
export function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly at: number) { super(`${message} at character ${at}`); }
}

const localName = (qname: string) => {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
};

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isNameEnd = (c: number) => isSpace(c) || c === 62 /* > */ || c === 47 /* / */ || c === 61 /* = */;

/** Parses one element (with whatever precedes it: declaration, comments) into a tree; throws XmlSyntaxError. */
export function parseElement(xml: string, maxDepth = 64): XNode {
  return parseElementAt(xml, maxDepth).node;
}

/** As parseElement, also telling where the element ends (the index after its closing tag). */
export function parseElementAt(xml: string, maxDepth = 64): { node: XNode; end: number } {
  const stack: XNode[] = [];
  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (lt < 0) {
      if (top) throw new XmlSyntaxError(`<${top.name}> is not closed`, n);
      break;
    }
    if (lt > i && top) top.text += decodeText(xml.slice(i, lt));
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) throw new XmlSyntaxError('a comment is not closed', lt);
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw new XmlSyntaxError('a CDATA section is not closed', lt);
        if (top) top.text += xml.slice(lt + 9, end);
        i = end + 3;
        continue;
      }
      throw new XmlSyntaxError('declarations (DOCTYPE, ENTITY) are not accepted', lt);
    }
    if (next === 63 /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlSyntaxError('a processing instruction is not closed', lt);
      i = end + 2;
      continue;
    }
    if (next === 47 /* / */) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) throw new XmlSyntaxError('an end tag is not closed', lt);
      const name = localName(xml.slice(lt + 2, gt).trim());
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlSyntaxError(`</${name}> does not close <${open?.name ?? 'nothing'}>`, lt);
      if (!stack.length) return { node: open, end: gt + 1 };
      i = gt + 1;
      continue;
    }
    // start tag: <name attr="v" attr='v'> or <name/>
    let j = lt + 1;
    while (j < n && !isNameEnd(xml.charCodeAt(j))) j++;
    if (j === lt + 1) throw new XmlSyntaxError('an element has no name', lt);
    // attributes in a prototype-less object: a hostile attribute named __proto__ is just a key
    const node: XNode = { name: localName(xml.slice(lt + 1, j)), attrs: Object.create(null) as Record<string, string>, children: [], text: '' };
    let selfClosing = false;
    for (;;) {
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (j >= n) throw new XmlSyntaxError(`<${node.name}> is not closed`, lt);
      const c = xml.charCodeAt(j);
      if (c === 62) { j++; break; }
      if (c === 47) {
        if (xml.charCodeAt(j + 1) !== 62) throw new XmlSyntaxError('"/" must end a tag', j);
        selfClosing = true;
        j += 2;
        break;
      }
      const start = j;
      while (j < n && !isNameEnd(xml.charCodeAt(j))) j++;
      const qname = xml.slice(start, j);
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (xml.charCodeAt(j) !== 61) throw new XmlSyntaxError(`the attribute ${qname} has no value`, j);
      j++;
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      const quote = xml[j];
      if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`the value of ${qname} is not quoted`, j);
      const end = xml.indexOf(quote, j + 1);
      if (end < 0) throw new XmlSyntaxError(`the value of ${qname} is not closed`, j);
      if (qname !== 'xmlns' && !qname.startsWith('xmlns:')) {
        node.attrs[localName(qname)] = decodeText(xml.slice(j + 1, end));
      }
      j = end + 1;
    }
    if (top) top.children.push(node);
    if (selfClosing) {
      if (!top) return { node, end: j };
    } else {
      if (stack.length >= maxDepth) throw new XmlSyntaxError(`elements nested deeper than ${maxDepth}`, lt);
      stack.push(node);
    }
    i = j;
  }
  throw new XmlSyntaxError('no element', 0);
}
