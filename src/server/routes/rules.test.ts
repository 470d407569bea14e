/**
 * Detection rules end to end over HTTP: the seed query saved as a rule raises one alert per passive device on its
 * first run, none on the next, one more when another device turns passive; alerts reach AlertInfo/AlertEvidence,
 * sinks and incidents; bad rules are refused naming the field and how to fix it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../store/duckdb.js';
import { Writer } from '../../store/writer.js';
import { buildServer, type Server } from '../app.js';
import { SEED_QUERY } from '../../demo/seed-query.js';
import { runKql } from '../../kql/run.js';
import type { Alert } from '../../alerts/model.js';

const ADMIN = 'pat_test-admin-token';
const admin = { authorization: `Bearer ${ADMIN}` };
// the wall clock: run now and preview use it; scheduler ticks are given times after it
const T0 = Math.floor(Date.now() / 1000) * 1000;
const HOUR = 3_600_000;
let store: Store;
let server: Server;
let conn: DuckDBConnection;
const sunk: Alert[] = [];

before(async () => {
  store = await Store.open();
  conn = await store.instance.connect();
  server = await buildServer({ store, adminToken: ADMIN, rules: { startScheduler: false, builtinDir: null, sinks: [{ alertsRaised: async a => { sunk.push(...a); } }] } });
});
after(async () => { await server.app.close(); conn.closeSync(); store.close(); });

/** One status report per device at `at`: DeviceInfo and the scid-2010 / scid-2011 assessment rows. */
async function report(at: number, devices: number, passive: (i: number) => boolean) {
  const ts = new Date(at).toISOString();
  await new Writer(conn).write(Array.from({ length: devices }, (_, i) => {
    const DeviceId = `dev${String(i).padStart(3, '0')}`, DeviceName = `pc-${i}.corp.example`;
    const base = { Timestamp: ts, DeviceId, DeviceName, OSPlatform: 'Windows11' };
    return { key: `status|${DeviceId}|${at}`, rows: {
      DeviceInfo: [{ ...base, ReportId: at / 1000 + i }],
      DeviceTvmSecureConfigurationAssessment: [
        { ...base, ConfigurationId: 'scid-2010', IsCompliant: !passive(i), IsApplicable: true, Context: [[passive(i) ? '1' : '0']] },
        { ...base, ConfigurationId: 'scid-2011', IsCompliant: true, IsApplicable: true, Context: [['1.411.1.0', '1.1.24030.4', ts, '4.18.24030.9']] },
      ],
    } };
  }));
}

const seedRule = {
  name: 'Defender Antivirus in passive mode', query: SEED_QUERY, frequency: '1h', alertPer: 'entity',
  alert: { title: 'Passive mode on {{DeviceName}}', severity: 'medium', category: 'DefenseEvasion', mitreTechniques: ['T1562.001'],
    description: 'Defender runs in passive mode.', recommendedActions: 'Return Defender to active mode.' },
  entities: { device: 'DeviceId', user: null },
};

const post = (url: string, payload?: object) => server.app.inject({ method: 'POST', url, headers: admin, ...(payload ? { payload } : {}) });
const get = (url: string) => server.app.inject({ method: 'GET', url, headers: admin });
const tick = (at: number) => server.context.rules.scheduler.tick(new Date(at));

test('the seed rule: one alert per passive device on the first run, none on the next, one more when a device turns passive', async () => {
  const passive = new Set([1, 4, 7, 9]);
  await report(T0 - 90 * 60_000, 12, i => passive.has(i));
  await report(T0 - 30 * 60_000, 12, i => passive.has(i));
  const created = await post('/api/v1/rules', seedRule);
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;

  // run now and preview show what would be raised and raise nothing
  const dry = await post(`/api/v1/rules/${id}/preview`, { days: 2 });
  assert.equal(dry.statusCode, 200, dry.body);
  assert.equal(dry.json().wouldRaise.length, 4);
  assert.equal((await post(`/api/v1/rules/${id}/run`)).json().wouldRaise.length, 4);
  assert.equal((await get(`/api/v1/alerts?ruleId=${id}`)).json().total, 0);

  const first = await tick(T0);
  assert.equal(first.length, 1);
  assert.equal(first[0].run.alerts, 4);
  const listed = (await get(`/api/v1/alerts?ruleId=${id}&limit=2`)).json();
  assert.equal(listed.total, 4);
  assert.equal(listed.alerts.length, 2, 'paging');
  const alerts = (await get(`/api/v1/alerts?ruleId=${id}`)).json().alerts as Alert[];
  assert.deepEqual(alerts.map(a => a.deviceId).sort(), ['dev001', 'dev004', 'dev007', 'dev009']);
  assert.match(alerts[0].title, /^Passive mode on pc-\d\.corp\.example$/);
  assert.equal(sunk.length, 4, 'every sink hears of committed alerts');
  // every entity already has an open alert: the dry runs answer "nothing new", not an error
  const again = await post(`/api/v1/rules/${id}/preview`, { days: 2 });
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(again.json().wouldRaise, []);

  await report(T0 + 30 * 60_000, 12, i => passive.has(i));
  assert.equal((await tick(T0 + 30 * 60_000)).length, 0, 'not due before an hour has passed');
  const second = await tick(T0 + HOUR);
  assert.equal(second[0].run.alerts, 0, 'still-passive devices raise nothing again');

  passive.add(11);
  await report(T0 + 90 * 60_000, 12, i => passive.has(i));
  const third = await tick(T0 + 2 * HOUR);
  assert.equal(third[0].run.alerts, 1);
  assert.equal(third[0].alerts[0].deviceId, 'dev011');

  const runs = (await get(`/api/v1/rules/${id}/runs`)).json();
  assert.deepEqual(runs.runs.filter((r: { kind: string }) => r.kind === 'scheduled').map((r: { alerts: number }) => r.alerts), [1, 0, 4]);
  assert.ok(runs.runs.every((r: { durationMs: number; error: null }) => r.durationMs >= 0 && r.error === null));

  // the rule list carries each rule's last real run (a later preview is not it) and its alert counts
  assert.equal((await post(`/api/v1/rules/${id}/preview`, { days: 2 })).statusCode, 200);
  const listed2 = (await get('/api/v1/rules')).json().rules as { id: string; lastRun: { kind: string; alerts: number } | null; alertCounts: { open: number; total: number } }[];
  const mine = listed2.find(r => r.id === id)!;
  assert.equal(mine.lastRun?.kind, 'scheduled');
  assert.equal(mine.lastRun?.alerts, 1);
  assert.deepEqual(mine.alertCounts, { open: 5, total: 5 });
  assert.ok(listed2.filter(r => r.id !== id).every(r => r.alertCounts.total === 0));

  // hunting queries see the alerts as in Defender
  const q = await store.queryConnection();
  try {
    const hunt = await runKql(q, `AlertInfo | where DetectionSource == "Custom detection" | join kind=inner (AlertEvidence | where EntityType == "Machine") on AlertId | summarize dcount(AlertId), dcount(DeviceId)`);
    assert.deepEqual(hunt.rows, [[5, 5]]);
  } finally { q.closeSync(); }
});

test('incidents: alerts on one device within the window join one incident; triage, comments, history; resolving resolves alerts', async () => {
  const r = await post('/api/v1/rules', { ...seedRule, name: 'second rule on passive devices', alertPer: 'row', alert: { ...seedRule.alert, title: 'Second view', severity: 'high' } });
  assert.equal(r.statusCode, 201);
  await tick(T0 + 2 * HOUR + 1);
  const inc = (await get('/api/v1/incidents?deviceId=dev001')).json();
  assert.equal(inc.total, 1, 'the second rule\'s alerts on dev001 joined its open incident');
  const id = inc.incidents[0].incidentId as string;
  const detail = (await get(`/api/v1/incidents/${id}`)).json();
  assert.ok(detail.alerts.length >= 2);
  assert.equal(detail.severity, 'high');
  assert.equal(detail.title, 'Multiple alerts on pc-1.corp.example');

  const upd = await server.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${id}`, headers: admin, payload: { status: 'in_progress', assignee: 'alice' } });
  assert.equal(upd.statusCode, 200, upd.body);
  const c = await post(`/api/v1/incidents/${id}/comments`, { text: 'Looking at the other antivirus.' });
  assert.equal(c.statusCode, 201);
  const res = await server.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${id}`, headers: admin, payload: { status: 'resolved', classification: 'true_positive' } });
  const done = res.json();
  assert.equal(done.status, 'resolved');
  assert.ok(done.alerts.every((a: Alert) => a.status === 'resolved'));
  assert.deepEqual(done.comments.map((x: { text: string }) => x.text), ['Looking at the other antivirus.']);
  assert.deepEqual(done.history.map((h: { kind: string }) => h.kind).filter((k: string) => k !== 'alert_added'), ['created', 'status', 'assignee', 'comment', 'status', 'classification']);
  assert.equal(done.history.find((h: { kind: string }) => h.kind === 'comment').actor, 'admin token');
  assert.equal((await get('/api/v1/incidents?status=resolved&classification=true_positive')).json().total, 1);

  // filters by rule and by event time: the second rule's alerts are in this incident only among dev001's
  const byRule = (await get(`/api/v1/incidents?ruleId=${r.json().id}&deviceId=dev001`)).json();
  assert.deepEqual(byRule.incidents.map((i: { incidentId: string }) => i.incidentId), [id]);
  assert.equal((await get('/api/v1/incidents?ruleId=no-such-rule')).json().total, 0);
  const times = (detail.alerts as { timestamp: string }[]).map(a => a.timestamp).sort();
  const first = times[0], last = times.at(-1)!;
  assert.equal((await get(`/api/v1/incidents?deviceId=dev001&since=${encodeURIComponent(first)}`)).json().total, 1);
  const after = new Date(Date.parse(last) + 60_000).toISOString();
  assert.equal((await get(`/api/v1/incidents?deviceId=dev001&since=${encodeURIComponent(after)}`)).json().total, 0);
  assert.equal((await get('/api/v1/incidents?since=yesterday')).statusCode, 400);
});

test('bad rules are refused with the field and how to fix it', async () => {
  const noReport = SEED_QUERY.replace('| join DeviceInfo on DeviceId   // 追加行\n| where Timestamp > ago(1h)     // 追加行\n', '| extend Timestamp = now()\n');
  assert.notEqual(noReport, SEED_QUERY);
  const cases: [object, number, string, RegExp][] = [
    [{ query: noReport }, 422, 'query', /no ReportId column.*arg_max\(Timestamp, ReportId\).*DeviceInfo/],
    [{ query: 'DeviceEvents | project DeviceId, ReportId' }, 422, 'query', /no Timestamp column/],
    [{ query: 'DeviceEvents | project Timestamp, ReportId' }, 422, 'entities.device', /no DeviceId column/],
    [{ query: 'DeviceEvents | where Foo == 1' }, 422, 'query', /does not compile/],
    [{ frequency: 'continuous' }, 422, 'frequency', /exactly one table|join/],
    [{ alert: { ...seedRule.alert, title: 'On {{NoSuchColumn}}' } }, 422, 'alert.title', /NoSuchColumn/],
    [{ entities: { device: null, user: null } }, 422, 'entities', /impacted entity/],
    [{ frequency: '2h' }, 400, 'frequency', /./],
    [{ alert: { ...seedRule.alert, severity: 'severe' } }, 400, 'severity', /./],
    [{ alert: { ...seedRule.alert, mitreTechniques: ['lateral'] } }, 400, 'mitreTechniques', /./],
    [{ name: '' }, 400, 'name', /./],
    [{ extra: 1 }, 400, 'body', /./],
  ];
  for (const [change, status, field, message] of cases) {
    const r = await post('/api/v1/rules', { ...seedRule, ...change });
    assert.equal(r.statusCode, status, `${JSON.stringify(change)}: ${r.body}`);
    const e = r.json().error;
    assert.ok((e.field ?? '').includes(field) || e.message.includes(field), `${JSON.stringify(change)} should name ${field}: ${r.body}`);
    assert.match(e.message, message);
  }
  const bad = (await post('/api/v1/rules', { ...seedRule, query: 'DeviceEvents\n| where Foo == 1' })).json().error;
  assert.deepEqual(bad.span, { offset: 21, length: 3 }, 'the span points into the rule\'s own text');
  const v = await post('/api/v1/rules/validate', { ...seedRule, query: 'DeviceEvents | project Timestamp, ReportId' });
  assert.equal(v.json().ok, false);
  assert.equal((await get('/api/v1/rules/nosuchrule')).statusCode, 404);
  assert.equal((await post('/api/v1/rules/nosuchrule/preview', { days: 31 })).statusCode, 400);
  assert.equal((await server.app.inject({ method: 'GET', url: '/api/v1/rules' })).statusCode, 401);
  assert.equal((await server.app.inject({ method: 'PATCH', url: '/api/v1/incidents/pi0', headers: admin, payload: { status: 'closed' } })).statusCode, 400);
  assert.equal((await server.app.inject({ method: 'PATCH', url: '/api/v1/incidents/pi0', headers: admin, payload: { status: 'resolved' } })).statusCode, 404);
  assert.equal((await get('/api/v1/alerts?severity=urgent')).statusCode, 400);
});

test('a rule may call a saved function, as a hunting query may', async () => {
  const fn = await post('/api/v1/functions', { name: 'RecentDeviceReports', parameters: [], body: 'DeviceInfo | where Timestamp > ago(1d) | project Timestamp, ReportId, DeviceId, DeviceName' });
  assert.equal(fn.statusCode, 201, fn.body);
  const rule = { ...seedRule, name: 'Calls a saved function', query: 'RecentDeviceReports() | where DeviceName startswith "pc-1"' };
  const valid = await post('/api/v1/rules/validate', rule);
  assert.equal(valid.json().ok, true, valid.body);
  const created = await post('/api/v1/rules', rule);
  assert.equal(created.statusCode, 201, created.body);
  const unknown = await post('/api/v1/rules/validate', { ...rule, query: 'NoSuchFunction() | take 1' });
  assert.equal(unknown.json().ok, false);
  assert.equal(unknown.json().problems[0].field, 'query');
});
