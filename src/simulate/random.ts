/**
 * A small seeded generator (sfc32, seeded through splitmix32) so that a seed always yields the same fleet.
 * Each device draws from its own stream (`Random.derive`), so its history does not depend on how many devices
 * came before it or on the order they are sent in.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Random {
  private a: number; private b: number; private c: number; private d: number;

  constructor(seed: number) {
    const mix = splitmix32(seed);
    this.a = mix(); this.b = mix(); this.c = mix(); this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An independent stream for `label` (e.g. a device index), the same for the same seed and label. */
  derive(label: number): Random {
    return new Random((Math.imul(label + 1, 0x9e3779b1) ^ Math.floor(this.peekSeed())) >>> 0);
  }

  private peekSeed(): number {
    // derive() must not advance this stream: mix the current state instead of drawing from it
    return (this.a ^ Math.imul(this.b, 31) ^ Math.imul(this.c, 17) ^ this.d) >>> 0;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the items, each with its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1]![0];
  }

  hex(len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return s;
  }

  /** A GUID in Windows' braced upper-case form, as Defender writes Detection IDs. */
  guid(): string {
    const h = this.hex(32).toUpperCase();
    return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89AB'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}}`;
  }
}
