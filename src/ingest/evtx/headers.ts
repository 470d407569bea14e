// EVTX file header (4 KiB, "ElfFile") and chunk header (512 bytes of a 64 KiB "ElfChnk") parsing and checksum checks.
import { crc32 } from './crc32.js';
import { EvtxError } from './errors.js';
import { ByteReader } from './reader.js';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

export interface FileHeader {
  firstChunk: bigint;
  lastChunk: bigint;
  nextRecordId: bigint;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  /** Offset of the first chunk (the header block size), normally 4096. */
  headerBlockSize: number;
  chunkCount: number;
  flags: number;
  checksumOk: boolean;
}

/** Reads the file header; throws EvtxError if the signature is wrong or the buffer is too short. */
export function readFileHeader(buf: Buffer): FileHeader {
  const r = new ByteReader(buf);
  r.need(128);
  if (!buf.subarray(0, 8).equals(FILE_MAGIC)) throw new EvtxError('not an EVTX file (no "ElfFile" signature)', 0);
  r.seek(8);
  const firstChunk = r.u64();
  const lastChunk = r.u64();
  const nextRecordId = r.u64();
  const headerSize = r.u32();
  const minorVersion = r.u16();
  const majorVersion = r.u16();
  const headerBlockSize = r.u16();
  const chunkCount = r.u16();
  const flags = r.u32At(120);
  // Per the format: CRC32 of the first 120 bytes.
  const checksumOk = r.u32At(124) === crc32(buf.subarray(0, 120));
  return { firstChunk, lastChunk, nextRecordId, headerSize, minorVersion, majorVersion, headerBlockSize, chunkCount, flags, checksumOk };
}

export interface ChunkHeader {
  firstRecordNumber: bigint;
  lastRecordNumber: bigint;
  firstRecordId: bigint;
  lastRecordId: bigint;
  headerSize: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  recordsChecksum: number;
  headerChecksumOk: boolean;
}

export function isChunkSignature(chunk: Buffer): boolean {
  return chunk.length >= 8 && chunk.subarray(0, 8).equals(CHUNK_MAGIC);
}

/** Reads a chunk header from a buffer holding the chunk (offsets are chunk-relative). */
export function readChunkHeader(chunk: Buffer): ChunkHeader {
  const r = new ByteReader(chunk);
  r.need(CHUNK_HEADER_SIZE);
  if (!isChunkSignature(chunk)) throw new EvtxError('no "ElfChnk" signature', 0);
  r.seek(8);
  const firstRecordNumber = r.u64();
  const lastRecordNumber = r.u64();
  const firstRecordId = r.u64();
  const lastRecordId = r.u64();
  const headerSize = r.u32();
  const lastRecordOffset = r.u32();
  const freeSpaceOffset = r.u32();
  const recordsChecksum = r.u32();
  // Per the format: CRC32 of bytes 0..120 and 128..512 of the chunk.
  const headerChecksumOk =
    r.u32At(124) === crc32(chunk.subarray(0, 120), chunk.subarray(128, CHUNK_HEADER_SIZE));
  return {
    firstRecordNumber, lastRecordNumber, firstRecordId, lastRecordId, headerSize,
    lastRecordOffset, freeSpaceOffset, recordsChecksum, headerChecksumOk,
  };
}

/** CRC32 of the event records area [512, freeSpaceOffset), compared with the chunk header's value. */
export function recordsChecksumOk(chunk: Buffer, h: ChunkHeader): boolean {
  const end = Math.min(h.freeSpaceOffset, chunk.length);
  if (end < CHUNK_HEADER_SIZE) return false;
  return crc32(chunk.subarray(CHUNK_HEADER_SIZE, end)) === h.recordsChecksum;
}
