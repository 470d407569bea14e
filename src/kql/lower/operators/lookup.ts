/** lookup. */
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';

export const lowerLookup: OperatorLowering = op => {
  throw unsupported('lookup', op);
};
