/** The rule form's sections below the query: schedule, the alert template, entities and scope, parameters. */
import type { ReactNode } from 'react';
import { severityLabel } from '../../../components/triage-labels';
import { FREQUENCIES, SEVERITIES, frequencyText, scheduleText, type Frequency, type Problem, type Severity } from '../rule-types';
import { Field } from './field';
import { CATEGORIES, type FieldKey, type FormState, type ParamRow } from './rule-form-state';

export interface SectionProps {
  f: FormState;
  set: (patch: Partial<FormState>) => void;
  problems: Map<FieldKey, Problem[]>;
  /** Leaving a field asks the API to validate the rule again. */
  onBlur: () => void;
  disabled: boolean;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return <fieldset className="form-section"><legend>{title}</legend><div className="form-grid">{children}</div></fieldset>;
}

export function ScheduleSection({ f, set, problems, onBlur, disabled }: SectionProps) {
  return (
    <Section title="Schedule">
      <Field id="rf-frequency" label="Frequency" hint={scheduleText(f.frequency) + (f.frequency === 'continuous' ? '; one table, no joins or unions' : '')} problems={problems.get('frequency')}>
        {a => <select {...a} value={f.frequency} disabled={disabled} onBlur={onBlur} onChange={e => set({ frequency: e.target.value as Frequency })}>
          {FREQUENCIES.map(x => <option key={x} value={x}>{frequencyText(x)}</option>)}
        </select>}
      </Field>
      <Field id="rf-alertPer" label="Alerts" problems={problems.get('alertPer')}>
        {a => <select {...a} value={f.alertPer} disabled={disabled} onBlur={onBlur} onChange={e => set({ alertPer: e.target.value as 'row' | 'entity' })}>
          <option value="row">One per result row</option>
          <option value="entity">One per entity while its last alert is open</option>
        </select>}
      </Field>
      <label className="check">
        <input type="checkbox" checked={f.enabled} disabled={disabled} onChange={e => set({ enabled: e.target.checked })} /> Enabled: run on schedule and raise alerts
      </label>
    </Section>
  );
}

export function AlertSection({ f, set, problems, onBlur, disabled }: SectionProps) {
  return (
    <Section title="Alert">
      <Field id="rf-title" label="Alert title" wide hint="Name result columns as {{Column}}, e.g. Defender is in passive mode on {{DeviceName}}" problems={problems.get('title')}>
        {a => <input {...a} value={f.title} disabled={disabled} maxLength={300} onBlur={onBlur} onChange={e => set({ title: e.target.value })} />}
      </Field>
      <Field id="rf-severity" label="Severity" problems={problems.get('severity')}>
        {a => <select {...a} value={f.severity} disabled={disabled} onBlur={onBlur} onChange={e => set({ severity: e.target.value as Severity })}>
          {SEVERITIES.map(s => <option key={s} value={s}>{severityLabel(s)}</option>)}
        </select>}
      </Field>
      <Field id="rf-category" label="Category" problems={problems.get('category')}>
        {a => <><input {...a} list="rf-categories" value={f.category} disabled={disabled} maxLength={100} onBlur={onBlur} onChange={e => set({ category: e.target.value })} />
          <datalist id="rf-categories">{CATEGORIES.map(c => <option key={c} value={c} />)}</datalist></>}
      </Field>
      <Field id="rf-mitre" label="MITRE ATT&CK techniques" hint="Comma-separated, e.g. T1562.001, T1070" problems={problems.get('mitre')}>
        {a => <input {...a} value={f.mitre} disabled={disabled} onBlur={onBlur} onChange={e => set({ mitre: e.target.value })} />}
      </Field>
      <Field id="rf-description" label="Description" wide problems={problems.get('description')}>
        {a => <textarea {...a} rows={3} value={f.description} disabled={disabled} maxLength={10_000} onBlur={onBlur} onChange={e => set({ description: e.target.value })} />}
      </Field>
      <Field id="rf-actions" label="Recommended actions" wide problems={problems.get('recommendedActions')}>
        {a => <textarea {...a} rows={3} value={f.recommendedActions} disabled={disabled} maxLength={10_000} onBlur={onBlur} onChange={e => set({ recommendedActions: e.target.value })} />}
      </Field>
    </Section>
  );
}

export function EntitySection({ f, set, problems, onBlur, disabled }: SectionProps) {
  return (
    <Section title="Impacted entities and scope">
      <Field id="rf-device" label="Device column" hint="The result column with the impacted device's id (usually DeviceId)" problems={problems.get('device')}>
        {a => <input {...a} className="mono" value={f.device} disabled={disabled} onBlur={onBlur} onChange={e => set({ device: e.target.value })} />}
      </Field>
      <Field id="rf-user" label="User column (optional)" hint="e.g. AccountName" problems={problems.get('user')}>
        {a => <input {...a} className="mono" value={f.user} disabled={disabled} onBlur={onBlur} onChange={e => set({ user: e.target.value })} />}
      </Field>
      <Field id="rf-scope" label="Devices in scope" problems={problems.get('scope')}>
        {a => <select {...a} value={f.scopeKind} disabled={disabled} onBlur={onBlur} onChange={e => set({ scopeKind: e.target.value as FormState['scopeKind'] })}>
          <option value="all">Every device</option>
          <option value="groups">Devices in machine groups</option>
          <option value="tags">Devices with tags</option>
        </select>}
      </Field>
      {f.scopeKind !== 'all' && (
        <Field id="rf-scope-list" label={f.scopeKind === 'groups' ? 'Machine groups' : 'Tags'} hint="Comma-separated">
          {a => <input {...a} value={f.scopeList} disabled={disabled} onBlur={onBlur} onChange={e => set({ scopeList: e.target.value })} />}
        </Field>
      )}
    </Section>
  );
}

export function ParameterSection({ f, set, problems, onBlur, disabled }: SectionProps) {
  const rows = f.parameters;
  const update = (i: number, patch: Partial<ParamRow>) => set({ parameters: rows.map((r, j) => j === i ? { ...r, ...patch } : r) });
  const mine = problems.get('parameters') ?? [];
  return (
    <fieldset className="form-section">
      <legend>Parameters</legend>
      <p className="muted form-note">Each is bound as <code>let name = value;</code> before the query, so a copy of a rule can change a threshold without touching the query.</p>
      {rows.length > 0 && (
        <table className="param-table">
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Value</th><th><span className="skip">Remove</span></th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td><input aria-label={`Parameter ${i + 1} name`} className="mono" value={r.name} disabled={disabled} onBlur={onBlur} onChange={e => update(i, { name: e.target.value })} /></td>
                <td><select aria-label={`Parameter ${i + 1} type`} value={r.type} disabled={disabled} onChange={e => update(i, { type: e.target.value as ParamRow['type'] })}>
                  <option value="string">string</option><option value="number">number</option><option value="boolean">boolean</option>
                </select></td>
                <td>{r.type === 'boolean'
                  ? <select aria-label={`Parameter ${i + 1} value`} value={r.value === 'true' ? 'true' : 'false'} disabled={disabled} onChange={e => update(i, { value: e.target.value })}><option>true</option><option>false</option></select>
                  : <input aria-label={`Parameter ${i + 1} value`} value={r.value} disabled={disabled} onBlur={onBlur} onChange={e => update(i, { value: e.target.value })} />}</td>
                <td><button type="button" className="link" disabled={disabled} onClick={() => set({ parameters: rows.filter((_, j) => j !== i) })} aria-label={`Remove parameter ${r.name || i + 1}`}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mine.length > 0 && <div role="alert">{mine.map((p, i) => <p key={i} className="field-error">{p.message}</p>)}</div>}
      <button type="button" disabled={disabled} onClick={() => set({ parameters: [...rows, { name: '', value: '', type: 'string' }] })}>Add parameter</button>
    </fieldset>
  );
}
