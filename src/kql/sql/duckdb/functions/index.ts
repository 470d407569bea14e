/** The scalar function catalog of the DuckDB dialect, merged from one file per family. */
import type { FnEmitter } from '../emit.js';
import { OPERATORS } from './operators.js';
import { STRING_OPERATORS } from './string-operators.js';
import { LOGIC } from './logic.js';
import { CONVERT } from './convert.js';
import { STRINGS } from './strings.js';
import { DATETIME } from './datetime.js';
import { DYNAMIC } from './dynamic.js';
import { MATH } from './math.js';
import { DYNAMIC_PATH } from './dynamic-path.js';
import { SERIES } from './series.js';
import { URL_FUNCTIONS } from './url.js';
import { IPV4 } from './ipv4.js';
import { PATHS } from './paths.js';
import { HLL } from './hll.js';
import { IPV6 } from './ipv6.js';
import { ENCODING } from './encoding.js';
import { SERIES_MATH } from './series-math.js';
import { GEO } from './geo.js';

export const FUNCTIONS: Record<string, FnEmitter> = {
  ...OPERATORS, ...STRING_OPERATORS, ...LOGIC, ...CONVERT, ...MATH, ...STRINGS, ...DATETIME, ...DYNAMIC, ...DYNAMIC_PATH, ...SERIES, ...URL_FUNCTIONS, ...IPV4, ...PATHS, ...HLL, ...IPV6, ...ENCODING, ...SERIES_MATH, ...GEO,
};
