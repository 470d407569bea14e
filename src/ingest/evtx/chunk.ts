// Reads the records of one 64 KiB chunk: header and checksums, record framing, recovery scan past damage.
import { parseDocument } from './binxml.js';
import { ChunkContext } from './context.js';
import { EvtxError } from './errors.js';
import { findEvent, readEventData, readMessage, readSystem, recordNumber } from './event.js';
import { CHUNK_HEADER_SIZE, readChunkHeader, recordsChecksumOk } from './headers.js';
import { ByteReader } from './reader.js';
import { expand, type Budget } from './templates.js';
import type { EvtxItem, EvtxRecord } from './types.js';
import { fileTimeToIso } from './values.js';
import { renderXml } from './xml.js';

const RECORD_MAGIC = 0x00002a2a;
const MIN_RECORD = 28; // signature, size, id, written time, size copy

/** Expansion budget shared by the chunks of one file, so a hostile file cannot make the reader's work explode. */
export type OutputBudget = Budget;

/** Yields the records and problems of a chunk; `chunk` is the chunk's bytes (possibly truncated). */
export function* readChunk(chunk: Buffer, index: number, fileOffset: number, budget: OutputBudget): Generator<EvtxItem> {
  const problem = (offset: number, reason: string): EvtxItem => ({ kind: 'problem', problem: { chunk: index, offset: fileOffset + offset, reason } });
  let header;
  try {
    header = readChunkHeader(chunk);
  } catch (e) {
    yield problem(e instanceof EvtxError ? e.offset : 0, `chunk header unreadable: ${message(e)}`);
    return;
  }
  if (!header.headerChecksumOk) yield problem(0, 'chunk header checksum mismatch');
  let end = header.freeSpaceOffset;
  if (end < CHUNK_HEADER_SIZE || end > chunk.length) {
    yield problem(48, `free space offset ${end} is outside the chunk${chunk.length < 65536 ? ' (chunk truncated)' : ''}`);
    // Fall back on the last record's offset when it frames a record, else read up to the end of the chunk.
    const last = header.lastRecordOffset;
    const lastOk = last >= CHUNK_HEADER_SIZE && last + MIN_RECORD <= chunk.length && !framingProblem(chunk, last);
    end = lastOk ? last + chunk.readUInt32LE(last + 4) : chunk.length;
  } else if (!recordsChecksumOk(chunk, header)) {
    yield problem(CHUNK_HEADER_SIZE, 'event records checksum mismatch');
  }

  const ctx = new ChunkContext(chunk);
  let pos = CHUNK_HEADER_SIZE;
  while (pos + MIN_RECORD <= end) {
    const reason = framingProblem(chunk, pos);
    if (reason) {
      if (isZero(chunk, pos, end)) break; // unused space after the last record
      yield problem(pos, reason);
      const next = scanForRecord(chunk, pos + 1, end);
      if (next < 0) break;
      pos = next;
      continue;
    }
    const size = chunk.readUInt32LE(pos + 4);
    try {
      const record = readRecord(ctx, chunk, pos, size, index, fileOffset, budget);
      if (record) yield { kind: 'record', record };
      else yield problem(pos, 'record has no Event element');
    } catch (e) {
      const at = e instanceof EvtxError ? e.offset : pos;
      yield problem(at >= pos && at < pos + size ? at : pos, `record unreadable: ${message(e)}`);
    }
    pos += size;
  }
}

function message(e: unknown): string {
  return e instanceof EvtxError ? e.detail : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Why the bytes at pos are not a well-framed record (signature, size within the chunk, size copy), or null. */
function framingProblem(chunk: Buffer, pos: number): string | null {
  if (chunk.readUInt32LE(pos) !== RECORD_MAGIC) return 'no record signature';
  const size = chunk.readUInt32LE(pos + 4);
  if (size < MIN_RECORD || pos + size > chunk.length) return `record size ${size} does not fit the chunk`;
  if (chunk.readUInt32LE(pos + size - 4) !== size) return 'record size and its copy differ';
  return null;
}

/** The next offset in [from, end) holding a well-framed record, or -1. */
function scanForRecord(chunk: Buffer, from: number, end: number): number {
  for (let p = chunk.indexOf('**\0\0', from, 'latin1'); p >= 0 && p + MIN_RECORD <= end; p = chunk.indexOf('**\0\0', p + 1, 'latin1')) {
    if (!framingProblem(chunk, p)) return p;
  }
  return -1;
}

/** An Event XML time as ISO 8601 with exactly 7 fractional digits (Windows writes 7, exported logs sometimes 9). */
function isoTicks(t: string | null): string | null {
  const m = t ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(t) : null;
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z` : null;
}

function isZero(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

function readRecord(
  ctx: ChunkContext, chunk: Buffer, pos: number, size: number, index: number, fileOffset: number, budget: OutputBudget,
): EvtxRecord | null {
  if (budget.chars <= 0 || budget.nodes <= 0) throw new EvtxError('output limit for this file reached', pos);
  const id = chunk.readBigUInt64LE(pos + 8);
  const written = fileTimeToIso(chunk.readBigUInt64LE(pos + 16));
  ctx.beginRecord();
  const nodes = parseDocument(ctx, new ByteReader(chunk, pos + 24, pos + size - 4), 0);
  const xmlNodes = expand(nodes, budget);
  const event = findEvent(xmlNodes);
  if (!event) return null;
  const xml = renderXml(xmlNodes);
  const system = readSystem(event);
  return {
    recordId: system.eventRecordId ?? recordNumber(id),
    fileRecordId: recordNumber(id),
    timestamp: isoTicks(system.timeCreated) ?? written,
    system,
    eventData: readEventData(event),
    message: readMessage(event),
    xml,
    chunk: index,
    offset: fileOffset + pos,
  };
}
