/**
 * The real Defender logs, imported as `picket import` does, answer hunting queries: five Mimikatz detections and
 * one remediation, 455 health reports, four configuration changes naming the exclusions; raw fields stay readable.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../src/store/duckdb.js';
import { Writer } from '../../src/store/writer.js';
import { Registry } from '../../src/devices/registry.js';
import { IngestService } from '../../src/ingest/service.js';
import { Mutex } from '../../src/server/overload.js';
import { readTelemetryFile } from '../../src/ingest/files.js';
import { runKql } from '../../src/kql/run.js';

const sample = (name: string) => new URL(`../fixtures/evtx/${name}`, import.meta.url).pathname;
let store: Store;
let write: DuckDBConnection;
let query: DuckDBConnection;

before(async () => {
  store = await Store.open();
  write = await store.instance.connect();
  query = await store.queryConnection();
  const service = new IngestService(new Writer(write), new Registry(write), new Mutex());
  for (const f of ['defender-1116-1117-threat-detected.evtx', 'defender-1151-health-status.evtx', 'defender-5007-exclusion-added.evtx']) {
    const read = readTelemetryFile(sample(f));
    assert.deepEqual(read.rejections, [], f);
    await service.importEvents(read.events);
  }
});
after(() => { query.closeSync(); write.closeSync(); store.close(); });

const rows = async (kql: string) => (await runKql(query, kql)).rows;

test('five Mimikatz detections and one remediation', async () => {
  const detections = await rows(`DeviceEvents | where ActionType == "AntivirusDetection"
    | extend ThreatName = tostring(parse_json(AdditionalFields).ThreatName) | project ThreatName, FileName, AccountName`);
  assert.equal(detections.length, 5);
  assert.ok(detections.every(r => /Mi(mi)?katz/i.test(String(r[0]))), JSON.stringify(detections));
  const remediated = await rows(`DeviceEvents | extend af = parse_json(AdditionalFields)
    | where tobool(af.WasRemediated) | project ActionType, FileName, Action = tostring(af.Action)`);
  assert.deepEqual(remediated, [['AntivirusMalwareBlocked', 'mimikatz.exe', 'Quarantine']]);
});

test('455 health reports', async () => {
  assert.deepEqual(await rows('DeviceEvents | where ActionType == "AntivirusHealthReport" | count'), [[455]]);
});

test('four configuration changes with the exclusion paths', async () => {
  const changes = await rows(`DeviceEvents | where ActionType == "AntivirusConfigurationChanged"
    | project Exclusion = tostring(parse_json(AdditionalFields).Exclusion) | order by Exclusion asc`);
  assert.deepEqual(changes.map(r => r[0]), ['.mimi', 'C:\\TOOLS\\mimikatz', 'C:\\TOOLS\\mimikatz.exe', 'virus.exe']);
});

test('every EventData field is readable in the raw WindowsEvent table', async () => {
  const r = await rows(`WindowsEvent | where EventID == 1116 | take 1
    | project Threat = tostring(EventData["Threat Name"]), User = tostring(EventData["Detection User"]), n = array_length(bag_keys(EventData))`);
  assert.match(String(r[0][0]), /Mi(mi)?katz/i);
  assert.equal(r[0][1], 'OFFSEC\\admmig');
  assert.ok(Number(r[0][2]) >= 40);
  assert.deepEqual(await rows('WindowsEvent | summarize count() by EventID | order by EventID asc'), [[1116, 5], [1117, 1], [1151, 455], [5007, 4]]);
});
