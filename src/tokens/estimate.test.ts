import { test } from "node:test";
import assert from "node:assert/strict";
import { get_encoding } from "tiktoken";
import { JARGON_MESSAGES } from "./cookbook.fixture.js";
import { CODE, PROSE } from "./corpus.fixture.js";
import { isEncodingName, loadEncoding } from "./encodings.js";
import {
  countForModel,
  estimateFromBase,
  familyForModel,
  MODEL_FAMILIES,
  normalizeModelId,
  PROVIDER_DEFAULT_FAMILY,
  TOKENIZER_FAMILIES,
  type FamilyId,
} from "./estimate.js";

test("every family states a base encoding, factor, bound and basis", () => {
  for (const [id, family] of Object.entries(TOKENIZER_FAMILIES)) {
    assert.ok(isEncodingName(family.baseEncoding), id);
    assert.ok(family.factor > 0.5 && family.factor < 2, id);
    assert.ok(family.errorBound > 0 && family.errorBound < 1, id);
    assert.ok(family.basis.length > 40, id);
  }
  for (const rule of MODEL_FAMILIES) assert.ok(rule.family in TOKENIZER_FAMILIES, rule.family);
  for (const family of Object.values(PROVIDER_DEFAULT_FAMILY)) assert.ok(family in TOKENIZER_FAMILIES, family);
});

test("model ids map to families through the table", () => {
  const cases: [string, string | undefined, FamilyId][] = [
    ["claude-3-5-sonnet-20241022", "anthropic", "claude"],
    ["claude-sonnet-4-5-20250929", undefined, "claude"],
    ["claude-opus-4-20250514", "anthropic", "claude"],
    ["claude-opus-4-6", "anthropic", "claude"],
    ["claude-opus-4-7", "anthropic", "claude-2026"],
    ["claude-opus-4-8", undefined, "claude-2026"],
    ["anthropic/claude-opus-4.7", "openrouter", "claude-2026"],
    ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "bedrock", "claude"],
    ["claude-opus-4-1@20250805", "vertex_ai", "claude"],
    ["claude-2.1", "anthropic", "claude"],
    ["claude-next-gen", "anthropic", "claude"],
    ["some-new-model", "anthropic", "claude-2026"],
    ["gemini-2.5-flash", "google", "gemini"],
    ["models/gemini-2.0-flash", undefined, "gemini"],
    ["mistral-medium-2508", "mistral", "mistral"],
    ["codestral-latest", undefined, "mistral"],
    ["meta.llama3-1-70b-instruct-v1:0", "bedrock", "llama"],
    ["meta-llama/Llama-3.3-70B-Instruct", "together", "llama"],
    ["llama-2-70b-chat", "meta", "llama-2"],
    ["deepseek-reasoner", "deepseek", "deepseek"],
    ["grok-4-fast-non-reasoning", "xai", "grok"],
    ["command-a-03-2025", "cohere", "cohere"],
    ["amazon.nova-pro-v1:0", "amazon", "nova"],
    ["us.amazon.nova-lite-v1:0", "bedrock", "nova"],
    ["dall-e-3", "openai", "openai-unrecognised"],
    ["mystery-7b", undefined, "unknown"],
    ["mystery-7b", "some-startup", "unknown"],
  ];
  for (const [model, provider, family] of cases) assert.equal(familyForModel(model, provider), family, `${provider}/${model}`);
});

test("model ids are normalised before matching", () => {
  assert.equal(normalizeModelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0"), "claude-sonnet-4-5-20250929-v1:0");
  assert.equal(normalizeModelId("claude-opus-4-1@20250805"), "claude-opus-4-1");
  assert.equal(normalizeModelId("accounts/fireworks/models/Llama-v3p1-70b"), "llama-v3p1-70b");
});

test("estimates carry a range that contains them, from floor/ceil", () => {
  // 100 * 1.05 = 105; 105 * 0.8 = 84; 105 * 1.2 = 126 (no off-by-one from binary 1.05)
  assert.deepEqual(estimateFromBase(100, "claude"), { tokens: 105, low: 84, high: 126, errorBound: 0.2 });
  assert.deepEqual(estimateFromBase(0, "unknown"), { tokens: 0, low: 0, high: 0, errorBound: 0.5 });
  for (const family of Object.keys(TOKENIZER_FAMILIES) as FamilyId[]) {
    for (const base of [1, 7, 999, 123456]) {
      const e = estimateFromBase(base, family);
      assert.ok(e.low <= e.tokens && e.tokens <= e.high, `${family} ${base}`);
      assert.ok(e.high - e.low <= 2 * e.errorBound * base * TOKENIZER_FAMILIES[family].factor + 2, `${family} ${base}`);
    }
  }
});

test("the gemini range holds Google's own 4-characters-per-token rule on English prose and code", async () => {
  const o200k = await loadEncoding("o200k_base");
  // the rule is English-centric: on the Russian/Greek/Hindi samples chars/4 is far below o200k
  for (const text of [PROSE.slice(0, 2).join(" "), CODE.join("\n")]) {
    const e = estimateFromBase(o200k.count(text), "gemini");
    const byChars = text.length / 4;
    assert.ok(e.low <= byChars && byChars <= e.high, `${byChars} outside [${e.low}, ${e.high}]`);
  }
});

test("OpenAI models are counted exactly", async () => {
  const enc = get_encoding("o200k_base");
  try {
    const text = "\ufeffExact for OpenAI: 🚀 東京";
    const r = await countForModel(text, { model: "gpt-4.1-mini", provider: "openai" });
    assert.deepEqual(r, { tokens: enc.encode_ordinary(text).length, exact: true, encoding: "o200k_base", method: "exact: o200k_base" });
    // hosts do not change the tokenizer
    assert.equal((await countForModel(text, { model: "openai/gpt-4o", provider: "openrouter" })).exact, true);
  } finally {
    enc.free();
  }
  const chat = await countForModel(JARGON_MESSAGES, { model: "gpt-4o" });
  assert.equal(chat.tokens, 124);
  assert.equal(chat.exact, true);
  const unverified = await countForModel(JARGON_MESSAGES, { model: "gpt-5" });
  assert.equal(unverified.exact, false, "framing for gpt-5 is assumed, not verified");
});

test("other providers get o200k x factor with bounds", async () => {
  const o200k = await loadEncoding("o200k_base");
  const text = PROSE.join("\n");
  const base = o200k.count(text);
  const r = await countForModel(text, { provider: "anthropic", model: "claude-sonnet-4-5" });
  assert.equal(r.exact, false);
  assert.equal(r.family, "claude");
  assert.equal(r.tokens, Math.round(base * 1.05));
  assert.equal(r.errorBound, 0.2);
  assert.ok(r.low! < r.tokens && r.tokens < r.high!);
  assert.match(r.method, /estimate: o200k_base x 1\.05/);
});

test("non-OpenAI chats count message text only, and say so", async () => {
  const o200k = await loadEncoding("o200k_base");
  const text = JARGON_MESSAGES.reduce((n, m) => n + o200k.count(m.content as string) + (m.name ? o200k.count(m.name) : 0), 0);
  const r = await countForModel(JARGON_MESSAGES, { provider: "google", model: "gemini-2.5-pro" });
  assert.equal(r.tokens, text);
  assert.match(r.method, /chat framing excluded/);
});
