/**
 * Defender's unresolved message references. Sources that read events without the provider's message file
 * (raw .evtx, forwarded XML without RenderingInfo, Properties from Get-WinEvent) leave insert strings such as
 * "%%818" in EventData. The numbers index MpEvMsg.dll's string table (Microsoft-Windows-Windows Defender, platform
 * 4.18; ids as listed for that message file in libyal/winevt-kb). Only the short names are kept; the long
 * sentences (836-842, 858, 892, 896) stay as references because no analyst filters on them.
 * Text that is already resolved — English or localised (French, Japanese …) — is never touched.
 */

const DEFENDER_MESSAGES: Record<number, string> = {
  800: 'AntiVirus', 801: 'AntiSpyware', 802: 'Antimalware', 803: 'Full', 804: 'Delta',
  805: 'Full Scan', 806: 'Quick Scan', 807: 'Custom Scan',
  808: 'Remove', 809: 'Quarantine', 810: 'Clean', 811: 'Allow', 812: 'Unknown', 813: 'Suspended', 814: 'Allowed',
  815: 'User', 816: 'Scheduled', 817: 'Security intelligence Update Folder', 818: 'Real-Time Protection',
  819: 'Downloads and attachments', 820: 'System', 821: 'Heuristics', 822: 'Concrete', 823: 'Generic',
  824: 'Current', 825: 'Backup', 826: 'Default', 827: 'Microsoft Defender Antivirus',
  828: 'Microsoft Forefront Endpoint Protection', 829: 'Microsoft Standalone System Sweeper',
  830: 'Crash', 831: 'Hang', 832: 'Not Applicable', 833: 'IE Downloads and Outlook Express Attachments',
  834: 'On Access', 835: 'Behavior Monitoring', 843: 'Suspicious', 844: 'Unknown', 845: 'Local machine',
  846: 'Network share', 847: 'Internet', 848: 'Executing', 849: 'Internal security intelligence Update Server',
  850: 'File Share', 851: 'Microsoft Malware Protection Center', 852: 'Search', 853: 'Download', 854: 'Install',
  855: 'Low', 856: 'Medium', 857: 'High', 859: 'Microsoft Update Server', 860: 'Microsoft Antimalware',
  861: 'Microsoft Antimalware', 862: 'FastPath', 863: 'Security intelligence update',
  864: 'Security intelligence disable notification', 865: 'VDM version', 866: 'Timestamp', 867: 'No limit',
  868: 'Manual', 869: 'Automatic', 870: 'Duration', 871: 'None', 874: 'Information Protection Control',
  875: 'Unknown', 876: 'Detected', 877: 'Cleaned', 878: 'Quarantined', 879: 'Removed', 880: 'Allowed',
  881: 'Clean Failed', 882: 'Quarantine Failed', 883: 'Remove Failed', 884: 'Allow Failed', 885: 'Unknown',
  886: 'Network Inspection System', 887: 'Not Applicable', 888: 'Outgoing traffic', 889: 'Incoming traffic',
  890: 'Block', 891: 'Internet Explorer Extension Validation', 893: 'Early Launch Antimalware',
  894: 'TCG Log Inspection', 895: 'Remote Server', 897: 'AMSI', 898: 'AMSI UAC provider',
  899: 'Microsoft Defender for Endpoint', 900: 'Shared security intelligence Root',
  901: 'Enabled', 902: 'Disabled', 903: 'Blocked', 904: 'Ignored',
};

const REFERENCE = /^%%(\d+)$/;

/** The message id of a value that is exactly one "%%NNN" reference, else null. */
export function messageId(value: string): number | null {
  const m = REFERENCE.exec(value.trim());
  return m ? Number(m[1]) : null;
}

/** The English text of a Defender "%%NNN" reference; any other value (resolved or localised) as sent. */
export function resolveMessage(value: string): string {
  if (!value.includes('%%')) return value;
  const id = messageId(value);
  if (id === null) return value;
  return DEFENDER_MESSAGES[id] ?? value;
}
