/** A labelled form field with its hint and the problems the API (or the form) found in it, read out with it. */
import type { ReactNode } from 'react';
import type { Problem } from '../rule-types';

export interface FieldA11y { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }

export function Field({ id, label, hint, problems = [], children, wide }: {
  id: string; label: ReactNode; hint?: ReactNode; problems?: Problem[]; wide?: boolean; children: (a11y: FieldA11y) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : '', problems.length ? `${id}-problems` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${wide ? ' field-wide' : ''}${problems.length ? ' has-problem' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': problems.length > 0, 'aria-describedby': described })}
      {hint && <small id={`${id}-hint`} className="muted">{hint}</small>}
      {problems.length > 0 && (
        <div id={`${id}-problems`} role="alert">{problems.map((p, i) => <p key={i} className="field-error">{p.message}</p>)}</div>
      )}
    </div>
  );
}
