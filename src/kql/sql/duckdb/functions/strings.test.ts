/** String functions and string operators, run end to end on DuckDB with Kusto's expected values. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';

const store = await Store.open();
const conn = await store.queryConnection();
after(() => { conn.closeSync(); store.close(); });

/** The rows of a query, as Kusto would return them. */
async function rows(kql: string): Promise<unknown[][]> {
  return (await runKql(conn, kql)).rows;
}

/** The rows of a filter, in a fixed order (Kusto does not promise one without a sort). */
async function set(kql: string): Promise<unknown[][]> {
  return (await rows(kql)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** The single row of a print. */
async function one(kql: string): Promise<unknown[]> {
  const r = await rows(kql);
  assert.equal(r.length, 1, kql);
  return r[0];
}

test('lengths count code points; string_size counts UTF-8 bytes', async () => {
  assert.deepEqual(await one('print strlen("café"), string_size("café"), strlen("😀"), string_size("😀"), strlen(""), string_size("")'),
    [4, 5, 1, 4, 0, 0]);
  assert.deepEqual(await set('datatable(s:string)["a\\u0301"] | project strlen(s), string_size(s)'), sorted([[2, 3]]));
});

test('substring: negative starts count from the end; out-of-range parts are empty', async () => {
  assert.deepEqual(await one('print substring("123456", 1), substring("123456", 2, 2), substring("123456", -2, 2), substring("hello", -100, 3), substring("hello", 2, 0), substring("hello", 2, 100), substring("ab", 5), substring("𝓗ello", 0, 2)'),
    ['23456', '34', '56', '', '', 'llo', '', '𝓗e']);
  assert.deepEqual(await rows('datatable(s:string, n:int)["abcdef", 2, "xy", -1, "", 3] | project substring(s, n, n + 1)'),
    [['cde'], [''], ['']]);
});

test('strcat and strcat_delim convert their arguments and keep empty strings', async () => {
  assert.deepEqual(await one('print strcat("a", 1, "-", 2.5), strcat_delim("-", "", "z"), strcat_delim(":", "x", 5, "y"), strcat("O\'Brien", @"\\q")'),
    ['a1-2.5', '-z', 'x:5:y', "O'Brien\\q"]);
});

test('split, with and without an index', async () => {
  assert.deepEqual(await one('print split("aa_bb", "_"), split("aaa_bbb_ccc", "_", 1), split("", "_"), split("a__b", "_"), split("aabbcc", "bb"), split("a,b", ",", 5), split("abc", "")'),
    [['aa', 'bb'], ['bbb'], [''], ['a', '', 'b'], ['aa', 'cc'], null, ['abc']]);
  assert.deepEqual(await one('print p = split("a.b.c", ".")[-1], n = array_length(split("x;y", ";"))'), ['c', 2]);
});

test('trim functions remove one regex match at the edges', async () => {
  assert.deepEqual(await one('print trim("--", "--https://bing.com--"), trim(@"[^\\w]+", "-  Te st1// $"), trim_start("x", "xxhelloxx"), trim_end("_", "__world__"), trim(@"[x_]", "xxhelloxx"), trim(@"\\s+", "  a b  "), trim("a|b", "abba")'),
    ['https://bing.com', 'Te st1', 'xhelloxx', '__world_', 'xhellox', 'a b', 'bb']);
});

test('replace_string, replace_regex and the legacy replace', async () => {
  assert.deepEqual(await one('print replace_string("aaa", "a", ""), replace_string("aba", "", "X"), replace_string("it\'s", "\'", "\'\'"), replace_regex("wordword", @"(\\w)(\\w)", @"\\2\\1"), replace_regex("a1b22", @"\\d+", "#"), replace(@"is (\\d+)", @"was: \\1", "Number is 7"), replace_regex("abcABC", @"(?i)abc", "#")'),
    ['', 'aba', "it''s", 'owdrowdr', 'a#b#', 'Number was: 7', '##']);
});

test('extract: groups, no match, and typed results', async () => {
  assert.deepEqual(await one('print extract(@"(\\d+)-(\\d+)", 2, "2020-12-31"), extract(@"\\d+", 0, "ab 42"), extract("x(y)", 1, "abc"), extract(@"-(\\d{2})-", 1, "15-12-2024", typeof(int)), extract(@"(\\d+)", 1, "none", typeof(long)), extract(@"(\\d+\\.\\d+)", 1, "v 1.5", typeof(real))'),
    ['12', '42', '', 12, null, 1.5]);
});

test('extract_all: one group, several groups, chosen groups, no match', async () => {
  assert.deepEqual(await one('print extract_all(@"(\\d+)", "a 123, 567 and 789"), extract_all(@"(a)(b)?", "aab"), extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), "abcd efgh"), extract_all(@"(?P<first>\\w)(\\w+)", dynamic(["first"]), "xy zw"), extract_all(@"(\\d)", "none")'),
    [['123', '567', '789'], [['a', ''], ['a', 'b']], [['a', 'd'], ['e', 'h']], ['x', 'z'], null]);
});

test('indexof with start, length and occurrence', async () => {
  assert.deepEqual(await one('print indexof("abcdefg","cde"), indexof("abcdefg","cde",1,4), indexof("abcdefg","cde",1,2), indexof("abcdefg","cde",3,4), indexof("abcdefg","cde",-5), indexof(1234567,5,1,4), indexof("abcdefg","cde",2,-1), indexof("abcdefgabcdefg", "cde", 1, 10, 2), indexof("abcdefgabcdefg", "cde", 1, -1, 3)'),
    [2, 2, -1, -1, 2, 4, 2, 9, -1]);
  assert.deepEqual(await one('print indexof("abc", ""), indexof("café", "é"), indexof("\'\'", "\'", 2), indexof("x", "x", 0, -2)'), [null, 3, -1, null]);
});

test('countof: plain matches may overlap, regex matches do not', async () => {
  assert.deepEqual(await one('print countof("aaa", "a"), countof("aaaa", "aa"), countof("ababa", "ab", "normal"), countof("ababa", "aba"), countof("ababa", "aba", "regex"), countof("abcabc", "a.c", "regex"), countof("abc", ""), countof("He said \\"hi\\"", "\\"")'),
    [3, 3, 2, 2, 1, 2, 0, 2]);
});

test('reverse, case, strcmp and translate', async () => {
  assert.deepEqual(await one('print reverse("abc"), reverse("𝓗ello"), reverse(12345), toupper("ångström"), tolower("ÅNGSTRÖM"), toupper("Ａｂｃ")'),
    ['cba', 'olle𝓗', '54321', 'ÅNGSTRÖM', 'ångström', 'ＡＢＣ']);
  assert.deepEqual(await one('print strcmp("ABC","ABC"), strcmp("abc","ABC"), strcmp("ABC","abc"), strcmp("abcde","abc"), strcmp("", "z")'), [0, 1, -1, 1, -1]);
  assert.deepEqual(await one('print translate("abc", "x", "abc"), translate("abc", "", "ab"), translate("krasp", "otsku", "spark")'), ['xxx', '', 'kusto']);
});

test('base64, hashes and URL encoding', async () => {
  assert.deepEqual(await one('print base64_encode_tostring("Kusto"), base64_decode_tostring("S3VzdG8="), base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA="), base64_decodestring("w6k="), base64_encode_tostring("")'),
    ['S3VzdG8=', 'Kusto', '', 'é', '']);
  assert.deepEqual(await one('print hash_sha256("World"), hash_md5("World"), hash_sha1("abc")'),
    ['78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524', 'f5a7924e621e84c9280a9a27e1bcb7f6', 'a9993e364706816aba3e25717850c26c9cd0d89d']);
  assert.deepEqual(await one("print url_encode('https://www.bing.com/hello world'), url_encode_component('https://www.bing.com/hello world/'), url_decode('https%3a%2f%2fwww.bing.com%2f'), url_decode('a+b%20c')"),
    ['https%3a%2f%2fwww.bing.com%2fhello+world', 'https%3a%2f%2fwww.bing.com%2fhello%20world%2f', 'https://www.bing.com/', 'a b c']);
});

test('strrep and strcat_array', async () => {
  assert.deepEqual(await one("print strrep('ABC', 2), strrep(123, 3, '.'), strrep('x', 0), strcat_array(dynamic([1, 2, 3]), '->'), strcat_array(dynamic([]), ',')"),
    ['ABCABC', '123.123.123', '', '1->2->3', '']);
});

const WORDS = 'datatable(s:string)["cat", "category", "scatter", "cats", "a cat", "Cat!", "", "ПриветМир", "Привет Мир", "a b"]';

test('has matches whole terms, case-insensitively; letters of any script make terms', async () => {
  assert.deepEqual(await set(`${WORDS} | where s has "cat"`), sorted([['cat'], ['a cat'], ['Cat!']]));
  assert.deepEqual(await set(`${WORDS} | where s has_cs "Cat"`), sorted([['Cat!']]));
  assert.deepEqual(await set(`${WORDS} | where s has "привет"`), sorted([['Привет Мир']]));
  assert.deepEqual(await set(`${WORDS} | where s has " "`), sorted([['a cat'], ['Привет Мир'], ['a b']]));
  assert.equal((await rows(`${WORDS} | where s has ""`)).length, 10);
  assert.equal((await rows(`${WORDS} | where s !has ""`)).length, 0);
  assert.deepEqual(await set(`${WORDS} | where s !has "cat" and s != ""`), sorted([['category'], ['scatter'], ['cats'], ['ПриветМир'], ['Привет Мир'], ['a b']]));
  assert.deepEqual(await one('print "North America" has "america", "a.b-c" has "b-c", "ab.c" has "b.c", "x(y)" has "(y)", "O\'Brien" has "o\'brien"'),
    [true, true, false, true, true]);
});

test('hasprefix and hassuffix match the start or the end of a term', async () => {
  assert.deepEqual(await set(`${WORDS} | where s hasprefix "cat"`), sorted([['cat'], ['category'], ['cats'], ['a cat'], ['Cat!']]));
  assert.deepEqual(await set(`${WORDS} | where s hassuffix "at"`), sorted([['cat'], ['a cat'], ['Cat!']]));
  assert.deepEqual(await set(`${WORDS} | where s hasprefix_cs "Cat"`), sorted([['Cat!']]));
  assert.deepEqual(await set(`${WORDS} | where s !hassuffix_cs "at" and s != ""`), sorted([['category'], ['scatter'], ['cats'], ['ПриветМир'], ['Привет Мир'], ['a b']]));
});

test('has_any and has_all with lists, dynamic arrays and tables', async () => {
  assert.deepEqual(await set(`${WORDS} | where s has_any ("scatter", "CATS")`), sorted([['scatter'], ['cats']]));
  assert.deepEqual(await set(`${WORDS} | where s has_any (dynamic(["b", "мир"]))`), sorted([['Привет Мир'], ['a b']]));
  assert.deepEqual(await set(`${WORDS} | where s has_all ("a", "cat")`), sorted([['a cat']]));
  assert.deepEqual(await set(`let t = datatable(w:string)["привет", "b"]; ${WORDS} | where s has_any (t)`), sorted([['Привет Мир'], ['a b']]));
  assert.deepEqual(await set(`let t = datatable(w:string)["a", "b"]; ${WORDS} | where s has_all (t)`), sorted([['a b']]));
  assert.deepEqual(await set(`let needles = dynamic(["cats", "b"]); ${WORDS} | extend n = needles | where s has_any (n) | project s`), sorted([['cats'], ['a b']]));
});

test('contains, startswith, endswith and their forms', async () => {
  assert.deepEqual(await one('print "FabriKam" contains "BRik", "FabriKam" contains_cs "brik", "Fabrikam" !contains "xyz", "Fabrikam" startswith "fab", "Fabrikam" startswith_cs "fab", "Fabrikam" endswith "KAM", "Fabrikam" !endswith_cs "KAM", "abc" contains ""'),
    [true, false, true, true, false, true, true, true]);
  assert.deepEqual(await one('print "100%" contains "%", "a_b" contains "_", "it\'s" contains "\'", "tab\\there" contains "\\t"'), [true, true, true, true]);
});

test('== is case-sensitive, =~ and !~ are not', async () => {
  assert.deepEqual(await one('print "abc" =~ "ABC", "aBc" !~ "xyz", "ÄBC" =~ "äbc", "ＦＵＬＬ" =~ "full", "abc" == "ABC"'), [true, true, true, false, false]);
});

test('in and in~, with lists, dynamic arrays and tables', async () => {
  assert.deepEqual(await set('datatable(s:string)["Hello", "hello", "HELLO"] | where s in ("hello", "world")'), sorted([['hello']]));
  assert.deepEqual(await set('datatable(s:string)["Hello", "hello", "x"] | where s in~ ("HELLO", "world")'), sorted([['Hello'], ['hello']]));
  assert.deepEqual(await set('datatable(s:string)["Hello", "hello", "x"] | where s !in~ ("HELLO")'), sorted([['x']]));
  assert.deepEqual(await set('datatable(s:string)["a", "b", "c"] | where s in (dynamic(["a", "c"]))'), sorted([['a'], ['c']]));
  assert.deepEqual(await set('let t = datatable(v:string)["B"]; datatable(s:string)["a", "b"] | where s in~ (t)'), sorted([['b']]));
  assert.deepEqual(await set('datatable(n:long)[1, 2, 3] | where n !in (2, long(null))'), sorted([[1], [3]]));
});

test('matches regex', async () => {
  assert.deepEqual(await set('datatable(s:string)["abc123", "xyz", "A1"] | where s matches regex @"[a-z]+\\d+"'), sorted([['abc123']]));
});

test('make_string builds text from code points; new_guid is a fresh GUID per row', async () => {
  const store = await Store.open();
  const conn = await store.queryConnection();
  try {
    const r = await runKql(conn, 'print a = make_string(75, 117, 115, 116, 111), b = make_string(dynamic([9731, 32]), 33)');
    assert.deepEqual(r.rows, [['Kusto', '☃ !']]);
    const g = await runKql(conn, 'range i from 1 to 3 step 1 | extend g = new_guid() | summarize n = dcount(g), l = max(strlen(tostring(g)))');
    assert.deepEqual(g.rows, [[3, 36]]);
  } finally {
    conn.closeSync();
    store.close();
  }
});

test('base64_decode_toarray: the bytes as numbers; null when the text is not base64', async () => {
  assert.deepEqual(await rows('print base64_decode_toarray("S3VzdG8="), base64_decode_toarray(""), base64_decode_toarray("!!")'), [[[75, 117, 115, 116, 111], [], null]]);
});

test('rand: reals in [0, 1), and integers below n', async () => {
  assert.deepEqual(await rows('range i from 1 to 200 step 1 | extend a = rand(), b = rand(3) | summarize min(a) >= 0, max(a) < 1, min(b) >= 0, max(b) <= 2, dcount(b)'), [[true, true, true, true, 3]]);
});

test('prev and next refuse an offset below 1, as Kusto does', async () => {
  await assert.rejects(runKql(conn, 'range x from 1 to 3 step 1 | serialize p = prev(x, 0)'), /offset must be 1 or more/);
});

test('repeat: count copies of any scalar; zero gives [], a negative count null', async () => {
  assert.deepEqual(await one('print repeat(1, 3), repeat("ab", 2), repeat(true, 0), repeat(1.5, -1), repeat(1h, 2), repeat(datetime(2020-01-01), 1)'),
    [[1, 1, 1], ['ab', 'ab'], [], null, ['01:00:00', '01:00:00'], ['2020-01-01T00:00:00.0000000Z']]);
});

test('indexof_regex: the docs\' cases, empty matches, anchors and code points', async () => {
  assert.deepEqual(await one('print indexof_regex("abcabc", @"a.c"), indexof_regex("abcabcdefg", @"a.c", 0, 9, 2), indexof_regex("abcabc", @"a.c", 1, -1, 2), indexof_regex("ababaa", @"a.a", 0, -1, 2), indexof_regex("abcabc", @"a|ab", -1)'),
    [0, 3, -1, -1, null]);
  // matches of "a*" in "baa": "" at 0, "aa" at 1, "" at 3; ^ only matches at the start of the searched range
  assert.deepEqual(await one('print indexof_regex("baa", "a*", 0, -1, 2), indexof_regex("baa", "a*", 0, -1, 3), indexof_regex("aaa", "^a", 0, -1, 2), indexof_regex("😀xab", "ab"), indexof_regex("abc", "x"), indexof_regex(12345, "3"), indexof_regex("abc", "b", 0, -2), indexof_regex("abc", "b", 0, -1, -1), indexof_regex("abcb", "b", 2)'),
    [1, 3, -1, 2, -1, 2, null, null, 3]);
});

test('replace_strings: an earlier lookup wins; a non-string rewrite keeps the match', async () => {
  const m = 'This is an example of using replace_strings()';
  assert.deepEqual(await one(`print replace_strings("${m}", dynamic(['This', 'is']), dynamic(['This', 'was'])), replace_strings("${m}", dynamic(['is', 'This']), dynamic(['was', 'This'])), replace_strings("${m}", dynamic(['This', 'is']), dynamic([12345, 'was']))`),
    ['This was an example of using replace_strings()', 'Thwas was an example of using replace_strings()', 'This was an example of using replace_strings()']);
  assert.deepEqual(await one('print replace_strings("A magic trick can turn a cat into a dog", dynamic(["cat", "dog"]), dynamic(["dog", "pigeon"])), replace_strings("A magic trick can turn a cat into a dog", dynamic(["turn", " into a dog"]), dynamic(["disappear", ""])), replace_strings("aaa", dynamic(["aa", ""]), dynamic(["b", "x"])), replace_strings("", dynamic(["a"]), dynamic(["b"]))'),
    ['A magic trick can turn a dog into a pigeon', 'A magic trick can disappear a cat', 'ba', '']);
  assert.deepEqual(await rows('datatable(s:string)["x-y", "y"] | project replace_strings(s, dynamic(["-", "y"]), dynamic(["+", "z"]))'), [['x+z'], ['z']]);
});

test('has_any_index: the first value found as a term, or -1', async () => {
  assert.deepEqual(await one('print has_any_index("this is an example", dynamic(["this", "example"])), has_any_index("this is an example", dynamic(["not", "example"])), has_any_index("this is an example", dynamic(["not", "found"])), has_any_index("Example number 2", range(1, 3, 1)), has_any_index("this is an example", dynamic([])), has_any_index("this is an example", dynamic(["EXAM", "EXAMPLE"]))'),
    [0, 1, -1, 1, -1, 1]);
});

test('parse_csv: quotes, escaped quotes, embedded line breaks; only the first record', async () => {
  assert.deepEqual(await one(`print parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\\nline2"'), parse_csv('record1,a,b,c\\nrecord2,x,y,z'), parse_csv('a,'), parse_csv('a\\r\\nb'), parse_csv('')`),
    [['aa', 'b,b,b', 'cc', 'Escaping quotes: "Title"', 'line1\nline2'], ['record1', 'a', 'b', 'c'], ['a', ''], ['a'], ['']]);
  assert.deepEqual(await one(`print array_length(parse_csv('Guy Reginiano, Guy Yehudy, Pankaj Suri, Saeed Copty'))`), [4]);
});

test('parse_version: exact 32-digit decimals that compare correctly; bad versions are null', async () => {
  assert.deepEqual(await rows('datatable(v:string)["0.0.0.5", "0.0.7.0", "0.0.3", "0.2", "0.1.2.0", "1.2.3.4", "1", "1.2.3.4.5", "", "a.b", "123456789", "1..2"] | project tostring(parse_version(v))'),
    [['5'], ['700000000'], ['300000000'], ['20000000000000000'], ['10000000200000000'], ['1000000020000000300000004'], ['1000000000000000000000000'], [''], [''], [''], [''], ['']]);
  assert.deepEqual(await one('print parse_version("1.2.3.4") < parse_version("1.2.3.5"), parse_version("1.0") == parse_version("1.0.0.0"), parse_version("0.1.2.0") < parse_version("1.0.0.0"), gettype(parse_version("1")), parse_version("0.0.7.0")'),
    [true, true, true, 'decimal', 700000000]);
});

test('format_bytes: the documented examples; a unit chosen or asked for; null and unknown units give empty text', async () => {
  const [r] = await rows(`print format_bytes(564), format_bytes(10332, 1), format_bytes(20010332), format_bytes(20010332, 2),
    format_bytes(20010332, 0, "KB"), format_bytes(1024, 2), format_bytes(3 * 1024 * 1024 * 1024, 0, "gb"), format_bytes(long(null)), format_bytes(5, 0, "zz")`);
  assert.deepEqual(r, ['564 Bytes', '10.1 KB', '19 MB', '19.08 MB', '19541 KB', '1 KB', '3 GB', '', '']);
});
