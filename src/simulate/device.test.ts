/** One simulated device's history: reproducible, faithful Event XML, reports up to the present. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { planFleet, finalMode } from './fleet.js';
import { DeviceHistory, type Report } from './device.js';
import { readEventXml } from '../ingest/sources/event-xml.js';

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const HOUR = 3_600_000;

function history(seed: number, devices = 12, days = 10, now = NOW): { plan: ReturnType<typeof planFleet>[number]; reports: Report[]; h: DeviceHistory }[] {
  return planFleet({ devices, days, seed }).map(plan => {
    const h = new DeviceHistory(plan, { days, now, seed });
    return { plan, reports: [...h.reports()], h };
  });
}

const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

test('the same seed gives the same fleet, another seed another', () => {
  const a = history(11), b = history(11), c = history(12);
  assert.equal(digest(a.map(x => [x.plan, x.reports])), digest(b.map(x => [x.plan, x.reports])));
  assert.notEqual(digest(a.map(x => x.plan.hostName + x.plan.initialMode)), digest(c.map(x => x.plan.hostName + x.plan.initialMode)));
});

test('the fleet does not depend on the moment it is simulated at, only on the seed', () => {
  const a = history(11), b = history(11, 12, 10, NOW + 5 * HOUR + 17_000);
  assert.deepEqual(a.map(x => [x.plan, x.h.outcome.detections, x.reports.length, x.h.outcome.mode]),
    b.map(x => [x.plan, x.h.outcome.detections, x.reports.length, x.h.outcome.mode]));
});

test('every mode is present, including devices that change mode and devices that go silent', () => {
  const fleet = planFleet({ devices: 40, days: 30, seed: 1 });
  const modes = new Set(fleet.map(finalMode));
  assert.deepEqual([...modes].sort(), ['EDR Block Mode', 'Normal', 'Passive Mode']);
  assert.ok(fleet.some(p => p.modeChange?.to === 'Passive Mode'));
  assert.ok(fleet.some(p => p.modeChange?.to === 'Normal'));
  assert.ok(fleet.some(p => p.lastDay < 29 && finalMode(p) === 'Passive Mode'));
  assert.ok(fleet.some(p => p.os.server) && fleet.some(p => !p.os.server));
});

test('events are Defender Operational Event XML that the ingest parser reads whole, with record ids in order', () => {
  const ids = new Set<number>();
  for (const { plan, reports } of history(3, 12, 10)) {
    let lastRecord = -1n;
    let lastTime = '';
    for (const r of reports) {
      for (const xml of r.batch.events ?? []) {
        const parsed = readEventXml(xml);
        assert.deepEqual(parsed.rejections, [], xml);
        const [ev] = parsed.events;
        assert.ok(ev);
        assert.equal(ev.provider, 'Microsoft-Windows-Windows Defender');
        assert.equal(ev.channel, 'Microsoft-Windows-Windows Defender/Operational');
        assert.equal(ev.computer, plan.fqdn);
        assert.ok(ev.recordId > lastRecord, 'EventRecordID increases');
        assert.ok(ev.timeCreated >= lastTime, 'events in time order');
        assert.ok(Date.parse(ev.timeCreated) <= r.at, 'no event after the report that carries it');
        lastRecord = ev.recordId;
        lastTime = ev.timeCreated;
        ids.add(ev.eventId);
        if (ev.eventId === 1116) {
          assert.match(ev.data['Threat Name'] ?? '', /:/);
          assert.match(ev.data['Detection ID'] ?? '', /^\{[0-9A-F-]{36}\}$/);
        }
      }
    }
  }
  for (const id of [1000, 1001, 1116, 1151, 2000]) assert.ok(ids.has(id), `event ${id} appears`);
});

test('the detection event has the fields and order of a real 1116 (shared/samples)', () => {
  const all = history(5, 40, 30).flatMap(x => x.reports.flatMap(r => r.batch.events ?? []));
  const xml = all.find(x => x.includes('<EventID>1116</EventID>'));
  assert.ok(xml);
  const names = [...xml.matchAll(/<Data Name='([^']+)'>/g)].map(m => m[1]);
  assert.deepEqual(names.slice(0, 8), ['Product Name', 'Product Version', 'Detection ID', 'Detection Time', 'Unused', 'Unused2', 'Threat ID', 'Threat Name']);
  assert.equal(names.length, 42);
  assert.match(xml, /^<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System><Provider Name='Microsoft-Windows-Windows Defender' Guid='\{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78\}'\/><EventID>1116<\/EventID><Version>0<\/Version><Level>3<\/Level><Task>0<\/Task><Opcode>0<\/Opcode><Keywords>0x8000000000000000<\/Keywords><TimeCreated SystemTime='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z'\/><EventRecordID>\d+<\/EventRecordID>/);
  assert.ok(all.some(x => x.includes('<EventID>1117</EventID>')) && all.some(x => x.includes('<EventID>1118</EventID>')), 'successful and failed remediation');
  assert.ok(all.some(x => x.includes('<EventID>5001</EventID>')) && all.some(x => x.includes('<EventID>5000</EventID>')), 'real-time protection off and on');
  assert.ok(all.some(x => x.includes('Exclusions\\')), 'exclusions added');
  assert.ok(all.some(x => x.includes('EICAR')) && all.some(x => x.includes('Mimikatz')));
});

test('reports go up to the present: the last one minutes before now, status in the agent envelope', () => {
  for (const { plan, reports, h } of history(7, 12, 10)) {
    const last = reports[reports.length - 1]!;
    const envelope = last.batch.status as { timestamp: string; status: Record<string, unknown> };
    assert.equal(Date.parse(envelope.timestamp), last.at);
    assert.equal(envelope.status.AMRunningMode, finalMode(plan));
    assert.equal(h.outcome.mode, finalMode(plan));
    if (plan.lastDay === 9) assert.ok(NOW - last.at <= 10 * 60_000 && NOW - last.at > 0);
    else assert.ok(NOW - last.at > 24 * HOUR);
    assert.ok(reports[0]!.batch.software?.length, 'inventory in the first report');
    assert.match(String(envelope.status.AntivirusSignatureLastUpdated), /^\/Date\(\d+\)\/$/);
  }
});
