/** The benchmark's questions: each as an analyst's KQL and as the DuckDB SQL an expert would write by hand. */

const HOUR = 36_000_000_000n;
const DAY = 24n * HOUR;

export interface Question {
  id: string;
  title: string;
  kql: string;
  /** Hand-written SQL over the same tables; `now` is the instant (ticks) the KQL's ago() uses. */
  sql(now: bigint): string;
}

export const QUESTIONS: Question[] = [
  {
    id: 'Q1',
    title: 'filter + summarize by hour',
    kql: 'DeviceEvents\n| where Timestamp > ago(7d) and ActionType == "AntivirusDetection"\n| summarize count() by bin(Timestamp, 1h)',
    sql: now => `SELECT Timestamp // ${HOUR} * ${HOUR} AS Timestamp, count(*) AS count_
FROM DeviceEvents
WHERE Timestamp > ${now - 7n * DAY} AND ActionType = 'AntivirusDetection'
GROUP BY 1`,
  },
  {
    id: 'Q2',
    title: '`has` term search',
    kql: 'DeviceEvents\n| where InitiatingProcessCommandLine has "mimikatz"\n| count',
    // a cheap case-insensitive literal scan first (RE2 runs a plain literal fast, unlike ILIKE or lower());
    // the regular expression with term boundaries then checks only the few rows that contain the word at all
    sql: () => `SELECT count(*) AS "Count"
FROM DeviceEvents
WHERE regexp_matches(InitiatingProcessCommandLine, 'mimikatz', 'i')
  AND regexp_matches(InitiatingProcessCommandLine, '(^|[^[:alnum:]])mimikatz($|[^[:alnum:]])', 'i')`,
  },
  {
    id: 'Q3',
    title: 'arg_max per device',
    kql: 'DeviceEvents\n| summarize arg_max(Timestamp, ActionType, FileName) by DeviceId',
    // the latest row per device, whole (faster here than max() plus one arg_max() per column, or a struct arg_max)
    sql: () => `SELECT DeviceId, Timestamp, ActionType, FileName
FROM DeviceEvents
QUALIFY row_number() OVER (PARTITION BY DeviceId ORDER BY Timestamp DESC) = 1`,
  },
  {
    id: 'Q4',
    title: 'join: latest event per device with its detections',
    kql: `DeviceEvents
| summarize arg_max(Timestamp, ActionType) by DeviceId
| join (DeviceEvents | where ActionType == "AntivirusDetection" | summarize Detections = count() by DeviceId) on DeviceId
| project DeviceId, LastSeen = Timestamp, LastActionType = ActionType, Detections`,
    sql: () => `WITH latest AS (
  SELECT DeviceId, Timestamp AS LastSeen, ActionType AS LastActionType
  FROM DeviceEvents
  QUALIFY row_number() OVER (PARTITION BY DeviceId ORDER BY Timestamp DESC) = 1
), detections AS (
  SELECT DeviceId, count(*) AS Detections
  FROM DeviceEvents WHERE ActionType = 'AntivirusDetection' GROUP BY DeviceId
)
SELECT l.DeviceId, l.LastSeen, l.LastActionType, d.Detections
FROM latest AS l JOIN detections AS d ON l.DeviceId = d.DeviceId`,
  },
];
