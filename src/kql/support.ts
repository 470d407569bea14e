/**
 * What Picket supports of KQL, checked against the official analyser's own catalog: every query operator (its
 * syntax kinds), scalar function, aggregate and plugin, each marked supported or not from the registries the
 * engine itself uses. scripts/kql-support.ts writes the result to docs/kql-support.md; a test fails when stale.
 */
import { readFileSync } from 'node:fs';
import { kustoLanguage, type Bridged } from './analyzer/bridge.js';
import { OPERATORS } from './lower/operators/index.js';
import { PLUGINS } from './lower/operators/evaluate.js';
import { FUNCTIONS } from './sql/duckdb/functions/index.js';
import { AGGREGATES } from './sql/duckdb/aggregates.js';
import { WINDOWS } from './sql/duckdb/window.js';

/** Query operators as written, by the analyser's syntax kind (kinds not listed are spelled from their name). */
const OPERATOR_NAMES: Record<string, string> = {
  FilterOperator: 'where / filter', TakeOperator: 'take / limit', SortOperator: 'sort / order', ProjectByNamesOperator: 'project (by names)',
  MvExpandOperator: 'mv-expand / mvexpand', MvApplyOperator: 'mv-apply', PartitionByOperator: 'partition-by (entity groups)',
  DataTableExpression: 'datatable', ExternalDataExpression: 'externaldata', ParseWhereOperator: 'parse-where', ParseKvOperator: 'parse-kv',
  TopHittersOperator: 'top-hitters', TopNestedOperator: 'top-nested', MakeSeriesOperator: 'make-series', GetSchemaOperator: 'getschema',
  SampleDistinctOperator: 'sample-distinct', ProjectAwayOperator: 'project-away', ProjectKeepOperator: 'project-keep',
  ProjectRenameOperator: 'project-rename', ProjectReorderOperator: 'project-reorder', ReduceByOperator: 'reduce',
  ExecuteAndCacheOperator: 'execute-and-cache', AssertSchemaOperator: 'assert-schema', MacroExpandOperator: 'macro-expand',
  GraphMatchOperator: 'graph-match', GraphShortestPathsOperator: 'graph-shortest-paths', GraphToTableOperator: 'graph-to-table',
  MakeGraphOperator: 'make-graph', GraphMarkComponentsOperator: 'graph-mark-components', GraphWhereNodesOperator: 'graph-where-nodes',
  GraphWhereEdgesOperator: 'graph-where-edges',
};

/** Where an operator's answer differs from Kusto's by design, by syntax kind. */
const OPERATOR_NOTES: Record<string, string> = {
  FacetOperator: 'one result table: the with table when there is one, else the first column\'s counts (Kusto returns them all; a Picket query returns one table, the first, as with several statements); nothing may follow it',
  ForkOperator: 'one result table: the first subquery\'s (Kusto returns one per subquery; a Picket query returns one table, the first, as with several statements); nothing may follow it',
  FindOperator: 'pack_ holds the row\'s other columns (null values kept); `project …, pack_all()` is refused by the analyser',
};

/** Operators the lowerer handles itself rather than through the registry. */
const LOWERED_OPERATORS = new Set(['InvokeOperator']);

/** Functions lowered before the dialect sees them (now() is fixed per query; toscalar becomes a subquery…). */
const LOWERED_FUNCTIONS = new Set(['now', 'ago', 'toscalar', 'materialize', 'arg_max', 'arg_min', 'argmax', 'argmin', 'percentiles', 'percentilesw',
  'column_ifexists', 'columnifexists', 'pack_all', 'bag_pack_columns', 'table',
  'ingestion_time']);

export interface SupportRow { name: string; supported: boolean; note: string }
export interface Support { operators: SupportRow[]; functions: SupportRow[]; aggregates: SupportRow[]; plugins: SupportRow[] }

function kebab(kind: string): string {
  return kind.replace(/Operator$|Expression$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Where Picket's answer differs from Kusto's by design, by function or aggregate name. */
const NOTES: Record<string, string> = {
  geo_info_from_ip_address: 'no geo database configured: always an empty bag {}',
  series_decompose_anomalies: 'no seasonal component (-1 finds none; a period is refused); trend avg, linefit or none; no test points',
  ipv4_is_in_any_range: 'null when no range holds the address and the address or a range is invalid',
  hll: 'exact: the distinct values as a dynamic array (accuracy ignored)',
  hll_merge: 'exact: unions the distinct-value arrays',
  dcount_hll: 'exact count of an hll() array',
  parse_command_line: '"windows" only; "" inside quotes is read as close and reopen',
  row_window_session: 'exact, but each row walks back over its chain of close rows: the cost grows with the square of a chain\'s length',
  series_decompose: 'no seasonal component (-1 finds none; a period is refused); trend avg, linefit or none; no test points',
  series_fir: 'a centred filter of even length is refused (Kusto does not document its shift)',
  column_ifexists: 'refused where the column exists with another type than the default\'s, or inside join conditions and other complex operators',
  columnifexists: 'as column_ifexists',
  parse_version: 'a decimal(38,0) internally, so versions of four 8-digit parts compare exactly',
  isutf8: 'always true: the store holds only valid UTF-8',
  ipv4_lookup: 'overlapping ranges give one row per range that holds the address',
  geo_distance_2points: 'on S2\'s sphere (radius 6,371,010 m), as Kusto; use_spheroid = true is refused',
  format_bytes: 'rounds half to even and prints no trailing zeros, as .NET\'s Math.Round and ToString do (the documented examples agree; other cases are not checked against Kusto); no base argument',
  ingestion_time: 'the start of the transaction that stored the row (rows stored before Picket kept it read the time of the upgrade); only in a where, extend or project placed on a table (through wheres)',
  table: 'a name that is constant where the query is compiled (a literal, a let-bound string, a function parameter)',
};

function flags(sym: Bridged): string {
  return [sym.IsHidden ? 'hidden' : '', sym.IsObsolete ? 'obsolete' : ''].filter(Boolean).join(', ');
}

export function support(): Support {
  const K = kustoLanguage();
  const kinds = Object.keys(K.Syntax.SyntaxKind).filter(n => /Operator$/.test(n) && n !== 'BadQueryOperator');
  kinds.push('DataTableExpression', 'ExternalDataExpression');
  const operators = kinds.map(kind => ({
    name: OPERATOR_NAMES[kind] ?? kebab(kind),
    supported: kind in OPERATORS || LOWERED_OPERATORS.has(kind),
    note: [kind, OPERATOR_NOTES[kind] ?? ''].filter(Boolean).join('; '),
  }));
  const byName = (list: Bridged[], has: (n: string) => boolean): SupportRow[] => {
    const seen = new Map<string, SupportRow>();
    for (const sym of list) {
      const name = String(sym.Name);
      if (seen.has(name)) continue;
      const supported = has(name);
      seen.set(name, { name, supported, note: [flags(sym), supported ? NOTES[name] : ''].filter(Boolean).join('; ') });
    }
    return [...seen.values()];
  };
  const sortRows = (rows: SupportRow[]) => rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    operators: sortRows(operators),
    functions: sortRows(byName(K.Functions.All, n => n in FUNCTIONS || n in WINDOWS || LOWERED_FUNCTIONS.has(n))),
    aggregates: sortRows(byName(K.Aggregates.All, n => n in AGGREGATES || LOWERED_FUNCTIONS.has(n))),
    plugins: sortRows(byName(K.PlugIns.All, n => n in PLUGINS)),
  };
}

/** The known conformance failures, by case id, with the reason each still fails. */
export function knownFailures(file: URL): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

function table(title: string, rows: SupportRow[]): string {
  const yes = rows.filter(r => r.supported).length;
  const lines = rows.map(r => `| \`${r.name}\` | ${r.supported ? 'yes' : 'no'} | ${r.note} |`);
  return `## ${title}\n\n${yes} of ${rows.length} supported.\n\n| Name | Supported | Note |\n|---|---|---|\n${lines.join('\n')}\n`;
}

/** The whole document, deterministic for a given analyser version and engine. */
export function renderSupport(failures: Record<string, string>): string {
  const s = support();
  const failing = Object.entries(failures).sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, why]) => `| \`${id}\` | ${why.replace(/\|/g, '\\|')} |`);
  return [
    '# KQL support',
    '',
    'Generated by `npm run kql-support` (scripts/kql-support.ts) from the catalog of Microsoft\'s analyser',
    '(@kusto/language-service-next) and the registries Picket\'s engine uses; a test fails when this file is stale.',
    'A query using something marked "no" fails with PK001, naming the construct and its position.',
    '',
    table('Query operators', s.operators),
    table('Scalar functions', s.functions),
    table('Aggregate functions', s.aggregates),
    table('Plugins (evaluate)', s.plugins),
    '## Known conformance failures',
    '',
    'The shared Kusto-verified cases that still fail (test/kql/conformance-failures.json; the conformance test',
    'fails when this list and the engine disagree), each with the reason.',
    '',
    '| Case | Reason |',
    '|---|---|',
    ...failing,
    '',
  ].join('\n');
}
