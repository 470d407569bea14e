// Renders the XML tree as Event XML text in the shape of Get-WinEvent's ToXml(): no declaration, no whitespace,
// single-quoted attributes, `<x/>` for empty elements.
import type { XmlNode } from './nodes.js';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };
// Characters XML 1.0 cannot carry (control characters other than tab, CR, LF) are written as references.
const TEXT = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const ATTR = /[&<>'"\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const escapeOne = (c: string): string => ENTITY[c] ?? `&#${c.charCodeAt(0)};`;
const escText = (s: string): string => (TEXT.test(s) ? s.replace(new RegExp(TEXT.source, 'g'), escapeOne) : s);
const escAttr = (s: string): string => (ATTR.test(s) ? s.replace(new RegExp(ATTR.source, 'g'), escapeOne) : s);

export function renderXml(nodes: XmlNode[]): string {
  const parts: string[] = [];
  const walk = (list: XmlNode[]) => {
    for (const n of list) {
      switch (n.kind) {
        case 'text': parts.push(escText(n.text)); break;
        case 'cdata': parts.push(`<![CDATA[${n.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`); break;
        case 'pi': parts.push(`<?${n.target}${n.data ? ' ' + n.data : ''}?>`); break;
        case 'entity': parts.push(`&${n.name};`); break;
        case 'element': {
          parts.push('<', n.name);
          for (const a of n.attrs) parts.push(' ', a.name, "='", escAttr(a.value), "'");
          if (n.children.length === 0 && n.empty) {
            parts.push('/>');
          } else {
            parts.push('>');
            walk(n.children);
            parts.push('</', n.name, '>');
          }
          break;
        }
      }
    }
  };
  walk(nodes);
  return parts.join('');
}
