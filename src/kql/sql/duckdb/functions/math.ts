/** Math functions: abs, round, log, pow, sqrt, exp… */
import type { FnEmitter } from '../emit.js';

export const MATH: Record<string, FnEmitter> = {
  abs: ([a]) => `abs(${a})`,
  sqrt: ([a]) => `sqrt(${a})`,
  exp: ([a]) => `exp(${a})`,
  pow: ([a, b]) => `pow(${a}, ${b})`,
};
