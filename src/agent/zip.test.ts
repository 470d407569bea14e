/**
 * The ZIP writer, checked by an independent reader: CRC-32 computed bit by bit here (not zlib's), every header
 * parsed by offset, and, when python3 is on the machine, its zipfile module's own test of the archive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { zipStore } from './zip.js';

function crc32Bitwise(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function readZip(zip: Buffer): { name: string; data: Buffer; crc: number; flags: number }[] {
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50, 'end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  assert.equal(at + zip.readUInt32LE(end + 12), end, 'the directory ends where the end record starts');
  const out = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    assert.equal(zip.readUInt32LE(local), 0x04034b50);
    assert.equal(zip.readUInt16LE(local + 8), 0, 'stored');
    const size = zip.readUInt32LE(local + 18);
    assert.equal(zip.readUInt32LE(local + 22), size);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.push({ name, data: zip.subarray(start, start + size), crc: zip.readUInt32LE(local + 14), flags: zip.readUInt16LE(local + 6) });
    at += 46 + nameLength;
  }
  return out;
}

test('entries come back byte for byte, with correct CRC-32 and UTF-8 names', () => {
  const entries = [
    { name: 'PicketAgent.ps1', data: Buffer.from('Write-Host "hi"\r\n') },
    { name: 'empty.txt', data: Buffer.alloc(0) },
    { name: 'dossier/café.txt', data: 'données' },
    { name: 'binary.bin', data: Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff)) },
  ];
  const zip = zipStore(entries, new Date('2024-04-09T10:11:12Z'));
  const read = readZip(zip);
  assert.deepEqual(read.map(e => e.name), entries.map(e => e.name));
  for (const [i, e] of read.entries()) {
    const want = Buffer.from(entries[i].data);
    assert.deepEqual(e.data, want);
    assert.equal(e.crc, crc32Bitwise(want));
    assert.equal(e.flags, 0x0800);
  }
  assert.equal(crc32Bitwise(Buffer.from('123456789')), 0xcbf43926, 'the check value of CRC-32/ISO-HDLC');
});

test('python zipfile accepts the archive (when python3 is installed)', t => {
  const zip = zipStore([{ name: 'a.txt', data: 'a' }, { name: 'b/c.txt', data: 'c'.repeat(1000) }]);
  const py = spawnSync('python3', ['-c', 'import sys,io,zipfile; z=zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())); print(z.testzip(), z.namelist(), z.read("b/c.txt")[:3])'], { input: zip });
  if (py.error) { t.skip('python3 is not installed'); return; }
  assert.equal(py.stdout.toString().trim(), "None ['a.txt', 'b/c.txt'] b'ccc'", py.stderr.toString());
});

test('names that would escape the folder are refused', () => {
  assert.throws(() => zipStore([{ name: '/etc/passwd', data: '' }]), /bad entry name/);
  assert.throws(() => zipStore([{ name: 'a\\b', data: '' }]), /bad entry name/);
  assert.throws(() => zipStore([{ name: 'a/../../b', data: '' }]), /bad entry name/);
});
