/** mv-expand: one output row per element of an array (or per property of a bag). */
import type { Rel } from '../../ir/types.js';
import { KqlError } from '../../errors.js';
import type { DuckDbDialect } from './emit.js';

type MvExpand = Extract<Rel, { k: 'mvexpand' }>;

export function emitMvExpand(_rel: MvExpand, _d: DuckDbDialect): string {
  throw new KqlError('PK001', 'Not supported yet: mv-expand');
}
