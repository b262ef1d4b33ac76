import { test } from "node:test";
import assert from "node:assert/strict";
import { openAIImageTokens } from "./images.js";

test("OpenAI's worked examples for gpt-4o", () => {
  // 1024x1024 -> shortest side to 768 -> 768x768 -> 2x2 tiles: 85 + 4 * 170 = 765
  assert.deepEqual(openAIImageTokens("gpt-4o", { detail: "high", width: 1024, height: 1024 }), { tokens: 765 });
  // 2048x4096 -> fit 2048: 1024x2048 -> shortest to 768: 768x1536 -> 2x3 tiles: 85 + 6 * 170 = 1105
  assert.deepEqual(openAIImageTokens("gpt-4o-2024-08-06", { detail: "high", width: 2048, height: 4096 }), { tokens: 1105 });
  // low detail is the base alone, whatever the size
  assert.deepEqual(openAIImageTokens("gpt-4o", { detail: "low", width: 4000, height: 3000 }), { tokens: 85 });
});

test("small images are not scaled up", () => {
  // 128x64 -> one tile: 85 + 170 = 255 (billing reports: 267 = 255 + 12 text tokens)
  assert.deepEqual(openAIImageTokens("gpt-4.1", { detail: "high", width: 128, height: 64 }), { tokens: 255 });
});

test("scaled sides are rounded to whole pixels, as billed", () => {
  // 2050x513 -> 2048x512.5 rounds to 512: 4x1 tiles = 765; 2049x513 -> 512.75 rounds to 513: 4x2 = 1445
  assert.deepEqual(openAIImageTokens("gpt-4.1", { detail: "high", width: 2050, height: 513 }), { tokens: 765 });
  assert.deepEqual(openAIImageTokens("gpt-4.1", { detail: "high", width: 2049, height: 513 }), { tokens: 1445 });
});

test("gpt-4o-mini bills images at 2833 + 5667 per tile", () => {
  assert.deepEqual(openAIImageTokens("gpt-4o-mini", { detail: "low" }), { tokens: 2833 });
  // 2x2 tiles: 2833 + 4 * 5667 = 25501
  assert.deepEqual(openAIImageTokens("gpt-4o-mini", { detail: "high", width: 1024, height: 1024 }), { tokens: 25501 });
});

test("what cannot be known is reported, not guessed", () => {
  for (const [model, spec] of [
    ["gpt-4o", { detail: "auto" as const, width: 512, height: 512 }],
    ["gpt-4o", {}],
    ["gpt-4o", { detail: "high" as const }],
    ["gpt-4.1-mini", { detail: "low" as const }],
    ["gpt-5", { detail: "high" as const, width: 512, height: 512 }],
    ["o1", { detail: "low" as const }],
  ] as const) {
    const result = openAIImageTokens(model, spec);
    assert.equal(result.tokens, undefined, `${model} ${JSON.stringify(spec)}`);
    assert.ok("reason" in result && result.reason.length > 0);
  }
});
