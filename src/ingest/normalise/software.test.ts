import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normaliseSoftware, productName, vendorName } from './software.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8'));
const device = { deviceId: 'd1', deviceName: 'srv-fs01', osPlatform: 'WindowsServer2022', osVersion: '10.0', osArchitecture: '64-bit' };
const AT = '2024-03-12T11:00:07Z';

test('installed software -> DeviceTvmSoftwareInventory with Defender-style names', () => {
  const { rows, rejections } = normaliseSoftware(fixture('software.json'), device, AT);
  assert.deepEqual(rejections, []);
  const inv = rows.DeviceTvmSoftwareInventory;
  assert.deepEqual(inv.map(r => [r.SoftwareVendor, r.SoftwareName, r.SoftwareVersion]), [
    ['google', 'chrome', '122.0.6261.112'],
    ['microsoft', 'edge', '122.0.2365.80'],
    ['igor_pavlov', '7-zip', '23.01'],
    ['mozilla', 'firefox_en-us', '123.0.1'],
    ['microsoft', 'visual_c++_2015-2022_redistributable', '14.38.33130.0'],
  ]);
  assert.equal(inv[0].OSPlatform, 'WindowsServer2022');
  assert.equal(inv[0].DeviceId, 'd1');
});

test('vendor and product names', () => {
  assert.equal(vendorName('Microsoft Corporation'), 'microsoft');
  assert.equal(vendorName('Oracle America, Inc.'), 'oracle_america');
  assert.equal(vendorName('Notepad++ Team'), 'notepad++_team');
  assert.equal(productName('Notepad++ (64-bit x64)', 'notepad++_team'), 'notepad++');
  assert.equal(productName('Microsoft Teams', 'microsoft'), 'teams');
  assert.equal(productName('VLC media player 3.0.20', 'videolan'), 'vlc_media_player');
});

test('hostile items: each bad one rejected by position and field, the others kept', () => {
  const items = [null, 5, { DisplayVersion: '1' }, { DisplayName: ['x'] }, { DisplayName: '!!!' }, { DisplayName: 'Ok App', Publisher: { a: 1 } },
    { DisplayName: 'x'.repeat(600) }, { DisplayName: 'Good', DisplayVersion: 2 }];
  const { rows, rejections } = normaliseSoftware(items, device, AT);
  assert.deepEqual(rejections.map(r => [r.index, r.field]), [[0, undefined], [1, undefined], [2, 'DisplayName'], [3, 'DisplayName'],
    [4, 'DisplayName'], [5, 'Publisher'], [6, 'DisplayName']]);
  assert.deepEqual(rows.DeviceTvmSoftwareInventory.map(r => [r.SoftwareName, r.SoftwareVersion]), [['ok_app', ''], ['good', '2']]);
  assert.match(normaliseSoftware({ length: 1 }, device, AT).rejections[0].reason, /must be an array/);
  assert.equal(normaliseSoftware([], { deviceId: 1 } as never, AT).rejections[0].field, 'device');
  const many = normaliseSoftware(Array.from({ length: 20_005 }, (_, i) => ({ DisplayName: `App ${i}x` })), device, AT);
  assert.equal(many.rows.DeviceTvmSoftwareInventory.length, 20_000);
  assert.equal(many.rejections.length, 1);
});
