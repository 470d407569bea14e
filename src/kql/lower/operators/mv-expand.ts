/** mv-expand. */
import { unsupported } from '../../errors.js';
import type { OperatorLowering } from './types.js';

export const lowerMvExpand: OperatorLowering = op => {
  throw unsupported('mv-expand', op);
};
