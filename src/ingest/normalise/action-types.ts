/**
 * Defender Operational event id => DeviceEvents ActionType. Where Advanced Hunting has an ActionType for what the
 * event reports, that name is used (Microsoft's DeviceEvents ActionType list in the portal's schema reference,
 * and the ActionType <- Defender event pairs 1116, 1117, 1118, 1119, 2000, 2001, 2010 observed in MDE research).
 * Where it has none — Defender for Endpoint reports that state through other tables or not at all — the name is
 * Picket's own, built the same way ("Antivirus" + what happened), and marked `picket: true`.
 */

export type EventFamily =
  | 'scan'        // 1000-1005: scan lifecycle
  | 'threat'      // detections, actions, failures, quarantine restores
  | 'history'     // 1013: detection history deleted
  | 'hashes'      // 1120: hashes of a threat resource
  | 'asr'         // 1121/1122: attack surface reduction rule fired
  | 'health'      // 1150/1151
  | 'update'      // 2000-2010: security intelligence, engine and platform updates
  | 'feature'     // 3002/3007/5008: real-time protection and engine failures
  | 'state'       // 5000/5001, 5009-5012: protection switched on or off
  | 'config'      // 5004/5007: configuration changed
  | 'tamper'      // 5013: tamper protection blocked a change
  | 'expiry';     // 5100/5101

export interface ActionTypeEntry {
  actionType: string;
  family: EventFamily;
  /** True when Advanced Hunting has no ActionType for this event and the name is Picket's own. */
  picket?: true;
  /** Why this name, when it is not a one-to-one match. */
  why?: string;
}

export const DEFENDER_ACTION_TYPES: ReadonlyMap<number, ActionTypeEntry> = new Map<number, ActionTypeEntry>([
  [1000, { actionType: 'AntivirusScanStarted', family: 'scan', picket: true,
    why: 'Advanced Hunting reports only the end of a scan (completed, cancelled, failed).' }],
  [1001, { actionType: 'AntivirusScanCompleted', family: 'scan' }],
  [1002, { actionType: 'AntivirusScanCancelled', family: 'scan' }],
  [1005, { actionType: 'AntivirusScanFailed', family: 'scan' }],

  // 1006/1007/1008 are the engine-level twins of 1116/1117/1118 and often accompany them; mapping 1006 to
  // AntivirusDetection as well would count one detection twice, so it is an AntivirusReport.
  [1006, { actionType: 'AntivirusReport', family: 'threat',
    why: 'Engine-level report of a detection that 1116 reports as AntivirusDetection.' }],
  [1007, { actionType: 'AntivirusMalwareBlocked', family: 'threat' }],
  [1008, { actionType: 'AntivirusMalwareActionFailed', family: 'threat' }],
  [1009, { actionType: 'AntivirusQuarantineRestored', family: 'threat', picket: true }],
  [1013, { actionType: 'AntivirusHistoryDeleted', family: 'history', picket: true }],
  [1015, { actionType: 'AntivirusReport', family: 'threat',
    why: 'Suspicious behaviour reported by behaviour monitoring; the detection itself arrives as 1116.' }],
  [1116, { actionType: 'AntivirusDetection', family: 'threat' }],
  [1117, { actionType: 'AntivirusMalwareBlocked', family: 'threat',
    why: 'Action taken on a detection (quarantine, remove, clean, block): the remediation row.' }],
  [1118, { actionType: 'AntivirusMalwareActionFailed', family: 'threat' }],
  [1119, { actionType: 'AntivirusError', family: 'threat' }],
  [1120, { actionType: 'AntivirusThreatHashes', family: 'hashes', picket: true,
    why: 'Hashes of a detected resource (ThreatFileHashLogging); fills SHA1/SHA256 for joins with file tables.' }],
  // 1121/1122: the ActionType depends on the rule (see asr-rules.ts); these are the fallbacks for unknown rules.
  [1121, { actionType: 'AsrRuleBlocked', family: 'asr' }],
  [1122, { actionType: 'AsrRuleAudited', family: 'asr' }],

  [1150, { actionType: 'AntivirusServiceHealthy', family: 'health', picket: true,
    why: 'Hourly heartbeat; Advanced Hunting keeps health in DeviceTvmSecureConfigurationAssessment instead.' }],
  [1151, { actionType: 'AntivirusHealthReport', family: 'health', picket: true,
    why: 'Hourly health report (versions, RTP/OA/IOAV/BM state, signature and scan ages); no DeviceEvents twin.' }],

  [2000, { actionType: 'AntivirusDefinitionsUpdated', family: 'update' }],
  [2001, { actionType: 'AntivirusDefinitionsUpdateFailed', family: 'update' }],
  [2002, { actionType: 'AntivirusEngineUpdated', family: 'update', picket: true }],
  [2003, { actionType: 'AntivirusEngineUpdateFailed', family: 'update', picket: true }],
  [2004, { actionType: 'AntivirusDefinitionsUpdateFailed', family: 'update',
    why: 'New definitions failed to load and Defender reverted to the last good set: the update did not apply.' }],
  [2005, { actionType: 'AntivirusPlatformOutOfDate', family: 'update', picket: true }],
  [2006, { actionType: 'AntivirusPlatformUpdateFailed', family: 'update', picket: true }],
  [2007, { actionType: 'AntivirusPlatformAlmostOutOfDate', family: 'update', picket: true }],
  [2010, { actionType: 'AntivirusEmergencyUpdatesInstalled', family: 'update' }],

  [3002, { actionType: 'AntivirusRealTimeProtectionFailed', family: 'feature', picket: true }],
  [3007, { actionType: 'AntivirusRealTimeProtectionRecovered', family: 'feature', picket: true }],

  [5000, { actionType: 'AntivirusRealTimeProtectionEnabled', family: 'state', picket: true }],
  [5001, { actionType: 'AntivirusRealTimeProtectionDisabled', family: 'state', picket: true,
    why: 'Not TamperingAttempt: that ActionType is for changes tamper protection stopped or flagged (5013).' }],
  [5004, { actionType: 'AntivirusConfigurationChanged', family: 'config', picket: true }],
  [5007, { actionType: 'AntivirusConfigurationChanged', family: 'config', picket: true,
    why: 'Any setting change, exclusions included; the change is in AdditionalFields and the Registry* columns.' }],
  [5008, { actionType: 'AntivirusEngineFailure', family: 'feature', picket: true }],
  [5009, { actionType: 'AntivirusAntispywareEnabled', family: 'state', picket: true }],
  [5010, { actionType: 'AntivirusAntispywareDisabled', family: 'state', picket: true }],
  [5011, { actionType: 'AntivirusScanningEnabled', family: 'state', picket: true }],
  [5012, { actionType: 'AntivirusScanningDisabled', family: 'state', picket: true }],
  [5013, { actionType: 'TamperingAttempt', family: 'tamper' }],
  [5100, { actionType: 'AntivirusExpiring', family: 'expiry', picket: true }],
  [5101, { actionType: 'AntivirusExpired', family: 'expiry', picket: true }],
]);

export function actionTypeFor(eventId: number): ActionTypeEntry | undefined {
  return DEFENDER_ACTION_TYPES.get(eventId);
}
