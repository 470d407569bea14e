/**
 * The fast Event XML path against the general parser: on the fixtures and on thousands of mutated variants
 * (whitespace, quotes, prefixes, comments, CDATA, entities, duplicated, missing, renamed and broken elements),
 * whenever the fast path answers, readEventXml must give exactly what the general parser gives; and it must
 * answer for the standard shape, or it would never be used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { eventFromNode, readEventXml } from './event-xml.js';
import { readStandardEvent } from './event-xml-fast.js';
import { RecordError } from './raw-event.js';
import { parseElementAt, XmlSyntaxError } from './xml-tree.js';
import { Random } from '../../simulate/random.js';

const fixtures = ['events-sequence.xml', 'event-1116.xml']
  .map(f => readFileSync(new URL(`../../../test/fixtures/ingest/${f}`, import.meta.url), 'utf8'))
  .flatMap(t => t.match(/<Event[\s>][\s\S]*?<\/Event>/g)!);
const standard = fixtures.map(x => x.replace(/<RenderingInfo[\s\S]*?<\/RenderingInfo>/, ''));

/** What the general parser makes of one document: an event, a rejection, or "not for the single-event path". */
function general(text: string): { event: unknown } | { field: string | undefined; reason: string } | 'declined' {
  try {
    const { node, end } = parseElementAt(text, 32);
    if (node.name !== 'Event' || text.slice(end).trim() !== '') return 'declined';
    return { event: eventFromNode(node, text.trim()) };
  } catch (err) {
    if (err instanceof XmlSyntaxError) return 'declined';
    if (err instanceof RecordError) return { field: err.field, reason: err.reason };
    throw err;
  }
}

function check(text: string): boolean {
  if (!readStandardEvent(text)) return false;
  const want = general(text);
  const got = readEventXml(text);
  if (want === 'declined') assert.fail(`the fast path read what the general parser refuses:\n${text}`);
  if ('event' in want) assert.deepEqual(got, { events: [want.event], rejections: [] }, text);
  else assert.deepEqual(got, { events: [], rejections: [{ index: 0, ...want }] }, text);
  return true;
}

type Mutation = (x: string, rnd: Random) => string;

/** A random position just after one of the tags of x. */
function afterTag(x: string, rnd: Random): number {
  const ends = [...x.matchAll(/>/g)].map(m => m.index! + 1);
  return rnd.pick(ends);
}

function replaceOne(x: string, re: RegExp, rnd: Random, f: (m: string) => string): string {
  const all = [...x.matchAll(new RegExp(re.source, 'g'))];
  if (!all.length) return x;
  const m = rnd.pick(all);
  return x.slice(0, m.index) + f(m[0]) + x.slice(m.index! + m[0].length);
}

const MUTATIONS: Mutation[] = [
  (x, r) => { const i = afterTag(x, r); return x.slice(0, i) + r.pick(['\n', '  ', '\r\n\t', ' x ']) + x.slice(i); },
  x => x.replace(/'/g, '"'),
  x => x.replace(/<(\/?)([A-Za-z])/g, '<$1e:$2'),
  (x, r) => { const i = afterTag(x, r); return x.slice(0, i) + r.pick(['<!-- c -->', '<?pi x?>', '<![CDATA[z]]>', '<!DOCTYPE x>']) + x.slice(i); },
  (x, r) => replaceOne(x, />[^<>]+<\/Data>/, r, m => `><![CDATA[${m.slice(1, -7)}]]></Data>`),
  (x, r) => replaceOne(x, /<(EventID|Channel|Computer|EventRecordID|Level|Provider [^>]*\/|TimeCreated [^>]*\/|Execution [^>]*\/)>[^<]*(<\/\w+>)?/, r, m => m + m),
  (x, r) => replaceOne(x, /<(EventID|Channel|Computer|EventRecordID|Keywords|Provider [^>]*\/|TimeCreated [^>]*\/|Security [^>]*\/)>[^<]*(<\/\w+>)?/, r, () => ''),
  (x, r) => replaceOne(x, />[^<>]+</, r, m => `>${m.slice(1, 3)}${r.pick(['&amp;', '&#65;', '&#x263A;', '&bogus;', '&lt;b&gt;', '&'])}${m.slice(3)}`),
  (x, r) => replaceOne(x, / Name='[^']*'/, r, () => ''),
  (x, r) => replaceOne(x, /<Data Name='[^']*'>[^<]*<\/Data>/, r, m => m.replace(/>[^<]*<\/Data>$/, '/>')),
  (x, r) => replaceOne(x, /<Data /, r, () => r.pick(["<Data Foo='1' ", "<Data x:Name='a' ", '<Data  ', "<Data Name = 'sp' "])),
  (x, r) => x.slice(0, r.int(0, x.length)),
  (x, r) => replaceOne(x, /<\/(Data|Channel|EventID|System|EventData)>/, r, m => r.pick([m.replace('>', ' >'), m.replace('</', '</X'), '</Event>'])),
  x => x.replace('</EventData>', "</EventData><RenderingInfo Culture='en-US'><Message>m</Message></RenderingInfo>"),
  x => x.replace('</System>', "</System><UserData><X xmlns='u'><A>1</A></X></UserData>"),
  x => x.replace(/<EventData>[\s\S]*<\/EventData>/, m => m + m),
  x => x.replace('<System>', '<System>junk'),
  (x, r) => replaceOne(x, />[^<>]+<\/Data>/, r, m => `><b>${m.slice(1)}`),
  x => x.replace(/<EventData>[\s\S]*<\/EventData>/, '<EventData/>'),
  x => x.replace("<Data Name='Product Name'>", "<Data Name='__proto__'>x</Data><Data Name='constructor'>y</Data><Data Name='Product Name'>"),
  x => x.replace(/<Provider Name='([^']*)'/, "<Provider Name='first' Name='$1'"),
  (x, r) => replaceOne(x, /<EventRecordID>\d+/, r, () => `<EventRecordID>${r.pick(['0', '-1', 'x', ' 12 ', '99999999999999999999', ''])}`),
  (x, r) => replaceOne(x, /SystemTime='[^']*'/, r, () => `SystemTime='${r.pick(['', 'yesterday', '2024-02-30T00:00:00Z', '2024-03-12T10:15:42+02:00'])}'`),
  x => `\uFEFF${x}`,
  x => `  ${x}\n\n`,
  x => `${x}<Event/>`,
  x => x.replace('<Event ', '<Event foo:bar="1" '),
  x => x.replace(/<Data Name='([^']*)'>/, "<Data Name='$1'>a</Data><Data Name='$1'>"),
  x => x.replace(/<Execution [^>]*\/>/, "<Execution ProcessID='7'></Execution>"),
  x => x.replace(/<Correlation\/>/, "<Correlation ActivityID='{AB}'/>"),
  (x, r) => replaceOne(x, / Name='/, r, () => r.pick([" Name='a&amp;", " Name='&#x41;", ' Name="\'', " Name='"])),
];

test('the fast path reads every standard fixture event, exactly as the general parser does', () => {
  for (const x of standard) assert.ok(check(x), `the fast path declined a standard event:\n${x.slice(0, 200)}`);
});

test('on mutated events the fast path either declines or agrees with the general parser', () => {
  const rnd = new Random(2026);
  let answered = 0;
  const cases = 6000;
  for (let i = 0; i < cases; i++) {
    let x = rnd.pick(standard);
    for (let k = rnd.int(1, 3); k > 0; k--) x = rnd.pick(MUTATIONS)(x, rnd);
    if (check(x)) answered++;
  }
  // both outcomes must be exercised, or the comparison proves little
  assert.ok(answered > cases * 0.2 && answered < cases * 0.9, `the fast path answered ${answered} of ${cases}`);
});
