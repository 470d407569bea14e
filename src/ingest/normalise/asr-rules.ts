/**
 * Attack surface reduction rule GUID => the ActionType stem Advanced Hunting uses for it ("AsrOfficeChildProcess"
 * + "Blocked" | "Audited"). GUIDs per Microsoft's ASR rules reference; stems per the DeviceEvents ActionType list.
 * Rules with no documented ActionType fall back to AsrRuleBlocked / AsrRuleAudited with the GUID in RuleId.
 */

const ASR_RULES: Record<string, string> = {
  'be9ba2d9-53ea-4cdc-84e5-9b1eeee46550': 'AsrExecutableEmailContent',
  'd4f940ab-401b-4efc-aadc-ad5f3c50688a': 'AsrOfficeChildProcess',
  '3b576869-a4ec-4529-8536-b80a7769e899': 'AsrExecutableOfficeContent',
  '75668c1f-73b5-4cf0-bb93-3ecf5cb7cc84': 'AsrOfficeProcessInjection',
  'd3e037e1-3eb8-44c8-a917-57927947596d': 'AsrScriptExecutableDownload',
  '5beb7efe-fd9a-4556-801d-275e5ffc04cc': 'AsrObfuscatedScript',
  '92e97fa1-2edf-4476-bdd6-9dd0b4dddc7b': 'AsrOfficeMacroWin32ApiCalls',
  '01443614-cd74-433a-b99e-2ecdc07bfc25': 'AsrUntrustedExecutable',
  'c1db55ab-c21a-4637-bb3f-a12568109d35': 'AsrRansomware',
  '9e6c4e1f-7d60-472f-ba1a-a39ef669e4b2': 'AsrLsassCredentialTheft',
  'd1e49aac-8f56-4280-b9ba-993a6d77406c': 'AsrPsexecWmiChildProcess',
  'b2b3f03d-6a65-4f7b-a9c7-1c7ef74a9ba4': 'AsrUntrustedUsbProcess',
  '26190899-1602-49e8-8b27-eb1d0a1ce869': 'AsrOfficeCommAppChildProcess',
  '7674ba52-37eb-4a4f-a9a1-f0f9a1619a2c': 'AsrAdobeReaderChildProcess',
  'e6db77e5-3df2-4cf1-b95a-636979351e5b': 'AsrPersistenceThroughWmi',
  '56a863a9-875e-4185-98a7-b882c64b5ce5': 'AsrVulnerableSignedDriver',
};

/** The rule GUID in lower case without braces, as AdditionalFields.RuleId carries it. */
export function normaliseRuleId(id: string): string {
  return id.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

/** "AsrOfficeChildProcessBlocked", or the generic fallback for a rule Microsoft names no ActionType for. */
export function asrActionType(ruleId: string, audited: boolean): string {
  const stem = ASR_RULES[normaliseRuleId(ruleId)] ?? 'AsrRule';
  return stem + (audited ? 'Audited' : 'Blocked');
}
