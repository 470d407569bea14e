import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawEvent } from '../model.js';
import { DEFENDER_ACTION_TYPES } from './action-types.js';
import { normaliseDefenderEvent } from './defender-events.js';

const device = { deviceId: 'd-01', deviceName: 'pc01.contoso.local' };

/** A Defender Operational event as a source would hand it over; EventData per Defender's event reference. */
function ev(eventId: number, data: Record<string, string>, extra: Partial<RawEvent> = {}): RawEvent {
  return {
    channel: 'Microsoft-Windows-Windows Defender/Operational',
    provider: 'Microsoft-Windows-Windows Defender',
    eventId,
    recordId: 1000n + BigInt(eventId),
    timeCreated: '2024-03-01T10:00:00.1234567Z',
    computer: 'pc01.contoso.local',
    level: 4,
    userId: 'S-1-5-18',
    data,
    ...extra,
  };
}

function row(e: RawEvent) {
  const r = normaliseDefenderEvent(e, device);
  assert.equal(r.rejection, undefined);
  assert.ok(r.deviceEvent, `event ${e.eventId} gives a row`);
  return r.deviceEvent as Record<string, any>;
}

const detection = (over: Record<string, string> = {}) => ({
  'Product Name': '%%827', 'Product Version': '4.18.24010.12', 'Detection ID': '{11111111-2222-3333-4444-555555555555}',
  'Detection Time': '2024-03-01T09:59:59.500Z', 'Threat ID': '2147735505', 'Threat Name': 'Trojan:Win32/Wacatac.B!ml',
  'Severity ID': '5', 'Severity Name': 'Severe', 'Category ID': '8', 'Category Name': 'Trojan', 'FWLink': 'https://go.microsoft.com/fwlink/?linkid=37020',
  'Status Code': '1', 'State': '1', 'Source ID': '3', 'Source Name': '%%818', 'Process Name': 'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
  'Detection User': 'CONTOSO\\alice', 'Path': 'webfile:_C:\\Users\\alice\\Downloads\\invoice.exe|https://evil.example/invoice.exe|pid:4242,ProcessStart:133541234567890123; file:_C:\\Users\\alice\\Downloads\\invoice.exe',
  'Origin ID': '4', 'Origin Name': '%%847', 'Execution ID': '1', 'Execution Name': '%%813', 'Type ID': '0', 'Type Name': '%%822',
  'Pre Execution Status': '0', 'Action ID': '9', 'Action Name': '%%887', 'Error Code': '0x00000000',
  'Error Description': 'The operation completed successfully. ', 'Post Clean Status': '0', 'Additional Actions ID': '0',
  'Additional Actions String': 'No additional actions required', 'Remediation User': '', 'Unused': '', 'Unused2': '',
  'Security intelligence Version': 'AV: 1.405.345.0, AS: 1.405.345.0, NIS: 1.405.345.0', 'Engine Version': 'AM: 1.1.24010.10, NIS: 1.1.24010.10',
  ...over,
});

test('1116 becomes AntivirusDetection with the file, user, process and the fields analysts read', () => {
  const r = row(ev(1116, detection()));
  assert.equal(r.ActionType, 'AntivirusDetection');
  assert.equal(r.Timestamp, '2024-03-01T10:00:00.1234567Z');
  assert.equal(r.DeviceId, 'd-01');
  assert.equal(r.DeviceName, 'pc01.contoso.local');
  assert.equal(r.FileName, 'invoice.exe');
  assert.equal(r.FolderPath, 'C:\\Users\\alice\\Downloads\\invoice.exe');
  assert.equal(r.FileOriginUrl, 'https://evil.example/invoice.exe');
  assert.equal(r.InitiatingProcessFileName, 'firefox.exe');
  assert.equal(r.InitiatingProcessFolderPath, 'C:\\Program Files\\Mozilla Firefox\\firefox.exe');
  assert.equal(r.AccountDomain, 'CONTOSO');
  assert.equal(r.AccountName, 'alice');
  const f = r.AdditionalFields;
  assert.equal(f.ThreatName, 'Trojan:Win32/Wacatac.B!ml');
  assert.equal(f.WasRemediated, false);
  assert.equal(f.WasExecutingWhileDetected, false);
  // %%NNN references resolve to Defender's English names; ids are kept beside them.
  assert.equal(f.ReportSource, 'Real-Time Protection');
  assert.equal(f.ReportSourceId, 3);
  assert.equal(f.Origin, 'Internet');
  assert.equal(f.ExecutionState, 'Suspended');
  assert.equal(f.DetectionType, 'Concrete');
  assert.equal(f.Action, 'Not Applicable');
  assert.equal(f.ActionId, 9);
  assert.equal(f.ProductName, 'Microsoft Defender Antivirus');
  assert.equal(f.Severity, 'Severe');
  assert.equal(f.SeverityId, 5);
  assert.equal(f.SignatureVersion, '1.405.345.0');
  assert.equal(f.EngineVersion, '1.1.24010.10');
  assert.equal(f.DetectionTime, '2024-03-01T09:59:59.5000000Z');
  assert.equal(f.ErrorDescription, 'The operation completed successfully.');
  assert.deepEqual(f.Resources.map((x: any) => x.Type), ['webfile', 'file']);
  assert.ok(!('Unused' in f) && !('Unused2' in f), 'placeholders are dropped');
  assert.match(r.ReportId, /^\d+$/);
});

test('1117 with a completed quarantine is the remediation row; a failed one is not remediated', () => {
  const done = row(ev(1117, detection({ 'Action ID': '2', 'Action Name': '%%809', 'State': '2', 'Remediation User': 'NT AUTHORITY\\SYSTEM' })));
  assert.equal(done.ActionType, 'AntivirusMalwareBlocked');
  assert.equal(done.AdditionalFields.WasRemediated, true);
  assert.equal(done.AdditionalFields.Action, 'Quarantine');
  assert.equal(done.AdditionalFields.RemediationUser, 'NT AUTHORITY\\SYSTEM');
  const failed = row(ev(1117, detection({ 'Action ID': '2', 'Action Name': 'Quarantine', 'Error Code': '0x80508023' })));
  assert.equal(failed.AdditionalFields.WasRemediated, false);
  const allowed = row(ev(1117, detection({ 'Action ID': '6', 'Action Name': 'Allow' })));
  assert.equal(allowed.AdditionalFields.WasRemediated, false);
});

test('1118 and 1119 are AntivirusMalwareActionFailed and AntivirusError; executing threats are flagged', () => {
  const failed = row(ev(1118, detection({ 'Execution ID': '2', 'Execution Name': '%%848', 'Action ID': '3', 'Error Code': '0x80508026' })));
  assert.equal(failed.ActionType, 'AntivirusMalwareActionFailed');
  assert.equal(failed.AdditionalFields.WasExecutingWhileDetected, true);
  assert.equal(failed.AdditionalFields.WasRemediated, false);
  assert.equal(row(ev(1119, detection())).ActionType, 'AntivirusError');
});

test('a French detection keeps its localised names as sent, with the numeric ids beside them', () => {
  const r = row(ev(1116, detection({
    'Product Name': 'Antivirus Microsoft Defender', 'Severity Name': 'Élevé', 'Severity ID': '4', 'Category Name': 'Outil',
    'Source Name': 'Protection en temps réel', 'Origin Name': 'Ordinateur local', 'Execution Name': 'Suspendu',
    'Action Name': 'Non applicable', 'Type Name': 'Concret', 'Detection User': 'CONTOSO\\amélie',
    'Error Description': "L'opération a réussi.", 'Threat Name': 'HackTool:Win32/Mimikatz.D',
  })));
  const f = r.AdditionalFields;
  assert.equal(f.ReportSource, 'Protection en temps réel');
  assert.equal(f.ReportSourceId, 3);
  assert.equal(f.Severity, 'Élevé');
  assert.equal(f.SeverityId, 4);
  assert.equal(f.ExecutionState, 'Suspendu');
  assert.equal(f.WasExecutingWhileDetected, false, 'decided by Execution ID, not by the localised name');
  assert.equal(f.ProductName, 'Antivirus Microsoft Defender');
  assert.equal(r.AccountName, 'amélie');
});

test('a Japanese 1117 remediation is read from the ids; names stay in Japanese', () => {
  const r = row(ev(1117, detection({
    'Severity Name': '深刻', 'Category Name': 'トロイの木馬', 'Source Name': 'リアルタイム保護', 'Action ID': '2',
    'Action Name': '検疫', 'Execution Name': '中断', 'Origin Name': 'インターネット', 'Detection User': 'CONTOSO\\田中',
  })));
  assert.equal(r.ActionType, 'AntivirusMalwareBlocked');
  assert.equal(r.AdditionalFields.WasRemediated, true);
  assert.equal(r.AdditionalFields.Action, '検疫');
  assert.equal(r.AdditionalFields.ActionId, 2);
  assert.equal(r.AdditionalFields.ReportSource, 'リアルタイム保護');
  assert.equal(r.AccountName, '田中');
});

test('both spellings of the signature version field are read', () => {
  const { ['Security intelligence Version']: _, ...old } = detection();
  const r = row(ev(1116, { ...old, 'Signature Version': 'AV: 1.231.1.0, AS: 1.231.1.0, NIS: 0.0.0.0' }));
  assert.equal(r.AdditionalFields.SignatureVersion, '1.231.1.0');
  const upd = row(ev(2000, { 'Product Name': '%%827', 'Current Signature Version': '1.231.1.0', 'Previous Signature Version': '1.230.9.0',
    'Signature Type Index': '1', 'Signature Type': '%%800', 'Update Type': '%%804', 'Current Engine Version': '1.1.16000.6' }));
  const upd2 = row(ev(2000, { 'Product Name': '%%827', 'Current security intelligence Version': '1.405.345.0',
    'Previous security intelligence Version': '1.405.300.0', 'Security intelligence Type': '%%800', 'Update Type': '%%804' }));
  assert.equal(upd.ActionType, 'AntivirusDefinitionsUpdated');
  assert.equal(upd.AdditionalFields.SignatureVersion, '1.231.1.0');
  assert.equal(upd.AdditionalFields.PreviousSignatureVersion, '1.230.9.0');
  assert.equal(upd.AdditionalFields.SignatureType, 'AntiVirus');
  assert.equal(upd.AdditionalFields.UpdateType, 'Delta');
  assert.equal(upd2.AdditionalFields.SignatureVersion, '1.405.345.0');
  assert.equal(upd2.AdditionalFields.PreviousSignatureVersion, '1.405.300.0');
  const failed = row(ev(2001, { 'New security intelligence Version': '1.405.346.0', 'Error Code': '0x8024402c',
    'Error Description': 'The proxy server or target server name cannot be resolved.', 'Update Source': '%%859' }));
  assert.equal(failed.ActionType, 'AntivirusDefinitionsUpdateFailed');
  assert.equal(failed.AdditionalFields.SignatureVersion, '1.405.346.0');
  assert.equal(failed.AdditionalFields.UpdateSource, 'Microsoft Update Server');
  assert.equal(failed.AdditionalFields.ErrorCode, '0x8024402c');
});

test('scans carry ScanTypeIndex as Advanced Hunting spells it, and the scanning account', () => {
  const scan = { 'Product Name': '%%827', 'Scan ID': '{CE345D2C-02E3-48B3-8683-BF64336A98E7}', 'Scan Type Index': '1',
    'Scan Type': '%%802', 'Scan Parameters Index': '1', 'Scan Parameters': '%%806', 'Domain': 'NT AUTHORITY', 'User': 'SYSTEM', 'SID': 'S-1-5-18' };
  const done = row(ev(1001, { ...scan, 'Scan Time Hours': '0', 'Scan Time Minutes': '3', 'Scan Time Seconds': '12' }));
  assert.equal(done.ActionType, 'AntivirusScanCompleted');
  assert.equal(done.AdditionalFields.ScanTypeIndex, 'Quick');
  assert.equal(done.AdditionalFields.ScanParameters, 'Quick Scan');
  assert.equal(done.AdditionalFields.ScanType, 'Antimalware');
  assert.equal(done.AdditionalFields.ScanDurationSeconds, 192);
  assert.equal(done.AccountDomain, 'NT AUTHORITY');
  assert.equal(done.AccountName, 'SYSTEM');
  assert.equal(done.AccountSid, 'S-1-5-18');
  assert.equal(row(ev(1000, scan)).ActionType, 'AntivirusScanStarted');
  assert.equal(row(ev(1002, { ...scan, 'Scan Parameters Index': '2' })).AdditionalFields.ScanTypeIndex, 'Full');
  const failed = row(ev(1005, { ...scan, 'Error Code': '0x80508018', 'Error Description': 'ERR_MP_SCAN_ABORTED' }));
  assert.equal(failed.ActionType, 'AntivirusScanFailed');
  assert.equal(failed.AdditionalFields.ErrorCode, '0x80508018');
});

test('1151 health reports resolve %%901/%%902 and turn ages and times into values', () => {
  const r = row(ev(1151, {
    'Product Name': '%%827', 'Platform version': '4.18.2005.5', 'Unused': '', 'Engine version': '1.1.17100.2',
    'NRI engine version': '1.1.17100.2', 'AV security intelligence version': '1.317.992.0', 'AS security intelligence version': '1.317.992.0',
    'NRI security intelligence version': '1.317.992.0', 'RTP state': '%%902', 'OA state': '%%901', 'IOAV state': '%%901', 'BM state': '%%901',
    'Last AV security intelligence age': '14', 'Last AS security intelligence age': '14', 'Last quick scan age': '27',
    'Last full scan age': '4294967295', 'AV security intelligence creation time': '6/9/2020 5:53:46 PM',
    'AS security intelligence creation time': '6/9/2020 5:53:46 AM', 'Last quick scan start time': '5/26/2020 9:38:30 AM',
    'Last quick scan end time': '5/26/2020 9:41:24 AM', 'Last quick scan source': '2', 'Last full scan start time': '1/1/1601 12:00:00 AM',
    'Last full scan end time': '1/1/1601 12:00:00 AM', 'Last full scan source': '0', 'Product status': '0x00080080',
  }));
  assert.equal(r.ActionType, 'AntivirusHealthReport');
  const f = r.AdditionalFields;
  assert.equal(f.RtpState, 'Disabled');
  assert.equal(f.RealTimeProtectionEnabled, false);
  assert.equal(f.BehaviorMonitorEnabled, true);
  assert.equal(f.AvSignatureVersion, '1.317.992.0');
  assert.equal(f.AvSignatureAge, 14);
  assert.equal(f.FullScanAge, null);
  assert.equal(f.AvSignatureCreationTime, '2020-06-09T17:53:46Z');
  assert.equal(f.QuickScanEndTime, '2020-05-26T09:41:24Z');
  assert.equal(f.FullScanStartTime, null);
  assert.equal(f.ProductStatus, '0x00080080');
  assert.equal(r.AccountSid, 'S-1-5-18');
  assert.equal(row(ev(1150, { 'Platform version': '4.18.2005.5', 'Security intelligence version': '1.317.992.0' })).AdditionalFields.SignatureVersion, '1.317.992.0');
});

test('5007 exclusion changes fill the Registry columns and name the excluded item', () => {
  const added = row(ev(5007, { 'Product Name': '%%827', 'Old Value': '',
    'New Value': 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Tools\\x;y = 0x0' }));
  assert.equal(added.ActionType, 'AntivirusConfigurationChanged');
  assert.equal(added.RegistryKey, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Exclusions\\Paths');
  assert.equal(added.RegistryValueName, 'C:\\Tools\\x;y');
  assert.equal(added.AdditionalFields.Change, 'Added');
  assert.equal(added.AdditionalFields.ExclusionPath, 'C:\\Tools\\x;y');
  assert.equal(added.AdditionalFields.Exclusion, 'C:\\Tools\\x;y');
  assert.equal(added.AdditionalFields.IsPolicy, true);
  const setting = row(ev(5007, {
    'Old Value': 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection\\DisableRealtimeMonitoring = 0x0',
    'New Value': 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection\\DisableRealtimeMonitoring = 0x1' }));
  assert.equal(setting.RegistryValueName, 'DisableRealtimeMonitoring');
  assert.equal(setting.RegistryValueData, '0x1');
  assert.equal(setting.AdditionalFields.Change, 'Changed');
  assert.equal(setting.AdditionalFields.OldData, '0x0');
  assert.ok(!('Exclusion' in setting.AdditionalFields));
});

test('5013 is a TamperingAttempt with Status, Target and the attempted value', () => {
  const r = row(ev(5013, { 'Product Name': '%%827', 'Changed Type': '%%903',
    'Value': 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection\\DisableRealtimeMonitoring = 0x1' }));
  assert.equal(r.ActionType, 'TamperingAttempt');
  assert.equal(r.AdditionalFields.Status, 'Blocked');
  assert.equal(r.AdditionalFields.TamperingAction, 'RegistryModification');
  assert.equal(r.AdditionalFields.Target, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection\\DisableRealtimeMonitoring');
  assert.equal(r.AdditionalFields.TamperingAttemptedValue, '0x1');
  assert.equal(r.RegistryValueData, '0x1');
});

test('1121 names the ASR rule; unknown rules fall back to AsrRuleBlocked', () => {
  const data = { 'Product Name': '%%827', 'ID': 'D4F940AB-401B-4EFC-AADC-AD5F3C50688A', 'Detection Time': '2024-03-01T09:00:00.000Z',
    'User': 'CONTOSO\\bob', 'Path': 'C:\\Windows\\System32\\cmd.exe', 'Process Name': 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    'Target Commandline': 'cmd.exe /c whoami', 'Parent Commandline': '"WINWORD.EXE" /n invoice.docm' };
  const r = row(ev(1121, data));
  assert.equal(r.ActionType, 'AsrOfficeChildProcessBlocked');
  assert.equal(r.AdditionalFields.RuleId, 'd4f940ab-401b-4efc-aadc-ad5f3c50688a');
  assert.equal(r.AdditionalFields.IsAudit, false);
  assert.equal(r.FileName, 'cmd.exe');
  assert.equal(r.InitiatingProcessFileName, 'WINWORD.EXE');
  assert.equal(r.ProcessCommandLine, 'cmd.exe /c whoami');
  assert.equal(r.AccountName, 'bob');
  assert.equal(row(ev(1122, data)).ActionType, 'AsrOfficeChildProcessAudited');
  assert.equal(row(ev(1121, { ...data, ID: '{33DDEDF1-C6E0-47CB-833E-DE6133960387}' })).ActionType, 'AsrRuleBlocked');
});

test('1120 fills SHA1 and SHA256 from the hashes it lists', () => {
  const r = row(ev(1120, { 'Threat resource path': 'C:\\Users\\a\\x.exe',
    'Hashes': 'SHA1:3395856CE81F2B7382DEE72602F798B642F14140, SHA2:275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F' }));
  assert.equal(r.SHA1, '3395856ce81f2b7382dee72602f798b642f14140');
  assert.equal(r.SHA256, '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f');
  assert.equal(r.FileName, 'x.exe');
});

test('protection, feature and expiry events map to their ActionTypes and keep their fields', () => {
  assert.equal(row(ev(5001, { 'Product Name': '%%827' })).ActionType, 'AntivirusRealTimeProtectionDisabled');
  const rtp = row(ev(3002, { 'Feature Name': '%%834', 'Feature ID': '1', 'Reason': '%%840', 'Error Code': '0x80004005' }));
  assert.equal(rtp.ActionType, 'AntivirusRealTimeProtectionFailed');
  assert.equal(rtp.AdditionalFields.Feature, 'On Access');
  assert.equal(rtp.AdditionalFields.Reason, '%%840', 'long messages stay as references');
  assert.equal(row(ev(5101, { 'Expiration Reason': '%%872' })).ActionType, 'AntivirusExpired');
  const unknown = row(ev(5000, { 'Product Name': '%%827', 'Some Future Field': 'x' }));
  assert.equal(unknown.AdditionalFields.SomeFutureField, 'x', 'fields this code does not know still reach AdditionalFields');
});

test('ReportId is stable for a retry and differs by record, channel and device', () => {
  const e = ev(1116, detection());
  const a = row(e).ReportId;
  assert.equal(row({ ...e }).ReportId, a);
  assert.notEqual(row({ ...e, recordId: e.recordId + 1n }).ReportId, a);
  assert.notEqual(row({ ...e, channel: 'ForwardedEvents' }).ReportId, a);
  assert.notEqual(normaliseDefenderEvent(e, { deviceId: 'd-02', deviceName: 'x' }).deviceEvent!.ReportId, a);
  assert.ok(BigInt(a) <= 0x7fff_ffff_ffff_ffffn, 'fits the long ReportId column');
});

test('forwarded Defender events are recognised by provider; other providers and unmapped ids give nothing', () => {
  assert.equal(row(ev(1116, detection(), { channel: 'ForwardedEvents' })).ActionType, 'AntivirusDetection');
  assert.deepEqual(normaliseDefenderEvent(ev(1116, detection(), { provider: 'Microsoft-Windows-Security-Auditing' }), device), {});
  assert.deepEqual(normaliseDefenderEvent(ev(1003, {}), device), {});
});

test('a Defender event with an unusable time is rejected with the reason', () => {
  const r = normaliseDefenderEvent(ev(1116, detection(), { timeCreated: 'yesterday' }), device);
  assert.equal(r.deviceEvent, undefined);
  assert.match(r.rejection!, /timeCreated "yesterday" is not an ISO 8601 time/);
});

test('every event id the telemetry issue lists has an ActionType; Picket names only where Microsoft has none', () => {
  const listed = [1000, 1001, 1002, 1005, 1006, 1007, 1008, 1009, 1013, 1015, 1116, 1117, 1118, 1119, 1120, 1121, 1150, 1151,
    2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 3002, 3007, 5000, 5001, 5004, 5007, 5008, 5009, 5010, 5011, 5012, 5013, 5100, 5101];
  for (const id of listed) assert.ok(DEFENDER_ACTION_TYPES.has(id), `event ${id}`);
  const microsoft = new Set(['AntivirusDetection', 'AntivirusReport', 'AntivirusScanCompleted', 'AntivirusScanCancelled',
    'AntivirusScanFailed', 'AntivirusDefinitionsUpdated', 'AntivirusDefinitionsUpdateFailed', 'AntivirusMalwareActionFailed',
    'AntivirusMalwareBlocked', 'AntivirusError', 'AntivirusEmergencyUpdatesInstalled', 'TamperingAttempt']);
  for (const [id, e] of DEFENDER_ACTION_TYPES) {
    if (e.family === 'asr') continue;
    assert.equal(!microsoft.has(e.actionType), e.picket === true, `event ${id} ${e.actionType}: picket flag`);
  }
});
