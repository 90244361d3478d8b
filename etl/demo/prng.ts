// A tiny seeded PRNG (sfc32, seeded through splitmix32) so the demo data is byte-identical on
// every run and platform. Math.random is never used by the demo generator.

/** Folds any finite number (negative, fractional, > 2^32) into a 32-bit seed. */
function toUint32(seed: number): number {
  if (!Number.isFinite(seed)) return 0;
  const whole = Math.floor(seed);
  const frac = Math.floor((seed - whole) * 2 ** 32);
  const high = Math.floor(whole / 2 ** 32);
  return (whole ^ Math.imul(frac, 0x85ebca6b) ^ Math.imul(high, 0xc2b2ae35)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` derives independent sequences from one seed (e.g. ids vs. simulation). */
  constructor(seed: number, stream = 0) {
    let s = (toUint32(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const splitmix = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.u32(); // warm up
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Gaussian via Box-Muller (no cached second value, so the stream stays simple). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.float(); // (0, 1]
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.float() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** An RFC 4122 version-4 UUID URN (random bits from this generator). */
  uuidUrn(): string {
    const w = [this.u32(), this.u32(), this.u32(), this.u32()];
    w[1] = ((w[1]! & 0xffff0fff) | 0x00004000) >>> 0; // version nibble = 4
    w[2] = ((w[2]! & 0x3fffffff) | 0x80000000) >>> 0; // variant bits = 10
    const hex = w.map((x) => x.toString(16).padStart(8, '0')).join('');
    return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
