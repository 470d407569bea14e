import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readEvtxDumpJson } from './evtx-dump-json.js';
import { readEventXml } from './event-xml.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');

test('evtx_dump -o jsonl: one record a line', () => {
  const r = readEvtxDumpJson(fixture('evtx-dump.jsonl'));
  assert.deepEqual(r.rejections, []);
  assert.deepEqual(r.events.map(e => e.eventId), [1116, 5007, 1151]);
  const e = r.events[0];
  assert.equal(e.timeCreated, '2024-03-12T10:15:42.1234567Z');
  assert.equal(e.recordId, 20871n);
  assert.equal(e.provider, 'Microsoft-Windows-Windows Defender');
  assert.equal(e.processId, 3412);
  assert.equal(e.userId, 'S-1-5-18');
  assert.equal(e.data['Severity ID'], '5');
  assert.equal(e.data.Unused, '');
});

test('evtx_dump -o json ("Record N" lines), an array, and a parsed value give the same events', () => {
  const lines = readEvtxDumpJson(fixture('evtx-dump.jsonl')).events;
  const records = readEvtxDumpJson(fixture('evtx-dump-records.json'));
  assert.deepEqual(records.rejections, []);
  assert.deepEqual(records.events, lines);
  const parsed = fixture('evtx-dump.jsonl').trim().split('\n').map(l => JSON.parse(l));
  assert.deepEqual(readEvtxDumpJson(JSON.stringify(parsed)).events, lines);
  assert.deepEqual(readEvtxDumpJson(parsed).events, lines);
  assert.deepEqual(readEvtxDumpJson(JSON.stringify(parsed[0], null, 2)).events, lines.slice(0, 1));
});

test('the data matches what the same events give as Event XML', () => {
  const dump = readEvtxDumpJson(fixture('evtx-dump.jsonl')).events;
  const xml = readEventXml(fixture('events-sequence.xml')).events;
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(dump[i].data, xml[i].data);
    assert.equal(dump[i].timeCreated, xml[i].timeCreated);
  }
});

test('unnamed Data, Qualifiers, separate attributes and UserData', () => {
  const rec = {
    Event: {
      System: {
        Provider: '', Provider_attributes: { Name: 'EventLog' },
        EventID: { '#attributes': { Qualifiers: 32768 }, '#text': 6009 }, Level: 4,
        TimeCreated: { '#attributes': { SystemTime: '2018-01-03T06:28:19.000000Z' } }, EventRecordID: 2,
        Channel: 'System', Computer: 'WIN-1', Security: null, Correlation: { '#attributes': { ActivityID: '{A}' } },
      },
      EventData: { Data: { '#text': ['6.03.', 9600, null] }, Binary: 'E207' },
      UserData: { Wrapper: { '#attributes': { xmlns: 'x' }, Param1: 'p', Detail: { '#attributes': { Code: 5 }, '#text': 'denied' } } },
    },
  };
  const r = readEvtxDumpJson(JSON.stringify(rec));
  assert.deepEqual(r.rejections, []);
  const e = r.events[0];
  assert.equal(e.provider, 'EventLog');
  assert.equal(e.eventId, 6009);
  assert.equal(e.activityId, '{A}');
  assert.equal(e.userId, undefined);
  assert.deepEqual(e.data, { Data1: '6.03.', Data2: '9600', Data3: '', Binary: 'E207', xmlns: 'x', Param1: 'p', 'Detail.Code': '5', Detail: 'denied' });
});

test('a bad line is rejected with its position; the other lines are read', () => {
  const [a, b, c] = fixture('evtx-dump.jsonl').trim().split('\n');
  const noId = JSON.parse(b);
  delete noId.Event.System.EventID;
  const r = readEvtxDumpJson([a, '{"Event": ', JSON.stringify(noId), '[1,2]', '{"Record": 1}', c].join('\n'));
  assert.deepEqual(r.events.map(e => e.eventId), [1116, 1151]);
  assert.deepEqual(r.rejections.map(x => [x.index, x.field]), [[1, undefined], [2, 'Event.System.EventID'], [3, undefined], [4, 'Event']]);
  assert.match(r.rejections[0].reason, /not JSON/);
});

test('hostile values: wrong types, deep nesting, huge values, too many records', () => {
  const good = JSON.parse(fixture('evtx-dump.jsonl').split('\n')[1]);
  const variant = (f: (r: any) => void) => { const r = structuredClone(good); f(r); return r; };
  let deep: unknown = 'x';
  for (let i = 0; i < 40; i++) deep = { n: deep };
  const cases: [unknown, string | undefined][] = [
    [variant(r => { r.Event.System = 'x'; }), 'Event.System'],
    [variant(r => { r.Event.EventData = [1]; }), 'Event.EventData'],
    [variant(r => { r.Event.EventData['Old Value'] = { a: 1 }; }), 'EventData.Old Value'],
    [variant(r => { r.Event.EventData['New Value'] = 'v'.repeat(70_000); }), 'EventData.New Value'],
    [variant(r => { r.Event.UserData = { W: deep }; }), 'Event.UserData'],
    [variant(r => { r.Event.System.TimeCreated = '2024-03-12'; }), 'Event.System.TimeCreated.SystemTime'],
    [variant(r => { r.Event.System.EventRecordID = 0; }), 'Event.System.EventRecordID'],
    [variant(r => { r.Event.System.Execution['#attributes'].ProcessID = 'pid'; }), 'Event.System.Execution.ProcessID'],
  ];
  const r = readEvtxDumpJson(cases.map(c => c[0]));
  assert.equal(r.events.length, 0);
  assert.deepEqual(r.rejections.map(x => x.field), cases.map(c => c[1]));
  assert.match(readEvtxDumpJson('[1,').rejections[0].reason, /not JSON/);
  assert.match(readEvtxDumpJson('x'.repeat(100), { maxChars: 10 }).rejections[0].reason, /more than 10/);
  const capped = readEvtxDumpJson(fixture('evtx-dump.jsonl'), { maxEvents: 2 });
  assert.equal(capped.events.length, 2);
  assert.equal(capped.rejections[0].index, 2);
  assert.deepEqual(readEvtxDumpJson(''), { events: [], rejections: [] });
  assert.deepEqual(readEvtxDumpJson(42).rejections[0].field, undefined);
});
