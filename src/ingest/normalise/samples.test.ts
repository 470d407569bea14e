// The three real Defender Operational logs in test/fixtures/evtx, read through the .evtx source and normalised:
// the counts the telemetry issue asks hunting queries to find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readEvtxFile } from '../sources/evtx-record.js';
import { normaliseDefenderEvent, windowsEventRow } from './defender-events.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/evtx/${name}`, import.meta.url));
const device = { deviceId: 'win10-client01', deviceName: 'win10-client01.offsec.lan' };

function load(name: string) {
  const { events, rejections } = readEvtxFile(readFileSync(fixture(name)));
  assert.deepEqual(rejections, []);
  const rows = events.map(e => normaliseDefenderEvent(e, device));
  assert.ok(rows.every(r => r.rejection === undefined));
  return { events, rows: rows.map(r => r.deviceEvent as Record<string, any>) };
}

test('1116/1117 file: five Mimikatz AntivirusDetection rows and one remediation row', () => {
  const { events, rows } = load('defender-1116-1117-threat-detected.evtx');
  assert.equal(events.length, 6);
  const detections = rows.filter(r => r.ActionType === 'AntivirusDetection');
  assert.equal(detections.length, 5);
  assert.ok(detections.every(r => /Mi(mi)?katz/i.test(r.AdditionalFields.ThreatName)));
  assert.ok(detections.every(r => r.FolderPath.startsWith('C:\\Users\\admmig\\Documents\\') && r.AccountName === 'admmig'));
  const remediated = rows.filter(r => r.AdditionalFields.WasRemediated === true);
  assert.equal(remediated.length, 1);
  assert.equal(remediated[0]!.ActionType, 'AntivirusMalwareBlocked');
  assert.equal(remediated[0]!.AdditionalFields.Action, 'Quarantine');
  assert.equal(remediated[0]!.FileName, 'mimikatz.exe');
  assert.equal(new Set(rows.map(r => r.ReportId)).size, 6);
  // Every EventData field is still readable raw.
  const raw = windowsEventRow(events[0]!, device.deviceId);
  assert.equal((raw.EventData as Record<string, string>)['Threat Name'], 'HackTool:Win64/Mikatz!dha');
});

test('1151 file: 455 health rows with resolved states', () => {
  const { rows } = load('defender-1151-health-status.evtx');
  const health = rows.filter(r => r?.ActionType === 'AntivirusHealthReport');
  assert.equal(health.length, 455);
  assert.ok(health.every(r => r.AdditionalFields.RtpState === 'Enabled' && r.AdditionalFields.RealTimeProtectionEnabled === true));
  // No message reference is left unresolved ("%%827" product names, "%%901" states).
  assert.ok(health.every(r => !JSON.stringify(r.AdditionalFields).includes('%%')));
  assert.ok(health.every(r => /^\d+\.\d+\.\d+\.\d+$/.test(r.AdditionalFields.AvSignatureVersion)));
});

test('5007 file: four configuration-change rows naming the exclusions', () => {
  const { rows } = load('defender-5007-exclusion-added.evtx');
  const config = rows.filter(r => r.ActionType === 'AntivirusConfigurationChanged');
  assert.equal(config.length, 4);
  assert.deepEqual(config.map(r => r.AdditionalFields.Exclusion),
    ['C:\\TOOLS\\mimikatz.exe', 'C:\\TOOLS\\mimikatz', 'virus.exe', '.mimi']);
  assert.deepEqual(config.map(r => r.AdditionalFields.Change), ['Removed', 'Added', 'Added', 'Added']);
  assert.deepEqual(config.filter(r => r.AdditionalFields.ExclusionPath).map(r => r.AdditionalFields.ExclusionPath),
    ['C:\\TOOLS\\mimikatz.exe', 'C:\\TOOLS\\mimikatz']);
});
