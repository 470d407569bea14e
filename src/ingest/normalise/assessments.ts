/**
 * The antivirus rows of DeviceTvmSecureConfigurationAssessment, derived from one status report, with Context,
 * IsCompliant and IsApplicable in the shapes Microsoft's community queries read:
 *   scid-2010 (antivirus mode)  Context [[code]]: "0" Active (AMRunningMode Normal), "1" Passive (Passive mode, and
 *             SxS Passive Mode: Defender runs beside another antivirus, so the analyst's "which devices are
 *             passive" must find it), "4" EDR Block Mode, "2" Not running (the "disabled" code of Defender's
 *             health reporting; community queries show it as Unknown). Compliant only when Active.
 *   scid-2011 (versions)        Context [[signature version, engine version, signature last update (ISO UTC),
 *             platform version]]. Compliant when signatures are not out of date and at most 7 days old (Defender's
 *             own default for "out of date").
 *   scid-2012 real-time protection, scid-2003 tamper protection, scid-91 behaviour monitoring,
 *   scid-2013 PUA protection in block mode, scid-2016 cloud-delivered protection, scid-2014 cloud service
 *             connectivity: Context [["1"]] on, [["0"]] off; compliant when on.
 * A row is written only when the report carries what it needs: a missing input is "not reported", not
 * "not applicable", and must not hide the last known state from arg_max(Timestamp).
 * ConfigurationImpact values are Picket's own weights (Microsoft does not publish its per-device numbers).
 */
import type { Row } from '../model.js';

/** AMRunningMode text, any case and spacing -> scid-2010 code. */
export function modeCode(mode: string | null): string | null {
  if (mode === null) return null;
  const m = mode.toLowerCase().replace(/[\s_-]+/g, '');
  switch (m) {
    case 'normal': case 'active': return '0';
    case 'passive': case 'passivemode': case 'sxspassive': case 'sxspassivemode': return '1';
    case 'notrunning': case 'disabled': return '2';
    case 'edrblock': case 'edrblockmode': case 'edrblocked': return '4';
    default: return null;
  }
}

export interface AntivirusFacts {
  mode: string | null;
  signatureVersion: string | null;
  engineVersion: string | null;
  signatureUpdated: string | null;
  platformVersion: string | null;
  signatureAge: number | null;
  signaturesOutOfDate: boolean | null;
  realTime: boolean | null;
  tamper: boolean | null;
  behaviour: boolean | null;
  pua: boolean | null;
  cloud: boolean | null;
  cloudConnectivity: boolean | null;
}

export const MAX_SIGNATURE_AGE_DAYS = 7;

export function assessmentRows(f: AntivirusFacts, base: { DeviceId: string; DeviceName: string; OSPlatform: string; Timestamp: string }): Row[] {
  const rows: Row[] = [];
  const add = (id: string, impact: number, compliant: boolean, context: string[][]) => rows.push({
    ...base, ConfigurationId: id, ConfigurationCategory: 'Security controls', ConfigurationSubcategory: 'Antivirus',
    ConfigurationImpact: impact, IsCompliant: compliant, IsApplicable: true, Context: context, IsExpectedUserImpact: false,
  });
  const onOff = (id: string, impact: number, v: boolean | null) => { if (v !== null) add(id, impact, v, [[v ? '1' : '0']]); };
  const code = modeCode(f.mode);
  if (code !== null) add('scid-2010', 9, code === '0', [[code]]);
  if (f.signatureVersion !== null || f.engineVersion !== null || f.platformVersion !== null) {
    const age = f.signatureAge ?? (f.signatureUpdated ? Math.floor((Date.parse(base.Timestamp) - Date.parse(f.signatureUpdated)) / 86_400_000) : null);
    const fresh = f.signaturesOutOfDate !== true && age !== null && age <= MAX_SIGNATURE_AGE_DAYS;
    add('scid-2011', 7, fresh, [[f.signatureVersion ?? '', f.engineVersion ?? '', f.signatureUpdated ?? '', f.platformVersion ?? '']]);
  }
  onOff('scid-2012', 9, f.realTime);
  onOff('scid-2003', 9, f.tamper);
  onOff('scid-91', 7, f.behaviour);
  onOff('scid-2013', 5, f.pua);
  onOff('scid-2014', 5, f.cloudConnectivity);
  onOff('scid-2016', 7, f.cloud);
  return rows;
}
