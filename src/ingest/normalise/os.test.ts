import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normaliseOsFacts, osPlatform } from './os.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8'));
const device = { deviceId: 'd1', deviceName: 'srv-fs01.corp.example.com' };
const AT = '2024-03-12T11:00:07Z';

test('OS facts -> a DeviceInfo row', () => {
  const { rows, rejections } = normaliseOsFacts(fixture('os-facts.json'), device, AT);
  assert.deepEqual(rejections, []);
  const r = rows.DeviceInfo[0];
  assert.equal(r.Timestamp, '2024-03-12T11:00:05Z');
  assert.equal(r.OSPlatform, 'WindowsServer2022');
  assert.equal(r.OSBuild, 20348);
  assert.equal(r.OsBuildRevision, '2340');
  assert.equal(r.OSVersion, '10.0');
  assert.equal(r.OSVersionInfo, '21H2');
  assert.equal(r.OSArchitecture, '64-bit');
  assert.equal(r.DeviceType, 'Server');
  assert.equal(r.OSDistribution, 'Windows Server');
  assert.equal(r.JoinType, 'Domain Joined');
  assert.equal(r.Vendor, 'VMware, Inc.');
  assert.deepEqual(JSON.parse(r.AdditionalFields as string), {
    Domain: 'corp.example.com', IPAddresses: ['10.20.30.41', 'fe80::1c2d:3e4f:5a6b:7c8d%12'], OSName: 'Microsoft Windows Server 2022 Standard' });
  assert.equal(typeof r.ReportId, 'number');
  assert.equal(r.ReportId, normaliseOsFacts(fixture('os-facts.json'), device, '2024-03-13T00:00:00Z').rows.DeviceInfo[0].ReportId);
});

test('OSPlatform from build and machine type', () => {
  assert.equal(osPlatform(22631, false, null), 'Windows11');
  assert.equal(osPlatform(19045, false, null), 'Windows10');
  assert.equal(osPlatform(17763, true, null), 'WindowsServer2019');
  assert.equal(osPlatform(14393, true, null), 'WindowsServer2016');
  assert.equal(osPlatform(26100, true, null), 'WindowsServer2025');
  assert.equal(osPlatform(9600, true, 'Microsoft Windows Server 2012 R2 Datacenter'), 'WindowsServer2012R2');
  assert.equal(osPlatform(25398, true, 'Microsoft Windows Server Datacenter'), 'WindowsServer');
  assert.equal(osPlatform(null, null, 'Microsoft Windows 11 Pro'), 'Windows11');
  assert.equal(osPlatform(null, null, null), '');
});

test('workstation facts in Get-ComputerInfo spelling, with the build read from the version', () => {
  const { rows, rejections } = normaliseOsFacts({ OsName: 'Microsoft Windows 11 Enterprise', OsVersion: '10.0.22631', OsProductType: 'WorkStation',
    OsArchitecture: '64 bits', CsPartOfDomain: false, CsDomain: 'WORKGROUP' }, device, AT);
  assert.deepEqual(rejections, []);
  const r = rows.DeviceInfo[0];
  assert.equal(r.OSPlatform, 'Windows11');
  assert.equal(r.OSBuild, 22631);
  assert.equal(r.DeviceType, 'Workstation');
  assert.equal(r.JoinType, 'Workgroup');
  assert.equal(r.Timestamp, AT);
});

test('hostile facts: wrong types and values are rejected by name, the row keeps what was good', () => {
  const { rows, rejections } = normaliseOsFacts({ Caption: 42, BuildNumber: 'twenty', ProductType: 9, OSArchitecture: ['x'], PartOfDomain: 'perhaps',
    IPAddresses: ['10.0.0.1', '999.1.1.1', { IPAddress: '10.0.0.2' }, 7], Model: 'm'.repeat(1000) }, device, AT);
  assert.deepEqual(rejections.map(r => r.field).sort(),
    ['BuildNumber', 'IPAddresses[1]', 'IPAddresses[3]', 'Model', 'OSArchitecture', 'PartOfDomain', 'ProductType']);
  assert.deepEqual(JSON.parse(rows.DeviceInfo[0].AdditionalFields as string).IPAddresses, ['10.0.0.1', '10.0.0.2']);
  for (const bad of [null, 'x', [1]]) assert.deepEqual(normaliseOsFacts(bad, device, AT).rows, {});
  assert.equal(normaliseOsFacts({}, device, '').rejections[0].field, 'receivedAt');
});
