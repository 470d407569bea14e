// Damaged input: truncation, flipped bytes, zeroed chunks and lying headers. readEvtx must return what it can,
// report the rest, and never throw or hang. The fuzz part is seeded, so every run checks the same mutations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32 } from './crc32.js';
import { readEvtx, type EvtxResult } from './index.js';
import { Random } from '../../simulate/random.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/evtx/${name}`, import.meta.url));
const threats = fixture('defender-1116-1117-threat-detected.evtx'); // raw element trees (exported log)
const exclusions = fixture('defender-5007-exclusion-added.evtx'); // templates
const health = fixture('defender-1151-health-status.evtx'); // 23 chunks

/** The project's seeded generator (src/simulate/random.ts), so failures reproduce. */
function prng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

/** Reads a buffer, failing the test if the reader throws or takes more than a second. */
function read(buf: Buffer, what: string): EvtxResult {
  const t = performance.now();
  let result: EvtxResult;
  try {
    result = readEvtx(buf);
  } catch (e) {
    assert.fail(`${what}: readEvtx threw ${e instanceof Error ? e.stack : String(e)}`);
  }
  assert.ok(performance.now() - t < 1000, `${what}: took ${Math.round(performance.now() - t)} ms`);
  for (const p of result.problems) {
    assert.ok(Number.isInteger(p.chunk) && Number.isInteger(p.offset) && p.reason.length > 0, `${what}: malformed problem`);
  }
  for (const r of result.records) assert.equal(typeof r.xml, 'string');
  return result;
}

const clean = { threats: readEvtx(threats).records, exclusions: readEvtx(exclusions).records };
const withoutXml = (r: object) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

test('truncated at many offsets: every record that ends before the cut is read intact, and the cut is reported', t => {
  let cuts = 0;
  for (const [name, buf, records] of [['threats', threats, clean.threats], ['exclusions', exclusions, clean.exclusions]] as const) {
    for (let cut = 0; cut < buf.length; cut += 97) {
      const { records: got, problems } = read(buf.subarray(0, cut), `${name} cut at ${cut}`);
      cuts++;
      assert.ok(problems.length > 0, `${name} cut at ${cut}: no problem reported`);
      const complete = records.filter(r => r.offset + 8 <= cut && r.offset + buf.readUInt32LE(r.offset + 4) <= cut);
      assert.deepEqual(got.map(withoutXml), complete.map(withoutXml), `${name} cut at ${cut}`);
    }
  }
  t.diagnostic(`${cuts} truncations`);
});

test('random bytes flipped (seeded fuzz): records before the damage survive, checksummed damage is reported', t => {
  const rnd = prng(20201211);
  const sources = [['threats', threats, clean.threats], ['exclusions', exclusions, clean.exclusions]] as const;
  // The records area of the single chunk, as file offsets: from 0x1000 + 512 to the chunk's free space offset.
  const recordsArea = (b: Buffer) => [0x1200, 0x1000 + b.readUInt32LE(0x1030)] as const;
  let mutations = 0;
  let reported = 0;
  let recordsRead = 0;
  const start = performance.now();
  for (let i = 0; i < 3000; i++) {
    const [name, src, want] = sources[i % 2]!;
    const buf = Buffer.from(src);
    const [recStart, recEnd] = recordsArea(src);
    // Mostly aim at the record data, where the parser works hardest; sometimes anywhere in the file.
    const anywhere = i % 5 === 0;
    const flips = 1 + Math.floor(rnd() * 8);
    let first = Infinity;
    let checksummed = false;
    for (let k = 0; k < flips; k++) {
      const at = anywhere ? Math.floor(rnd() * buf.length) : recStart + Math.floor(rnd() * (recEnd - recStart));
      const old = buf[at]!;
      buf[at] = rnd() < 0.3 ? old ^ (1 << Math.floor(rnd() * 8)) : Math.floor(rnd() * 256);
      if (buf[at] === old) continue;
      first = Math.min(first, at);
      // Covered by a CRC: file header bytes 0..120 and its checksum; chunk bytes 0..120, 124..512, and the records.
      const inChunk = at - 0x1000;
      if (at < 128 && (at < 120 || at >= 124)) checksummed = true;
      if (at >= 0x1000 && at < recEnd && (inChunk < 120 || inChunk >= 124)) checksummed = true;
    }
    const what = `${name} mutation ${i}`;
    const { records: got, problems } = read(buf, what);
    mutations++;
    recordsRead += got.length;
    if (problems.length) reported++;
    if (checksummed) assert.ok(problems.length > 0, `${what}: damage not reported`);
    // Damage inside the records area cannot touch a record that ends before it (checksums aside).
    if (first >= recStart && first < recEnd) {
      const before = want.filter(r => r.offset + src.readUInt32LE(r.offset + 4) <= first);
      assert.deepEqual(got.slice(0, before.length).map(withoutXml), before.map(withoutXml), what);
    }
    assert.ok(got.length <= want.length + 8, `${what}: ${got.length} records from ${want.length}`);
  }
  t.diagnostic(`${mutations} mutations, ${reported} reported problems, ${recordsRead} records read, ${Math.round(performance.now() - start)} ms`);
  assert.equal(mutations, 3000);
  assert.ok(reported > 2500, `only ${reported} of ${mutations} mutations reported a problem`);
  assert.ok(performance.now() - start < 20_000);
});

test('a zeroed chunk is skipped and reported; the other chunks are read', () => {
  const all = readEvtx(health).records;
  const buf = Buffer.from(health);
  buf.fill(0, 0x1000 + 5 * 65536, 0x1000 + 6 * 65536);
  const { records, problems } = read(buf, 'zeroed chunk 5');
  assert.deepEqual(problems, [{ chunk: 5, offset: 0x1000 + 5 * 65536, reason: 'chunk is all zeros' }]);
  assert.deepEqual(records.map(r => r.recordId), all.filter(r => r.chunk !== 5).map(r => r.recordId));
  assert.ok(records.length < 455 && records.length > 400);
});

test('headers claiming huge counts and offsets do not make the reader loop or allocate', () => {
  const buf = Buffer.from(exclusions);
  buf.writeUInt16LE(0xffff, 42); // chunk count
  buf.writeBigUInt64LE(0xffffffffffffffffn, 16); // last chunk number
  buf.writeUInt32LE(crc32(buf.subarray(0, 120)), 124); // a consistent header that lies
  buf.writeUInt32LE(0xffffffff, 0x1000 + 48); // free space offset
  buf.writeBigUInt64LE(0xffffffffffffffffn, 0x1000 + 16); // last record number
  const { records, problems } = read(buf, 'huge counts');
  assert.equal(records.length, 4);
  assert.deepEqual(problems.map(p => p.reason), [
    'chunk header checksum mismatch',
    'free space offset 4294967295 is outside the chunk',
    'header declares 65535 chunks, the file holds 1',
  ]);
  // A template instance claiming 2^32-1 values, and a record claiming a size beyond its chunk.
  const values = Buffer.from(exclusions);
  const countAt = 0x1000 + 0x226 + 24 + values.readUInt32LE(0x1000 + 0x226 + 20);
  values.writeUInt32LE(0xffffffff, countAt);
  values.writeUInt32LE(0x7fffffff, 0x1200 + values.readUInt32LE(0x1204) + 4);
  const hostile = read(values, 'huge value count');
  // The first record (which defines the template) and the second are lost; the others still use the definition.
  assert.deepEqual(hostile.records.map(r => r.recordId), [456, 457]);
  assert.ok(hostile.problems.some(p => /claims 4294967295 values/.test(p.reason)));
  assert.ok(hostile.problems.some(p => /does not fit the chunk/.test(p.reason)));
});

test('not an EVTX file at all, or nothing: a problem, no records', () => {
  for (const buf of [Buffer.alloc(0), Buffer.from('hello'), Buffer.alloc(100_000, 0x2a), Buffer.alloc(70_000)]) {
    const { records, problems } = read(buf, `${buf.length} bytes`);
    assert.equal(records.length, 0);
    assert.ok(problems.length > 0);
  }
});
