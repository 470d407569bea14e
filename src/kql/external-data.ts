/**
 * externaldata: rows read from URLs. Off unless configured; only URLs under an allowed prefix, http(s) only, no
 * redirects, at most `maxBytes` in all. The store never reaches the network (DuckDB's external access is off
 * database-wide): Node fetches the text here, parses it, and lowering turns the records into literal rows.
 */
import { KqlError, type Span } from './errors.js';

export interface ExternalDataPolicy {
  /** URL prefixes that may be read, e.g. "https://feeds.example.org/iocs/". Normalised: a bare host gains its "/". */
  allow: string[];
  /** The most bytes one query may read, over all its URLs. */
  maxBytes: number;
}

/** Default size limit when configuration names none: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The policy from configuration: PICKET_EXTERNALDATA_ALLOW (comma-separated URL prefixes; unset or empty means
 * externaldata stays off) and PICKET_EXTERNALDATA_MAX_BYTES.
 */
export function externalDataPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): ExternalDataPolicy | null {
  const allow = (env.PICKET_EXTERNALDATA_ALLOW ?? '').split(',').map(s => s.trim()).filter(Boolean);
  if (!allow.length) return null;
  const max = Number(env.PICKET_EXTERNALDATA_MAX_BYTES);
  return { allow, maxBytes: Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_BYTES };
}

/** What one externaldata expression asks for. */
export interface ExternalDataRequest {
  urls: string[];
  /** csv (default), tsv, txt (one line, one record of one field), json / multijson (one object per line). */
  format: string;
  ignoreFirstRecord: boolean;
  /** The schema's column names (json records are read by name). */
  columns: string[];
  span: Span;
}

const FORMATS = new Set(['csv', 'tsv', 'tsve', 'txt', 'json', 'multijson', 'scsv', 'psv']);

function denied(message: string, span: Span): KqlError {
  return new KqlError('PK008', message, span);
}

function normalisedPrefix(prefix: string): string {
  try { return new URL(prefix).href; } catch { return prefix; }
}

/** Checks the request against the policy; returns the URLs to read. */
export function checkRequest(req: ExternalDataRequest, policy: ExternalDataPolicy | null): URL[] {
  if (!policy) throw denied('externaldata is not enabled on this server (an administrator can allow URL prefixes).', req.span);
  if (!FORMATS.has(req.format)) throw new KqlError('PK001', `Not supported yet: externaldata format '${req.format}'`, req.span);
  const prefixes = policy.allow.map(normalisedPrefix);
  return req.urls.map(u => {
    let url: URL;
    try { url = new URL(u); } catch { throw denied(`externaldata: '${u}' is not a URL`, req.span); }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw denied(`externaldata: only http and https URLs can be read, not '${url.protocol}'`, req.span);
    if (!prefixes.some(p => url.href.startsWith(p))) throw denied(`externaldata: '${url.href}' is not under an allowed URL prefix`, req.span);
    return url;
  });
}

/** Reads every URL of the request within the policy's size limit and parses the records as text fields. */
export async function fetchExternalData(req: ExternalDataRequest, policy: ExternalDataPolicy | null, timeoutMs: number): Promise<(string | null)[][]> {
  const urls = checkRequest(req, policy);
  let budget = policy!.maxBytes;
  const records: (string | null)[][] = [];
  for (const url of urls) {
    const text = await readLimited(url, budget, timeoutMs, req.span);
    budget -= Buffer.byteLength(text);
    try {
      records.push(...parseRecords(text, req));
    } catch (err) {
      throw denied(`externaldata: ${url.href} is not valid ${req.format} (${err instanceof Error ? err.message : String(err)})`, req.span);
    }
  }
  return records;
}

async function readLimited(url: URL, budget: number, timeoutMs: number, span: Span): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw denied(`externaldata: ${url.href} could not be read (${err instanceof Error ? err.message : String(err)})`, span);
  }
  if (res.status >= 300 && res.status < 400) throw denied(`externaldata: ${url.href} redirects elsewhere; redirects are not followed`, span);
  if (!res.ok) throw denied(`externaldata: ${url.href} answered HTTP ${res.status}`, span);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > budget) {
    await res.body?.cancel();
    throw denied(`externaldata: the data is larger than the ${budget} bytes allowed`, span);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > budget) {
        await reader.cancel();
        throw denied(`externaldata: the data is larger than the ${budget} bytes allowed`, span);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The records of one document, each a list of fields (json: one per schema column, by name). */
export function parseRecords(text: string, req: Pick<ExternalDataRequest, 'format' | 'ignoreFirstRecord' | 'columns'>): (string | null)[][] {
  const body = text.replace(/^\uFEFF/, '');
  let records: (string | null)[][];
  switch (req.format) {
    case 'txt': records = lines(body).map(l => [l]); break;
    case 'tsv': case 'tsve': records = lines(body).map(l => l.split('\t')); break;
    case 'psv': records = lines(body).map(l => l.split('|')); break;
    case 'scsv': records = delimited(body, ';'); break;
    case 'json': case 'multijson': records = jsonRecords(body, req.columns); break;
    default: records = delimited(body, ',');
  }
  return req.ignoreFirstRecord ? records.slice(1) : records;
}

function lines(text: string): string[] {
  const out = text.split(/\r?\n/);
  if (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** RFC 4180: fields separated by `sep`, optionally "quoted" with "" for a quote; records end at a line break. */
function delimited(text: string, sep: string): string[][] {
  const records: string[][] = [];
  let field = '', record: string[] = [], quoted = false, i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === sep) { record.push(field); field = ''; i++; continue; }
    if (ch === '\r' || ch === '\n') {
      record.push(field); records.push(record); field = ''; record = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch; i++;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}

function jsonRecords(text: string, columns: string[]): (string | null)[][] {
  const trimmed = text.trim();
  let values: unknown[];
  if (trimmed.startsWith('[')) values = JSON.parse(trimmed) as unknown[];
  else values = lines(trimmed).filter(l => l.trim()).map(l => JSON.parse(l) as unknown);
  return values.map(v => columns.map(c => {
    const x = v && typeof v === 'object' ? (v as Record<string, unknown>)[c] : undefined;
    if (x === undefined || x === null) return null;
    return typeof x === 'string' ? x : JSON.stringify(x);
  }));
}
