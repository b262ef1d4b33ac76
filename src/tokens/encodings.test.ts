import { test } from "node:test";
import assert from "node:assert/strict";
import { get_encoding } from "tiktoken";
import { BOM_AND_NEL, corpus } from "./corpus.fixture.js";
import { countTokens, ENCODINGS, isEncodingName, loadEncoding, type EncodingName } from "./encodings.js";

// tiktoken (wasm, reference-exact) is the oracle; encode_ordinary treats special-token text as text
function withTiktoken<T>(encoding: EncodingName, fn: (count: (text: string) => number) => T): T {
  const enc = get_encoding(encoding);
  try {
    return fn((text) => enc.encode_ordinary(text).length);
  } finally {
    enc.free();
  }
}

const CORPUS = corpus();

for (const encoding of ENCODINGS) {
  test(`${encoding}: counts equal tiktoken on ${CORPUS.length} strings (prose, code, json, emoji, cjk, boms, whitespace)`, async () => {
    const counter = await loadEncoding(encoding);
    const mismatches = withTiktoken(encoding, (reference) =>
      CORPUS.filter((text) => counter.count(text) !== reference(text)).map((text) => JSON.stringify(text.slice(0, 60))),
    );
    assert.deepEqual(mismatches, []);
  });
}

test("the BOM bug is real in gpt-tokenizer and corrected here", async () => {
  const raw = await import("gpt-tokenizer/encoding/o200k_base");
  const o200k = await loadEncoding("o200k_base");
  // lone BOM: gpt-tokenizer gives its 3 bytes as 2 tokens, tiktoken has token 5574
  assert.equal(raw.countTokens("\ufeff"), 2);
  assert.equal(o200k.count("\ufeff"), 1);
  // not a fixed +1: BOM-prefixed vocabulary entries ("\ufeff//" is token 76234) are never found
  assert.equal(raw.countTokens("\ufeff//"), 3);
  assert.equal(o200k.count("\ufeff//"), 1);
  // and the pre-tokenizer treats BOM as whitespace: two BOMs are one token (135153), not 4
  assert.equal(raw.countTokens("\ufeff\ufeff"), 4);
  assert.equal(o200k.count("\ufeff\ufeff"), 1);
});

test("every BOM/NEL position matches tiktoken in all four encodings", async () => {
  for (const encoding of ENCODINGS) {
    const counter = await loadEncoding(encoding);
    withTiktoken(encoding, (reference) => {
      for (const text of BOM_AND_NEL) assert.equal(counter.count(text), reference(text), `${encoding} ${JSON.stringify(text)}`);
    });
  }
});

test("special-token text counts as ordinary text instead of throwing", async () => {
  const o200k = await loadEncoding("o200k_base");
  const n = o200k.count("<|endoftext|>");
  assert.ok(n > 1, "spelled out, not the single special token");
  withTiktoken("o200k_base", (reference) => assert.equal(n, reference("<|endoftext|>")));
});

test("countTokens defaults to o200k_base", async () => {
  assert.equal(await countTokens("hello world"), 2);
  assert.equal(await countTokens(""), 0);
  assert.equal(await countTokens("\ufeffhello", "cl100k_base"), 2);
});

test("loadEncoding loads once and shares the counter", async () => {
  const [a, b] = await Promise.all([loadEncoding("cl100k_base"), loadEncoding("cl100k_base")]);
  assert.equal(a, b);
  assert.equal(a.encoding, "cl100k_base");
});

test("unknown encodings are rejected, prototype keys included", async () => {
  await assert.rejects(loadEncoding("gpt2" as EncodingName), TypeError);
  await assert.rejects(loadEncoding("toString" as EncodingName), TypeError);
  assert.equal(isEncodingName("o200k_base"), true);
  assert.equal(isEncodingName("o200k_harmony"), false);
});

test("counts kept for texts seen lately are the counts tiktoken gives, also after the cache has turned over", async () => {
  const o200k = await loadEncoding("o200k_base");
  withTiktoken("o200k_base", (reference) => {
    // 3,000 distinct texts of ~3 KB: more characters than the cache keeps, so the first are evicted
    const texts = Array.from({ length: 3000 }, (_, i) => `message ${i}: ${"the quick brown fox jumps over the lazy dog ".repeat(70)}${i * 7919}`);
    for (const round of [1, 2]) {
      for (const [i, t] of texts.entries()) if (i % 97 === 0 || round === 1) assert.equal(o200k.count(t), reference(t), `round ${round}, text ${i}`);
    }
    // a text seen a moment ago, counted from the cache
    assert.equal(o200k.count(texts[2999]!), reference(texts[2999]!));
  });
});
