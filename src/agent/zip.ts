/**
 * A ZIP writer for small packages: entries are stored, not compressed (method 0), names in UTF-8 (flag bit 11).
 * Layout per APPNOTE.TXT (PKWARE, 6.3.x): local file headers with data, the central directory, its end record.
 * No ZIP64: packages over 4 GiB or 65,535 entries are refused.
 */
import { crc32 } from 'node:zlib';

export interface ZipEntry { name: string; data: Buffer | string; modified?: Date }

/** MS-DOS date and time (2-second resolution; UTC written as the local time), which every unzip reads. */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export function zipStore(entries: readonly ZipEntry[], now = new Date()): Buffer {
  if (entries.length > 0xffff) throw new Error('a ZIP without ZIP64 holds at most 65,535 entries');
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    if (name.length > 0xffff || entry.name.includes('\\') || entry.name.startsWith('/') || entry.name.split('/').includes('..')) throw new Error(`bad entry name ${entry.name}`);
    const { time, date } = dosTime(entry.modified ?? now);
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);  // local file header signature
    local.writeUInt16LE(10, 4);          // version needed: 1.0, stored
    local.writeUInt16LE(0x0800, 6);      // flags: names are UTF-8
    local.writeUInt16LE(0, 8);           // method: stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); // compressed size
    local.writeUInt32LE(data.length, 22); // uncompressed size
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);          // extra field length
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0); // central directory header signature
    record.writeUInt16LE(20, 4);         // version made by: 2.0, MS-DOS attributes
    record.writeUInt16LE(10, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(0, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(data.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: 0
    record.writeUInt32LE(offset, 42);    // where the local header is
    locals.push(local, name, data);
    central.push(record, name);
    offset += local.length + name.length + data.length;
    if (offset > 0xffffffff) throw new Error('a ZIP without ZIP64 holds at most 4 GiB');
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);      // end of central directory signature
  end.writeUInt16LE(entries.length, 8);  // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in all
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);         // where the central directory starts
  return Buffer.concat([...locals, directory, end]);
}
