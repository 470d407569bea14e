// A bounds-checked little-endian cursor over a Buffer; every out-of-range read throws EvtxError with the offset.
import { EvtxError } from './errors.js';

export class ByteReader {
  pos: number;
  /** Exclusive upper bound for reads through this cursor (never beyond the buffer). */
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    pos = 0,
    end = buf.length,
  ) {
    this.end = Math.max(0, Math.min(end, buf.length));
    if (pos < 0 || pos > this.end) throw new EvtxError(`start ${pos} is outside 0..${this.end}`, pos);
    this.pos = pos;
  }

  /** A new cursor over [pos, pos + length) of the same buffer, checked against this cursor's bounds. */
  sub(pos: number, length: number): ByteReader {
    if (pos < 0 || length < 0 || pos + length > this.end) {
      throw new EvtxError(`range of ${length} bytes does not fit before ${this.end}`, pos);
    }
    return new ByteReader(this.buf, pos, pos + length);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless n bytes are readable at pos (defaults to the cursor position). */
  need(n: number, at = this.pos): void {
    if (n < 0 || at < 0 || at + n > this.end) {
      throw new EvtxError(`need ${n} bytes, only ${Math.max(0, this.end - at)} left`, at);
    }
  }

  seek(pos: number): void {
    if (pos < 0 || pos > this.end) throw new EvtxError(`seek outside 0..${this.end}`, pos);
    this.pos = pos;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  peekU8(): number {
    this.need(1);
    return this.buf[this.pos]!;
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads at an absolute position without moving the cursor. */
  u16At(at: number): number {
    this.need(2, at);
    return this.buf.readUInt16LE(at);
  }

  u32At(at: number): number {
    this.need(4, at);
    return this.buf.readUInt32LE(at);
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** n UTF-16LE code units. */
  utf16(chars: number): string {
    return this.bytes(chars * 2).toString('utf16le');
  }
}
