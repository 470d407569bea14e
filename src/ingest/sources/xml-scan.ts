/**
 * A guard in front of the XML parser: one linear pass over hostile text that refuses DOCTYPE and other markup
 * declarations (so no entity can be declared, let alone expanded: no "billion laughs", no external entities),
 * caps nesting depth, and finds where each <Event> element starts and ends so that every event is parsed, and
 * fails, on its own.
 */

export interface Span { start: number; end: number }

export interface ScanResult {
  /** <Event> elements (any namespace prefix) that are not inside another Event, in document order. */
  events: Span[];
  /** Elements at the outermost level that are neither an Event nor contain one (e.g. <foo/>). */
  strays: number;
  /** The first problem met, with the number of events completed before it; scanning stops there. */
  error?: { at: number; eventsBefore: number; reason: string };
}

export interface ScanLimits { maxDepth: number; maxElements: number }

const NAME = /[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/y;

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

export function scanXml(text: string, limits: ScanLimits): ScanResult {
  const result: ScanResult = { events: [], strays: 0 };
  const stack: { name: string; start: number; isEvent: boolean; holdsEvent: boolean }[] = [];
  let insideEvent = 0;
  let elements = 0;
  const fail = (at: number, reason: string): ScanResult => {
    result.error = { at, eventsBefore: result.events.length, reason };
    return result;
  };
  let i = 0;
  while (true) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return fail(lt, 'unterminated comment');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      if (stack.length === 0) return fail(lt, 'CDATA outside any element');
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return fail(lt, 'unterminated CDATA section');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      // <!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST…: event XML never has them, and they are how entity bombs
      // and external entity reads start.
      return fail(lt, 'DOCTYPE and other markup declarations are not allowed (no entities can be declared)');
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return fail(lt, 'unterminated processing instruction');
      i = end + 2;
      continue;
    }
    const closing = text[lt + 1] === '/';
    NAME.lastIndex = lt + (closing ? 2 : 1);
    const m = NAME.exec(text);
    if (!m) return fail(lt, 'a "<" that starts no element');
    const name = m[0];
    // Find the end of the tag, skipping quoted attribute values (which may hold ">").
    let j = NAME.lastIndex;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) { if (c === quote) quote = ''; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === '<') return fail(j, `"<" inside the tag of <${name}>`);
      else if (c === '>') break;
    }
    if (j >= text.length) return fail(lt, `unterminated tag <${name}>`);
    i = j + 1;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) return fail(lt, `</${name}> does not close ${open ? `<${open.name}>` : 'any element'}`);
      if (open.isEvent) {
        insideEvent--;
        if (insideEvent === 0) result.events.push({ start: open.start, end: i });
      }
      if (stack.length === 0 && !open.isEvent && !open.holdsEvent) result.strays++;
      if (stack.length > 0 && (open.isEvent || open.holdsEvent)) stack[stack.length - 1].holdsEvent = true;
      continue;
    }
    if (++elements > limits.maxElements) return fail(lt, `more than ${limits.maxElements} elements`);
    const selfClosing = text[j - 1] === '/';
    const isEvent = localName(name) === 'Event';
    if (selfClosing) {
      if (isEvent && insideEvent === 0) result.events.push({ start: lt, end: i });
      else if (stack.length === 0) result.strays++;
      if (isEvent && stack.length > 0) stack[stack.length - 1].holdsEvent = true;
      continue;
    }
    if (stack.length >= limits.maxDepth) return fail(lt, `elements nested deeper than ${limits.maxDepth}`);
    stack.push({ name, start: lt, isEvent, holdsEvent: false });
    if (isEvent) insideEvent++;
  }
  if (stack.length > 0) return fail(stack[stack.length - 1].start, `<${stack[stack.length - 1].name}> is never closed`);
  return result;
}
