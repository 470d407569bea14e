/**
 * Helper macros every DuckDB connection defines before running compiled KQL. They keep the emitted SQL short
 * where a Kusto semantic takes several SQL steps (datetime text, term matching). DuckDB inlines macros.
 */
import { STRING_MACROS } from './functions/strings.js';
import { DATETIME_MACROS } from './functions/datetime.js';
import { DYNAMIC_MACROS } from './functions/dynamic.js';
import { CONVERT_MACROS } from './functions/convert.js';
import { URL_MACROS } from './functions/url.js';
import { IPV4_MACROS } from './functions/ipv4.js';
import { PATH_AND_COMMAND_LINE_MACROS } from './functions/paths.js';
import { IPV6_MACROS } from './functions/ipv6.js';
import { ENCODING_MACROS } from './functions/encoding.js';
import { SERIES_MATH_MACROS } from './functions/series-math.js';
import { GEO_MACROS } from './functions/geo.js';

const CORE_MACROS: readonly string[] = [
  // floor division and modulo that round towards minus infinity (DuckDB's // and % truncate)
  `CREATE OR REPLACE TEMP MACRO kql_floordiv(a, b) AS (a // b) - CASE WHEN (a % b <> 0) AND ((a < 0) <> (b < 0)) THEN 1 ELSE 0 END`,
  `CREATE OR REPLACE TEMP MACRO kql_floormod(a, b) AS a - b * kql_floordiv(a, b)`,
  // datetime ticks <-> DuckDB TIMESTAMP (microseconds); sub-microsecond ticks are carried separately where they matter
  `CREATE OR REPLACE TEMP MACRO kql_ts(t) AS make_timestamp(kql_floordiv(t, 10))`,
  `CREATE OR REPLACE TEMP MACRO kql_ticks(ts) AS epoch_us(ts) * 10`,
  `CREATE OR REPLACE TEMP MACRO kql_frac7(t) AS lpad(CAST(kql_floormod(t, 10000000) AS VARCHAR), 7, '0')`,
  // tostring(datetime): ISO 8601 with the fraction's trailing zeros removed, as Kusto prints it
  `CREATE OR REPLACE TEMP MACRO kql_dt_str(t) AS CASE WHEN t IS NULL THEN '' ELSE strftime(kql_ts(t), '%Y-%m-%dT%H:%M:%S')
     || CASE WHEN kql_floormod(t, 10000000) = 0 THEN '' ELSE '.' || rtrim(kql_frac7(t), '0') END || 'Z' END`,
  // tostring(timespan): [-][d.]hh:mm:ss[.fffffff]
  `CREATE OR REPLACE TEMP MACRO kql_ts_str(t) AS CASE WHEN t IS NULL THEN '' ELSE
     (CASE WHEN t < 0 THEN '-' ELSE '' END)
     || (CASE WHEN abs(t) >= 864000000000 THEN CAST(abs(t) // 864000000000 AS VARCHAR) || '.' ELSE '' END)
     || lpad(CAST((abs(t) // 36000000000) % 24 AS VARCHAR), 2, '0') || ':'
     || lpad(CAST((abs(t) // 600000000) % 60 AS VARCHAR), 2, '0') || ':'
     || lpad(CAST((abs(t) // 10000000) % 60 AS VARCHAR), 2, '0')
     || (CASE WHEN abs(t) % 10000000 = 0 THEN '' ELSE '.' || lpad(CAST(abs(t) % 10000000 AS VARCHAR), 7, '0') END) END`,
  // tostring(real): integral values print without a fraction, as .NET does
  `CREATE OR REPLACE TEMP MACRO kql_real_str(x) AS CASE WHEN x IS NULL THEN ''
     WHEN isnan(x) THEN 'NaN' WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END`,
  // tostring(dynamic): a JSON string value yields its text; anything else its JSON; null yields ''
  `CREATE OR REPLACE TEMP MACRO kql_dyn_str(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN ''
     WHEN json_type(j) = 'VARCHAR' THEN json_extract_string(j, '$') ELSE CAST(j AS VARCHAR) END`,
];

/** Core first: family macros may use the core ones. */
export const MACROS: readonly string[] = [...CORE_MACROS, ...CONVERT_MACROS, ...STRING_MACROS, ...DATETIME_MACROS, ...DYNAMIC_MACROS, ...URL_MACROS, ...IPV4_MACROS, ...PATH_AND_COMMAND_LINE_MACROS, ...IPV6_MACROS, ...ENCODING_MACROS, ...SERIES_MATH_MACROS, ...GEO_MACROS];
