/** dyn_path(d, k1, k2, …): a folded chain of constant element accesses, read with one JSON pointer (RFC 6901). */
import type { FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';

const step = (v: unknown) => '/' + String(v).replace(/~/g, '~0').replace(/\//g, '~1');

export const DYNAMIC_PATH: Record<string, FnEmitter> = {
  dyn_path: ([base], e) => {
    const keys = e.args.slice(1).map(a => (a.k === 'lit' ? a.value : null));
    return `json_extract(${base}, ${str(keys.map(step).join(''))})`;
  },
};
