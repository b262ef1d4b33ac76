/**
 * Seeded random sources (never Math.random), one module for the whole code base: `seededRandom`, a
 * plain mulberry32 stream for simulations and synthetic logs, and `Rng`, the demo generator's richer
 * source: the same seed gives the same stream on
 * every machine (no Math.random), and independent streams can be derived from names, so that
 * changing one feature's recipe does not reshuffle every other feature's calls.
 */

/**
 * A 32-bit seed from any mix of numbers and strings (FNV-1a over their text, then a final mix).
 *
 * @example
 * new Rng(seedFrom(42, "day", 3)); // the stream for day 3 of seed 42
 */
export function seedFrom(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${typeof part}:${part}|`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  // fnv alone mixes the last characters poorly; finish with murmur3's avalanche
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded PRNG (mulberry32): uniform numbers in [0, 1), the same sequence for the same seed.
 * @example const next = seededRandom(42); next(); // 0.6011…
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * sfc32 with a 128-bit state: fast, good enough for synthetic data (not for anything secret),
 * and — unlike a 32-bit generator — streams from different seeds do not run into each other
 * over a year of days.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads one 32-bit seed over the four state words
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** `digits` random lowercase hex digits (trace and span ids; a multiple of 8) */
  hex(digits: number): string {
    let out = "";
    for (let i = 0; i < digits; i += 8) {
      const x = Math.floor(this.next() * 4294967296);
      out += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
    }
    return out;
  }

  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** an integer in [lo, hi], both included */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** standard normal (Box–Muller; one of the pair is dropped to keep the stream simple) */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log never sees 0
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** log-normal with the given median and log-space spread */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson-distributed count; the normal approximation above 60 keeps large days fast */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** an index drawn with probability proportional to its weight */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** an item drawn with probability proportional to `weightOf(item)` */
  pick<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const item = items[this.weighted(items.map(weightOf))];
    if (item === undefined) throw new RangeError("pick from an empty list");
    return item;
  }
}

/**
 * Zipf weights 1/k^s for ranks 1..n: a few heavy items and a long tail.
 *
 * @example
 * zipfWeights(3, 1); // [1, 0.5, 0.333…]
 */
export function zipfWeights(n: number, s: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
}
