/** parse. */
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';

export const lowerParse: OperatorLowering = op => {
  throw unsupported('parse', op);
};
