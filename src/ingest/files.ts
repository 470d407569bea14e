/**
 * Reads telemetry files of every shape Picket accepts into RawEvents: .evtx, Event XML, Get-WinEvent JSON and
 * evtx_dump JSON (one document or JSON lines). The shape is told by the content, not only by the file name.
 */
import { readFileSync, statSync } from 'node:fs';
import type { RawEvent, Rejection } from './model.js';
import { readEvtxFile } from './sources/evtx-record.js';
import { readEventXml } from './sources/event-xml.js';
import { readWinEventJson } from './sources/winevent-json.js';
import { readEvtxDumpJson } from './sources/evtx-dump-json.js';

export type FileKind = 'evtx' | 'event-xml' | 'winevent-json' | 'evtx-dump-json';

export interface FileRead { path: string; kind: FileKind | null; events: RawEvent[]; rejections: Rejection[] }

/** Files larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export function detectKind(head: Buffer): FileKind | null {
  if (head.subarray(0, 8).toString('latin1') === 'ElfFile\0') return 'evtx';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) return 'event-xml';
  if (text.startsWith('{') || text.startsWith('[')) {
    // evtx_dump writes {"Event": {"System": …}} per record; Get-WinEvent's JSON has Id/RecordId/ProviderName
    return /"Event"\s*:\s*\{/.test(text.slice(0, 4096)) ? 'evtx-dump-json' : 'winevent-json';
  }
  return null;
}

function jsonDocument(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    // JSON lines: one document per line
    return trimmed.split(/\r?\n/).filter(l => l.trim()).map(l => JSON.parse(l));
  }
}

export function readTelemetryFile(path: string): FileRead {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) return { path, kind: null, events: [], rejections: [{ index: 0, reason: `the file is larger than ${MAX_FILE_BYTES} bytes` }] };
  const buf = readFileSync(path);
  const kind = detectKind(buf.subarray(0, 65536));
  if (!kind) return { path, kind, events: [], rejections: [{ index: 0, reason: 'not a .evtx file, Event XML, Get-WinEvent JSON or evtx_dump JSON' }] };
  if (kind === 'evtx') return { path, kind, ...readEvtxFile(buf) };
  const text = buf.toString('utf8');
  if (kind === 'event-xml') return { path, kind, ...readEventXml(text) };
  let doc: unknown;
  try {
    doc = jsonDocument(text);
  } catch (err) {
    return { path, kind, events: [], rejections: [{ index: 0, reason: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  return { path, kind, ...(kind === 'evtx-dump-json' ? readEvtxDumpJson(doc) : readWinEventJson(doc)) };
}
