// Windows XML Event Log (.evtx) reader: readEvtx(buf) returns every readable record and a list of what was skipped.
import { readChunk, type OutputBudget } from './chunk.js';
import { EvtxError, type EvtxProblem } from './errors.js';
import { CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_HEADER_SIZE, isChunkSignature, readFileHeader } from './headers.js';
import type { EvtxItem, EvtxResult } from './types.js';

export { EvtxError, type EvtxProblem } from './errors.js';
export type { EvtxSystem } from './event.js';
export type { EvtxItem, EvtxRecord, EvtxResult } from './types.js';

const ZEROS = Buffer.alloc(CHUNK_SIZE);

/**
 * Yields records and problems in file order, one chunk at a time. Never throws on bad input: damage is reported
 * as a problem ({ chunk, offset, reason }) and reading goes on with the next record or chunk.
 */
export function* iterateEvtx(buf: Buffer): Generator<EvtxItem> {
  const problem = (p: EvtxProblem): EvtxItem => ({ kind: 'problem', problem: p });
  let declaredChunks = 0;
  try {
    const h = readFileHeader(buf);
    declaredChunks = h.chunkCount;
    if (!h.checksumOk) yield problem({ chunk: -1, offset: 0, reason: 'file header checksum mismatch' });
    if (h.headerBlockSize !== FILE_HEADER_SIZE) {
      yield problem({ chunk: -1, offset: 40, reason: `header block size ${h.headerBlockSize}, reading chunks from ${FILE_HEADER_SIZE}` });
    }
  } catch (e) {
    yield problem({ chunk: -1, offset: e instanceof EvtxError ? e.offset : 0, reason: `file header unreadable: ${e instanceof EvtxError ? e.detail : String(e)}` });
  }
  // Output may grow with the input, never without bound: per input byte, 16 characters and one XML node (the
  // sample logs use about 1 and 0.05), plus a floor for small files.
  const budget: OutputBudget = { chars: buf.length * 16 + 4_000_000, nodes: buf.length + 200_000 };
  // Chunks are read from the file itself, not the header's count: dirty files under-count (libyal notes), and a
  // header may claim more than the file holds. Slots past the declared count are read when they carry a chunk.
  let slots = 0;
  for (let i = 0, off = FILE_HEADER_SIZE; off + CHUNK_HEADER_SIZE <= buf.length; i++, off += CHUNK_SIZE) {
    slots++;
    const chunk = buf.subarray(off, Math.min(off + CHUNK_SIZE, buf.length));
    if (!isChunkSignature(chunk)) {
      const zero = chunk.equals(ZEROS.subarray(0, chunk.length));
      if (i < declaredChunks || !zero) {
        yield problem({ chunk: i, offset: off, reason: zero ? 'chunk is all zeros' : 'no chunk signature' });
      }
      continue;
    }
    if (chunk.length < CHUNK_SIZE) {
      yield problem({ chunk: i, offset: off + chunk.length, reason: `chunk truncated to ${chunk.length} bytes` });
    }
    try {
      yield* readChunk(chunk, i, off, budget);
    } catch (e) {
      // readChunk reports damage itself; anything reaching here is a reader bug, which must not sink the file.
      yield problem({ chunk: i, offset: off, reason: `internal error reading chunk: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (slots < declaredChunks) {
    yield problem({ chunk: slots, offset: buf.length, reason: `header declares ${declaredChunks} chunks, the file holds ${slots}` });
  }
}

/** Reads a whole .evtx file held in memory. */
export function readEvtx(buf: Buffer): EvtxResult {
  const out: EvtxResult = { records: [], problems: [] };
  for (const item of iterateEvtx(buf)) {
    if (item.kind === 'record') out.records.push(item.record);
    else out.problems.push(item.problem);
  }
  return out;
}
