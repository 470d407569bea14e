/**
 * Validating the rule while it is edited: the form's own checks (the API's schema would stop at the first
 * problem), then POST /api/v1/rules/validate, which compiles the query and checks its result columns. Fields not
 * filled in yet are sent with stand-ins, so the query is checked before the rest is written; the form shows each
 * problem once its field has been visited. A body already validated is not sent again; an older answer is dropped.
 */
import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../../../api/client';
import { DetailedApiError, postDetailed } from '../../../components/api-detail';
import { useSession } from '../../../session';
import type { Problem } from '../rule-types';
import { clientProblems, toBody, type FormState } from './rule-form-state';
import type { RuleDefinition } from '../rule-types';

export type Verdict = 'unchecked' | 'checking' | 'valid' | 'invalid';

/** Problems in a refused request: a 422's full list, or the one field a 400 names. */
export function problemsOf(e: unknown): Problem[] | null {
  if (!(e instanceof ApiError) || (e.status !== 400 && e.status !== 422)) return null;
  const listed = e instanceof DetailedApiError ? e.detail.problems : undefined;
  if (Array.isArray(listed)) return listed as Problem[];
  const span = e instanceof DetailedApiError ? e.detail.span as Problem['span'] : undefined;
  return [{ field: e.field ?? 'form', code: e.code, message: e.message, span }];
}

export function useRuleValidation(onProblems: (p: Problem[]) => void) {
  const { me, refresh } = useSession();
  const [verdict, setVerdict] = useState<Verdict>('unchecked');
  const [error, setError] = useState<ApiError | null>(null);
  const last = useRef('');
  const report = useRef(onProblems);
  report.current = onProblems;

  const validate = useCallback(async (f: FormState, force = false): Promise<boolean> => {
    const body = toBody(f);
    const key = JSON.stringify(body);
    if (!force && key === last.current) return verdict === 'valid';
    last.current = key;
    const local = clientProblems(f);
    if (!f.query.trim()) { report.current(local); setVerdict('invalid'); return false; }
    setVerdict('checking'); setError(null);
    try {
      const r = await postDetailed<{ ok: boolean; problems: Problem[] }>('/api/v1/rules/validate', standIns(body), { csrfToken: me?.csrfToken, onUnauthorised: () => void refresh() });
      if (last.current !== key) return false;
      const all = [...local, ...r.problems];
      report.current(all);
      setVerdict(all.length ? 'invalid' : 'valid');
      return !all.length;
    } catch (e) {
      if (last.current !== key) return false;
      const p = problemsOf(e);
      if (p) { report.current([...local, ...p]); setVerdict('invalid'); return false; }
      last.current = '';
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
      setVerdict('unchecked');
      return false;
    }
  }, [me?.csrfToken, refresh, verdict]);

  /** Forget the last answer (the form changed): the next blur validates again. */
  const stale = useCallback(() => setVerdict(v => v === 'checking' ? v : 'unchecked'), []);
  return { verdict, error, validate, stale };
}

/** The body with stand-ins where the form's own checks already complain, so the API looks at everything else. */
function standIns(b: RuleDefinition): RuleDefinition {
  const scope = b.scope.kind === 'groups' && !b.scope.groups.length || b.scope.kind === 'tags' && !b.scope.tags.length ? { kind: 'all' as const } : b.scope;
  return {
    ...b, name: b.name || 'draft', scope,
    alert: { ...b.alert, title: b.alert.title || 'draft', category: b.alert.category || 'draft',
      mitreTechniques: b.alert.mitreTechniques.filter(t => /^T[0-9]{4}(\.[0-9]{3})?$/.test(t)) },
    entities: { device: valid(b.entities.device), user: valid(b.entities.user) },
    parameters: Object.fromEntries(Object.entries(b.parameters).filter(([, v]) => typeof v !== 'number' || !Number.isNaN(v))),
  };
}

const valid = (c: string | null) => c && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c) ? c : null;
