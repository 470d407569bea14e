/** Encoding functions (isascii, tohex, code points, base64 of GUIDs and byte arrays, bit counts) with Kusto's expected values. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';

const store = await Store.open();
const conn = await store.queryConnection();
after(() => { conn.closeSync(); store.close(); });

/** The single row of a print. */
async function one(kql: string): Promise<unknown[]> {
  const r = (await runKql(conn, kql)).rows;
  assert.equal(r.length, 1, kql);
  return r[0];
}

test('isascii and isutf8', async () => {
  assert.deepEqual(await one('print isascii("some string"), isascii("café"), isascii(""), isascii(123), isutf8("some string"), isutf8("😀"), isutf8("")'),
    [true, false, true, true, true, true, true]);
  assert.deepEqual((await runKql(conn, 'datatable(s:string)["a", "é", ""] | project isascii(s)')).rows, [[true], [false], [true]]);
});

test('tohex: two\'s complement by type, zero padding up to 16 digits', async () => {
  assert.deepEqual(await one("print tohex(256), tohex(-256), tohex(toint(-256), 8), tohex(256, 8), tohex(256, 2), tohex(toint(-1)), tohex(255, 20), tohex(0), tohex(1, 0), tohex(long(null))"),
    ['100', 'ffffffffffffff00', 'ffffff00', '00000100', '100', 'ffffffff', '00000000000000ff', '0', '1', '']);
});

test('unicode_codepoints_from_string (to_utf8): one number per code point', async () => {
  assert.deepEqual(await one('print unicode_codepoints_from_string("⒦⒰⒮⒯⒪"), unicode_codepoints_from_string("קוסטו - Kusto"), to_utf8(""), to_utf8("😀a"), unicode_codepoints_from_string(12)'),
    [[9382, 9392, 9390, 9391, 9386], [1511, 1493, 1505, 1496, 1493, 32, 45, 32, 75, 117, 115, 116, 111], [], [128512, 97], [49, 50]]);
});

test('unicode_codepoints_to_string (make_string): scalars and arrays; an invalid code point gives ""', async () => {
  assert.deepEqual(await one('print unicode_codepoints_to_string(75, 117, 115, 116, 111), unicode_codepoints_to_string(dynamic([75, 117, 115, 116, 111])), unicode_codepoints_to_string(dynamic([75, 117, 115]), 116, 111), unicode_codepoints_to_string(75, 10, 117), unicode_codepoints_to_string(unicode_codepoints_from_string("Kusto")), make_string(128512)'),
    ['Kusto', 'Kusto', 'Kusto', 'K\nu', 'Kusto', '😀']);
  assert.deepEqual(await one('print unicode_codepoints_to_string(range(48,57), range(65,90), range(97,122))'),
    ['0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz']);
  assert.deepEqual(await one('print unicode_codepoints_to_string(55296), unicode_codepoints_to_string(75, -1), unicode_codepoints_to_string(1114112), unicode_codepoints_to_string(dynamic([]))'),
    ['', '', '', '']);
});

test('base64_encode_fromguid uses the GUID\'s byte order', async () => {
  assert.deepEqual(await one('print base64_encode_fromguid(toguid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb")), base64_encode_fromguid(guid(null))'),
    ['8jMxriJurkmwahbmqbIS6w==', '']);
});

test('base64_encode_fromarray: bytes to base64; anything that is not a byte array encodes nothing', async () => {
  assert.deepEqual(await one('let b = toscalar(print base64_decode_toarray("S3VzdG8=")); print base64_encode_fromarray(b)'), ['S3VzdG8=']);
  assert.deepEqual(await one('let b = toscalar(print base64_decode_toarray("U3RyaW5n0KHR0tGA0L7Rh9C60LA")); print base64_encode_fromarray(b), base64_encode_fromarray(dynamic([])), base64_encode_fromarray(dynamic([0, 255])), base64_encode_fromarray(dynamic([256]))'),
    ['', '', 'AP8=', '']);
});

test('bitset_count_ones counts the bits of the value\'s own width', async () => {
  assert.deepEqual(await one('print bitset_count_ones(42), bitset_count_ones(-1), bitset_count_ones(toint(-1)), bitset_count_ones(0), bitset_count_ones(long(null))'),
    [3, 64, 32, 0, null]);
});
