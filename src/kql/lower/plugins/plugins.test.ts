// evaluate bag_unpack and pivot: columns found by a probe of the data, or taken from a stated schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';
import { compile } from '../../compile.js';
import { KqlError } from '../../errors.js';

const { run } = await testStore();
const BAGS = 'datatable(id:long, d:dynamic)[ 1, dynamic({"b":"x","a":1,"m":[1]}), 2, dynamic({"a":2.5,"c":true}), 3, dynamic(null) ]';

test('bag_unpack: one typed column per slot, in name order, after the other columns', async () => {
  const r = await run(`${BAGS} | evaluate bag_unpack(d)`);
  // a holds a long and a real, so it is dynamic; m holds an array
  assert.deepEqual(r.columns.map(c => `${c.name}:${c.type}`), ['id:long', 'a:dynamic', 'b:string', 'c:bool', 'm:dynamic']);
  assert.deepEqual(r.rows, [[1, 1, 'x', null, [1]], [2, 2.5, '', true, null], [3, null, '', null, null]]);
});

test('bag_unpack: a prefix, and later operators typed by the found columns', async () => {
  const r = await run(`${BAGS} | evaluate bag_unpack(d, "p_") | where p_c == true | project id, p_b`);
  assert.deepEqual(r.rows, [[2, '']]);
  const summed = await run('datatable(d:dynamic)[ dynamic({"t":"A","v":1}), dynamic({"t":"A","v":3}) ] | evaluate bag_unpack(d) | summarize sum(v) by t');
  assert.deepEqual(summed.columns.map(c => `${c.name}:${c.type}`), ['t:string', 'sum_v:long']);
  assert.deepEqual(summed.rows, [['A', 4]]);
});

test('bag_unpack: a stated schema needs no probe, so it compiles without a store', () => {
  const c = compile('datatable(d:dynamic)[ dynamic({"a":1}) ] | evaluate bag_unpack(d) : (a:long)');
  assert.deepEqual(c.columns, [{ name: 'a', type: 'long' }]);
  assert.throws(() => compile('datatable(d:dynamic)[ dynamic({"a":1}) ] | evaluate bag_unpack(d)'), (e: unknown) => e instanceof KqlError && e.code === 'PK001');
});

test('bag_unpack: a slot named like an existing column is an error', async () => {
  await assert.rejects(run('datatable(a:long, d:dynamic)[ 1, dynamic({"a":2}) ] | evaluate bag_unpack(d)'),
    (e: unknown) => e instanceof KqlError && /second column 'a'/.test(e.message) && e.span.length > 0);
});

test('errors after an inserted schema clause point into the text as written', async () => {
  const kql = 'datatable(d:dynamic)[ dynamic({"a":"x"}) ] | evaluate bag_unpack(d) | extend z = a * 2';
  await assert.rejects(run(kql), (e: unknown) => e instanceof KqlError && e.code === 'KS106' && e.span.offset === kql.indexOf('*'));
});

test('pivot: one column per value, counting by default, grouped by the other columns', async () => {
  const data = 'datatable(user:string, threat:string, n:long)[ "u1","Phish",1, "u1","Malware",2, "u1","Phish",3, "u2","Phish",4 ]';
  const counted = await run(`${data} | project user, threat | evaluate pivot(threat) | sort by user asc`);
  assert.deepEqual(counted.columns.map(c => `${c.name}:${c.type}`), ['user:string', 'Malware:long', 'Phish:long']);
  assert.deepEqual(counted.rows, [['u1', 1, 2], ['u2', 0, 1]]);
  const summed = await run(`${data} | evaluate pivot(threat, sum(n), user) | sort by user asc`);
  assert.deepEqual(summed.rows, [['u1', 2, 4], ['u2', 0, 4]]);
});

test('an unknown plugin names itself', async () => {
  await assert.rejects(run('print x = 1 | evaluate narrow()'), (e: unknown) => e instanceof KqlError && /narrow/.test(e.message));
});

test('bag_unpack: columnsConflict given by name', async () => {
  const q = `datatable(a:long, d:dynamic)[ 1, dynamic({"a":9,"b":"x"}) ]`;
  const keep = await run(`${q} | evaluate bag_unpack(d, columnsConflict='keep_source')`);
  assert.deepEqual(keep.columns.map(c => c.name), ['a', 'b']);
  assert.deepEqual(keep.rows, [[1, 'x']]);
  const replace = await run(`${q} | evaluate bag_unpack(d, columnsConflict='replace_source')`);
  assert.deepEqual(replace.rows, [[9, 'x']]);
});

test('a probe reads the materialized subqueries the query defined before it', async () => {
  const r = await run(`let kb = materialize(datatable(k:string, label:string)['x', 'Ex', 'y', 'Why']);
    datatable(dev:string, k:string)['d1', 'x', 'd1', 'y', 'd2', 'x']
    | join kind=inner (kb) on k
    | evaluate pivot(label, count(), dev) | order by dev asc`);
  assert.deepEqual(r.columns.map(c => c.name), ['dev', 'Ex', 'Why']);
  assert.deepEqual(r.rows, [['d1', 1, 1], ['d2', 1, 0]]);
});

test('ipv4_lookup: the lookup rows whose range holds the address; return_unmatched keeps the rest; extra keys must match', async () => {
  const ranges = `datatable(network:string, country:string)['5.8.0.0/19', 'RU', '2.20.183.0/24', 'GB', '10.1.2.3', 'LAN']`;
  const ips = `datatable(ip:string)['2.20.183.12', '5.8.1.2', '192.165.12.17', '10.1.2.3']`;
  const matched = await run(`let R = ${ranges}; ${ips} | evaluate ipv4_lookup(R, ip, network) | order by ip asc`);
  assert.deepEqual(matched.columns.map(c => c.name), ['ip', 'network', 'country']);
  assert.deepEqual(matched.rows, [['10.1.2.3', '10.1.2.3', 'LAN'], ['2.20.183.12', '2.20.183.0/24', 'GB'], ['5.8.1.2', '5.8.0.0/19', 'RU']]);
  const all = await run(`let R = ${ranges}; ${ips} | evaluate ipv4_lookup(R, ip, network, return_unmatched = true) | where ip == '192.165.12.17'`);
  assert.deepEqual(all.rows, [['192.165.12.17', '', '']]);
  const keyed = await run(`let R = datatable(network:string, site:string, name:string)['10.0.0.0/8', 'a', 'net-a', '10.0.0.0/8', 'b', 'net-b'];
    datatable(ip:string, site:string)['10.1.1.1', 'b'] | evaluate ipv4_lookup(R, ip, network, site) | project ip, name`);
  assert.deepEqual(keyed.rows, [['10.1.1.1', 'net-b']]);
});
