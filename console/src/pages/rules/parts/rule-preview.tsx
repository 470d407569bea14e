/** Preview in the rule form: the rule as edited, run over the last N days (POST /api/v1/rules/preview); raises nothing. */
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { postDetailed } from '../../../components/api-detail';
import { ErrorBox, Loading } from '../../../components/status';
import { useSession } from '../../../session';
import type { DryRun, Problem } from '../rule-types';
import { DryRunView } from './dry-run-view';
import { clientProblems, toBody, type FormState } from './rule-form-state';
import { problemsOf } from './use-rule-validation';

const DAYS = [1, 3, 7, 14, 30];

export function RulePreview({ form, onProblems, disabled }: { form: FormState; onProblems: (p: Problem[]) => void; disabled: boolean }) {
  const { me, refresh } = useSession();
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ run: DryRun; days: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const preview = async () => {
    setError(null); setResult(null);
    const local = clientProblems(form);
    if (local.length) { onProblems(local); return; }
    setBusy(true);
    try {
      const run = await postDetailed<DryRun>('/api/v1/rules/preview', { rule: toBody(form), days }, { csrfToken: me?.csrfToken, onUnauthorised: () => void refresh() });
      setResult({ run, days });
    } catch (e) {
      // a query that compiles but fails while running is a 422 without a problem list: show it here
      const p = e instanceof ApiError && e.code !== 'query_failed' ? problemsOf(e) : null;
      if (p) onProblems(p); else setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
    } finally { setBusy(false); }
  };

  return (
    <fieldset className="form-section">
      <legend>Preview</legend>
      <div className="preview-bar">
        <label className="inline-label">Run the rule as it is over the
          <select value={days} onChange={e => setDays(Number(e.target.value))}>{DAYS.map(d => <option key={d} value={d}>last {d} day{d === 1 ? '' : 's'}</option>)}</select>
        </label>
        <button type="button" onClick={() => void preview()} disabled={busy || disabled}>{busy ? 'Previewing…' : 'Preview'}</button>
        <span className="muted">Shows what it would raise; nothing is raised or saved.</span>
      </div>
      {busy && <Loading label="Running the rule over the window…" />}
      {error && <ErrorBox error={error} />}
      {result && <DryRunView run={result.run} what={`Preview of the last ${result.days} day${result.days === 1 ? '' : 's'}`} />}
    </fieldset>
  );
}
