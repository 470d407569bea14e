/**
 * The script and its emulator say the same things: PicketAgent.ps1 is read as text (PowerShell cannot run here)
 * and held to the emulator on endpoints, versions, batch size, status fields, spool names, the names of its
 * functions, and the key order of every object it sends; the emulator's bodies are captured by a bare HTTP server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { AGENT_ACTIONS_PATH, AGENT_VERSION, ENROLL_PATH, INGEST_PATH } from './protocol.js';
import { AgentEmulator, BATCH_EVENTS, STATUS_FIELDS } from './emulator.js';
import { FakeWindows } from './windows.js';
import { AGENT_DIR, AGENT_FILES, agentConfig } from './package.js';

const script = readFileSync(new URL('PicketAgent.ps1', AGENT_DIR), 'utf8');
const emulatorSource = readFileSync(new URL('emulator.ts', import.meta.url), 'utf8');

/** The keys of each [ordered]@{ ... } literal in the script, in order, by the literal's first key. */
function orderedLiterals(text: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  let at = 0;
  while ((at = text.indexOf('[ordered]@{', at)) >= 0) {
    let depth = 0, end = at + 10;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    // only this literal's own keys: nested blocks ({ ... } and $( ... )) are blanked out first
    let body = text.slice(at + 11, end);
    for (let prev = ''; prev !== body;) { prev = body; body = body.replace(/\{[^{}]*\}|\([^()]*\)/g, ''); }
    const keys = [...body.matchAll(/(?:^|[;\n]|@\{)\s*(\w+)\s*=/g)].map(m => m[1]);
    out.set(keys[0], [...(out.get(keys[0]) ?? []), keys]);
    at += 11; // nested literals are read too
  }
  return out;
}

test('the script is ASCII: Windows PowerShell 5.1 reads a file without BOM in the ANSI code page', () => {
  for (const name of [...AGENT_FILES, 'picket-agent.json']) {
    const text = readFileSync(new URL(name, AGENT_DIR), 'latin1');
    const bad = [...text].findIndex(c => c.charCodeAt(0) > 0x7e || (c.charCodeAt(0) < 0x20 && !'\r\n\t'.includes(c)));
    assert.equal(bad, -1, `${name} has a non-ASCII character at ${bad}`);
  }
});

test('endpoints, version, batch size and status fields are the same in the script and the emulator', () => {
  assert.match(script, new RegExp(`\\$AgentVersion = '${AGENT_VERSION.replace(/\./g, '\\.')}'`));
  assert.match(script, new RegExp(`\\$BatchEvents = ${BATCH_EVENTS}\\b`));
  for (const path of [ENROLL_PATH, INGEST_PATH, AGENT_ACTIONS_PATH]) assert.ok(script.includes(`'${path}'`), path);
  assert.ok(script.includes(`"${AGENT_ACTIONS_PATH}/$($action.id)/outcome"`));
  assert.ok(script.includes(`"${AGENT_ACTIONS_PATH}/$($kind.Substring(8))/outcome"`));
  const fields = /\$StatusFields = ([^\n]+\n[^\n]+)/.exec(script)![1].match(/'(\w+)'/g)!.map(s => s.slice(1, -1));
  assert.deepEqual(fields, STATUS_FIELDS);
  assert.ok(script.includes(`'{0:D19}_{1}_{2}_{3}.json'`), 'spool file names');
  assert.ok(script.includes(`"*[System[EventRecordID > $position]]"`), 'the XPath on EventRecordID');
});

test('every function of the script has its counterpart named in the emulator', () => {
  const functions = [...script.matchAll(/^function ([\w-]+)/gm)].map(m => m[1]);
  assert.ok(functions.length >= 20, functions.join());
  const unnamed = functions.filter(f => !emulatorSource.includes(f));
  assert.deepEqual(unnamed, []);
});

test("the example configuration has the package's keys, in its order", () => {
  const example = Object.keys(JSON.parse(readFileSync(new URL('picket-agent.json', AGENT_DIR), 'utf8')) as object);
  assert.deepEqual(example, Object.keys(agentConfig({ serverUrl: 'https://x', enrollmentKey: 'k' })));
  const install = readFileSync(new URL('Install-PicketAgent.ps1', AGENT_DIR), 'utf8');
  for (const k of example) assert.ok(script.includes(`'${k}'`) || install.includes(`$config.${k}`), `the script or the installer reads ${k}`);
});

test('every object the emulator sends has the keys of the script\'s literal, in the same order', async () => {
  const bodies: { path: string; body: Record<string, unknown> }[] = [];
  const http = createServer((req, res) => {
    let text = '';
    req.on('data', c => { text += c; });
    req.on('end', () => {
      if (text) bodies.push({ path: req.url!, body: JSON.parse(text) as Record<string, unknown> });
      res.setHeader('content-type', 'application/json');
      if (req.url === ENROLL_PATH) res.end(JSON.stringify({ deviceId: 'a'.repeat(40), deviceName: 'x', deviceToken: 'pdt_x' }));
      else if (req.url === AGENT_ACTIONS_PATH) res.end(JSON.stringify({ actions: [{ id: '0123456789abcdef', kind: 'quick_scan' }] }));
      else res.end('{}');
    });
  });
  await new Promise<void>(r => http.listen(0, '127.0.0.1', r));
  const stateDir = mkdtempSync(join(tmpdir(), 'picket-parity-'));
  try {
    const machine = new FakeWindows({ missingCmdlets: [] });
    machine.log![3] = { ...machine.log![3], recordId: 4200 }; // a gap, so that a gap object is sent
    const em = new AgentEmulator({ serverUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, enrollmentKey: 'pek_x', stateDir, machine });
    em['cursors'] = {};
    await em.run();
    machine.log = null; // the next run cannot read the log: threatsAsEvents
    await em.run();
  } finally {
    http.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
  const literals = orderedLiterals(script);
  const keys = (o: unknown) => Object.keys(o as object);
  /** The object's keys are those of one of the script's literals that start with the same key. */
  const like = (o: unknown, prefix?: number) => {
    const actual = keys(o);
    const candidates = (literals.get(actual[0]) ?? []).map(l => (prefix ? l.slice(0, prefix) : l));
    assert.ok(candidates.some(c => c.join() === actual.join()), `${actual.join()} is none of ${JSON.stringify(candidates)}`);
  };
  like(bodies.find(b => b.path === ENROLL_PATH)!.body);
  const [report, later] = bodies.filter(b => b.path === INGEST_PATH && 'agent' in b.body).map(b => b.body);
  like(report.agent);
  const added = [...script.matchAll(/\$report\.(\w+) =/g)].map(m => m[1]);
  const reportKeys = [...literals.get('agentVersion')!.find(l => l.includes('agent'))!, ...added.filter((k, i) => added.indexOf(k) === i), 'events'];
  assert.deepEqual(keys(report), reportKeys.filter(k => k !== 'threatsAsEvents'));
  assert.deepEqual(keys(later), reportKeys.filter(k => k !== 'software'));
  like(report.os);
  like((report.software as unknown[])[0]);
  like((report.agent as { gaps: unknown[] }).gaps[0]);
  like(report.status);
  like((later.agent as { errors: unknown[] }).errors[0]);
  const outcomes = bodies.filter(b => b.path.endsWith('/outcome')).map(b => b.body);
  assert.deepEqual(outcomes.map(o => o.status), ['running', 'done', 'running', 'failed'], 'the second scan fails: no log to write to');
  for (const o of outcomes) like(o);
  like(outcomes[1].result);
  // the bodies that start with agentVersion: later batches of events, the report, a forwarded device's first batch
  assert.deepEqual(literals.get('agentVersion')!.map(l => l.join()), ['agentVersion', 'agentVersion,agent', 'agentVersion,agent']);
});
