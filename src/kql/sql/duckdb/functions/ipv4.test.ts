/** IPv4 functions: valid addresses and ranges, and null/empty/malformed input as Kusto answers it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';

const { run } = await testStore();

const row = async (q: string) => (await run(q)).rows[0];

test('parse_ipv4 gives the 32-bit address, masked by a prefix; null when malformed', async () => {
  const r = await row(`print a = parse_ipv4('127.0.0.1'), b = parse_ipv4('192.168.255.255/31'), c = parse_ipv4('10.0.0.1/0'),
    d = parse_ipv4('256.0.0.1'), e = parse_ipv4(''), f = parse_ipv4('1.2.3'), g = parse_ipv4('1.2.3.4/33'), h = parse_ipv4(' 1.2.3.4')`);
  assert.deepEqual(r.map(v => (v === null ? null : Number(v))), [2130706433, 3232301054, 0, null, null, null, null, null]);
});

test('ipv4_is_in_range: true inside the range, false outside, null when either side is malformed', async () => {
  const r = await row(`print a = ipv4_is_in_range('127.0.0.1', '127.0.0.1'), b = ipv4_is_in_range('192.168.1.6', '192.168.1.1/24'),
    c = ipv4_is_in_range('192.168.1.1', '192.168.2.1/24'), d = ipv4_is_in_range('10.1.2.3', '0.0.0.0/0'),
    e = ipv4_is_in_range('', '10.0.0.0/8'), f = ipv4_is_in_range('10.0.0.1', '10.0.0.0/40'), g = ipv4_is_in_range('10.0.0.300', '10.0.0.0/8'),
    h = ipv4_is_in_range('10.0.0.1', ''), i = ipv4_is_in_range('10.255.255.255', '10.0.0.0/8')`);
  assert.deepEqual(r, [true, true, false, true, null, null, null, null, true]);
});

test('ipv4_is_in_range over a column with malformed and empty values', async () => {
  const r = await run(`datatable(ip:string)['10.1.1.1', '11.0.0.1', 'x', ''] | extend r = ipv4_is_in_range(ip, '10.0.0.0/8') | project r`);
  assert.deepEqual(r.rows.map(x => x[0]), [true, false, null, null]);
});

test('ipv4_is_private: the three private ranges; a prefixed range must lie wholly inside; null when malformed', async () => {
  const r = await row(`print a = ipv4_is_private('10.1.2.3'), b = ipv4_is_private('172.16.0.1'), c = ipv4_is_private('172.32.0.1'),
    d = ipv4_is_private('192.168.1.1/24'), e = ipv4_is_private('10.0.0.0/7'), f = ipv4_is_private('8.8.8.8'), g = ipv4_is_private('nope')`);
  assert.deepEqual(r, [true, true, false, true, false, false, null]);
});

test('has_ipv4 finds a whole address delimited by non-alphanumerics', async () => {
  const r = await row(`print a = has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1'),
    b = has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1'), c = has_ipv4('05:04:54 127.0.0.256 GET', '127.0.0.256'),
    d = has_ipv4('from: 192.168.1.1, 10.1.1.115 and 10.1.1.201.', '10.1.1.201'), e = has_ipv4('10.1.1.20', '10.1.1.2'),
    f = has_ipv4('', '1.2.3.4'), g = has_ipv4('1.2.3.4', ''), h = has_ipv4('1.2.3.4/24', '1.2.3.4/24'), i = has_ipv4('x1.2.3.4', '1.2.3.4'),
    j = has_ipv4('1.2.3.4.5', '1.2.3.4')`);
  assert.deepEqual(r, [true, false, false, true, false, false, false, false, false, false]);
});

test('has_ipv4_prefix needs a valid prefix (whole address or octets ending with a dot) of a valid delimited address', async () => {
  const r = await row(`print a = has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.'),
    b = has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0'), c = has_ipv4_prefix('05:04:54 127.0.0.256 GET', '127.0.'),
    d = has_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.'), e = has_ipv4_prefix('a 127.0.0.1 b', '127.0.0.1'),
    f = has_ipv4_prefix('a 127.0.0.12 b', '127.0.0.1'), g = has_ipv4_prefix('', '127.'), h = has_ipv4_prefix('127.0.0.1', ''),
    i = has_ipv4_prefix('1.2.3.4', '300.')`);
  assert.deepEqual(r, [true, false, false, false, true, false, false, false, false]);
});

test('geo_info_from_ip_address: no geo database is configured, so every input gives an empty bag', async () => {
  const r = await row(`print a = geo_info_from_ip_address('20.53.203.50'), b = geo_info_from_ip_address(''), c = tostring(geo_info_from_ip_address('x').country)`);
  assert.deepEqual(r, [{}, {}, '']);
});

test('has_any_ipv4: any of several addresses (strings or a dynamic array); invalid or undelimited ones never match', async () => {
  const r = await row(`print a = has_any_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '127.0.0.2'),
    b = has_any_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', dynamic(["127.0.0.256", "192.168.1.1"])),
    c = has_any_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '192.168.1.1'),
    d = has_any_ipv4('x 10.0.0.2 y', dynamic(["nope", "10.0.0.2"])), e = has_any_ipv4('', '1.2.3.4'), f = has_any_ipv4('1.2.3.4', dynamic([]))`);
  assert.deepEqual(r, [true, false, false, true, false, false]);
});

test('has_any_ipv4_prefix: any of several valid prefixes of a delimited address', async () => {
  const r = await row(`print a = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.', '192.168.'),
    b = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', dynamic(["127.0", "192.168."])),
    c = has_any_ipv4_prefix('05:04:54127.0.0.1 GET', '127.0.'), d = has_any_ipv4_prefix('10.1.2.3', dynamic(["11.", "10.1."])),
    e = has_any_ipv4_prefix('', '10.')`);
  assert.deepEqual(r, [true, false, false, true, false]);
});

test('ipv4_is_in_any_range: strings or a dynamic array; null when nothing matches and an input is invalid', async () => {
  const r = await row(`print a = ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16'),
    b = ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"])), c = ipv4_is_in_any_range('8.8.8.8', '10.0.0.0/8', '192.168.0.0/16'),
    d = ipv4_is_in_any_range('nope', '10.0.0.0/8'), e = ipv4_is_in_any_range('10.1.1.1', 'bad', '10.0.0.0/8'), f = ipv4_is_in_any_range('8.8.8.8', 'bad', '10.0.0.0/8')`);
  assert.deepEqual(r, [true, true, false, null, true, null]);
  const t = await run(`let LocalNetworks = dynamic(["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]);
    datatable(IP:string)["10.1.2.3", "192.168.1.5", "123.1.11.21", "1.1.1.1"] | extend IsLocal = ipv4_is_in_any_range(IP, LocalNetworks) | project IsLocal`);
  assert.deepEqual(t.rows.map(x => x[0]), [true, true, false, false]);
});

test('ipv4_compare: -1/0/1 under the smallest prefix of both addresses and the mask; null when invalid', async () => {
  const r = await run(`datatable(a:string, b:string)['192.168.1.0', '192.168.1.0', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
      '192.168.1.1/30', '192.168.1.255/24', '10.0.0.2', '10.0.0.1', '10.0.0.1', '10.0.0.2', 'x', '10.0.0.1', '10.0.0.1', '']
    | extend r = ipv4_compare(a, b) | project r`);
  assert.deepEqual(r.rows.map(x => (x[0] === null ? null : Number(x[0]))), [0, 0, 0, 0, 1, -1, null, null]);
  const m = await row(`print a = ipv4_compare('192.168.1.1', '192.168.1.0', 31), b = ipv4_compare('192.168.1.1/24', '192.168.1.255', 31),
    c = ipv4_compare('192.168.1.1', '192.168.1.255', 24), d = ipv4_compare('192.168.1.1', '192.168.1.255', 32), e = ipv4_compare('1.1.1.1', '1.1.1.1', 40)`);
  assert.deepEqual(m.map(v => (v === null ? null : Number(v))), [0, 0, 0, -1, null]);
});

test('format_ipv4 and format_ipv4_mask: string or number address, masked by the smaller prefix; empty when invalid', async () => {
  const t = await run(`datatable(address:string, mask:long)['192.168.1.1', 24, '192.168.1.1', 32, '192.168.1.1/24', 32, '192.168.1.1/24', long(-1)]
    | extend result = format_ipv4(address, mask), result_mask = format_ipv4_mask(address, mask) | project result, result_mask`);
  assert.deepEqual(t.rows, [['192.168.1.0', '192.168.1.0/24'], ['192.168.1.1', '192.168.1.1/32'], ['192.168.1.0', '192.168.1.0/24'], ['', '']]);
  const r = await row(`print a = format_ipv4('192.168.1.255', 24), b = format_ipv4(3232236031, 24), c = format_ipv4_mask('192.168.1.255', 24),
    d = format_ipv4_mask(3232236031, 24), e = format_ipv4('1.2.3.4'), f = format_ipv4(4294967295), g = format_ipv4(-1), h = format_ipv4(4294967296),
    i = format_ipv4(''), j = format_ipv4('1.2.3.4', 33), k = format_ipv4(dynamic(16909060)), l = format_ipv4(long(null)), m = format_ipv4_mask('x', 8)`);
  assert.deepEqual(r, ['192.168.1.0', '192.168.1.0', '192.168.1.0/24', '192.168.1.0/24', '1.2.3.4', '255.255.255.255', '', '', '', '', '1.2.3.4', '', '']);
});

test('parse_ipv4_mask masks by the smaller prefix; null when the address or prefix is invalid', async () => {
  const r = await row(`print a = parse_ipv4_mask('127.0.0.1', 24), b = parse_ipv4_mask('127.2.3.4', 32), c = parse_ipv4_mask('192.1.168.2', 31),
    d = parse_ipv4_mask('192.1.168.3', 31), e = parse_ipv4_mask('1.2.3.4/8', 24), f = parse_ipv4_mask('1.2.3.4', 33), g = parse_ipv4_mask('', 8),
    h = parse_ipv4_mask('1.2.3.4', long(null)), i = parse_ipv4_mask('1.2.3.4', 0)`);
  assert.deepEqual(r.map(v => (v === null ? null : Number(v))), [2130706432, 0x7f020304, 3221334018, 3221334018, 16777216, null, null, null, 0]);
});

test('ipv4_is_match: equality under the smallest prefix; null when an address is invalid', async () => {
  const t = await run(`datatable(a:string, b:string)['192.168.1.0', '192.168.1.0', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
      '192.168.1.1/30', '192.168.1.255/24', '10.0.0.1', '10.0.0.2', '1.2.3.4', 'x', '', '1.2.3.4'] | extend r = ipv4_is_match(a, b) | project r`);
  assert.deepEqual(t.rows.map(x => x[0]), [true, true, true, true, false, null, null]);
  const m = await row(`print a = ipv4_is_match('192.168.1.1', '192.168.1.0', 31), b = ipv4_is_match('192.168.1.1/24', '192.168.1.255', 31),
    c = ipv4_is_match('192.168.1.1', '192.168.1.255', 24), d = ipv4_is_match('192.168.1.1', '192.168.1.0', 32), e = ipv4_is_match('1.1.1.1', '1.1.1.1', 33)`);
  assert.deepEqual(m, [true, true, true, false, null]);
});

test('ipv4_netmask_suffix: the written prefix, 32 without one, null when invalid', async () => {
  const t = await run(`datatable(ip:string)['10.1.2.3', '192.168.1.1/24', '127.0.0.1/16', '1.2.3.4/0', '1.2.3.4/33', 'x', ''] | extend s = ipv4_netmask_suffix(ip) | project s`);
  assert.deepEqual(t.rows.map(x => (x[0] === null ? null : Number(x[0]))), [32, 24, 16, 0, null, null, null]);
});

test('ipv4_range_to_cidr_list: the fewest CIDR blocks in address order; [] when reversed, null when invalid', async () => {
  const r = await row(`print a = ipv4_range_to_cidr_list('1.1.128.0', '1.1.140.255'), b = ipv4_range_to_cidr_list('2.3.4.5', '2.3.5.6'),
    c = ipv4_range_to_cidr_list('0.0.0.0', '255.255.255.255'), d = ipv4_range_to_cidr_list('1.2.3.4', '1.2.3.4'), e = ipv4_range_to_cidr_list('1.1.1.2', '1.1.1.1'),
    f = ipv4_range_to_cidr_list('x', '1.1.1.1'), g = ipv4_range_to_cidr_list('1.1.1.1', ''), h = array_length(ipv4_range_to_cidr_list('0.0.0.1', '255.255.255.254'))`);
  assert.deepEqual(r.slice(0, 7), [['1.1.128.0/21', '1.1.136.0/22', '1.1.140.0/24'],
    ['2.3.4.5/32', '2.3.4.6/31', '2.3.4.8/29', '2.3.4.16/28', '2.3.4.32/27', '2.3.4.64/26', '2.3.4.128/25', '2.3.5.0/30', '2.3.5.4/31', '2.3.5.6/32'],
    ['0.0.0.0/0'], ['1.2.3.4/32'], [], null, null]);
  assert.equal(Number(r[7]), 62);
});
