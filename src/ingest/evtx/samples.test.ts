// Reads the three real Defender logs in test/fixtures/evtx and checks every record and its EventData fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readEvtx } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/evtx/${name}`, import.meta.url));

const DEFENDER = 'Microsoft-Windows-Windows Defender';
const CHANNEL = 'Microsoft-Windows-Windows Defender/Operational';

test('1116/1117: six detections of Mimikatz with every EventData field', () => {
  const { records, problems } = readEvtx(fixture('defender-1116-1117-threat-detected.evtx'));
  assert.deepEqual(problems, []);
  assert.equal(records.length, 6);
  assert.deepEqual(records.map(r => r.system.eventId), [1116, 1116, 1116, 1116, 1117, 1116]);
  assert.deepEqual(records.map(r => r.recordId), [171, 172, 173, 175, 176, 177]);
  const fields = [
    'Product Name', 'Product Version', 'Detection ID', 'Detection Time', 'Unused', 'Unused2', 'Threat ID', 'Threat Name',
    'Severity ID', 'Severity Name', 'Category ID', 'Category Name', 'FWLink', 'Status Code', 'Status Description', 'State',
    'Source ID', 'Source Name', 'Process Name', 'Detection User', 'Unused3', 'Path', 'Origin ID', 'Origin Name',
    'Execution ID', 'Execution Name', 'Type ID', 'Type Name', 'Pre Execution Status', 'Action ID', 'Action Name', 'Unused4',
    'Error Code', 'Error Description', 'Unused5', 'Post Clean Status', 'Additional Actions ID', 'Additional Actions String',
    'Remediation User', 'Unused6', 'Security intelligence Version', 'Engine Version',
  ];
  for (const r of records) {
    assert.deepEqual(Object.keys(r.eventData), fields);
    assert.match(r.eventData['Threat Name']!, /^HackTool:Win(32|64)\/Mi(mi)?katz/);
    assert.match(r.eventData['Path']!, /^file:_C:\\Users\\admmig\\Documents\\mimi/);
    assert.equal(r.eventData['Detection User'], 'OFFSEC\\admmig');
    assert.equal(r.eventData['Severity Name'], 'High');
    assert.equal(r.eventData['Category Name'], 'Tool');
    assert.equal(r.eventData['Source Name'], 'Real-Time Protection');
    assert.equal(r.eventData['Process Name'], 'C:\\Windows\\explorer.exe');
    assert.equal(r.eventData['Product Version'], '4.18.2011.6');
    assert.equal(r.system.provider, DEFENDER);
    assert.equal(r.system.channel, CHANNEL);
    assert.equal(r.system.computer, 'WIN10-client01.offsec.lan');
    assert.equal(r.system.level, r.system.eventId === 1117 ? 4 : 3); // warning for a detection, information for the action
    assert.equal(r.system.security.userId, 'S-1-5-18');
    assert.equal(r.system.keywords, '0x8000000000000000');
  }
  const [first, second, third, , action] = records;
  assert.equal(first!.timestamp, '2020-12-11T12:28:01.2990045Z');
  assert.deepEqual(first!.system.execution, { processId: 4172, threadId: 4384 });
  assert.equal(first!.eventData['Threat Name'], 'HackTool:Win64/Mikatz!dha');
  assert.equal(first!.eventData['Detection ID'], '{82C6A580-0C4C-48BD-A0AC-6D3DE58FDABB}');
  assert.equal(first!.eventData['Threat ID'], '2147705511');
  assert.equal(first!.eventData['Action Name'], 'Not Applicable');
  assert.equal(first!.eventData['Error Description'], 'The operation completed successfully. ');
  assert.equal(first!.eventData['Security intelligence Version'], 'AV: 1.327.2245.0, AS: 1.327.2245.0, NIS: 1.327.2245.0');
  assert.equal(first!.eventData['FWLink'], 'https://go.microsoft.com/fwlink/?linkid=37020&name=HackTool:Win64/Mikatz!dha&threatid=2147705511&enterprise=0');
  assert.ok(first!.xml.includes("<Data Name='FWLink'>https://go.microsoft.com/fwlink/?linkid=37020&amp;name=HackTool"));
  assert.equal(second!.eventData['Threat Name'], 'HackTool:Win32/Mimikatz.D');
  assert.equal(second!.eventData['Path'], 'file:_C:\\Users\\admmig\\Documents\\mimikatz.exe');
  assert.equal(third!.eventData['Path'], 'file:_C:\\Users\\admmig\\Documents\\mimidrv.sys; file:_C:\\Users\\admmig\\Documents\\mimilib.dll');
  assert.equal(action!.system.eventId, 1117);
  assert.equal(action!.eventData['Action Name'], 'Quarantine');
  assert.equal(action!.eventData['Action ID'], '2');
  assert.equal(records[5]!.system.correlation.activityId, '{4806894f-1a1a-4209-9335-fef253edb24d}');
});

test('1151: 455 hourly health reports, every one with its 25 EventData fields', () => {
  const { records, problems } = readEvtx(fixture('defender-1151-health-status.evtx'));
  assert.deepEqual(problems, []);
  assert.equal(records.length, 455);
  assert.ok(records.every(r => r.system.eventId === 1151 && r.system.provider === DEFENDER && r.system.channel === CHANNEL));
  assert.equal(new Set(records.map(r => String(r.recordId))).size, 455, 'record ids are distinct');
  for (const r of records) {
    assert.equal(Object.keys(r.eventData).length, 25);
    assert.match(r.eventData['Platform version']!, /^4\.18\.\d+\.\d+$/);
    assert.match(r.eventData['Engine version']!, /^1\.1\.\d+\.\d+$/);
    assert.match(r.eventData['AV security intelligence version']!, /^1\.3\d\d\.\d+\.0$/);
    assert.match(r.eventData['Product status']!, /^0x[0-9a-f]{8}$/);
    assert.match(r.timestamp, /^2020-(0[6-9]|1[0-2])-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  }
  const first = records[0]!;
  assert.equal(first.recordId, 2189);
  assert.equal(first.timestamp, '2020-06-23T09:35:56.8255100Z');
  assert.equal(first.system.timeCreated, '2020-06-23T09:35:56.825510000Z', 'kept as the file has it');
  assert.deepEqual(
    [first.eventData['Product Name'], first.eventData['RTP state'], first.eventData['Last quick scan start time'], first.eventData['Last full scan age'], first.eventData['Product status']],
    ['%%827', '%%901', '5/26/2020 9:38:30 AM', '4294967295', '0x00080080'],
  );
  const last = records[454]!;
  assert.equal(last.recordId, 170);
  assert.equal(last.eventData['RTP state'], 'Enabled');
  assert.equal(last.eventData['Platform version'], '4.18.2011.6');
  assert.equal(last.eventData['Product status'], '0x00080000');
});

test('5007: four configuration changes carrying the exclusions in New Value', () => {
  const { records, problems } = readEvtx(fixture('defender-5007-exclusion-added.evtx'));
  assert.deepEqual(problems, []);
  assert.deepEqual(records.map(r => [r.recordId, r.system.eventId]), [[454, 5007], [455, 5007], [456, 5007], [457, 5007]]);
  const key = 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\';
  assert.deepEqual(records.map(r => r.eventData['New Value']), [
    '',
    `${key}Paths\\C:\\TOOLS\\mimikatz = 0x0`,
    `${key}Processes\\virus.exe = 0x0`,
    `${key}Extensions\\.mimi = 0x0`,
  ]);
  assert.equal(records[0]!.eventData['Old Value'], `${key}Paths\\C:\\TOOLS\\mimikatz.exe = 0x0`);
  // Templated records: the whole event, rendered the way Get-WinEvent's ToXml() shapes it.
  assert.equal(
    records[1]!.xml,
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
      "<Provider Name='Microsoft-Windows-Windows Defender' Guid='{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}'/>" +
      '<EventID>5007</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode>' +
      "<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2020-12-16T08:44:27.2228245Z'/>" +
      "<EventRecordID>455</EventRecordID><Correlation/><Execution ProcessID='2988' ThreadID='4724'/>" +
      `<Channel>${CHANNEL}</Channel><Computer>WIN10-client01.offsec.lan</Computer><Security UserID='S-1-5-18'/>` +
      "</System><EventData><Data Name='Product Name'>Microsoft Defender Antivirus</Data>" +
      "<Data Name='Product Version'>4.18.2011.6</Data><Data Name='Old Value'></Data>" +
      `<Data Name='New Value'>${key}Paths\\C:\\TOOLS\\mimikatz = 0x0</Data></EventData></Event>`,
  );
});
