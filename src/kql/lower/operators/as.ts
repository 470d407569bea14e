/** as. */
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';

export const lowerAs: OperatorLowering = op => {
  throw unsupported('as', op);
};
