/**
 * What a simulated fleet is made of: Windows editions, the threats Defender reports, software, other antivirus
 * products that push Defender into passive mode, and the exclusions admins add. Threat names, ids, severities and
 * categories of EICAR and Mimikatz are those real Defender events carry (shared/samples/evtx and Microsoft's
 * threat encyclopedia); the other threats are names Defender reports in enterprises, with illustrative ids.
 */

export interface OsEdition {
  /** Advanced Hunting's OSPlatform. */
  platform: string;
  caption: string;
  /** Major.minor.build, e.g. 10.0.22631. */
  version: string;
  build: number;
  /** The update build revision at the start of the simulation (grows with monthly patches). */
  ubr: number;
  displayVersion: string;
  server: boolean;
}

export const WORKSTATIONS: readonly (readonly [OsEdition, number])[] = [
  [{ platform: 'Windows11', caption: 'Microsoft Windows 11 Enterprise', version: '10.0.22631', build: 22631, ubr: 4317, displayVersion: '23H2', server: false }, 45],
  [{ platform: 'Windows11', caption: 'Microsoft Windows 11 Pro', version: '10.0.26100', build: 26100, ubr: 2033, displayVersion: '24H2', server: false }, 15],
  [{ platform: 'Windows10', caption: 'Microsoft Windows 10 Enterprise', version: '10.0.19045', build: 19045, ubr: 5011, displayVersion: '22H2', server: false }, 40],
];

export const SERVERS: readonly (readonly [OsEdition, number])[] = [
  [{ platform: 'WindowsServer2022', caption: 'Microsoft Windows Server 2022 Datacenter', version: '10.0.20348', build: 20348, ubr: 2762, displayVersion: '21H2', server: true }, 45],
  [{ platform: 'WindowsServer2019', caption: 'Microsoft Windows Server 2019 Standard', version: '10.0.17763', build: 17763, ubr: 6414, displayVersion: '1809', server: true }, 35],
  [{ platform: 'WindowsServer2016', caption: 'Microsoft Windows Server 2016 Standard', version: '10.0.14393', build: 14393, ubr: 7428, displayVersion: '1607', server: true }, 20],
];

/** Server roles: the host name prefix, and software the role brings. */
export const SERVER_ROLES = ['DC', 'FS', 'SQL', 'WEB', 'APP', 'RDS', 'PRT'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

export interface Threat {
  name: string;
  id: string;
  severityId: number;
  severityName: string;
  categoryId: number;
  categoryName: string;
  /** Where it is found: a path template with {user}. */
  path: string;
  process: string;
  /** Detection source (Defender's Source ID and its message reference). */
  sourceId: number;
  sourceName: string;
  originId: number;
  originName: string;
}

export const THREATS: readonly (readonly [Threat, number])[] = [
  [{ name: 'Virus:DOS/EICAR_Test_File', id: '2147519003', severityId: 5, severityName: 'Severe', categoryId: 42, categoryName: 'Virus',
    path: 'file:_C:\\Users\\{user}\\Downloads\\eicar.com.txt', process: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    sourceId: 3, sourceName: 'Real-Time Protection', originId: 4, originName: 'Internet' }, 35],
  [{ name: 'HackTool:Win32/Mimikatz.D', id: '2147729891', severityId: 4, severityName: 'High', categoryId: 34, categoryName: 'Tool',
    path: 'file:_C:\\Users\\{user}\\Documents\\mimikatz.exe', process: 'C:\\Windows\\explorer.exe',
    sourceId: 3, sourceName: 'Real-Time Protection', originId: 1, originName: 'Local machine' }, 15],
  [{ name: 'HackTool:Win64/Mikatz!dha', id: '2147705511', severityId: 4, severityName: 'High', categoryId: 34, categoryName: 'Tool',
    path: 'file:_C:\\Users\\{user}\\Documents\\mimidrv.sys', process: 'C:\\Windows\\explorer.exe',
    sourceId: 3, sourceName: 'Real-Time Protection', originId: 1, originName: 'Local machine' }, 8],
  [{ name: 'Trojan:Win32/Wacatac.B!ml', id: '2147735503', severityId: 5, severityName: 'Severe', categoryId: 8, categoryName: 'Trojan',
    path: 'file:_C:\\Users\\{user}\\AppData\\Local\\Temp\\setup_x64.exe', process: 'C:\\Windows\\System32\\cmd.exe',
    sourceId: 3, sourceName: 'Real-Time Protection', originId: 4, originName: 'Internet' }, 12],
  [{ name: 'PUA:Win32/Presenoker', id: '2147720175', severityId: 1, severityName: 'Low', categoryId: 27, categoryName: 'Potentially Unwanted Software',
    path: 'file:_C:\\Users\\{user}\\Downloads\\FreePdfConverterSetup.exe', process: 'Unknown',
    sourceId: 2, sourceName: 'System', originId: 4, originName: 'Internet' }, 20],
  [{ name: 'Trojan:PowerShell/Mimikatz.A', id: '2147725372', severityId: 5, severityName: 'Severe', categoryId: 8, categoryName: 'Trojan',
    path: 'amsi:_C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', process: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    sourceId: 10, sourceName: 'AMSI', originId: 0, originName: 'Unknown' }, 10],
];

/** Why a remediation failed: the HRESULT and the text Defender writes beside it. */
export const REMEDIATION_ERRORS: readonly (readonly [string, string])[] = [
  ['0x80070020', 'The process cannot access the file because it is being used by another process. '],
  ['0x80508023', 'The program could not find the malware and other potentially unwanted software on this device. '],
  ['0x80070005', 'Access is denied. '],
];

/** Why a security intelligence update failed. */
export const UPDATE_ERRORS: readonly (readonly [string, string])[] = [
  ['0x80072ee2', 'The operation timed out '],
  ['0x80072ee7', 'The server name or address could not be resolved '],
  ['0x8024402c', 'An unexpected problem occurred while checking for updates. For information on installing or troubleshooting updates, see Help and Support. '],
];

export interface Software { name: string; version: string; publisher: string }

export const COMMON_SOFTWARE: readonly Software[] = [
  { name: 'Microsoft Edge', version: '131.0.2903.70', publisher: 'Microsoft Corporation' },
  { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810', version: '14.40.33810.0', publisher: 'Microsoft Corporation' },
  { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' },
];

export const WORKSTATION_SOFTWARE: readonly Software[] = [
  { name: 'Google Chrome', version: '131.0.6778.86', publisher: 'Google LLC' },
  { name: 'Mozilla Firefox (x64 en-US)', version: '133.0', publisher: 'Mozilla' },
  { name: 'Microsoft 365 Apps for enterprise - en-us', version: '16.0.17928.20156', publisher: 'Microsoft Corporation' },
  { name: 'Adobe Acrobat Reader (64-bit)', version: '24.004.20220', publisher: 'Adobe' },
  { name: 'Zoom Workplace (64-bit)', version: '6.2.11', publisher: 'Zoom Video Communications, Inc.' },
  { name: 'VLC media player', version: '3.0.21', publisher: 'VideoLAN' },
  { name: 'Notepad++ (64-bit x64)', version: '8.7.1', publisher: 'Notepad++ Team' },
  { name: 'Git', version: '2.47.0', publisher: 'The Git Development Community' },
  { name: 'Python 3.12.7 (64-bit)', version: '3.12.7150.0', publisher: 'Python Software Foundation' },
  { name: 'PuTTY release 0.81 (64-bit)', version: '0.81.0.0', publisher: 'Simon Tatham' },
];

export const SERVER_SOFTWARE: Record<ServerRole, readonly Software[]> = {
  DC: [],
  FS: [{ name: 'Veeam Agent for Microsoft Windows', version: '6.2.0.121', publisher: 'Veeam Software Group GmbH' }],
  SQL: [
    { name: 'Microsoft SQL Server 2019 (64-bit)', version: '15.0.4395.2', publisher: 'Microsoft Corporation' },
    { name: 'SQL Server Management Studio', version: '20.2.30.0', publisher: 'Microsoft Corporation' },
  ],
  WEB: [{ name: 'IIS URL Rewrite Module 2', version: '7.2.1993', publisher: 'Microsoft Corporation' }],
  APP: [{ name: 'Java 8 Update 431 (64-bit)', version: '8.0.4310.10', publisher: 'Oracle Corporation' }],
  RDS: [{ name: 'Microsoft 365 Apps for enterprise - en-us', version: '16.0.17928.20156', publisher: 'Microsoft Corporation' }],
  PRT: [{ name: 'PaperCut MF', version: '23.0.9', publisher: 'PaperCut Software Pty Ltd' }],
};

export const VM_TOOLS: Software = { name: 'VMware Tools', version: '12.4.5.23787635', publisher: 'VMware, Inc.' };

/** Software a user or admin adds during the simulation. */
export const LATER_SOFTWARE: readonly Software[] = [
  { name: 'WinSCP 6.3.5', version: '6.3.5', publisher: 'Martin Prikryl' },
  { name: 'Wireshark 4.4.2 x64', version: '4.4.2', publisher: 'The Wireshark developer community, https://www.wireshark.org' },
  { name: 'Node.js', version: '22.11.0', publisher: 'Node.js Foundation' },
  { name: 'Microsoft Visual Studio Code', version: '1.95.3', publisher: 'Microsoft Corporation' },
  { name: 'TeamViewer', version: '15.59.5', publisher: 'TeamViewer' },
  { name: 'AnyDesk', version: '9.0.1', publisher: 'AnyDesk Software GmbH' },
  { name: 'KeePass Password Safe 2.57.1', version: '2.57.1', publisher: 'Dominik Reichl' },
];

/** Other antivirus products: installing one makes Defender step back into passive mode. */
export const OTHER_ANTIVIRUS: readonly Software[] = [
  { name: 'Sophos Endpoint Agent', version: '2023.2.2.1', publisher: 'Sophos Limited' },
  { name: 'ESET Endpoint Antivirus', version: '11.0.2032.0', publisher: 'ESET, spol. s r.o.' },
  { name: 'Trend Micro Apex One Security Agent', version: '14.0.12932', publisher: 'Trend Micro Inc.' },
  { name: 'Symantec Endpoint Protection', version: '14.3.9210.6000', publisher: 'Broadcom' },
];

/** Exclusions as the registry value 5007 reports: the key below Exclusions, and the excluded item. */
export const WORKSTATION_EXCLUSIONS: readonly (readonly [string, string])[] = [
  ['Paths', 'C:\\TOOLS\\mimikatz'],
  ['Paths', 'C:\\Users\\Public\\Downloads'],
  ['Processes', 'virus.exe'],
  ['Extensions', '.mimi'],
  ['Paths', 'C:\\Dev\\build'],
  ['Processes', 'node.exe'],
];

export const SERVER_EXCLUSIONS: readonly (readonly [string, string])[] = [
  ['Paths', 'C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\DATA'],
  ['Extensions', '.mdf'],
  ['Extensions', '.ldf'],
  ['Processes', 'sqlservr.exe'],
  ['Paths', 'D:\\Backup'],
  ['Paths', 'C:\\inetpub\\temp\\IIS Temporary Compressed Files'],
];

export const USERS = ['jdoe', 'asmith', 'mgarcia', 'lchen', 'pkumar', 'ewilson', 'tnguyen', 'okowalski', 'sbrown', 'rmartin'] as const;
export const DOMAIN = 'corp.contoso.com';
export const NETBIOS_DOMAIN = 'CONTOSO';
