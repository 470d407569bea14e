import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readEventXml } from './event-xml.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');
const DEFENDER = 'Microsoft-Windows-Windows Defender/Operational';

test('a single 1116 detection with its RenderingInfo', () => {
  const r = readEventXml(fixture('event-1116.xml'));
  assert.deepEqual(r.rejections, []);
  assert.equal(r.events.length, 1);
  const e = r.events[0];
  assert.equal(e.channel, DEFENDER);
  assert.equal(e.provider, 'Microsoft-Windows-Windows Defender');
  assert.equal(e.eventId, 1116);
  assert.equal(e.recordId, 20871n);
  assert.equal(e.timeCreated, '2024-03-12T10:15:42.1234567Z');
  assert.equal(e.computer, 'srv-fs01.corp.example.com');
  assert.equal(e.level, 3);
  assert.equal(e.keywords, '0x8000000000000000');
  assert.equal(e.processId, 3412);
  assert.equal(e.threadId, 5120);
  assert.equal(e.userId, 'S-1-5-18');
  assert.equal(e.data['Threat Name'], 'Virus:DOS/EICAR_Test_File');
  assert.equal(e.data.Path, 'file:_C:\\Users\\jdoe\\Downloads\\eicar.com.txt');
  // &amp; in the text is decoded; RenderingInfo adds nothing to data
  assert.match(e.data.FWLink, /&name=Virus:DOS\/EICAR_Test_File&threatid=/);
  assert.equal(e.data.Message, undefined);
  assert.equal(Object.keys(e.data).length, 42);
  assert.ok(e.xml?.startsWith('<Event') && e.xml.endsWith('</Event>'));
});

test('a sequence of events without a wrapper, and one inside <Events>', () => {
  const text = fixture('events-sequence.xml');
  for (const input of [text, `<?xml version="1.0"?>\n<Events>${text}</Events>`]) {
    const r = readEventXml(input);
    assert.deepEqual(r.rejections, []);
    assert.deepEqual(r.events.map(e => e.eventId), [1116, 5007, 1151]);
    assert.deepEqual(r.events.map(e => e.recordId), [20871n, 20872n, 20873n]);
    assert.equal(r.events[1].data['New Value'], 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp\\tools = 0x0');
    assert.equal(r.events[1].data['Old Value'], '');
    assert.equal(r.events[2].data['RTP state'], '%%901');
  }
});

test('namespace prefixes, unnamed Data, Binary, CDATA and character references', () => {
  const xml = `<e:Event xmlns:e="http://schemas.microsoft.com/win/2004/08/events/event"><e:System>
    <e:Provider Name="Service Control Manager"/><e:EventID Qualifiers="16384">7036</e:EventID>
    <e:TimeCreated SystemTime="2024-03-12T10:00:00.000000000Z"/><e:EventRecordID>9</e:EventRecordID>
    <e:Channel>System</e:Channel><e:Computer>pc1</e:Computer></e:System>
    <e:EventData><e:Data>Windows Update</e:Data><e:Data>running &#x263A; &#65;</e:Data><e:Data><![CDATA[a &amp; <b>]]></e:Data>
    <e:Data Name="__proto__">p</e:Data><e:Binary>770075000000</e:Binary></e:EventData></e:Event>`;
  const r = readEventXml(xml);
  assert.deepEqual(r.rejections, []);
  const e = r.events[0];
  assert.equal(e.eventId, 7036);
  assert.equal(e.timeCreated, '2024-03-12T10:00:00Z');
  assert.equal(e.level, undefined);
  assert.deepEqual(Object.keys(e.data), ['Data1', 'Data2', 'Data3', '__proto__', 'Binary']);
  assert.equal(e.data.Data2, 'running \u263a A');
  assert.equal(e.data.Data3, 'a &amp; <b>');
  assert.equal(e.data.__proto__, 'p');
  assert.equal(Object.getPrototypeOf(e.data), Object.prototype);
});

test('UserData is flattened below its wrapper, attributes as path.attr', () => {
  const xml = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Eventlog"/>
    <EventID>1102</EventID><TimeCreated SystemTime="2024-03-12T10:00:00Z"/><EventRecordID>77</EventRecordID>
    <Channel>Security</Channel><Computer>dc1</Computer></System>
    <UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog">
    <SubjectUserSid>S-1-5-21-1</SubjectUserSid><SubjectUserName>admin</SubjectUserName><Detail Code="5">denied</Detail><Empty/>
    </LogFileCleared></UserData></Event>`;
  const r = readEventXml(xml);
  assert.deepEqual(r.rejections, []);
  assert.deepEqual(r.events[0].data, { SubjectUserSid: 'S-1-5-21-1', SubjectUserName: 'admin', 'Detail.Code': '5', Detail: 'denied', Empty: '' });
});

test('one bad event does not sink the others, and the rejection names the field', () => {
  const [a, b, c] = fixture('events-sequence.xml').trim().split('\n');
  const broken = b.replace(/<EventRecordID>\d+<\/EventRecordID>/, '<EventRecordID>-4</EventRecordID>');
  const noTime = c.replace(/SystemTime='[^']*'/, "SystemTime='yesterday'");
  const r = readEventXml([a, broken, noTime].join('\n'));
  assert.deepEqual(r.events.map(e => e.eventId), [1116]);
  assert.deepEqual(r.rejections.map(x => [x.index, x.field]), [[1, 'System.EventRecordID'], [2, 'System.TimeCreated.SystemTime']]);
});

test('missing System, missing EventID, huge and out-of-range values', () => {
  const base = (inner: string) => `<Event><System>${inner}</System></Event>`;
  const ok = `<Provider Name="P"/><EventID>1</EventID><TimeCreated SystemTime="2024-01-01T00:00:00Z"/><EventRecordID>1</EventRecordID><Channel>C</Channel><Computer>X</Computer>`;
  const cases: [string, string | undefined][] = [
    ['<Event><EventData/></Event>', 'System'],
    [base(ok.replace('<EventID>1</EventID>', '')), 'System.EventID'],
    [base(ok.replace('<EventID>1</EventID>', '<EventID>70000</EventID>')), 'System.EventID'],
    [base(ok.replace('<EventID>1</EventID>', '<EventID>1e3</EventID>')), 'System.EventID'],
    [base(ok.replace('<EventRecordID>1</EventRecordID>', '<EventRecordID>99999999999999999999</EventRecordID>')), 'System.EventRecordID'],
    [base(ok.replace('<Channel>C</Channel>', '')), 'System.Channel'],
    [base(ok.replace('<Computer>X</Computer>', `<Computer>${'x'.repeat(5000)}</Computer>`)), 'System.Computer'],
    [base(ok.replace('2024-01-01T00:00:00Z', '2024-02-30T00:00:00Z')), 'System.TimeCreated.SystemTime'],
    [base(ok + '<Level>300</Level>'), 'System.Level'],
    [base(ok + '<Keywords>0xZZ</Keywords>'), 'System.Keywords'],
  ];
  for (const [xml, field] of cases) {
    const r = readEventXml(xml);
    assert.equal(r.events.length, 0, xml.slice(0, 80));
    assert.equal(r.rejections.length, 1);
    assert.equal(r.rejections[0].field, field, xml.slice(0, 200));
  }
  assert.equal(readEventXml(base(ok)).events.length, 1);
});

test('a huge EventData value is refused, not stored', () => {
  const xml = `<Event><System><Provider Name="P"/><EventID>1</EventID><TimeCreated SystemTime="2024-01-01T00:00:00Z"/>
    <EventRecordID>1</EventRecordID><Channel>C</Channel><Computer>X</Computer></System>
    <EventData><Data Name="big">${'a'.repeat(70_000)}</Data></EventData></Event>`;
  const r = readEventXml(xml);
  assert.equal(r.events.length, 0);
  assert.equal(r.rejections[0].field, 'EventData.big');
});

test('XML bombs: DOCTYPE, entity declarations and external entities are refused before parsing', () => {
  const bombs = [
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Event><System>&lol2;</System></Event>`,
    `<!DOCTYPE Event SYSTEM "file:///etc/passwd"><Event/>`,
    `<Event><!ENTITY x "y"></Event>`,
    `<!doctype x><Event/>`,
  ];
  for (const b of bombs) {
    const r = readEventXml(b);
    assert.equal(r.events.length, 0);
    assert.equal(r.rejections.length, 1);
    assert.match(r.rejections[0].reason, /DOCTYPE/);
  }
  // An undeclared entity is left as written, never resolved.
  const r = readEventXml(`<Event><System><Provider Name="P"/><EventID>1</EventID><TimeCreated SystemTime="2024-01-01T00:00:00Z"/>
    <EventRecordID>1</EventRecordID><Channel>C</Channel><Computer>X</Computer></System><EventData><Data Name="a">&xxe;</Data></EventData></Event>`);
  assert.equal(r.events[0].data.a, '&xxe;');
});

test('depth, size and count caps', () => {
  const deep = `<Event>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</Event>`;
  assert.match(readEventXml(deep).rejections[0].reason, /nested deeper than 32/);
  assert.match(readEventXml('<Event/>'.repeat(10), { maxChars: 20 }).rejections[0].reason, /more than 20/);
  const seq = fixture('events-sequence.xml');
  const capped = readEventXml(seq, { maxEvents: 2 });
  assert.equal(capped.events.length, 2);
  assert.match(capped.rejections[0].reason, /more than 2 events/);
  const small = readEventXml(seq, { maxEventChars: 2000 });
  assert.deepEqual(small.events.map(e => e.eventId), [5007, 1151]); // the 1116 event is longer than 2000 characters
  assert.deepEqual(small.rejections.map(x => x.index), [0]);
});

test('malformed XML keeps the events before the damage', () => {
  const [a, b] = fixture('events-sequence.xml').trim().split('\n');
  const r = readEventXml(`${a}\n${b.slice(0, 300)}`);
  assert.deepEqual(r.events.map(e => e.eventId), [1116]);
  assert.equal(r.rejections.length, 1);
  assert.equal(r.rejections[0].index, 1);
  for (const bad of ['<Event><System></Event>', '<Event a="1>', '<Event>< oops</Event>', '</Event>', '<Event><![CDATA[x</Event>', '<!-- x']) {
    const x = readEventXml(bad);
    assert.equal(x.events.length, 0, bad);
    assert.ok(x.rejections.length >= 1, bad);
  }
});

test('not XML at all, wrong types, no Event element', () => {
  for (const input of [undefined, null, 42, {}, ['<Event/>'], Buffer.from('<Event/>')]) {
    const r = readEventXml(input);
    assert.deepEqual(r.events, []);
    assert.match(r.rejections[0].reason, /must be text/);
  }
  assert.match(readEventXml('').rejections[0].reason, /no XML elements/);
  assert.match(readEventXml('just text').rejections[0].reason, /no XML elements/);
  assert.match(readEventXml('<foo><bar/></foo>').rejections[0].reason, /no <Event> element/);
});
