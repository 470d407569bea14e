/** A button that copies a text (an id, a secret shown once) and says whether it worked. */
import { useEffect, useState, type ReactNode } from 'react';
import { copyText } from './copy-text';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button type="button" onClick={() => copyText(text).then(() => setState('copied'), () => setState('failed'))}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy by hand' : label}
      <span className="visually-hidden" aria-live="polite">{state === 'copied' ? 'Copied to the clipboard' : ''}</span>
    </button>
  );
}

/** A secret the server shows this once (an enrolment key, an API token): the value, a copy button, a warning. */
export function SecretOnce({ title, value, onDone, children }: { title: string; value: string; onDone: () => void; children?: ReactNode }) {
  return (
    <div className="secret-once" role="status">
      <strong>{title}</strong>
      <p className="muted">Copy it now: Picket keeps only a hash and will not show it again.</p>
      <div className="secret-value">
        <code tabIndex={0}>{value}</code>
        <CopyButton text={value} />
      </div>
      {children}
      <div><button type="button" onClick={onDone}>Done</button></div>
    </div>
  );
}
