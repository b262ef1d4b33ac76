/**
 * A small reference-exact BPE for the text gpt-tokenizer 4.0.0 gets wrong.
 *
 * Compared with tiktoken on every code point and on random strings, gpt-tokenizer differs for
 * exactly two characters (plus Unicode 17.0 additions, which tiktoken's tables predate; see
 * encodings.ts):
 *
 * - U+FEFF (BOM, "zero width no-break space"). Two bugs stack up. (1) ECMAScript `\s` matches
 *   U+FEFF but the Rust regex tiktoken uses does not (Unicode White_Space excludes it), so the
 *   pre-tokenizer cuts text around a BOM differently. (2) Rank lookups turn bytes into a string
 *   with a `TextDecoder` that strips a leading BOM, so the ten o200k (nine cl100k) vocabulary
 *   entries that begin with EF BB BF can never be found, and a byte run such as
 *   EF BB BF "using" is looked up as "using". The result is +1 token for a lone BOM, but +2 for
 *   "\ufeff//", +3 for "\ufeff\ufeff" and so on: no fixed correction works.
 * - U+0085 (NEL). Rust's `\s` matches it, ECMAScript's does not, so splitting differs.
 *
 * For text containing either character we pre-tokenize with tiktoken's patterns (with `\s`
 * spelled out as Unicode White_Space) and merge pieces that hold one of them with our own
 * byte-level BPE; every other piece goes back to gpt-tokenizer, which counts a lone piece
 * exactly as it counts it in context.
 */
export type RawRanks = readonly (string | readonly number[])[];

/** the characters on which gpt-tokenizer's regex or rank lookup disagrees with tiktoken */
export const MISHANDLED = /[\ufeff\u0085]/;

// unicode White_Space, which is what `\s` means to the rust regex crate
const WS = String.raw`\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const S = `[${WS}]`;
const NOT_S = `[^${WS}]`;
const PUNCT = `[^${WS}\\p{L}\\p{N}]`;

// tiktoken's pat_str for each encoding (tiktoken_ext/openai_public.py), case-insensitive
// contractions written out because js has no inline (?i:) group
const R50K = String.raw`'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?${PUNCT}+|${S}+(?!${NOT_S})|${S}+`;
const CL100K =
  String.raw`'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}` +
  String.raw`| ?${PUNCT}+[\r\n]*|${S}+$|${S}*[\r\n]|${S}+(?!${NOT_S})|${S}`;
const CONTRACTION = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?";
const UPPER = String.raw`[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`;
const LOWER = String.raw`[\p{Ll}\p{Lm}\p{Lo}\p{M}]`;
const O200K =
  String.raw`[^\r\n\p{L}\p{N}]?${UPPER}*${LOWER}+${CONTRACTION}` +
  String.raw`|[^\r\n\p{L}\p{N}]?${UPPER}+${LOWER}*${CONTRACTION}` +
  String.raw`|\p{N}{1,3}| ?${PUNCT}+[\r\n/]*|${S}*[\r\n]+|${S}+(?!${NOT_S})|${S}+`;

/** tiktoken's pre-tokenizer patterns, keyed by encoding name */
export const SPLIT_PATTERNS = {
  o200k_base: O200K,
  cl100k_base: CL100K,
  p50k_base: R50K,
  r50k_base: R50K,
} as const;

const encoder = new TextEncoder();
// fatal so invalid utf-8 falls through to the byte table; ignoreBOM is the whole point
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function binaryKey(bytes: ArrayLike<number>, start: number, end: number): string {
  let key = "";
  for (let i = start; i < end; i++) key += String.fromCharCode(bytes[i]!);
  return key;
}

/**
 * Counts tokens exactly as tiktoken does, for any text; slow, so only used where needed.
 * @example
 * const bpe = new ExactBpe(ranks, SPLIT_PATTERNS.o200k_base, (piece) => gptCount(piece));
 * bpe.count("\ufeffusing System;"); // 3, like tiktoken
 */
export class ExactBpe {
  private readonly split: RegExp;
  private strings: Map<string, number> | undefined;
  private bytes: Map<string, number> | undefined;

  constructor(
    private readonly ranks: RawRanks,
    pattern: string,
    private readonly countPlain: (piece: string) => number,
  ) {
    this.split = new RegExp(pattern, "gu");
  }

  /**
   * Token count of `text`, identical to tiktoken's `encode_ordinary(text).length`.
   * @example bpe.count("a \ufeffb") // 3: "a", " \ufeff" (token 71280), "b"
   */
  count(text: string): number {
    let total = 0;
    for (const match of text.matchAll(this.split)) {
      const piece = match[0];
      total += MISHANDLED.test(piece) ? this.countPiece(piece) : this.countPlain(piece);
    }
    return total;
  }

  /**
   * Tokens of one pre-tokenized piece by tiktoken's byte_pair_merge: merge the lowest-ranked
   * adjacent pair until none is left.
   * @example bpe.countPiece("\ufeff//") // 1 in o200k_base (token 76234)
   */
  countPiece(piece: string): number {
    const bytes = encoder.encode(piece);
    const n = bytes.length;
    if (n <= 1 || this.rank(bytes, 0, n) !== Infinity) return Math.min(n, 1);
    const starts: number[] = [];
    const ranks: number[] = [];
    for (let i = 0; i <= n; i++) {
      starts.push(i);
      ranks.push(i + 2 <= n ? this.rank(bytes, i, i + 2) : Infinity);
    }
    // ranks[i] is the rank of parts i and i+1 merged; the last two entries stay Infinity
    while (starts.length > 2) {
      let min = Infinity;
      let at = -1;
      for (let i = 0; i < ranks.length - 1; i++) {
        if (ranks[i]! < min) {
          min = ranks[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      ranks.splice(at + 1, 1);
      const next = starts[at + 2];
      ranks[at] = next === undefined ? Infinity : this.rank(bytes, starts[at]!, next);
      if (at > 0) ranks[at - 1] = this.rank(bytes, starts[at - 1]!, starts[at + 1]!);
    }
    return starts.length - 1;
  }

  /** rank of bytes[start, end), or Infinity; a BOM-safe replacement for gpt-tokenizer's lookup */
  private rank(bytes: Uint8Array, start: number, end: number): number {
    if (this.strings === undefined || this.bytes === undefined) this.buildTables();
    let text: string | undefined;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      text = undefined;
    }
    const byString = text === undefined ? undefined : this.strings!.get(text);
    if (byString !== undefined) return byString;
    return this.bytes!.get(binaryKey(bytes, start, end)) ?? Infinity;
  }

  // gpt-tokenizer stores a token as a string when its bytes round-trip through its decoder,
  // else as a byte array (which is where the BOM-prefixed tokens ended up)
  private buildTables(): void {
    const strings = new Map<string, number>();
    const bytes = new Map<string, number>();
    this.ranks.forEach((value, rank) => {
      if (typeof value === "string") strings.set(value, rank);
      else bytes.set(binaryKey(value, 0, value.length), rank);
    });
    this.strings = strings;
    this.bytes = bytes;
  }
}
