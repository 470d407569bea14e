/**
 * Create (/rules/new, prefilled from Advanced hunting) or edit (/rules/:id/edit) a detection rule. The query is
 * edited in the schema-aware KQL editor; the API validates the rule as fields are left, and each problem shows
 * beside its field (query problems are also underlined in the editor). Preview shows what the rule would raise.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { sendDetailed } from '../../components/api-detail';
import { Page } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { Link, navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { RULE_DRAFT_KEY } from '../hunting/history';
import { KustoEditor, type EditorHandle } from '../hunting/kusto-editor';
import type { HuntingSchema } from '../hunting/schema';
import { Field } from './parts/field';
import { RulePreview } from './parts/rule-preview';
import { AlertSection, EntitySection, ParameterSection, ScheduleSection } from './parts/rule-form-fields';
import { byField, emptyForm, fieldOf, fromRule, toBody, type FieldKey, type FormState } from './parts/rule-form-state';
import { problemsOf, useRuleValidation } from './parts/use-rule-validation';
import { ruleUrl, type Problem, type Rule } from './rule-types';

export default function RuleFormPage({ params }: { params: Record<string, string> }) {
  const loc = useLocation();
  const r = useApi<Rule>(params.id ? ruleUrl(params.id) : null);
  if (params.id) return <Guard r={r}>{rule => <RuleForm initial={fromRule(rule)} rule={rule} />}</Guard>;
  let draft = '';
  if (loc.query.get('from') === 'hunting') { try { draft = sessionStorage.getItem(RULE_DRAFT_KEY) ?? ''; } catch { /* empty form */ } }
  return <RuleForm initial={emptyForm(draft)} fromHunting={!!draft} />;
}

const FOCUS: Partial<Record<FieldKey, string>> = {
  name: 'rf-name', frequency: 'rf-frequency', title: 'rf-title', severity: 'rf-severity', category: 'rf-category', mitre: 'rf-mitre',
  description: 'rf-description', recommendedActions: 'rf-actions', device: 'rf-device', user: 'rf-user', alertPer: 'rf-alertPer', scope: 'rf-scope',
};

function RuleForm({ initial, rule, fromHunting }: { initial: FormState; rule?: Rule; fromHunting?: boolean }) {
  const { me, refresh } = useSession();
  const schema = useApi<HuntingSchema>('/api/v1/schema');
  const [f, setF] = useState(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  // a problem shows once its field has been visited, or everywhere after Validate or Save
  const [touched, setTouched] = useState<Set<FieldKey>>(() => new Set(fromHunting ? ['query'] : []));
  const [showAll, setShowAll] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const editor = useRef<EditorHandle | null>(null);
  const current = useRef(f);
  current.current = f;
  const readOnly = !!rule?.builtin;

  const shown = useRef<Problem[]>([]);
  const show = useCallback((p: Problem[]) => {
    shown.current = p;
    setProblems(p);
    editor.current?.showErrors(p.filter(x => fieldOf(x.field) === 'query' && x.span).map(x => ({ code: x.code, message: x.message, span: x.span })));
  }, []);
  const { verdict, error: validateError, validate, stale } = useRuleValidation(show);
  const set = useCallback((patch: Partial<FormState>) => { setF(x => ({ ...x, ...patch })); stale(); }, [stale]);
  const onBlur = useCallback(() => { if (!readOnly) void validate(current.current); }, [validate, readOnly]);

  // a query from hunting is checked at once, so what it lacks for a rule (Timestamp, ReportId…) shows straight away
  useEffect(() => { if (fromHunting && initial.query.trim()) void validate(initial, true); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const touch = (id: string) => {
    const k = id === 'rf-query' ? 'query' : id.startsWith('rf-scope') ? 'scope' : (Object.entries(FOCUS).find(([, v]) => v === id)?.[0] as FieldKey | undefined);
    if (k && !touched.has(k)) setTouched(t => new Set(t).add(k));
  };
  const checkAll = () => { setShowAll(true); return validate(current.current, true); };

  const focusFirst = (p: Problem[]) => {
    const k = p.length ? fieldOf(p[0].field) : null;
    if (k === 'query') editor.current?.focus();
    else if (k && FOCUS[k]) document.getElementById(FOCUS[k]!)?.focus();
  };

  const save = async () => {
    setError(null);
    if (!(await checkAll())) { focusFirst(shown.current); return; }
    setSaving(true);
    try {
      const body = toBody(current.current);
      const opts = { csrfToken: me?.csrfToken, onUnauthorised: () => void refresh() };
      const saved = rule ? await sendDetailed<Rule>('PUT', ruleUrl(rule.id), body, opts) : await sendDetailed<Rule>('POST', '/api/v1/rules', body, opts);
      if (!rule) { try { sessionStorage.removeItem(RULE_DRAFT_KEY); } catch { /* nothing to clean */ } }
      navigate(`/rules/${encodeURIComponent(saved.id)}`);
    } catch (e) {
      const p = problemsOf(e);
      if (p) { setShowAll(true); show(p); focusFirst(p); } else setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
    } finally { setSaving(false); }
  };

  const visible = showAll ? problems : problems.filter(p => { const k = fieldOf(p.field); return k === 'form' || k === 'parameters' || touched.has(k); });
  const pm = byField(visible);
  const sectionProps = { f, set, problems: pm, onBlur, disabled: readOnly || saving };
  const back = rule ? `/rules/${encodeURIComponent(rule.id)}` : '/rules';

  return (
    <Page title={rule ? `Edit: ${rule.name}` : 'New detection rule'}
      subtitle={fromHunting ? 'The query comes from Advanced hunting. A rule needs Timestamp, ReportId and the device column in its result; the checks below say what is missing.' : 'The rule runs its query on a schedule and raises an alert for what it finds.'}
      actions={<>
        <button type="button" onClick={() => void checkAll()} disabled={readOnly || verdict === 'checking'}>Validate</button>
        <button type="button" className="primary" onClick={() => void save()} disabled={readOnly || saving}>{saving ? 'Saving…' : rule ? 'Save changes' : 'Create rule'}</button>
      </>}>
      <p className="breadcrumb"><Link to={back}>← {rule ? rule.name : 'Detection rules'}</Link></p>
      {readOnly && <div className="notice">Built-in rules are read-only. Copy this rule from <Link to={back}>its page</Link> and edit the copy.</div>}
      {error && <ErrorBox error={error} />}
      {validateError && <ErrorBox error={validateError} />}
      {pm.get('form')?.map((p, i) => <p key={i} className="field-error" role="alert">{p.message}</p>)}
      <form className="rule-form" onSubmit={e => { e.preventDefault(); void save(); }} onBlur={e => touch(e.target.id)} noValidate>
        <fieldset className="form-section">
          <legend>Rule</legend>
          <Field id="rf-name" label="Name" problems={pm.get('name')}>
            {a => <input {...a} value={f.name} disabled={readOnly} maxLength={200} onBlur={onBlur} onChange={e => set({ name: e.target.value })} autoFocus={!fromHunting && !rule} />}
          </Field>
        </fieldset>
        <fieldset className="form-section">
          <legend>Query</legend>
          <div className={`rule-query${pm.get('query') ? ' has-problem' : ''}`}>
            <KustoEditor initial={f.query} schema={schema.data} handle={editor} autoFocus={false} label="Rule query. Ctrl+Enter validates the rule"
              onRun={() => void checkAll()} onBlur={() => { touch('rf-query'); onBlur(); }} onChange={q => set({ query: q })} />
          </div>
          <div id="rf-query-problems" role="alert">{pm.get('query')?.map((p, i) => <p key={i} className="field-error">{p.message}</p>)}</div>
        </fieldset>
        <ScheduleSection {...sectionProps} />
        <AlertSection {...sectionProps} />
        <EntitySection {...sectionProps} />
        <ParameterSection {...sectionProps} />
        <RulePreview form={f} onProblems={p => { setShowAll(true); show(p); focusFirst(p); }} disabled={readOnly} />
        <div className="form-footer">
          <button type="submit" className="primary" disabled={readOnly || saving}>{saving ? 'Saving…' : rule ? 'Save changes' : 'Create rule'}</button>
          <Link to={back} className="button">Cancel</Link>
          <ValidationStatus verdict={verdict} count={visible.length} />
        </div>
      </form>
    </Page>
  );
}

function ValidationStatus({ verdict, count }: { verdict: string; count: number }) {
  const text = verdict === 'checking' ? 'Checking the rule…' : verdict === 'valid' ? '✓ The rule is valid.'
    : verdict === 'invalid' && count ? `${count} problem${count === 1 ? '' : 's'} to fix (shown beside each field).` : '';
  return <span className={`validation-status ${verdict}`} role="status" aria-live="polite">{text}</span>;
}

