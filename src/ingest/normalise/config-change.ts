/**
 * Configuration events: 5007 (a setting changed: "Old Value" / "New Value"), 5004 (a real-time protection
 * feature was reconfigured) and 5013 (tamper protection blocked or ignored a change). Defender writes a setting
 * as "HKLM\SOFTWARE\Microsoft\Windows Defender\<key>\<value name> = <data>"; the setting fills the Registry*
 * columns, and exclusions (…\Exclusions\Paths|Extensions|Processes|IpAddresses\<excluded item> = 0x0, where the
 * value name itself holds backslashes) are spelled out in AdditionalFields.
 */
import type { Row } from '../model.js';
import { pick, type EventData } from './event-data.js';
import type { FamilyResult } from './family.js';

export interface DefenderSetting {
  /** The key as Advanced Hunting writes registry keys (HKEY_LOCAL_MACHINE\…). */
  key: string;
  valueName: string;
  data: string;
  exclusion?: { type: string; value: string };
}

const EXCLUSION = /^(.*\\Exclusions\\(Paths|Extensions|Processes|IpAddresses|TemporaryPaths))\\(.+)$/i;
const EXCLUSION_FIELD: Record<string, string> = {
  paths: 'ExclusionPath', temporarypaths: 'ExclusionPath', extensions: 'ExclusionExtension',
  processes: 'ExclusionProcess', ipaddresses: 'ExclusionIpAddress',
};

function expandHive(key: string): string {
  return key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/i, 'HKEY_CURRENT_USER\\');
}

/** Parses Defender's "<key>\<value name> = <data>" text; null when it is not in that shape. */
export function parseSetting(text: string): DefenderSetting | null {
  const t = text.trim();
  if (t === '') return null;
  const eq = t.lastIndexOf(' = ');
  const path = eq >= 0 ? t.slice(0, eq).trim() : t;
  const data = eq >= 0 ? t.slice(eq + 3).trim() : '';
  const ex = EXCLUSION.exec(path);
  if (ex) {
    return { key: expandHive(ex[1]!), valueName: ex[3]!, data, exclusion: { type: ex[2]!, value: ex[3]! } };
  }
  const slash = path.lastIndexOf('\\');
  if (slash < 0) return null;
  return { key: expandHive(path.slice(0, slash)), valueName: path.slice(slash + 1), data };
}

function settingColumns(s: DefenderSetting, data: string): Row {
  return { RegistryKey: s.key, RegistryValueName: s.valueName, RegistryValueData: data };
}

function exclusionFields(s: DefenderSetting): Record<string, unknown> {
  if (!s.exclusion) return {};
  const type = s.exclusion.type;
  return {
    ExclusionType: type,
    Exclusion: s.exclusion.value,
    [EXCLUSION_FIELD[type.toLowerCase()] ?? 'ExclusionValue']: s.exclusion.value,
  };
}

/** 5007 and 5004. */
export function readConfigChange(d: EventData): FamilyResult {
  const oldText = d.text('Old Value');
  const newText = d.text('New Value');
  const fields: Record<string, unknown> = pick(d, [
    ['Feature', 'text', 'Feature'],
    ['Configuration', 'text', 'Configuration'],
  ]);
  if (oldText === '' && newText === '') return { columns: {}, fields };

  const before = parseSetting(oldText);
  const after = parseSetting(newText);
  const setting = after ?? before;
  const change = oldText === '' ? 'Added' : newText === '' ? 'Removed' : 'Changed';
  Object.assign(fields, { OldValue: oldText, NewValue: newText, Change: change });
  if (!setting) return { columns: {}, fields };
  Object.assign(fields, {
    SettingKey: setting.key,
    SettingName: setting.valueName,
    ...(before ? { OldData: before.data } : {}),
    ...(after ? { NewData: after.data } : {}),
    IsPolicy: /\\Policies\\/i.test(setting.key),
    ...exclusionFields(setting),
  });
  return { columns: settingColumns(setting, after ? after.data : ''), fields };
}

/** 5013: the change tamper protection stopped, in the AdditionalFields keys TamperingAttempt rows carry. */
export function readTamperEvent(d: EventData): FamilyResult {
  const value = d.text('Value');
  const status = d.text('Changed Type');
  const setting = parseSetting(value);
  const fields: Record<string, unknown> = { TamperingAction: 'RegistryModification' };
  if (status) fields.Status = status;
  if (value) fields.Value = value;
  if (!setting) return { columns: {}, fields };
  Object.assign(fields, {
    Target: `${setting.key}\\${setting.valueName}`,
    TamperingAttemptedValue: setting.data,
    ...exclusionFields(setting),
  });
  return { columns: settingColumns(setting, setting.data), fields };
}
