/**
 * Exact token counts for OpenAI's public encodings, offline.
 *
 * Counting runs on gpt-tokenizer (the fastest pure-JS BPE measured here), loaded lazily: one
 * encoding's vocabulary costs ~100-200 ms to load, so nothing is imported until a caller asks
 * for that encoding. gpt-tokenizer mis-tokenises U+FEFF and U+0085; text containing either
 * goes through `ExactBpe` instead, so counts equal tiktoken's `encode_ordinary` exactly.
 *
 * Special-token text such as "<|endoftext|>" is counted as ordinary text, as OpenAI does for
 * message content. One known gap remains: the ~4,700 code points first assigned in Unicode 17.0
 * (Sep 2025; mostly CJK Extension J and new scripts) are letters to Node 20.20's Unicode tables
 * but unassigned to tiktoken's, so text containing them can split differently (not corrected).
 */
import { ExactBpe, SPLIT_PATTERNS, type RawRanks } from "./exact-bpe.js";

export type EncodingName = "o200k_base" | "cl100k_base" | "p50k_base" | "r50k_base";

/** every encoding this module can count */
export const ENCODINGS: readonly EncodingName[] = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"];

/** a loaded encoding: counting is synchronous */
export interface Counter {
  readonly encoding: EncodingName;
  /** number of tokens in `text`, equal to tiktoken's `encode_ordinary(text).length` (texts seen lately answered from a cache) */
  count(text: string): number;
  /** the same, always counted (no cache read or write): for text known to be new, and for benchmarks */
  countFresh(text: string): number;
}

type CountFn = (text: string, options?: { disallowedSpecial?: Set<string> }) => number;
interface Loaded {
  countTokens: CountFn;
  ranks: RawRanks;
}

// literal specifiers so the dependency stays visible to tooling; each runs only when called
const LOADERS: Record<EncodingName, () => Promise<Loaded>> = {
  o200k_base: async () => {
    const [enc, bpe] = await Promise.all([import("gpt-tokenizer/encoding/o200k_base"), import("gpt-tokenizer/bpeRanks/o200k_base")]);
    return { countTokens: enc.countTokens, ranks: bpe.default };
  },
  cl100k_base: async () => {
    const [enc, bpe] = await Promise.all([import("gpt-tokenizer/encoding/cl100k_base"), import("gpt-tokenizer/bpeRanks/cl100k_base")]);
    return { countTokens: enc.countTokens, ranks: bpe.default };
  },
  p50k_base: async () => {
    const [enc, bpe] = await Promise.all([import("gpt-tokenizer/encoding/p50k_base"), import("gpt-tokenizer/bpeRanks/p50k_base")]);
    return { countTokens: enc.countTokens, ranks: bpe.default };
  },
  r50k_base: async () => {
    const [enc, bpe] = await Promise.all([import("gpt-tokenizer/encoding/r50k_base"), import("gpt-tokenizer/bpeRanks/r50k_base")]);
    return { countTokens: enc.countTokens, ranks: bpe.default };
  },
};

// an empty disallow set makes special-token text ordinary and skips gpt-tokenizer's
// whole-text scan for special tokens; one shared object keeps the hot path allocation-light
const ORDINARY = { disallowedSpecial: new Set<string>() };

const counters = new Map<EncodingName, Promise<Counter>>();

/**
 * Counts of texts seen lately, per encoding: a chat resends its whole history (and its system
 * prompt) on every turn, so the gateway's admission step would count the same messages again
 * and again. Bounded by the characters and the texts it keeps; the least recently used go first.
 */
class CountCache {
  private readonly counts = new Map<string, number>();
  private chars = 0;
  constructor(
    private readonly maxChars: number,
    private readonly maxTexts: number,
  ) {}

  get(text: string): number | undefined {
    const n = this.counts.get(text);
    if (n !== undefined) {
      // most recently used last
      this.counts.delete(text);
      this.counts.set(text, n);
    }
    return n;
  }

  set(text: string, n: number): void {
    if (text.length > this.maxChars / 8) return;
    this.counts.set(text, n);
    this.chars += text.length;
    for (const [old] of this.counts) {
      if (this.chars <= this.maxChars && this.counts.size <= this.maxTexts) break;
      this.counts.delete(old);
      this.chars -= old.length;
    }
  }
}

function makeCounter(encoding: EncodingName, loaded: Loaded): Counter {
  const gptCount = loaded.countTokens;
  let exact: ExactBpe | undefined;
  const countPlain = (piece: string): number => gptCount(piece, ORDINARY);
  // even a role name costs more to count (the pre-tokenizer's regex, then the BPE) than to look up
  const cache = new CountCache(8 << 20, 50_000);
  const countNow = (text: string): number => {
    // two native scans are far cheaper than the bpe itself
    if (text.indexOf("\ufeff") === -1 && text.indexOf("\u0085") === -1) return gptCount(text, ORDINARY);
    exact ??= new ExactBpe(loaded.ranks, SPLIT_PATTERNS[encoding], countPlain);
    return exact.count(text);
  };
  return {
    encoding,
    countFresh: countNow,
    count(text: string): number {
      if (text.length === 0) return 0;
      const known = cache.get(text);
      if (known !== undefined) return known;
      const n = countNow(text);
      cache.set(text, n);
      return n;
    },
  };
}

/**
 * Loads an encoding (once; later calls share the same promise) and returns its counter.
 * @example
 * const o200k = await loadEncoding("o200k_base");
 * o200k.count("hello world"); // 2
 */
export function loadEncoding(encoding: EncodingName): Promise<Counter> {
  let pending = counters.get(encoding);
  if (pending === undefined) {
    // own-key check: callers from plain JS may pass any string, even "toString"
    if (!Object.hasOwn(LOADERS, encoding)) return Promise.reject(new TypeError(`unknown encoding: ${String(encoding)}`));
    pending = LOADERS[encoding]().then((loaded) => makeCounter(encoding, loaded));
    // a failed load may be retried
    pending.catch(() => counters.delete(encoding));
    counters.set(encoding, pending);
  }
  return pending;
}

/**
 * Counts the tokens of `text` in `encoding` (default o200k_base), exactly as tiktoken does.
 * @example
 * await countTokens("\ufeffhello", "cl100k_base"); // 2 (gpt-tokenizer alone says 3)
 */
export async function countTokens(text: string, encoding: EncodingName = "o200k_base"): Promise<number> {
  return (await loadEncoding(encoding)).count(text);
}

/**
 * True when `name` is one of the encodings this module counts.
 * @example isEncodingName("cl100k_base") // true
 */
export function isEncodingName(name: string): name is EncodingName {
  return (ENCODINGS as readonly string[]).includes(name);
}
