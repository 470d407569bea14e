/**
 * The ingest benchmark's workload: batches of Defender events as the agent sends them, in both forms the ingest
 * API takes: Event XML (Get-WinEvent's ToXml()) and `Get-WinEvent | ConvertTo-Json` records (PowerShell 7's shape,
 * Message included). Three real event shapes from the test fixtures (a detection, a configuration change, a health
 * report) with what varies between real events varied: record id, time, computer, detection id. Deterministic.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readEventXml } from '../src/ingest/sources/event-xml.js';
import type { RawEvent } from '../src/ingest/model.js';
import { Random } from '../src/simulate/random.js';

export type Form = 'xml' | 'json';

const TEMPLATES = readFileSync(new URL('../test/fixtures/ingest/events-sequence.xml', import.meta.url), 'utf8')
  .match(/<Event[\s>][\s\S]*?<\/Event>/g)!;
/** The rendered message of the JSON fixture: real ConvertTo-Json output carries one per record. */
const MESSAGE = String((JSON.parse(readFileSync(new URL('../test/fixtures/ingest/winevent-ps7.json', import.meta.url), 'utf8')) as { Message: string }).Message);

const hex = (rnd: Random, n: number) => Array.from({ length: n }, () => rnd.int(0, 15).toString(16)).join('').toUpperCase();

/** Event XML of `count` events of one device, record ids from `firstRecord`, a second apart. */
export function xmlEvents(device: number, firstRecord: number, count: number, seed = 1): string[] {
  const rnd = new Random(seed * 7919 + device);
  const start = Date.UTC(2026, 10, 23, 8, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    const record = firstRecord + i;
    const time = new Date(start + record * 1000).toISOString().replace(/\.(\d{3})Z$/, `.$1${rnd.int(1000, 9999)}Z`);
    return TEMPLATES[record % TEMPLATES.length]
      .replace(/<EventRecordID>\d+</, `<EventRecordID>${record}<`)
      .replace(/SystemTime='[^']*'/, `SystemTime='${time}'`)
      .replace(/<Computer>[^<]*</, `<Computer>bench-${device}.corp.example.com<`)
      .replace(/\{5C0F2E3A-[^}]*\}/, `{${hex(rnd, 8)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 12)}}`);
  });
}

/** The same event as Get-WinEvent | ConvertTo-Json (PowerShell 7) writes it. */
export function winEventJson(ev: RawEvent): Record<string, unknown> {
  return {
    Id: ev.eventId, Version: ev.version ?? 0, Qualifiers: null, Level: ev.level ?? 4, Task: ev.task ?? 0, Opcode: ev.opcode ?? 0,
    Keywords: -9223372036854775808, RecordId: Number(ev.recordId), ProviderName: ev.provider,
    ProviderId: '11cd958a-c507-4ef3-b3f2-5fd9dfbd2c78', LogName: ev.channel, ProcessId: ev.processId, ThreadId: ev.threadId,
    MachineName: ev.computer, UserId: { BinaryLength: 12, AccountDomainSid: null, Value: ev.userId },
    TimeCreated: ev.timeCreated.replace('Z', '+00:00'), ActivityId: null, RelatedActivityId: null, ContainerLog: ev.channel,
    MatchedQueryIds: [], Bookmark: {}, LevelDisplayName: 'Warning', OpcodeDisplayName: 'Info', TaskDisplayName: null,
    KeywordsDisplayNames: [], Properties: Object.values(ev.data).map(Value => ({ Value })), Message: MESSAGE,
  };
}

export interface Workload {
  /** Per device, its batches' request bodies, gzip-compressed as the agent sends them. */
  bodies: Buffer[][];
  events: number;
  /** Bytes of JSON before and after gzip, all batches. */
  rawBytes: number;
  gzipBytes: number;
}

/** `devices` × `batches` request bodies of `batchSize` events in the given form. */
export function workload(form: Form, devices: number, batches: number, batchSize: number): Workload {
  let rawBytes = 0;
  let gzipBytes = 0;
  const bodies = Array.from({ length: devices }, (_, d) => Array.from({ length: batches }, (_, b) => {
    const xml = xmlEvents(d, 1 + b * batchSize, batchSize);
    const body = JSON.stringify(form === 'xml' ? { events: xml } : { winEvents: xml.map(x => winEventJson(readEventXml(x).events[0])) });
    const gz = gzipSync(body);
    rawBytes += Buffer.byteLength(body);
    gzipBytes += gz.length;
    return gz;
  }));
  return { bodies, events: devices * batches * batchSize, rawBytes, gzipBytes };
}
