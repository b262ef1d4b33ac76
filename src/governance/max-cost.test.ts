import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Catalog } from "../pricing/catalog.js";
import type { ModelEntry } from "../pricing/catalog-schema.js";
import { fixtureCatalog } from "../pricing/testing/fixture-catalog.js";
import { maxCost, maxCostFromTokens, requestedMaxOutput, type MaxCost } from "./max-cost.js";
import { usdToUnits } from "./units.js";

const gpt4o = fixtureCatalog.models!.find((m) => m.id === "gpt-4o-2024-08-06")!;
const embedding: ModelEntry = {
  id: "text-embedding-3-small",
  provider: "openai",
  mode: "embedding",
  prices: [{ from: "2024-01-25", rates: { input: "0.02" }, source: "https://openai.com/api/pricing/", retrieved: "2026-11-25" }],
};
const plain = Catalog.from(fixtureCatalog);
const withMax = Catalog.from(fixtureCatalog, { catalog: "max", models: [{ ...gpt4o, max_output: 16384 }, embedding] });
const at = "2025-10-01T00:00:00Z";
const usd = (c: MaxCost) => ("usd" in c ? c.usd : `unpriced: ${c.unpriced}`);

describe("requestedMaxOutput", () => {
  it("reads each API's field", () => {
    assert.equal(requestedMaxOutput({ max_tokens: 5 }), 5);
    assert.equal(requestedMaxOutput({ max_completion_tokens: 6, max_tokens: 5 }), 6);
    assert.equal(requestedMaxOutput({ max_output_tokens: 7 }), 7);
    assert.equal(requestedMaxOutput({ max_tokens: "9" }), undefined);
  });
});

describe("maxCost", () => {
  it("counts the prompt exactly for OpenAI and prices output at max_tokens", async () => {
    // "hi" as one user message = 8 prompt tokens (3 + 1 "user" + 1 "hi" + 3 priming);
    // gpt-4o → gpt-4o-2024-08-06: 8 × $2.50 + 100 × $10 = $1,020 per 1M = $0.00102
    const c = await maxCost(plain, "gpt-4o", { messages: [{ role: "user", content: "hi" }], max_tokens: 100 }, { at });
    assert.equal(usd(c), "0.00102");
    assert.ok("units" in c && c.units === usdToUnits("0.00102") && c.promptTokens === 8 && c.outputTokens === 100);
  });

  it("uses the catalog's max output when the request sets none, and caps a larger one", async () => {
    // 8 × $2.50 + 16,384 × $10 = 20 + 163,840 = $163,860 per 1M = $0.16386
    const body = { messages: [{ role: "user", content: "hi" }] };
    assert.equal(usd(await maxCost(withMax, "gpt-4o", body, { at })), "0.16386");
    assert.equal(usd(await maxCost(withMax, "gpt-4o", { ...body, max_completion_tokens: 1_000_000 }, { at })), "0.16386");
  });

  it("is unpriced, never $0, when the model or its output cap is unknown", async () => {
    const unknown = await maxCost(plain, "mystery-9b", { messages: [{ role: "user", content: "hi" }], max_tokens: 10 }, { at });
    assert.ok("unpriced" in unknown && /unknown model/.test(unknown.unpriced));
    const noCap = await maxCost(plain, "gpt-4o", { messages: [{ role: "user", content: "hi" }] }, { at });
    assert.ok("unpriced" in noCap && /no max_tokens/.test(noCap.unpriced));
  });

  it("takes the top of the estimate's range for other providers", async () => {
    // "hi" is 1 o200k token; claude ×1.05 ±20% → high = ceil(1.26) = 2 tokens;
    // 2 × $3 + 1,000 × $15 = $15,006 per 1M = $0.015006
    const c = await maxCost(plain, "claude-sonnet-4-5", { messages: [{ role: "user", content: "hi" }], max_tokens: 1000 }, { at });
    assert.equal(usd(c), "0.015006");
  });

  it("prices cache_control prompts as cache writes", async () => {
    // 2 × $3.75 + 1,000 × $15 = 7.5 + 15,000 = $15,007.5 per 1M = $0.0150075
    const body = { messages: [{ role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] }], max_tokens: 1000 };
    assert.equal(usd(await maxCost(plain, "claude-sonnet-4-5", body, { at })), "0.0150075");
  });

  it("flags parts it cannot count as a lower bound", async () => {
    const body = { messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", data: "" } }] }], max_tokens: 10 };
    const c = await maxCost(plain, "claude-sonnet-4-5", body, { at });
    assert.ok("lowerBoundBecause" in c && c.lowerBoundBecause.length === 1 && /image/.test(c.lowerBoundBecause[0]!));
  });
});

describe("maxCostFromTokens", () => {
  it("applies the long-context tier by prompt size", () => {
    // ≤ 200k prompt: 100,000 × $3 + 1,000 × $15 = 300,000 + 15,000 = $0.315
    assert.equal(usd(maxCostFromTokens(plain, { model: "claude-sonnet-4-5", promptTokens: 100_000, maxOutputTokens: 1000 }, { at })), "0.315");
    // > 200k: 250,000 × $6 + 1,000 × $22.50 = 1,500,000 + 22,500 = $1.5225
    assert.equal(usd(maxCostFromTokens(plain, { model: "claude-sonnet-4-5", promptTokens: 250_000, maxOutputTokens: 1000 }, { at })), "1.5225");
  });

  it("applies batch and service tiers, and refuses a tier the model lacks", () => {
    // o3 (2025-06-10 prices): (1,000 × $2 + 1,000 × $8) × 0.5 = $5,000 per 1M = $0.005
    const facts = { model: "o3", promptTokens: 1000, maxOutputTokens: 1000 };
    assert.equal(usd(maxCostFromTokens(plain, facts, { at, batch: true })), "0.005");
    assert.equal(usd(maxCostFromTokens(plain, facts, { at, tier: "flex" })), "0.005");
    // priority: 1,000 × $3.50 + 1,000 × $14 = $0.0175
    assert.equal(usd(maxCostFromTokens(plain, facts, { at, tier: "priority" })), "0.0175");
    const c = maxCostFromTokens(plain, { ...facts, model: "gemini-2.5-pro" }, { at, batch: true });
    assert.ok("unpriced" in c && /no batch price/.test(c.unpriced));
  });

  it("prices at the call's date", () => {
    // o3 before 2025-06-10: 1,000 × $10 + 1,000 × $40 = $0.05
    assert.equal(usd(maxCostFromTokens(plain, { model: "o3", promptTokens: 1000, maxOutputTokens: 1000 }, { at: "2025-05-01T00:00:00Z" })), "0.05");
  });

  it("has no output for an embedding model", () => {
    // 1,000 × $0.02 = $20 per 1M = $0.00002
    assert.equal(usd(maxCostFromTokens(withMax, { model: "text-embedding-3-small", promptTokens: 1000 }, { at })), "0.00002");
  });
});
