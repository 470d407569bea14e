/**
 * Installed software (the agent reads the Uninstall registry keys: DisplayName, DisplayVersion, Publisher…)
 * -> DeviceTvmSoftwareInventory. Names are normalised the way Defender's inventory writes them, lower case with
 * underscores ("microsoft", "edge"), so that community queries comparing SoftwareVendor/SoftwareName match:
 * vendor without its company suffix (Corporation, Inc., LLC…); name without the vendor prefix, version numbers
 * and bitness tags. System components and updates (SystemComponent = 1, ParentKeyName set) are skipped, not
 * rejected; duplicates (the same product in the 32- and 64-bit keys) are kept once.
 */
import type { Rejection, Row, TableRows } from '../model.js';
import { checkDevice, FieldReader, isRecord, prop, receivedTime, type Device } from './values.js';

const MAX_ITEMS = 20_000;
const SUFFIX = /[,\s]+(corporation|corp|incorporated|inc|llc|ltd|limited|gmbh|co|company|s\.?a|ag|b\.?v|plc|pty)\.?$/i;

function slug(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}+#.-]+/gu, '_').replace(/_+/g, '_').replace(/^[_.-]+|[_.-]+$/g, '');
}

export function vendorName(publisher: string): string {
  let p = publisher.trim();
  for (let i = 0; i < 3 && SUFFIX.test(p); i++) p = p.replace(SUFFIX, '');
  return slug(p);
}

export function productName(name: string, vendor: string): string {
  let n = name.trim()
    .replace(/\((x64|x86|64-bit|32-bit|amd64|arm64)\)/gi, '')
    .replace(/\b(x64|x86|64-bit|32-bit)\b/gi, '')
    .replace(/\s+v?\d+(\.\d+)+(\s|$).*$/i, ' ')
    .trim();
  const v = vendor.replace(/_/g, ' ');
  if (v && n.toLowerCase().startsWith(`${v} `)) n = n.slice(v.length + 1);
  return slug(n);
}

function first(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) { const v = prop(o, n); if (v !== undefined && v !== null && v !== '') return v; }
  return undefined;
}

export function normaliseSoftware(items: unknown, device: Device, receivedAt: string): { rows: TableRows; rejections: Rejection[] } {
  const dev = checkDevice(device);
  if (!dev) return { rows: {}, rejections: [{ index: 0, field: 'device', reason: 'device must have a deviceId and a deviceName' }] };
  if (!receivedTime(receivedAt)) return { rows: {}, rejections: [{ index: 0, field: 'receivedAt', reason: 'receivedAt is not a date and time' }] };
  if (!Array.isArray(items)) return { rows: {}, rejections: [{ index: 0, reason: 'installed software must be an array' }] };
  const rejections: Rejection[] = [];
  const rows: Row[] = [];
  const seen = new Set<string>();
  items.slice(0, MAX_ITEMS).forEach((item, index) => {
    if (!isRecord(item)) { rejections.push({ index, reason: 'an installed software item must be an object' }); return; }
    const r = new FieldReader(index, rejections);
    if (r.int(prop(item, 'SystemComponent'), 'SystemComponent', 0, 1) === 1 || typeof prop(item, 'ParentKeyName') === 'string') return;
    const name = r.string(first(item, 'DisplayName', 'Name'), 'DisplayName', 512);
    if (name === null || name.trim() === '') { if (!rejections.some(x => x.index === index)) r.reject('DisplayName', 'DisplayName is missing'); return; }
    const version = r.string(first(item, 'DisplayVersion', 'Version'), 'DisplayVersion', 128) ?? '';
    const publisher = r.string(first(item, 'Publisher', 'Vendor'), 'Publisher', 512) ?? '';
    const vendor = vendorName(publisher);
    const product = productName(name, vendor);
    if (!product) { r.reject('DisplayName', 'DisplayName has no letters or digits'); return; }
    const key = `${vendor}\u0000${product}\u0000${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({
      DeviceId: dev.deviceId, DeviceName: dev.deviceName, OSPlatform: dev.osPlatform ?? '', OSVersion: dev.osVersion ?? '',
      OSArchitecture: dev.osArchitecture ?? '', SoftwareVendor: vendor, SoftwareName: product, SoftwareVersion: version.trim(),
      EndOfSupportStatus: '', EndOfSupportDate: null, ProductCodeCpe: '',
    });
  });
  if (items.length > MAX_ITEMS) rejections.push({ index: MAX_ITEMS, reason: `more than ${MAX_ITEMS} items; the rest were not read` });
  return { rows: { DeviceTvmSoftwareInventory: rows }, rejections };
}
