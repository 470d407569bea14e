/** IPv6 functions: Kusto's documented examples, IPv4 and mixed forms, and null/empty/malformed input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';

const { run } = await testStore();

const row = async (q: string) => (await run(q)).rows[0];
const column = async (q: string) => (await run(q)).rows.map(x => x[0]);
const nums = (l: unknown[]) => l.map(v => (v === null ? null : Number(v)));

test('parse_ipv6: canonical eight-group form, masked by the prefix; IPv4 maps to ::ffff:0:0/96; empty when invalid', async () => {
  assert.deepEqual(await column(`datatable(ipv4: string)['192.168.255.255', '192.168.255.255/24', '255.255.255.255'] | extend ipv6 = parse_ipv6(ipv4) | project ipv6`),
    ['0000:0000:0000:0000:0000:ffff:c0a8:ffff', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:ffff:ffff']);
  const r = await row(`print a = parse_ipv6('127.0.0.1'), b = parse_ipv6('::1'), c = parse_ipv6('::'), d = parse_ipv6('FE80::85D:E82C:9446:7994/120'),
    e = parse_ipv6('1:2:3:4:5:6:7:8'), f = parse_ipv6('1:2:3:4:5:6:1.2.3.4'), g = parse_ipv6('::ffff:1.2.3.4/16'), h = parse_ipv6('1:2:3:4:5:6:7::'),
    i = parse_ipv6('fe80::/10'), j = parse_ipv6('1.2.3.4/0')`);
  assert.deepEqual(r, ['0000:0000:0000:0000:0000:ffff:7f00:0001', '0000:0000:0000:0000:0000:0000:0000:0001', '0000:0000:0000:0000:0000:0000:0000:0000',
    'fe80:0000:0000:0000:085d:e82c:9446:7900', '0001:0002:0003:0004:0005:0006:0007:0008', '0001:0002:0003:0004:0005:0006:0102:0304',
    '0000:0000:0000:0000:0000:ffff:0102:0000', '0001:0002:0003:0004:0005:0006:0007:0000', 'fe80:0000:0000:0000:0000:0000:0000:0000',
    '0000:0000:0000:0000:0000:ffff:0000:0000']);
  const bad = await row(`print a = parse_ipv6(''), b = parse_ipv6('1:2:3:4:5:6:7:8:9'), c = parse_ipv6('1::2::3'), d = parse_ipv6(':::'),
    e = parse_ipv6('12345::'), f = parse_ipv6('::1.2.3'), g = parse_ipv6('1.2.3.4/33'), h = parse_ipv6('::1/129'), i = parse_ipv6('1:2:3:4:5:6:7:8::'),
    j = parse_ipv6(' ::1'), k = parse_ipv6('::g'), l = parse_ipv6('::256.0.0.1')`);
  assert.deepEqual(bad, ['', '', '', '', '', '', '', '', '', '', '', '']);
});

test('parse_ipv6_mask: the smaller of the own prefix and the argument; an IPv4 prefix counts from bit 96', async () => {
  assert.deepEqual(await column(`datatable(ip_string: string, netmask: long)['192.168.255.255', 120, '192.168.255.255/24', 124, '255.255.255.255', 128,
      'fe80::85d:e82c:9446:7994', 128, 'fe80::85d:e82c:9446:7994/120', 124, '::192.168.255.255', 128, '::192.168.255.255/24', 128]
    | extend ip6_canonical = parse_ipv6_mask(ip_string, netmask) | project ip6_canonical`),
  ['0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:ffff:ffff',
    'fe80:0000:0000:0000:085d:e82c:9446:7994', 'fe80:0000:0000:0000:085d:e82c:9446:7900', '0000:0000:0000:0000:0000:ffff:c0a8:ffff',
    '0000:0000:0000:0000:0000:ffff:c0a8:ff00']);
  const r = await row(`print a = parse_ipv6_mask('127.0.0.1', 24), b = parse_ipv6_mask('::1', 0), c = parse_ipv6_mask('::1', 129),
    d = parse_ipv6_mask('::1', -1), e = parse_ipv6_mask('::1', long(null)), f = parse_ipv6_mask('x', 64)`);
  assert.deepEqual(r, ['0000:0000:0000:0000:0000:0000:0000:0000', '0000:0000:0000:0000:0000:0000:0000:0000', '', '', '', '']);
});

const PAIRS = `'192.168.1.1', '192.168.1.1', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24', '192.168.1.1/30', '192.168.1.255/24',
  'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998',
  'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998/120', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120',
  '192.168.1.1', '::ffff:c0a8:0101', '192.168.1.1/24', '::ffff:c0a8:01ff', '::ffff:c0a8:0101', '192.168.1.255/24', '::192.168.1.1/30', '192.168.1.255/24'`;
const WITH_PREFIX = `'192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24,
  'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127, 'fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120,
  'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127, '192.168.1.1/24', '::ffff:c0a8:01ff', 127,
  '::ffff:c0a8:0101', '192.168.1.255', 120, '::192.168.1.1/30', '192.168.1.255/24', 127`;

test('ipv6_compare: -1/0/1 under the smallest prefix; null when an address or the prefix is invalid', async () => {
  assert.deepEqual(nums(await column(`datatable(a:string, b:string)[${PAIRS}] | extend r = ipv6_compare(a, b) | project r`)), Array(12).fill(0));
  assert.deepEqual(nums(await column(`datatable(a:string, b:string, p:long)[${WITH_PREFIX}] | extend r = ipv6_compare(a, b, p) | project r`)), Array(9).fill(0));
  const r = await row(`print a = ipv6_compare('::ffff:7f00:1', '127.0.0.1'), b = ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995'),
    c = ipv6_compare('fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7995/127'), d = ipv6_compare('ffff::', '::1'), e = ipv6_compare('::1', 'x'),
    f = ipv6_compare('', '::1'), g = ipv6_compare('::1', '::1', 129), h = ipv6_compare('::1', '::2', 0), i = ipv6_compare('::1', '::1', long(null))`);
  assert.deepEqual(nums(r), [0, -1, 0, 1, null, null, null, 0, null]);
});

test('ipv6_is_match: equality under the smallest prefix; null when an address is invalid', async () => {
  assert.deepEqual(await column(`datatable(a:string, b:string)[${PAIRS}] | extend r = ipv6_is_match(a, b) | project r`), Array(12).fill(true));
  assert.deepEqual(await column(`datatable(a:string, b:string, p:long)[${WITH_PREFIX}] | extend r = ipv6_is_match(a, b, p) | project r`), Array(9).fill(true));
  const r = await row(`print a = ipv6_is_match('::1', '::2'), b = ipv6_is_match('::1', '::2', 126), c = ipv6_is_match('::1', 'nope'),
    d = ipv6_is_match('::1', '::1', 200), e = ipv6_is_match('10.0.0.1', '::ffff:10.0.0.1')`);
  assert.deepEqual(r, [false, true, null, null, true]);
});

test('ipv6_is_in_range: true inside the range, false outside, null when either side is malformed', async () => {
  assert.deepEqual(await column(`datatable(ip_address:string, ip_range:string)[
      'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112',
      'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd',
      'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', '0:0:0:0:0:ffff:c0a8:ac/60',
      'x', '::/0', '::1', '', '10.1.2.3', '10.0.0.0/8', '10.1.2.3', '::ffff:10.0.0.0/8', 'fe80::1', 'fe80::/10', 'fec0::1', 'fe80::/10']
    | extend result = ipv6_is_in_range(ip_address, ip_range) | project result`), [true, true, false, null, null, true, true, true, false]);
});

test('ipv6_is_in_any_range: strings or a dynamic array; null when nothing matches and an input is invalid', async () => {
  assert.deepEqual(await column(`let LocalNetworks = dynamic(["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"]);
    datatable(IP:string)["a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:abce", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcf",
      "a5e:f127:8a9d:146d:e102:b5d3:c756:abd1"] | extend IsLocal = ipv6_is_in_any_range(IP, LocalNetworks) | project IsLocal`), [true, true, true, false]);
  const r = await row(`print a = ipv6_is_in_any_range('::1', '::/127', 'bad'), b = ipv6_is_in_any_range('::5', 'bad', '::/127'),
    c = ipv6_is_in_any_range('::5', '::/127', 'fe80::/10'), d = ipv6_is_in_any_range('10.1.2.3', dynamic(["10.0.0.0/8"])),
    e = ipv6_is_in_any_range('nope', '::/0'), f = ipv6_is_in_any_range('::1', dynamic([]))`);
  assert.deepEqual(r, [true, null, false, true, null, false]);
});
