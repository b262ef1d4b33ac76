import { test } from "node:test";
import assert from "node:assert/strict";
import { get_encoding } from "tiktoken";
import { corpus } from "./corpus.fixture.js";
import { ExactBpe, MISHANDLED, SPLIT_PATTERNS } from "./exact-bpe.js";

const CORPUS = corpus(600);

// runs the whole text through our own split + merge (no gpt-tokenizer counting at all), so
// this checks the patterns and the bpe independently of the fast path
for (const encoding of ["o200k_base", "cl100k_base", "r50k_base"] as const) {
  test(`${encoding}: own pre-tokenizer and byte-pair merge equal tiktoken`, async () => {
    const ranks = (await import(`gpt-tokenizer/bpeRanks/${encoding}`)) as { default: (string | number[])[] };
    const bpe = new ExactBpe(ranks.default, SPLIT_PATTERNS[encoding], () => {
      throw new Error("unused");
    });
    const split = new RegExp(SPLIT_PATTERNS[encoding], "gu");
    const enc = get_encoding(encoding);
    try {
      for (const text of CORPUS) {
        let ours = 0;
        for (const [piece] of text.matchAll(split)) ours += bpe.countPiece(piece);
        assert.equal(ours, enc.encode_ordinary(text).length, JSON.stringify(text.slice(0, 60)));
      }
    } finally {
      enc.free();
    }
  });
}

test("only pieces with U+FEFF or U+0085 leave the fast path", () => {
  const plain: string[] = [];
  const bpe = new ExactBpe([], SPLIT_PATTERNS.o200k_base, (piece) => {
    plain.push(piece);
    return 1;
  });
  bpe.count("hello \ufeffworld again");
  // " \ufeff" forms one piece under tiktoken's rules (BOM is not whitespace there)
  assert.deepEqual(plain, ["hello", "world", " again"]);
  assert.equal(MISHANDLED.test("a\u0085b"), true);
  assert.equal(MISHANDLED.test("plain text"), false);
});

test("tiktoken's whitespace is Unicode White_Space: NEL in, BOM out", () => {
  const split = new RegExp(SPLIT_PATTERNS.o200k_base, "gu");
  assert.deepEqual(
    [..."a\u0085\u0085b".matchAll(split)].map((m) => m[0]),
    ["a", "\u0085", "\u0085b"],
  );
  assert.deepEqual(
    [..."a \ufeffb".matchAll(split)].map((m) => m[0]),
    ["a", " \ufeff", "b"],
  );
});
