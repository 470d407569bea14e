/** parse_path: Kusto's documented examples, plus empty and separator-less input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';

const { run } = await testStore();

const bag = (Scheme: string, RootPath: string, DirectoryPath: string, DirectoryName: string, Filename: string, Extension: string,
  AlternateDataStreamName: string) => ({ Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName });

test('parse_path splits drive, UNC, relative, scheme and Unix paths as Kusto does', async () => {
  const r = await run(String.raw`datatable(p:string)[@"C:\temp\file.txt", @"temp\file.txt", "file://C:/temp/file.txt:some.exe",
    @"\\shared\users\temp\file.txt.gz", "/usr/lib/temp/file.txt"] | project parse_path(p)`);
  assert.deepEqual(r.rows.map(x => x[0]), [
    bag('', 'C:', String.raw`C:\temp`, 'temp', 'file.txt', 'txt', ''),
    bag('', '', 'temp', 'temp', 'file.txt', 'txt', ''),
    bag('file', 'C:', 'C:/temp', 'temp', 'file.txt', 'txt', 'some.exe'),
    bag('', '', String.raw`\\shared\users\temp`, 'temp', 'file.txt.gz', 'gz', ''),
    bag('', '', '/usr/lib/temp', 'temp', 'file.txt', 'txt', ''),
  ]);
});

test('parse_path of an empty string, a bare file name and a name without extension', async () => {
  const r = await run(`print a = parse_path(''), b = parse_path('notepad.exe'), c = tostring(parse_path('/bin/ls').Extension),
    d = tostring(parse_path('/bin/ls').Filename)`);
  assert.deepEqual(r.rows[0], [bag('', '', '', '', '', '', ''), bag('', '', '', '', 'notepad.exe', 'exe', ''), '', 'ls']);
});

test('parse_command_line splits as CommandLineToArgvW: quotes, escaped quotes, backslashes, blanks', async () => {
  const r = await run(String.raw`print a = parse_command_line("echo \"hello world!\"", "windows"),
    b = parse_command_line(@'"C:\Program Files\app.exe" -x "a b"  c', "windows"),
    c = parse_command_line(@'cmd.exe /c a\\\"b "c\\" d\e "" x', 'windows'),
    d = parse_command_line('', 'windows'), e = parse_command_line('  x  ', 'windows'), f = parse_command_line('a b', 'linux'),
    g = parse_command_line(@'powershell -enc "ab', 'WINDOWS')`);
  assert.deepEqual(r.rows[0], [
    ['echo', 'hello world!'],
    [String.raw`C:\Program Files\app.exe`, '-x', 'a b', 'c'],
    ['cmd.exe', '/c', String.raw`a\"b`, 'c\\', String.raw`d\e`, '', 'x'],
    [], ['', 'x'], null, ['powershell', '-enc', 'ab'],
  ]);
});
