/**
 * 1121/1122 (attack surface reduction rule blocked / audited) => Asr<Rule>Blocked | Asr<Rule>Audited, with
 * RuleId and IsAudit in AdditionalFields as Advanced Hunting carries them. Path is the file the rule stopped,
 * Process Name the process that tried.
 */
import type { RawEvent, Row } from '../model.js';
import { asrActionType, normaliseRuleId } from './asr-rules.js';
import { pick, type EventData } from './event-data.js';
import { normaliseIsoTime } from './event-time.js';
import type { FamilyResult } from './family.js';
import { firstFile, parseResourceList, splitAccount, splitFilePath } from './paths.js';
import { componentVersion, initiatingProcess } from './threat-event.js';

export function readAsrEvent(d: EventData, ev: RawEvent): FamilyResult {
  const audited = ev.eventId === 1122;
  const ruleId = normaliseRuleId(d.text('ID', 'Rule ID'));
  const file = firstFile(parseResourceList(d.text('Path')));
  const account = splitAccount(d.text('User'));
  const columns: Row = { ...initiatingProcess(d.text('Process Name')) };
  if (file) Object.assign(columns, splitFilePath(file.path));
  if (account.name) Object.assign(columns, { AccountDomain: account.domain, AccountName: account.name });
  const target = d.text('Target Commandline');
  const parent = d.text('Parent Commandline');
  if (target) columns.ProcessCommandLine = target;
  if (parent) columns.InitiatingProcessCommandLine = parent;

  const detectionTime = d.text('Detection Time');
  const signatures = d.text('Signature Version');
  const fields: Record<string, unknown> = {
    RuleId: ruleId,
    IsAudit: audited,
    ...pick(d, [
      ['Path', 'text', 'Path'],
      ['ProcessName', 'text', 'Process Name'],
      ['InvolvedFile', 'text', 'Involved File'],
      ['InheritanceFlags', 'text', 'Inheritance Flags'],
      ['EngineVersion', 'text', 'Engine Version'],
    ]),
  };
  if (detectionTime) fields.DetectionTime = normaliseIsoTime(detectionTime) ?? detectionTime;
  if (signatures) fields.SignatureVersion = componentVersion(signatures, 'AV');
  return { columns, fields, actionType: asrActionType(ruleId, audited) };
}
