/**
 * Hunting confinement under hostile KQL: quotes, comments, backslashes, unicode and very long input never escape
 * the generated SQL (one statement, reading hunting tables only, no file or network functions), strings come
 * back exactly as written, and no file on disk and no application table is ever read.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../store/duckdb.js';
import { compile } from '../kql/compile.js';
import { runKql } from '../kql/run.js';
import { KqlError } from '../kql/errors.js';
import { huntingTables } from '../kql/analyzer/schema.js';

const MARKER = 'PICKET-SECRET-MARKER-7f3a';
let dir: string, secretFile: string, store: Store, plain: DuckDBConnection;
const HUNTING = new Set(huntingTables().map(t => t.name.toLowerCase()));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'picket-inj-'));
  secretFile = join(dir, 'secret.csv');
  writeFileSync(secretFile, `secret\n${MARKER}\n`);
  store = await Store.open();
  plain = await store.instance.connect();
  await plain.run("INSERT INTO app.meta VALUES ('canary', $1)", [MARKER]);
  await plain.run("INSERT INTO DeviceInfo (DeviceName, DeviceId) VALUES ('pc-1', 'd1')");
});
after(() => { plain.closeSync(); store.close(); rmSync(dir, { recursive: true, force: true }); });

const PAYLOADS = [
  `' OR 1=1 --`, `"; DROP TABLE DeviceInfo; --`, `'); SELECT * FROM app.meta; --`, `\\'; SELECT 1; --`, `\\\\'`,
  `*/ SELECT * FROM read_csv('${'SECRET'}') /*`, `-- comment`, `/* open comment`, `' || (SELECT value FROM app.meta) || '`,
  `$$ dollar $$`, `$1`, `?`, `%s`, `${'${x}'}`, `\\x27`, `\\u0027`, '\u0000nul', 'line\nbreak\r\n', 'tab\there',
  '\u202Eright-to-left override', '\u2028\u2029', 'ｓｅｌｅｃｔ', 'Ω≈ç√∫', '😀 emoji 🚀', '\uD800 lone surrogate', '\\', '\\\\"', `'''`, `"""`,
  'a'.repeat(60_000), "'".repeat(5_000), '"'.repeat(5_000),
].map(p => p.replace('SECRET', '/etc/passwd'));

/** KQL shapes that carry the payload into the query as a string, a regex, a term or a column name. */
const kqlStr = (p: string) => JSON.stringify(p); // a KQL "…" literal with JSON escapes, which KQL accepts
const SHAPES: ((p: string) => string)[] = [
  p => `print x = ${kqlStr(p)}`,
  p => `DeviceInfo | where DeviceName == ${kqlStr(p)} | project DeviceName`,
  p => `DeviceInfo | where DeviceName has ${kqlStr(p)} or DeviceName contains ${kqlStr(p)} or DeviceName startswith ${kqlStr(p)}`,
  p => `DeviceInfo | where DeviceName in~ (${kqlStr(p)}, "x") | extend y = strcat(DeviceName, ${kqlStr(p)})`,
  p => `DeviceInfo | extend ['${p.replace(/[\]'\\]/g, '').slice(0, 200) || 'c'}'] = 1`,
  p => `DeviceInfo | where DeviceName matches regex ${kqlStr(p.replace(/[\\[\](){}*+?|^$.]/g, ''))}`,
  p => `DeviceInfo | parse DeviceName with * ${kqlStr(p.slice(0, 100) || 'x')} rest`,
];

/** Table references and table functions in a statement, from DuckDB's own parse of it. */
async function sqlShape(sql: string): Promise<{ statements: number; tables: string[]; functions: string[] }> {
  // the function wants a constant argument: the SQL as a literal, quotes doubled
  const r = await plain.runAndReadAll(`SELECT json_serialize_sql('${sql.replace(/'/g, "''")}')`);
  const ast = JSON.parse(String(r.getRowsJS()[0][0])) as { error: boolean; statements: unknown[]; error_message?: string };
  assert.equal(ast.error, false, `generated SQL does not parse: ${ast.error_message}`);
  const tables: string[] = [], functions: string[] = [], ctes = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'BASE_TABLE') tables.push(`${String(o.schema_name ?? '')}.${String(o.table_name)}`.toLowerCase());
    if (o.type === 'TABLE_FUNCTION') functions.push(String(((o.function as Record<string, unknown>)?.function_name) ?? ''));
    if (o.class === 'FUNCTION' && typeof o.function_name === 'string') functions.push(o.function_name);
    if (o.cte_map && typeof o.cte_map === 'object') for (const c of ((o.cte_map as { map?: { key: string }[] }).map ?? [])) ctes.add(c.key.toLowerCase());
    Object.values(o).forEach(walk);
  };
  walk(ast.statements);
  return { statements: ast.statements.length, tables: tables.filter(t => !ctes.has(t.replace(/^\./, ''))), functions };
}

const FORBIDDEN_FUNCTIONS = /^(read_|glob|sniff|parquet_|query|query_table|duckdb_|pragma_|iceberg|delta|getenv|current_setting|http)/i;

test('hostile strings stay strings: one statement, hunting tables only, no file functions, exact round trip', { timeout: 600_000 }, async () => {
  const failures: string[] = [];
  let compiled = 0;
  for (const payload of PAYLOADS) {
    for (const shape of SHAPES) {
      const kql = shape(payload);
      let sql: string;
      try { sql = compile(kql).sql; } catch (err) {
        if (err instanceof KqlError) continue; // refused by the compiler: nothing ran
        failures.push(`${kql.slice(0, 80)}: compiler crashed: ${String(err).slice(0, 200)}`);
        continue;
      }
      compiled++;
      const shapeOf = await sqlShape(sql);
      if (shapeOf.statements !== 1) failures.push(`${kql.slice(0, 80)}: ${shapeOf.statements} statements`);
      for (const t of shapeOf.tables) if (!HUNTING.has(t.replace(/^(main)?\./, ''))) failures.push(`${kql.slice(0, 80)}: reads ${t}`);
      for (const f of shapeOf.functions) if (FORBIDDEN_FUNCTIONS.test(f)) failures.push(`${kql.slice(0, 80)}: calls ${f}`);
      const conn = await store.queryConnection();
      try {
        const result = await runKql(conn, kql, { timeoutMs: 20_000 });
        if (JSON.stringify(result.rows).includes(MARKER)) failures.push(`${kql.slice(0, 80)}: read the marker`);
        if (kql.startsWith('print') && !payload.includes('\uD800') && result.rows[0][0] !== payload) failures.push(`${JSON.stringify(payload.slice(0, 40))}: came back as ${JSON.stringify(String(result.rows[0][0]).slice(0, 40))}`);
      } catch (err) {
        if (!(err instanceof KqlError)) failures.push(`${kql.slice(0, 80)}: ${String(err).slice(0, 200)}`);
      } finally { conn.closeSync(); }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(compiled >= PAYLOADS.length * 5, `only ${compiled} of ${PAYLOADS.length * SHAPES.length} hostile queries compiled: the test would prove little`);
  assert.equal(Number((await plain.runAndReadAll('SELECT count(*) FROM DeviceInfo')).getRowsJS()[0][0]), 1, 'nothing was dropped or added');
});

test('application tables, other schemas, files and external data are out of reach of KQL', async () => {
  const attempts = [
    'app.meta', "['app.meta']", 'meta', 'database("app").meta', 'cluster("x").database("y").DeviceInfo',
    `externaldata (x: string) [@"${secretFile}"]`, `externaldata (x: string) [h@"https://example.com/x.csv"]`,
    `evaluate python(typeof(*), "print(1)")`, `DeviceInfo | lookup (app.users) on DeviceId`, 'union *, app.meta',
    `print read_csv("${secretFile}")`, `DeviceInfo | extend x = file("${secretFile}")`, 'information_schema.tables', 'duckdb_settings()',
  ];
  for (const kql of attempts) {
    const conn = await store.queryConnection();
    try {
      const r = await runKql(conn, kql);
      assert.ok(!JSON.stringify(r.rows).includes(MARKER), `${kql} read the marker`);
      const s = await sqlShape(compile(kql).sql);
      for (const t of s.tables) assert.ok(HUNTING.has(t.replace(/^(main)?\./, '')), `${kql} reads ${t}`);
    } catch (err) {
      assert.ok(err instanceof KqlError, `${kql}: ${String(err)}`);
    } finally { conn.closeSync(); }
  }
});

test('even SQL that reached a query connection could not read files, load extensions or re-enable access', async () => {
  const conn = await store.queryConnection();
  try {
    for (const sql of [`SELECT * FROM read_csv('${secretFile}')`, `SELECT * FROM read_text('${secretFile}')`, `COPY DeviceInfo TO '${join(dir, 'out.csv')}'`,
      `ATTACH '${join(dir, 'x.duckdb')}'`, 'INSTALL httpfs', 'LOAD httpfs', 'SET enable_external_access = true']) {
      await assert.rejects(conn.run(sql), `${sql} was allowed`);
    }
  } finally { conn.closeSync(); }
});
