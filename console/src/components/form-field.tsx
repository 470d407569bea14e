/**
 * A labelled form control with the API's validation message beside it. The API names the field at fault
 * (`body.name`, `config.host`, `config.to.2`); `errorFor` maps that to a form's own field names.
 */
import { cloneElement, useEffect, useId, type ReactElement, type ReactNode, type RefObject } from 'react';
import type { ApiError } from '../api/client';

/** The form field an API error is about, or null: prefixes `body.` and `config.` and list positions dropped. */
export function fieldOf(error: ApiError | null | undefined): string | null {
  if (!error?.field) return null;
  return error.field.replace(/^(body|querystring|params)\./, '').replace(/^config\./, '').split('.')[0] || null;
}

/** The message to show next to `name`, when the error is about it. */
export function errorFor(error: ApiError | null | undefined, name: string): string | undefined {
  if (fieldOf(error) !== name) return undefined;
  // beside the field, its path in front of the message ("config.host: host is required.") says nothing new
  const prefix = `${error!.field}: `;
  return error!.message.startsWith(prefix) ? error!.message.slice(prefix.length) : error!.message;
}

/** True when the error names none of the form's fields, so it is shown above the form instead. */
export function isFormLevel(error: ApiError | null | undefined, fields: string[]): boolean {
  const f = fieldOf(error);
  return !!error && (!f || !fields.includes(f));
}

type Control = ReactElement<{ id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }>;

export function FormField({ label, error, hint, children, className }: { label: ReactNode; error?: string; hint?: ReactNode; children: Control; className?: string }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control = cloneElement(children, {
    id: children.props.id ?? id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
  });
  return (
    <div className={`field${className ? ' ' + className : ''}`}>
      <label htmlFor={children.props.id ?? id}>{label}</label>
      {control}
      {hint && <span id={hintId} className="field-hint">{hint}</span>}
      {error && <span id={errorId} className="field-error">{error}</span>}
    </div>
  );
}

/**
 * After a failed save, takes the user to what is wrong: focus on the first field marked invalid, else the
 * form-level error scrolled into view. Call it in the form's component with the form element and the error.
 */
export function useFocusProblem(form: RefObject<HTMLFormElement | null>, error: ApiError | null | undefined): void {
  useEffect(() => {
    if (!error || !form.current) return;
    const field = form.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (field) field.focus();
    else form.current.querySelector('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
  }, [error, form]);
}
