/** The built-in pack: every file reads cleanly, and every rule matches its match sample and not its no-match sample. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPack, readRuleFile, BUILTIN_DIR } from './files.js';
import { testRuleFiles } from './pack-test.js';

test('every built-in rule passes its own match and no-match samples', async () => {
  const { files, problems } = loadPack();
  assert.deepEqual(problems, []);
  const ids = files.map(f => f.rule.id);
  for (const id of ['defender-passive-mode', 'realtime-protection-off', 'antivirus-disabled', 'signatures-outdated', 'malware-not-remediated',
    'remediation-failed', 'tamper-protection-off', 'device-not-reporting', 'eicar-test-detection', 'exclusion-added', 'platform-out-of-date',
    'repeated-detections', 'application-installed']) assert.ok(ids.includes(id), `the pack has ${id}`);
  const failures = (await testRuleFiles(files)).filter(r => !r.ok).map(r => `${r.ruleId} ${r.sample}: ${r.message}`);
  assert.deepEqual(failures, []);
});

test('a broken rule file is refused with every problem named by field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'picket-rules-'));
  const good = readFileSync(join(BUILTIN_DIR, 'tamper-protection-off.yaml'), 'utf8');
  const path = join(dir, 'broken-rule.yaml');
  writeFileSync(path, good.replace('id: tamper-protection-off', 'id: broken-rule').replace('severity: medium', 'severity: severe')
    .replace('frequency: 3h', 'frequency: 2h').replace('| project Timestamp, DeviceId, DeviceName, ReportId,', '| project Timestamp, DeviceId, DeviceName,'));
  const r = readRuleFile(path);
  assert.equal(r.file, undefined);
  assert.deepEqual(r.problems.map(p => p.field).sort(), ['frequency', 'severity']);
  writeFileSync(path, good.replace('id: tamper-protection-off', 'id: broken-rule').replace('| project Timestamp, DeviceId, DeviceName, ReportId,', '| project Timestamp, DeviceId, DeviceName,'));
  const r2 = readRuleFile(path);
  assert.equal(r2.problems.length, 1);
  assert.equal(r2.problems[0].field, 'query');
  assert.match(r2.problems[0].message, /no ReportId column.*arg_max\(Timestamp, ReportId\)/);
  writeFileSync(path, 'id: [');
  assert.match(readRuleFile(path).problems[0].message, /not valid YAML/);
});

test('a sample that does not behave as declared fails the pack test', async () => {
  const { files } = loadPack();
  const f = files.find(x => x.rule.id === 'eicar-test-detection')!;
  const swapped = { ...f, samples: { ...f.samples, match: f.samples.noMatch, noMatch: f.samples.match } };
  const results = await testRuleFiles([swapped]);
  assert.deepEqual(results.map(r => [r.sample, r.ok]), [['match', false], ['noMatch', false]]);
});
