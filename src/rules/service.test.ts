/** Windows after downtime, one run per rule at a time, and built-in rules read-only but copyable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../store/duckdb.js';
import { Mutex } from '../server/overload.js';
import { openRuleEngine } from './engine.js';
import { RuleBusy, isDue, scheduledWindow } from './service.js';

const H = 3_600_000;

test('the window is the lookback, 30 days first, and after downtime covers every missed run', () => {
  const now = new Date(Date.parse('2025-06-10T12:00:00Z'));
  const span = (w: { from: Date; to: Date }) => (w.to.getTime() - w.from.getTime()) / H;
  assert.equal(span(scheduledWindow({ frequency: '1h' }, null, now)), 30 * 24);
  assert.equal(span(scheduledWindow({ frequency: '1h' }, new Date(now.getTime() - H).toISOString(), now)), 4);
  assert.equal(span(scheduledWindow({ frequency: '3h' }, new Date(now.getTime() - 3 * H).toISOString(), now)), 12);
  // down for 10 hours: the missed runs at +1h…+10h would have covered from (last + 1h − 4h)
  assert.equal(span(scheduledWindow({ frequency: '1h' }, new Date(now.getTime() - 10 * H).toISOString(), now)), 13);
  assert.equal(span(scheduledWindow({ frequency: '1h' }, new Date(now.getTime() - 90 * 24 * H).toISOString(), now)), 30 * 24, 'never more than 30 days');
  assert.equal(isDue({ frequency: '1h' }, new Date(now.getTime() - 59 * 60_000).toISOString(), now), false);
  assert.equal(isDue({ frequency: '1h' }, new Date(now.getTime() - H).toISOString(), now), true);
});

test('one rule never runs twice at once; built-in rules are loaded and keep their enabled flag', async () => {
  const store = await Store.open();
  const conn = await store.instance.connect();
  const engine = await openRuleEngine(store, conn, new Mutex());
  try {
    const rules = await engine.service.rules.list();
    assert.ok(rules.filter(r => r.builtin).length >= 13);
    const rule = rules.find(r => r.id === 'tamper-protection-off')!;
    const a = engine.service.run(rule, 'scheduled');
    await assert.rejects(engine.service.run(rule, 'scheduled'), RuleBusy);
    await assert.rejects(engine.service.dryRun(rule, { from: new Date(0), to: new Date() }), RuleBusy);
    assert.equal((await a).run.error, null);
    await engine.service.rules.update({ ...rule, enabled: false });
    await engine.service.rules.syncBuiltins([{ ...rule, name: 'renamed in a new release' }]);
    const after = (await engine.service.rules.get(rule.id))!;
    assert.equal(after.name, 'renamed in a new release');
    assert.equal(after.enabled, false, 'an admin\'s choice survives a new pack');
  } finally { await engine.close(); conn.closeSync(); store.close(); }
});
