import assert from "node:assert/strict";
import { test } from "node:test";
import Big from "big.js";
import { CODE, JSON_TEXT, PROSE } from "../tokens/corpus.fixture.js";
import { ENCODINGS, loadEncoding } from "../tokens/encodings.js";
import { TOKENIZER_FAMILIES } from "../tokens/estimate.js";
import { convertTokens, ENCODING_FACTORS, tokenizerOf } from "./tokenizers.js";

test("the measured encoding factors are what the shipped corpus counts today", async () => {
  const texts = [PROSE[0]!, PROSE[1]!, ...CODE, ...JSON_TEXT];
  const o200k = await loadEncoding("o200k_base");
  const base = texts.reduce((s, t) => s + o200k.count(t), 0);
  for (const name of ENCODINGS) {
    const counter = await loadEncoding(name);
    const n = texts.reduce((s, t) => s + counter.count(t), 0);
    const f = ENCODING_FACTORS[name];
    assert.deepEqual(f.counts, { o200k_base: base, encoding: n }, name);
    assert.equal(f.per_o200k, new Big(n).div(base).round(4, Big.roundHalfUp).toFixed(), name);
  }
});

test("models map to their tokenizer: OpenAI exact, others the family estimate", () => {
  assert.equal(tokenizerOf("gpt-4o-mini", "openai").tokenizer, "o200k_base");
  assert.equal(tokenizerOf("gpt-3.5-turbo", "openai").per_o200k, "1.0098");
  const claude = tokenizerOf("claude-sonnet-4-5", "anthropic");
  assert.equal(claude.measured, false);
  assert.equal(claude.per_o200k, String(TOKENIZER_FAMILIES.claude.factor));
  assert.equal(tokenizerOf("gemini-2.5-flash", "google").tokenizer, "gemini");
});

test("conversion scales by target ÷ source, rounded half-up", () => {
  assert.equal(convertTokens(1000, "1", "1.05"), 1050);
  assert.equal(convertTokens(1050, "1.05", "1"), 1000);
  // 10 × 1.0098 = 10.098 → 10; 50 × 1.0098 = 50.49 → 50; 100 → 100.98 → 101
  assert.equal(convertTokens(10, "1", "1.0098"), 10);
  assert.equal(convertTokens(100, "1", "1.0098"), 101);
  assert.equal(convertTokens(7, "1.1", "1.1"), 7);
});
