/** union (with withsource and kind=inner|outer). */
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';

export const lowerUnion: OperatorLowering = op => {
  throw unsupported('union (with withsource and kind=inner|outer)', op);
};
