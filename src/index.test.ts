import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinCatalog, countForModel, normalizeUsage, priceWith, usage } from "./index.js";

describe("library entry point", () => {
  it("prices a call as the README shows", () => {
    const r = priceWith(builtinCatalog(), usage({ input: 1000, output: 500 }), "gpt-4o", "2025-01-01");
    // gpt-4o on 2025-01-01 is the 2024-08-06 snapshot: 1,000 × $2.50/M + 500 × $10/M = 0.0075
    assert.ok(r.priced);
    assert.equal(r.total_usd, "0.0075");
  });

  it("normalises, prices and counts through one import", async () => {
    // Anthropic: input_tokens excludes the 100,000 cache read; claude-sonnet-4-5:
    // 50 × $3 + 100,000 × $0.30 + 20 × $15, per 1M = 0.00015 + 0.03 + 0.0003 = 0.03045
    const u = normalizeUsage("anthropic", { input_tokens: 50, cache_read_input_tokens: 100000, output_tokens: 20 });
    const r = priceWith(builtinCatalog(), u, "claude-sonnet-4-5", "2025-11-01");
    assert.ok(r.priced);
    assert.equal(r.total_usd, "0.03045");
    assert.equal((await countForModel("hello world", { model: "gpt-4o" })).tokens, 2);
  });
});
