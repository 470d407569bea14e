import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectionReportId, normaliseThreats } from './threats.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8'));
const device = { deviceId: 'd1', deviceName: 'srv-fs01.corp.example.com' };

test('detections joined with their threats; no DeviceEvents unless asked', () => {
  const r = normaliseThreats(fixture('mpthreatdetection-ps51.json'), fixture('mpthreat-ps51.json'), device);
  assert.deepEqual(r.rejections, []);
  assert.deepEqual(r.rows, {});
  assert.equal(r.detections.length, 2);
  const [a, b] = r.detections;
  assert.equal(a.detectionId, '5C0F2E3A-9B61-4C7D-8E12-3A4B5C6D7E8F');
  assert.equal(a.threatName, 'Virus:DOS/EICAR_Test_File');
  assert.equal(a.severityId, 5);
  assert.equal(a.initialDetectionTime, '2024-03-12T10:15:41.87Z');
  assert.deepEqual(a.resources, [{ kind: 'file', path: 'C:\\Users\\jdoe\\Downloads\\eicar.com.txt' }]);
  assert.equal(b.remediationTime, null);
  assert.deepEqual(b.resources.map(x => x.kind), ['file', 'process']);
});

test('asDeviceEvents: AntivirusDetection rows in the shape community queries read', () => {
  const r = normaliseThreats(fixture('mpthreatdetection-ps51.json'), fixture('mpthreat-ps51.json'), device, { asDeviceEvents: true });
  assert.deepEqual(r.rejections, []);
  const [a, b] = r.rows.DeviceEvents;
  assert.equal(a.ActionType, 'AntivirusDetection');
  assert.equal(a.Timestamp, '2024-03-12T10:15:41.87Z');
  assert.equal(a.FileName, 'eicar.com.txt');
  assert.equal(a.FolderPath, 'C:\\Users\\jdoe\\Downloads\\eicar.com.txt');
  assert.equal(a.AccountName, 'jdoe');
  assert.equal(a.AccountDomain, 'CORP');
  assert.equal(a.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(a.ReportId, detectionReportId('d1', '{5c0f2e3a-9b61-4c7d-8e12-3a4b5c6d7e8f}'));
  const fa = JSON.parse(a.AdditionalFields as string);
  assert.equal(fa.ThreatName, 'Virus:DOS/EICAR_Test_File');
  assert.equal(fa.WasRemediated, true);
  assert.equal(fa.WasExecutingWhileDetected, false);
  const fb = JSON.parse(b.AdditionalFields as string);
  assert.equal(fb.WasRemediated, false); // 102: quarantine failed
  assert.equal(fb.WasExecutingWhileDetected, true);
  assert.equal(fb.ThreatName, 'HackTool:Win64/NetCat');
});

test('Resources as one joined string and as 5.1 {value, Count}; a single object instead of an array', () => {
  const d = fixture('mpthreatdetection-ps51.json')[1];
  const joined = normaliseThreats({ ...d, Resources: 'file:_C:\\a b.exe file:_C:\\c.exe' }, null, device).detections[0];
  assert.deepEqual(joined.resources.map(x => x.path), ['C:\\a b.exe', 'C:\\c.exe']);
  const wrapped = normaliseThreats([{ ...d, Resources: { value: ['file:_C:\\x.exe'], Count: 1 } }], undefined, device).detections[0];
  assert.deepEqual(wrapped.resources, [{ kind: 'file', path: 'C:\\x.exe' }]);
});

test('hostile detections and threats: each rejected by position and field, the others kept', () => {
  const good = fixture('mpthreatdetection-ps51.json')[0];
  const r = normaliseThreats([good, 7, { ...good, DetectionID: 'nope' }, { ...good, DetectionID: undefined },
    { ...good, DetectionID: '{11111111-2222-3333-4444-555555555555}', ThreatStatusID: 'bad', InitialDetectionTime: '/Date(x)/', Resources: [1] }],
  [{ ThreatID: 'x' }, 'threat', { ThreatName: 'no id' }], device, { asDeviceEvents: true });
  assert.deepEqual(r.rejections.map(x => [x.index, x.field]), [
    [0, 'threats[0].ThreatID'], [1, 'threats[1]'], [2, 'threats[2].ThreatID'],
    [1, undefined], [2, 'DetectionID'], [3, 'DetectionID'],
    [4, 'InitialDetectionTime'], [4, 'ThreatStatusID'], [4, 'Resources[0]'],
    [1, 'InitialDetectionTime'],
  ]);
  assert.equal(r.detections.length, 2);
  assert.equal(r.rows.DeviceEvents.length, 1);
  assert.equal(normaliseThreats([], [], { deviceId: '' } as never).rejections[0].field, 'device');
});
