import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { encodingForModel, normalizeOpenAIModel } from "./models.js";

const require = createRequire(import.meta.url);

test("agrees with every model in tiktoken's own model map", () => {
  const map = require("tiktoken/model_to_encoding.json") as Record<string, string>;
  const wrong: string[] = [];
  for (const [model, encoding] of Object.entries(map)) {
    // "gpt2" has r50k_base's ranks and pattern; p50k_edit is p50k_base plus fim special tokens
    const expected = encoding === "gpt2" ? "r50k_base" : encoding === "p50k_edit" ? "p50k_base" : encoding;
    if (encodingForModel(model) !== expected) wrong.push(`${model}: ${encodingForModel(model)} != ${expected}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(Object.keys(map).length > 50);
});

test("extends the map by prefix to newer and dated ids", () => {
  const cases: Record<string, string | undefined> = {
    "gpt-5.1": "o200k_base",
    "gpt-5.2-pro-2025-12-11": "o200k_base",
    "gpt-4.1-mini-2025-04-14": "o200k_base",
    "gpt-4o-2024-11-20": "o200k_base",
    "o3-pro": "o200k_base",
    "o4-mini-deep-research": "o200k_base",
    "gpt-oss-120b": "o200k_base",
    "GPT-4o": "o200k_base",
    "openai/gpt-4o-mini": "o200k_base",
    "ft:gpt-4o-mini-2024-07-18:acme::abc123": "o200k_base",
    "ft:gpt-3.5-turbo-0125:acme::x": "cl100k_base",
    "gpt-4-turbo-2024-04-09": "cl100k_base",
    "gpt-4-0613": "cl100k_base",
    "gpt-35-turbo": "cl100k_base",
    "text-embedding-3-large": "cl100k_base",
    "text-davinci-003": "p50k_base",
    davinci: "r50k_base",
    "claude-sonnet-4-5": undefined,
    "gemini-2.5-pro": undefined,
    o5x: undefined,
    "whisper-1": undefined,
  };
  for (const [model, encoding] of Object.entries(cases)) assert.equal(encodingForModel(model), encoding, model);
});

test("normalizes route prefixes and fine-tune ids", () => {
  assert.equal(normalizeOpenAIModel(" OpenAI/GPT-4o "), "gpt-4o");
  assert.equal(normalizeOpenAIModel("ft:gpt-4o-mini-2024-07-18:acme::abc123"), "gpt-4o-mini-2024-07-18");
});
