import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSetting } from './config-change.js';
import { canonicalFieldName } from './event-data.js';
import { healthReportTime, normaliseIsoTime } from './event-time.js';
import { resolveMessage } from './message-references.js';
import { firstFile, parseResourceList, splitAccount, splitFilePath } from './paths.js';
import { windowsEventRow } from './windows-event.js';

test('message references: English for known ids; anything else as sent', () => {
  assert.equal(resolveMessage('%%818'), 'Real-Time Protection');
  assert.equal(resolveMessage('%%809'), 'Quarantine');
  assert.equal(resolveMessage(' %%901 '), 'Enabled');
  assert.equal(resolveMessage('%%99999'), '%%99999');
  assert.equal(resolveMessage('Protection en temps réel'), 'Protection en temps réel');
  assert.equal(resolveMessage('リアルタイム保護'), 'リアルタイム保護');
  assert.equal(resolveMessage('50%% off %%818'), '50%% off %%818', 'only a whole-value reference is resolved');
});

test('field names match across case, spacing and the signature/security intelligence renaming', () => {
  assert.equal(canonicalFieldName('Security intelligence Version'), canonicalFieldName('Signature Version'));
  assert.equal(canonicalFieldName('Error code'), canonicalFieldName('Error Code'));
  assert.equal(canonicalFieldName('Last AV security intelligence age'), canonicalFieldName('Last AV signature age'));
});

test("Defender's path lists split into typed items, paths and names", () => {
  const r = parseResourceList('file:_C:\\a\\mimidrv.sys; file:_C:\\a\\mimilib.dll;containerfile:_C:\\b\\x.zip; regkey:_HKLM\\Software\\Run; process:_pid:12,ProcessStart:1');
  assert.deepEqual(r.map(x => x.type), ['file', 'file', 'containerfile', 'regkey', 'process']);
  assert.equal(r[1]!.path, 'C:\\a\\mimilib.dll');
  assert.equal(firstFile(r)!.path, 'C:\\a\\mimidrv.sys');
  assert.equal(firstFile(parseResourceList('process:_pid:12'))?.path, undefined);
  assert.deepEqual(splitFilePath('C:\\b\\x.zip->(Zip)inner.exe'), { FolderPath: 'C:\\b\\x.zip', FileName: 'x.zip' });
  assert.deepEqual(splitFilePath('C:\\Windows\\explorer.exe'), { FolderPath: 'C:\\Windows\\explorer.exe', FileName: 'explorer.exe' });
  assert.deepEqual(splitAccount('OFFSEC\\admmig'), { domain: 'OFFSEC', name: 'admmig' });
  assert.deepEqual(splitAccount('alice'), { domain: '', name: 'alice' });
  const web = parseResourceList('webfile:_C:\\d\\a.exe|https://h/a.exe|pid:1,ProcessStart:2');
  assert.deepEqual(web[0], { type: 'webfile', path: 'C:\\d\\a.exe', url: 'https://h/a.exe' });
});

test('settings parse with backslashes kept in exclusion names', () => {
  assert.deepEqual(parseSetting('HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\IpAddresses\\10.0.0.1 = 0x0'), {
    key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\IpAddresses', valueName: '10.0.0.1', data: '0x0',
    exclusion: { type: 'IpAddresses', value: '10.0.0.1' },
  });
  assert.equal(parseSetting(''), null);
});

test('times: ISO normalised to 7 digits and UTC; health report text times; 1601 means never', () => {
  assert.equal(normaliseIsoTime('2020-06-23T09:35:56.825510000Z'), '2020-06-23T09:35:56.8255100Z');
  assert.equal(normaliseIsoTime('2020-06-23T11:35:56+02:00'), '2020-06-23T09:35:56.0000000Z');
  assert.equal(normaliseIsoTime('23/06/2020'), null);
  assert.equal(healthReportTime('12/31/2020 12:05:00 AM'), '2020-12-31T00:05:00Z');
  assert.equal(healthReportTime('1/1/1601 12:00:00 AM'), null);
  assert.equal(healthReportTime('09/06/2020 05:53:46'), '09/06/2020 05:53:46', 'a localised format is kept as sent');
});

test('every event, whatever its id, gets a WindowsEvent row with EventData as sent', () => {
  const row = windowsEventRow({
    channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing', eventId: 4624, recordId: 9007199254740993n,
    timeCreated: '2024-03-01T10:00:00Z', computer: 'dc01', level: 0, task: 12544, keywords: '0x8020000000000000',
    userId: 'S-1-5-18', activityId: '{A}', processId: 700, threadId: 800, data: { TargetUserName: 'bob', X: '%%1833' },
  }, 'd-9', { sourceKind: 'evtx' });
  assert.equal(row.TimeGenerated, '2024-03-01T10:00:00.0000000Z');
  assert.equal(row.EventID, 4624);
  assert.equal(row.EventLevelName, 'Information');
  assert.equal(row.EventRecordId, 9007199254740993n, 'record ids past 2^53 stay exact');
  assert.deepEqual(row.EventData, { TargetUserName: 'bob', X: '%%1833' });
  assert.equal(row.Correlation, '{A}');
  assert.equal(row.SourceKind, 'evtx');
  assert.equal('RawEventData' in row, false, 'the raw XML is not stored twice: EventData holds every field');
});
