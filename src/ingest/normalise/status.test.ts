import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normaliseStatus } from './status.js';
import { STATUS_FIELDS } from './status-fields.js';
import { modeCode } from './assessments.js';

const text = (name: string) => readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');
const fixture = (name: string) => JSON.parse(text(name)) as Record<string, unknown>;
const device = { deviceId: 'd1', deviceName: 'srv-fs01.corp.example.com' };
const AT = '2024-03-12T11:00:07Z';
const byId = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map(r => [r.ConfigurationId as string, r]));

test('STATUS_FIELDS matches the MpComputerStatus table in schema/picket-tables.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../schema/picket-tables.json', import.meta.url), 'utf8'));
  const cols = (schema.tables.MpComputerStatus.columns as [string, string][])
    .filter(([n]) => !['Timestamp', 'DeviceId', 'DeviceName', 'ReportId', 'AdditionalFields'].includes(n));
  assert.deepEqual(STATUS_FIELDS.map(([n, t]) => [n, t]), cols);
});

test('Windows PowerShell 5.1 status: every field typed, CIM envelope dropped, unknown fields kept', () => {
  const { rows, rejections } = normaliseStatus(fixture('mpcomputerstatus-ps51.json'), device, AT);
  assert.deepEqual(rejections, []);
  const mp = rows.MpComputerStatus[0];
  assert.equal(mp.Timestamp, AT);
  assert.equal(mp.AMRunningMode, 'Normal');
  assert.equal(mp.AntivirusSignatureLastUpdated, '2024-03-11T23:02:17Z');
  assert.equal(mp.FullScanAge, null); // 4294967295 means never
  assert.equal(mp.FullScanEndTime, null);
  assert.equal(mp.ProductStatus, 524288);
  assert.equal(mp.IsTamperProtected, true);
  assert.deepEqual(mp.AdditionalFields, { FutureStatusField: 'added by a newer platform' });
  for (const [name] of STATUS_FIELDS) assert.ok(name in mp, name);
  const info = rows.DeviceInfo[0];
  assert.equal(typeof info.ReportId, 'number');
  assert.equal(mp.ReportId, String(info.ReportId));
  assert.equal(info.ClientVersion, '4.18.24020.7');
  assert.equal(info.SensorHealthState, 'Active');
  const tvm = byId(rows.DeviceTvmSecureConfigurationAssessment);
  assert.deepEqual(Object.keys(tvm).sort(), ['scid-2003', 'scid-2010', 'scid-2011', 'scid-2012', 'scid-91']);
  assert.deepEqual(tvm['scid-2010'].Context, [['0']]);
  assert.equal(tvm['scid-2010'].IsCompliant, true);
  assert.deepEqual(tvm['scid-2011'].Context, [['1.407.512.0', '1.1.24020.9', '2024-03-11T23:02:17Z', '4.18.24020.7']]);
  assert.equal(tvm['scid-2011'].IsCompliant, true);
  assert.deepEqual(tvm['scid-2012'].Context, [['1']]);
  for (const r of Object.values(tvm)) assert.equal(r.IsApplicable, true);
});

test('PowerShell 7 status in passive mode with old signatures, in an envelope with preferences and OS facts', () => {
  const report = { reportId: 'r-42', timestamp: '2024-03-12T12:00:00+01:00', status: fixture('mpcomputerstatus-ps7.json'),
    preferences: { PUAProtection: 2, MAPSReporting: 2 }, os: fixture('os-facts.json'), mapsConnectivity: true };
  const { rows, rejections } = normaliseStatus(report, device, AT);
  assert.deepEqual(rejections, []);
  const tvm = byId(rows.DeviceTvmSecureConfigurationAssessment);
  assert.deepEqual(tvm['scid-2010'].Context, [['1']]);
  assert.equal(tvm['scid-2010'].IsCompliant, false);
  assert.deepEqual(tvm['scid-2011'].Context, [['1.405.100.0', '1.1.24020.9', '2024-02-29T07:12:40Z', '4.18.24020.7']]);
  assert.equal(tvm['scid-2011'].IsCompliant, false);
  assert.equal(tvm['scid-2012'].IsCompliant, false);
  assert.equal(tvm['scid-2013'].IsCompliant, false); // audit mode is not block mode
  assert.equal(tvm['scid-2016'].IsCompliant, true);
  assert.equal(tvm['scid-2014'].IsCompliant, true);
  assert.equal(tvm['scid-2010'].OSPlatform, 'WindowsServer2022');
  assert.equal(tvm['scid-2010'].Timestamp, '2024-03-12T11:00:00Z');
  const info = rows.DeviceInfo[0];
  assert.equal(info.OSPlatform, 'WindowsServer2022');
  assert.equal(info.OSBuild, 20348);
  assert.equal(info.DeviceType, 'Server');
  assert.equal(info.JoinType, 'Domain Joined');
  assert.deepEqual(JSON.parse(info.AdditionalFields as string).AMRunningMode, 'Passive Mode');
});

test('AMRunningMode values in any case and spacing map to the scid-2010 codes', () => {
  const cases: [string, string | null][] = [['Normal', '0'], ['NORMAL', '0'], ['Passive mode', '1'], ['passive  Mode', '1'],
    ['SxS Passive Mode', '1'], ['sxs passive mode', '1'], ['EDR Block Mode', '4'], ['edr block mode', '4'], ['Not running', '2'],
    ['NotRunning', '2'], ['Sideways', null]];
  for (const [mode, code] of cases) {
    assert.equal(modeCode(mode), code, mode);
    const tvm = byId(normaliseStatus({ AMRunningMode: mode }, device, AT).rows.DeviceTvmSecureConfigurationAssessment ?? []);
    assert.deepEqual(tvm['scid-2010']?.Context, code === null ? undefined : [[code]], mode);
  }
});

test('both spellings of the signature version are read', () => {
  const a = byId(normaliseStatus({ AntispywareSignatureVersion: '1.1.1.0', AMEngineVersion: 'e' }, device, AT).rows.DeviceTvmSecureConfigurationAssessment);
  assert.deepEqual(a['scid-2011'].Context, [['1.1.1.0', 'e', '', '']]);
  const b = byId(normaliseStatus({ antivirussignatureversion: '2.2.2.0', AntispywareSignatureVersion: '1.1.1.0' }, device, AT).rows.DeviceTvmSecureConfigurationAssessment);
  assert.equal((b['scid-2011'].Context as string[][])[0][0], '2.2.2.0');
});

test('ReportId is stable for a retried report and differs for other content or devices', () => {
  const s = fixture('mpcomputerstatus-ps51.json');
  const id = (report: unknown, dev = device, at = AT) => normaliseStatus(report, dev, at).rows.DeviceInfo[0].ReportId;
  assert.equal(id(s), id(JSON.parse(JSON.stringify(s)), device, '2024-03-12T11:05:00Z'));
  // key order does not matter
  assert.equal(id(s), id(Object.fromEntries(Object.entries(s).reverse())));
  assert.notEqual(id(s), id({ ...s, AntivirusSignatureAge: 1 }));
  assert.notEqual(id(s), id(s, { deviceId: 'd2', deviceName: 'x' }));
  assert.equal(id({ reportId: 'abc', status: s }), id({ reportId: 'abc', status: { ...s, QuickScanAge: 9 } }));
  assert.ok(Number.isSafeInteger(id(s)) && (id(s) as number) > 0);
});

test('bad field values are rejected by name; the rest of the report still goes in', () => {
  const s = { ...fixture('mpcomputerstatus-ps51.json'), AMServiceEnabled: 'maybe', AntivirusSignatureAge: 'old', QuickScanEndTime: '/Date(abc)/',
    ComputerState: 1e12, AMProductVersion: { x: 1 }, RealTimeProtectionEnabled: [true], NewBlob: 'x'.repeat(10_000) };
  const { rows, rejections } = normaliseStatus(s, device, AT);
  assert.deepEqual(rejections.map(r => r.field).sort(),
    ['AMProductVersion', 'AMServiceEnabled', 'AntivirusSignatureAge', 'ComputerState', 'NewBlob', 'QuickScanEndTime', 'RealTimeProtectionEnabled']);
  const mp = rows.MpComputerStatus[0];
  assert.equal(mp.AMServiceEnabled, null);
  assert.equal(mp.AMRunningMode, 'Normal');
  assert.deepEqual(mp.AdditionalFields, { FutureStatusField: 'added by a newer platform' });
  assert.equal(byId(rows.DeviceTvmSecureConfigurationAssessment)['scid-2012'], undefined);
});

test('hostile reports: wrong types, deep nesting, bad device or time, prototype keys', () => {
  for (const bad of [null, 42, 'status', [1, 2], undefined]) {
    const r = normaliseStatus(bad, device, AT);
    assert.deepEqual(r.rows, {});
    assert.equal(r.rejections.length, 1);
  }
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.match(normaliseStatus({ AMRunningMode: 'Normal', x: deep }, device, AT).rejections[0].reason, /too deep/);
  assert.equal(normaliseStatus({}, { deviceId: '', deviceName: 'x' }, AT).rejections[0].field, 'device');
  assert.equal(normaliseStatus({}, null as never, AT).rejections[0].field, 'device');
  assert.equal(normaliseStatus({}, device, 'soon').rejections[0].field, 'receivedAt');
  const proto = normaliseStatus(JSON.parse('{"__proto__": {"polluted": 1}, "AMRunningMode": "Normal"}'), device, AT);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(proto.rows.MpComputerStatus[0].AdditionalFields as object), ['__proto__']);
  const env = normaliseStatus({ status: {}, reportId: 7, timestamp: 'later', preferences: { PUAProtection: 'on' }, mapsConnectivity: 'yes' }, device, AT);
  assert.deepEqual(env.rejections.map(r => r.field).sort(), ['mapsConnectivity', 'preferences.PUAProtection', 'reportId', 'timestamp']);
  assert.equal(env.rows.DeviceInfo[0].Timestamp, AT);
  const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`F${i}`, i]));
  const wide = normaliseStatus(many, device, AT);
  assert.equal(Object.keys(wide.rows.MpComputerStatus[0].AdditionalFields as object).length, 200);
  assert.equal(wide.rejections.length, 100);
});
