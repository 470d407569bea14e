/** serialize. */
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';

export const lowerSerialize: OperatorLowering = op => {
  throw unsupported('serialize', op);
};
