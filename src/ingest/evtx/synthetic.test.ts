// Builds small EVTX files byte by byte to test BinXML features the sample logs do not use: every value type,
// arrays, optional substitutions, references, CDATA, PIs, nested BinXML, template reuse by offset, UserData.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from './crc32.js';
import { readEvtx } from './index.js';

/** Appends little-endian data, knowing its absolute chunk offset (inline names and definitions need it). */
class W {
  readonly bytes: number[] = [];
  constructor(readonly base: number) {}
  get pos(): number {
    return this.base + this.bytes.length;
  }
  u8(...v: number[]): this {
    for (const x of v) this.bytes.push(x & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v, v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint): this {
    return this.u32(Number(v & 0xffffffffn)).u32(Number(v >> 32n));
  }
  raw(b: Uint8Array): this {
    this.bytes.push(...b);
    return this;
  }
  utf16(s: string): this {
    return this.raw(Buffer.from(s, 'utf16le'));
  }
  patch32(at: number, v: number): void {
    const i = at - this.base;
    for (let k = 0; k < 4; k++) this.bytes[i + k] = (v >>> (8 * k)) & 0xff;
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 65599) + s.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

/** A substitution value: bytes, or BinXML built at its final chunk offset (inline names need it). */
type Value = { type: number; data: Uint8Array } | { type: number; build: Body };
type Body = (x: X) => void;

/** BinXML emitter over a writer; names are written inline once per chunk, then referenced by offset. */
class X {
  /** Offset of the definition being written, so a body can refer to its own template. */
  defining = -1;
  constructor(
    readonly w: W,
    readonly names: Map<string, number>,
    readonly dep = true,
  ) {}
  name(s: string): void {
    const known = this.names.get(s);
    if (known !== undefined) {
      this.w.u32(known);
      return;
    }
    const off = this.w.pos + 4;
    this.names.set(s, off);
    this.w.u32(off).u32(0).u16(hash(s)).u16(s.length).utf16(s).u16(0);
  }
  el(name: string, attrs: [string, Body][], content?: Body): void {
    this.w.u8(attrs.length ? 0x41 : 0x01);
    if (this.dep) this.w.u16(0xffff);
    this.w.u32(0);
    this.name(name);
    if (attrs.length) {
      this.w.u32(0);
      attrs.forEach(([n, v], i) => {
        this.w.u8(i < attrs.length - 1 ? 0x46 : 0x06);
        this.name(n);
        v(this);
      });
    }
    if (!content) {
      this.w.u8(0x03);
      return;
    }
    this.w.u8(0x02);
    content(this);
    this.w.u8(0x04);
  }
  text(s: string): void {
    this.w.u8(0x05, 0x01).u16(s.length).utf16(s);
  }
  sub(index: number, type: number, optional = false): void {
    this.w.u8(optional ? 0x0e : 0x0d).u16(index).u8(type);
  }
  /** A template instance; `def` is a body to define inline, or the chunk offset of an earlier definition. */
  template(def: Body | number, values: Value[]): number {
    this.w.u8(0x0c, 0x01).u32(0x12345678);
    let defOffset: number;
    if (typeof def === 'number') {
      defOffset = def;
      this.w.u32(def);
    } else {
      defOffset = this.w.pos + 4;
      this.defining = defOffset;
      this.w.u32(defOffset).u32(0).raw(Buffer.alloc(16, 0x11));
      const sizeAt = this.w.pos;
      this.w.u32(0);
      const start = this.w.pos;
      this.w.u8(0x0f, 0x01, 0x01, 0x00);
      def(this);
      this.w.u8(0x00);
      this.w.patch32(sizeAt, this.w.pos - start);
    }
    let at = this.w.pos + 4 + 4 * values.length;
    const datas = values.map(v => {
      if ('data' in v) return (at += v.data.length), v.data;
      const w = new W(at);
      v.build(new X(w, this.names, this.dep));
      at += w.bytes.length;
      return Uint8Array.from(w.bytes);
    });
    this.w.u32(values.length);
    values.forEach((v, i) => this.w.u16(datas[i]!.length).u8(v.type, 0));
    for (const d of datas) this.w.raw(d);
    return defOffset;
  }
}

const le = (n: number, bytes: number, signed = false): Uint8Array => {
  const b = Buffer.alloc(bytes);
  if (bytes === 8) (signed ? b.writeBigInt64LE(BigInt(n)) : b.writeBigUInt64LE(BigInt(n)));
  else (signed ? b.writeIntLE(n, 0, bytes) : b.writeUIntLE(n, 0, bytes));
  return b;
};
const str = (s: string): Value => ({ type: 0x01, data: Buffer.from(s, 'utf16le') });
const FT = 132520000000000000n; // 2020-12-11T...: a FILETIME
const ft = (v: bigint): Uint8Array => { const b = Buffer.alloc(8); b.writeBigUInt64LE(v); return b; };
const sid = Buffer.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]); // S-1-5-18
const guid = Buffer.from('8a95cd1107c5f34eb3f25fd9dfbd2c78', 'hex'); // {11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}

/** Wraps record bodies into a one-chunk EVTX file with correct checksums. */
function evtxFile(records: ((x: X) => void)[], opts: { dep?: boolean } = {}): Buffer {
  const chunk = Buffer.alloc(65536);
  const names = new Map<string, number>();
  let pos = 512;
  records.forEach((body, i) => {
    const w = new W(pos + 24);
    w.u8(0x0f, 0x01, 0x01, 0x00);
    body(new X(w, names, opts.dep ?? true));
    w.u8(0x00);
    const size = 24 + w.bytes.length + 4;
    chunk.writeUInt32LE(0x2a2a, pos);
    chunk.writeUInt32LE(size, pos + 4);
    chunk.writeBigUInt64LE(BigInt(i + 1), pos + 8);
    chunk.writeBigUInt64LE(FT, pos + 16);
    Buffer.from(w.bytes).copy(chunk, pos + 24);
    chunk.writeUInt32LE(size, pos + size - 4);
    pos += size;
  });
  chunk.write('ElfChnk\0', 0, 'latin1');
  chunk.writeBigUInt64LE(1n, 8);
  chunk.writeBigUInt64LE(BigInt(records.length), 16);
  chunk.writeBigUInt64LE(1n, 24);
  chunk.writeBigUInt64LE(BigInt(records.length), 32);
  chunk.writeUInt32LE(128, 40);
  chunk.writeUInt32LE(pos, 48);
  chunk.writeUInt32LE(crc32(chunk.subarray(512, pos)), 52);
  chunk.writeUInt32LE(crc32(chunk.subarray(0, 120), chunk.subarray(128, 512)), 124);
  const header = Buffer.alloc(4096);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(1n, 16);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(4096, 40);
  header.writeUInt16LE(1, 42);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return Buffer.concat([header, chunk]);
}

const data = (x: X, name: string, body: Body) => x.el('Data', [['Name', y => y.text(name)]], body);

/** The System part of a template body; substitution indexes 0..9. */
function system(x: X): void {
  x.el('System', [], y => {
    y.el('Provider', [['Name', z => z.text('Microsoft-Windows-Windows Defender')], ['Guid', z => z.sub(0, 0x0f, true)]]);
    y.el('EventID', [['Qualifiers', z => z.sub(1, 0x06, true)]], z => z.sub(2, 0x06));
    y.el('Level', [], z => z.sub(3, 0x04));
    y.el('Keywords', [], z => z.sub(4, 0x15));
    y.el('TimeCreated', [['SystemTime', z => z.sub(5, 0x11, true)]]);
    y.el('EventRecordID', [], z => z.sub(6, 0x0a));
    y.el('Correlation', [['ActivityID', z => z.sub(7, 0x0f, true)]]);
    y.el('Execution', [['ProcessID', z => z.sub(8, 0x08)], ['ThreadID', z => z.sub(8, 0x08)]]);
    y.el('Channel', [], z => z.text('Microsoft-Windows-Windows Defender/Operational'));
    y.el('Security', [['UserID', z => z.sub(9, 0x13, true)]]);
  });
}
const systemValues = (eventId: number, recordId: number): Value[] => [
  { type: 0x0f, data: guid }, { type: 0x00, data: new Uint8Array() }, { type: 0x06, data: le(eventId, 2) },
  { type: 0x04, data: le(4, 1) }, { type: 0x15, data: Buffer.from('0000000000000080', 'hex') },
  { type: 0x11, data: ft(FT) }, { type: 0x0a, data: le(recordId, 8) }, { type: 0x00, data: new Uint8Array() },
  { type: 0x08, data: le(4172, 4) }, { type: 0x13, data: sid },
];

const TYPES: [string, Value, string][] = [
  ['Int8', { type: 0x03, data: le(-5, 1, true) }, '-5'],
  ['UInt8', { type: 0x04, data: le(250, 1) }, '250'],
  ['Int16', { type: 0x05, data: le(-300, 2, true) }, '-300'],
  ['UInt16', { type: 0x06, data: le(65000, 2) }, '65000'],
  ['Int32', { type: 0x07, data: le(-70000, 4, true) }, '-70000'],
  ['UInt32', { type: 0x08, data: le(4000000000, 4) }, '4000000000'],
  ['Int64', { type: 0x09, data: le(-5, 8, true) }, '-5'],
  ['UInt64', { type: 0x0a, data: Buffer.from('ffffffffffffffff', 'hex') }, '18446744073709551615'],
  ['Real32', { type: 0x0b, data: (() => { const b = Buffer.alloc(4); b.writeFloatLE(1.5); return b; })() }, '1.5'],
  ['Real64', { type: 0x0c, data: (() => { const b = Buffer.alloc(8); b.writeDoubleLE(-2.25); return b; })() }, '-2.25'],
  ['Bool', { type: 0x0d, data: le(1, 4) }, 'true'],
  ['Binary', { type: 0x0e, data: Buffer.from('d9060000', 'hex') }, 'D9060000'],
  ['Guid', { type: 0x0f, data: guid }, '{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}'],
  ['SizeT', { type: 0x10, data: le(0x1000, 8) }, '0x1000'],
  ['FileTime', { type: 0x11, data: ft(FT) }, '2020-12-09T15:06:40.0000000Z'],
  ['SysTime', { type: 0x12, data: Buffer.from(new Uint16Array([2020, 12, 5, 11, 12, 28, 1, 177]).buffer) }, '2020-12-11T12:28:01.177Z'],
  ['Sid', { type: 0x13, data: sid }, 'S-1-5-18'],
  ['HexInt32', { type: 0x14, data: le(0x80070005, 4) }, '0x80070005'],
  ['HexInt64', { type: 0x15, data: le(0x3e7, 8) }, '0x3e7'],
  ['Ansi', { type: 0x02, data: Buffer.from('caf\xe9\0', 'latin1') }, 'caf\xe9'],
  ['UInt16Array', { type: 0x86, data: Buffer.from([1, 0, 2, 0]) }, '1\n2'],
];

test('every value type renders as Windows renders it, in elements and attributes', () => {
  const file = evtxFile([
    x => x.template(t => t.el('Event', [['xmlns', y => y.text('http://schemas.microsoft.com/win/2004/08/events/event')]], y => {
      system(y);
      y.el('EventData', [], z => {
        TYPES.forEach(([name, v], i) => data(z, name, d => d.sub(10 + i, v.type)));
        z.el('Data', [['Name', a => a.text('AsAttr')], ['Value', a => a.sub(10 + 12, 0x0f)]]);
      });
    }), [...systemValues(1116, 171), ...TYPES.map(t => t[1])]),
  ]);
  const { records, problems } = readEvtx(file);
  assert.deepEqual(problems, []);
  assert.equal(records.length, 1);
  const r = records[0]!;
  for (const [name, , want] of TYPES) assert.equal(r.eventData[name], want, name);
  assert.equal(r.recordId, 171);
  assert.equal(r.fileRecordId, 1);
  assert.equal(r.timestamp, '2020-12-09T15:06:40.0000000Z');
  assert.deepEqual(r.system, {
    provider: 'Microsoft-Windows-Windows Defender', providerGuid: '{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}',
    eventId: 1116, qualifiers: null, version: null, level: 4, task: null, opcode: null,
    keywords: '0x8000000000000000', timeCreated: '2020-12-09T15:06:40.0000000Z', eventRecordId: 171,
    channel: 'Microsoft-Windows-Windows Defender/Operational', computer: null,
    correlation: { activityId: null, relatedActivityId: null },
    execution: { processId: 4172, threadId: 4172 }, security: { userId: 'S-1-5-18' },
  });
  // Optional substitutions with NULL values drop their attribute (Qualifiers, ActivityID).
  assert.match(r.xml, /^<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System><Provider Name='Microsoft-Windows-Windows Defender' Guid='\{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78\}'\/><EventID>1116<\/EventID><Level>4<\/Level>/);
  assert.ok(r.xml.includes("<Correlation/><Execution ProcessID='4172' ThreadID='4172'/>"));
  assert.ok(r.xml.includes("<Data Name='AsAttr' Value='{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}'/>"));
  assert.ok(r.xml.includes("<Data Name='UInt16Array'>1</Data><Data Name='UInt16Array'>2</Data>"), 'arrays repeat the element');
});

test('a template defined in one record is reused by offset in the next, and both may mix inline values in attributes', () => {
  let defAt = -1;
  const body: Body = t => t.el('Event', [], y => {
    y.el('System', [], s => {
      s.el('EventID', [], z => z.sub(0, 0x06));
      s.el('EventRecordID', [], z => z.sub(1, 0x0a));
    });
    y.el('EventData', [], z => {
      // An attribute mixing value text, an entity reference, a character reference and a substitution.
      z.el('Data', [['Name', a => { a.text('New'); a.w.u8(0x49); a.name('amp'); a.w.u8(0x48).u16(0x41); a.sub(2, 0x01); }]], d => d.sub(2, 0x01));
      data(z, 'Paths', d => d.sub(3, 0x81));
    });
  });
  const vals = (id: number, s: string, paths: string[]): Value[] => [
    { type: 0x06, data: le(5007, 2) }, { type: 0x0a, data: le(id, 8) }, str(s),
    { type: 0x81, data: Buffer.from(paths.map(p => p + '\0').join(''), 'utf16le') },
  ];
  const file = evtxFile([
    x => { defAt = x.template(body, vals(454, 'Value', ['C:\\TOOLS\\mimikatz.exe'])); },
    x => { x.template(defAt, vals(455, 'Value', ['C:\\a', 'C:\\b'])); },
  ]);
  const { records, problems } = readEvtx(file);
  assert.deepEqual(problems, []);
  assert.deepEqual(records.map(r => r.recordId), [454, 455]);
  assert.equal(records[1]!.eventData['New&AValue'], 'Value');
  assert.equal(records[1]!.eventData['Paths'], 'C:\\a\nC:\\b');
  assert.ok(records[1]!.xml.includes("<Data Name='New&amp;AValue'>Value</Data>"));
});

test('raw element trees without dependency ids (exported logs), CDATA, PIs, entities, nested BinXML and UserData', () => {
  const file = evtxFile([
    x => x.el('Event', [], y => {
      y.el('System', [], s => {
        s.el('EventID', [], z => z.text('1151'));
        s.el('Computer', [], z => z.text('host<1>'));
      });
      y.el('EventData', [], z => {
        z.el('Data', [], d => d.text('first'));
        z.el('Data', [], d => { d.text('a '); d.w.u8(0x49); d.name('lt'); d.w.u8(0x07).u16(5).utf16('x]]>y'); d.w.u8(0x08).u16(0x263a); });
        z.el('Binary', [], d => d.text('D906'));
      });
      y.w.u8(0x0a);
      y.name('pi-target');
      y.w.u8(0x0b).u16(4).utf16('data');
    }),
  ], { dep: false });
  const file2 = evtxFile([
    x => x.template(t => t.el('Event', [], y => {
      y.el('System', [], s => s.el('EventID', [], z => z.sub(0, 0x06)));
      y.el('UserData', [], z => z.sub(1, 0x21));
    }), [{ type: 0x06, data: le(4, 2) }, {
      type: 0x21,
      build: v => {
        v.w.u8(0x0f, 0x01, 0x01, 0x00);
        v.el('EventProcessingFailure', [['xmlns', a => a.text('urn:x')]], e => {
          e.el('Error', [['Code', a => a.text('15007')]]);
          e.el('EventID', [], t => t.text('4616'));
          e.el('PublisherID', [], t => t.text('Microsoft-Windows-Security-Auditing'));
        });
        v.w.u8(0x00);
      },
    }]),
  ]);
  const one = readEvtx(file);
  assert.deepEqual(one.problems, []);
  const r = one.records[0]!;
  assert.equal(r.system.eventId, 1151);
  assert.equal(r.system.computer, 'host<1>');
  assert.deepEqual(r.eventData, { Data1: 'first', Data2: 'a <x]]>y\u263a', Binary: 'D906' });
  assert.equal(r.xml, "<Event><System><EventID>1151</EventID><Computer>host&lt;1&gt;</Computer></System><EventData><Data>first</Data><Data>a &lt;<![CDATA[x]]]]><![CDATA[>y]]>\u263a</Data><Binary>D906</Binary></EventData><?pi-target data?></Event>");

  const two = readEvtx(file2);
  assert.deepEqual(two.problems, []);
  assert.deepEqual(two.records[0]!.eventData, { 'Error.Code': '15007', EventID: '4616', PublisherID: 'Microsoft-Windows-Security-Auditing' });
  assert.ok(two.records[0]!.xml.includes("<UserData><EventProcessingFailure xmlns='urn:x'><Error Code='15007'/><EventID>4616</EventID>"));
});

test('hostile BinXML: self-referencing templates, deep nesting and exponential expansion are reported, not followed', () => {
  const nest = (x: X, n: number): void => (n === 0 ? x.text('leaf') : x.el('a', [], y => nest(y, n - 1)));
  const defs: number[] = [];
  const doubling: ((x: X) => void)[] = [];
  // T0 = <x/>; Tk = two instances of Tk-1: instantiating T24 would give 16 million elements.
  doubling.push(x => x.el('Event', [], y => { defs[0] = y.template(t => t.el('x', []), []); }));
  for (let k = 1; k <= 24; k++) {
    doubling.push(x => { defs[k] = x.template(t => t.el('Event', [], y => { y.template(defs[k - 1]!, []); y.template(defs[k - 1]!, []); }), []); });
  }
  const file = evtxFile([
    x => x.template(t => t.el('Event', [], y => y.template(t.defining, [])), []),
    x => x.el('Event', [], y => nest(y, 1000)),
    x => x.template(t => t.el('Event', [], y => y.sub(60000, 0x01)), [str('only one value')]),
    ...doubling,
  ]);
  const start = performance.now();
  const { records, problems } = readEvtx(file);
  assert.ok(performance.now() - start < 5000);
  assert.match(problems[0]!.reason, /template definition refers to itself/);
  assert.match(problems[1]!.reason, /nested too deeply/);
  // Past a per-record limit, and once the file's output budget is spent, records are skipped.
  assert.ok(problems.slice(2).every(p => /expands beyond the size limits|output limit for this file/.test(p.reason)), JSON.stringify(problems));
  assert.ok(problems.length >= 3 && problems.length <= 12);
  // The missing substitution renders as nothing; the doubling templates expand while they stay within bounds.
  assert.equal(records[0]!.xml, '<Event></Event>');
  assert.equal(records.length, 1 + 25 - (problems.length - 2));
  assert.equal(records.at(-1)!.xml.split('<x/>').length - 1, 2 ** (records.length - 2));
});
