import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readWinEventJson } from './winevent-json.js';
import { readEventXml } from './event-xml.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');

test('Windows PowerShell 5.1: \\/Date()\\/ times, SID object, signed Keywords, Defender names for Properties', () => {
  const r = readWinEventJson(fixture('winevent-ps51.json'));
  assert.deepEqual(r.rejections, []);
  assert.deepEqual(r.events.map(e => e.eventId), [1116, 5007, 1151]);
  const e = r.events[0];
  assert.equal(e.channel, 'Microsoft-Windows-Windows Defender/Operational');
  assert.equal(e.recordId, 20871n);
  assert.equal(e.timeCreated, '2024-03-12T10:15:42.123Z');
  assert.equal(e.computer, 'srv-fs01.corp.example.com');
  assert.equal(e.userId, 'S-1-5-18');
  assert.equal(e.keywords, '0x8000000000000000');
  assert.equal(e.level, 3);
  assert.equal(e.data['Threat Name'], 'Virus:DOS/EICAR_Test_File');
  assert.equal(e.data['Detection Time'], '2024-03-12T10:15:41.87Z');
  assert.equal(e.data['Severity ID'], '5');
  assert.equal(r.events[1].data['New Value'], 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp\\tools = 0x0');
  assert.equal(r.events[2].data['Last full scan age'], '4294967295');
});

test('the same events read from JSON and from Event XML carry the same data names', () => {
  const json = readWinEventJson(fixture('winevent-ps51.json')).events;
  const xml = readEventXml(fixture('events-sequence.xml')).events;
  for (let i = 0; i < 3; i++) assert.deepEqual(Object.keys(json[i].data), Object.keys(xml[i].data));
  assert.deepEqual(json[1].data, xml[1].data);
});

test('PowerShell 7: a single object, ISO times with the local offset', () => {
  const r = readWinEventJson(fixture('winevent-ps7.json'));
  assert.deepEqual(r.rejections, []);
  assert.equal(r.events.length, 1);
  assert.equal(r.events[0].timeCreated, '2024-03-12T10:15:42.1234567Z');
  assert.equal(r.events[0].data['Detection Time'], '2024-03-12T11:15:41.87+01:00');
});

test('unknown events and short Defender templates get Data1…DataN; longer ones keep extra values as DataN', () => {
  const rec = (id: number, provider: string, n: number) => ({
    Id: id, RecordId: 5, ProviderName: provider, LogName: 'L', MachineName: 'm', TimeCreated: '/Date(1710238542000)/',
    Properties: Array.from({ length: n }, (_, i) => ({ Value: `v${i}` })),
  });
  const r = readWinEventJson([rec(4624, 'Microsoft-Windows-Security-Auditing', 3), rec(5007, 'Microsoft-Windows-Windows Defender', 3),
    rec(5007, 'Microsoft-Windows-Windows Defender', 5)]);
  assert.deepEqual(r.rejections, []);
  assert.deepEqual(Object.keys(r.events[0].data), ['Data1', 'Data2', 'Data3']);
  assert.deepEqual(Object.keys(r.events[1].data), ['Data1', 'Data2', 'Data3']);
  assert.deepEqual(r.events[2].data, { 'Product Name': 'v0', 'Product Version': 'v1', 'Old Value': 'v2', 'New Value': 'v3', Data5: 'v4' });
});

test('property values: numbers, booleans, null, byte arrays, GUID and SID objects', () => {
  const r = readWinEventJson({ value: [{
    Id: '7', RecordId: '8', ProviderName: 'P', LogName: 'L', MachineName: 'm', TimeCreated: { value: '\\/Date(1710238542000)\\/', DateTime: 'Tuesday…' },
    ActivityId: { Guid: '5c0f2e3a-9b61-4c7d-8e12-3a4b5c6d7e8f' },
    Properties: [{ Value: 12 }, { Value: true }, { Value: null }, { Value: [1, 255, 16] }, { Value: { Guid: 'g' } },
      { Value: { BinaryLength: 12, AccountDomainSid: null, Value: 'S-1-5-18' } }, { Value: ['a', 'b'] }],
  }], Count: 1 });
  assert.deepEqual(r.rejections, []);
  assert.equal(r.events[0].activityId, '5c0f2e3a-9b61-4c7d-8e12-3a4b5c6d7e8f');
  assert.deepEqual(r.events[0].data, { Data1: '12', Data2: 'true', Data3: '', Data4: '01FF10', Data5: 'g', Data6: 'S-1-5-18', Data7: 'a\nb' });
});

test('bad records are rejected with the field named; good ones survive', () => {
  const good = JSON.parse(fixture('winevent-ps7.json'));
  const bad: [unknown, string | undefined][] = [
    [42, undefined],
    [null, undefined],
    [{ ...good, Id: 'abc' }, 'Id'],
    [{ ...good, Id: -1 }, 'Id'],
    [{ ...good, RecordId: undefined }, 'RecordId'],
    [{ ...good, RecordId: 1.5 }, 'RecordId'],
    [{ ...good, TimeCreated: '/Date(99999999999999999)/' }, 'TimeCreated'],
    [{ ...good, TimeCreated: 12345 }, 'TimeCreated'],
    [{ ...good, LogName: ['x'] }, 'LogName'],
    [{ ...good, MachineName: '' }, 'MachineName'],
    [{ ...good, Properties: 'x' }, 'Properties'],
    [{ ...good, Properties: ['System.Diagnostics.Eventing.Reader.EventProperty'] }, 'Properties[0]'],
    [{ ...good, Properties: [{ Value: { a: { b: 1 } } }] }, 'Properties[0].Value'],
    [{ ...good, Properties: [{ Value: 'x'.repeat(70_000) }] }, 'EventData.Data1'],
    [{ ...good, Level: 'high' }, 'Level'],
  ];
  const r = readWinEventJson([good, ...bad.map(b => b[0]), good]);
  assert.equal(r.events.length, 2);
  assert.deepEqual(r.rejections.map(x => x.index), bad.map((_, i) => i + 1));
  assert.deepEqual(r.rejections.map(x => x.field), bad.map(b => b[1]));
});

test('text that is not JSON, too large, empty, or too many records', () => {
  assert.match(readWinEventJson('{"Id": ').rejections[0].reason, /not JSON/);
  assert.match(readWinEventJson('[]'.padEnd(100, ' '), { maxChars: 50 }).rejections[0].reason, /more than 50/);
  assert.deepEqual(readWinEventJson(''), { events: [], rejections: [] });
  assert.deepEqual(readWinEventJson('null'), { events: [], rejections: [] });
  const many = readWinEventJson(fixture('winevent-ps51.json'), { maxEvents: 1 });
  assert.equal(many.events.length, 1);
  assert.match(many.rejections[0].reason, /more than 1 records/);
  // A huge number of properties is refused without reading them.
  const good = JSON.parse(fixture('winevent-ps7.json'));
  const wide = readWinEventJson([{ ...good, Properties: new Array(5000).fill({ Value: 1 }) }]);
  assert.equal(wide.rejections[0].field, 'Properties');
});
