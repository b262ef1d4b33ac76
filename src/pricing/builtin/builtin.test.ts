import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usage } from "../../usage/usage.js";
import { validateCatalog } from "../catalog-file.js";
import { Catalog } from "../catalog.js";
import { priceWith, type PriceOutcome } from "../price.js";
import { builtinCatalogFiles } from "./index.js";

const catalog = Catalog.from(...builtinCatalogFiles);

function total(outcome: PriceOutcome): string {
  if (!outcome.priced) assert.fail(outcome.reason);
  return outcome.total_usd;
}

describe("built-in catalog", () => {
  it("passes the same validator as users' files", () => {
    for (const file of builtinCatalogFiles) validateCatalog(file, file.catalog ?? "builtin");
  });

  it("covers at least 80 models across the required providers", () => {
    assert.ok(catalog.models.length >= 80, `${catalog.models.length} models`);
    const providers = new Set(catalog.models.map((m) => m.provider));
    for (const p of ["openai", "anthropic", "google", "mistral", "deepseek", "xai", "cohere", "amazon", "meta"]) {
      assert.ok(providers.has(p), `missing provider ${p}`);
    }
    const llamaHosts = new Set(catalog.models.filter((m) => m.provider === "meta").map((m) => m.host));
    assert.ok(llamaHosts.size >= 2, `llama hosts: ${[...llamaHosts].join(", ")}`);
  });

  it("every version names a source and a retrieval date", () => {
    for (const m of catalog.models) for (const v of m.prices) assert.ok(v.source && v.retrieved, m.id);
  });

  it("has no name that means two different models", () => {
    const owner = new Map<string, string>();
    for (const m of catalog.models) {
      for (const name of [m.id, ...(m.aliases ?? []), ...(m.snapshots ?? [])]) {
        const key = name.toLowerCase();
        assert.ok(!owner.has(key) || owner.get(key) === m.id, `${name} is claimed by ${owner.get(key)} and ${m.id}`);
        owner.set(key, m.id);
      }
    }
  });

  it("keeps o3's history: $10/$40 until 2025-06-09, $2/$8 from 2025-06-10", () => {
    const u = usage({ input: 1_000_000, output: 1_000_000 });
    assert.equal(total(priceWith(catalog, u, "o3", "2025-06-09")), "50"); // 10 + 40
    assert.equal(total(priceWith(catalog, u, "o3", "2025-06-10")), "10"); // 2 + 8
  });

  it("prices the gpt-4o snapshots and what bare gpt-4o meant on each date", () => {
    const u = usage({ input: 100_000, output: 100_000 });
    // 2024-05-13 snapshot: 0.1M × $5 + 0.1M × $15 = $2
    assert.equal(total(priceWith(catalog, u, "gpt-4o-2024-05-13", "2025-01-01")), "2");
    // 2024-08-06 snapshot: 0.1M × $2.50 + 0.1M × $10 = $1.25
    assert.equal(total(priceWith(catalog, u, "gpt-4o-2024-08-06", "2025-01-01")), "1.25");
    assert.equal(total(priceWith(catalog, u, "gpt-4o", "2024-07-01")), "2");
    assert.equal(total(priceWith(catalog, u, "gpt-4o", "2024-11-01")), "1.25");
  });

  it("resolves names as other platforms spell them", () => {
    for (const name of [
      "openai/gpt-4.1",
      "anthropic/claude-sonnet-4.5",
      "claude-sonnet-4-5-20250929",
      "gemini/gemini-2.5-pro",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]) {
      assert.ok(catalog.resolve(name, "2025-11-01").ok, name);
    }
  });

  it("prices Claude Sonnet 4.5 with cache writes and the long-context tier", () => {
    // 10,000 input × $3 + 5,000 cache write (5m) × $3.75 + 20,000 cache read × $0.30 + 1,000 output × $15, per 1M
    // = 0.03 + 0.01875 + 0.006 + 0.015 = 0.06975
    const u = usage({ input: 10_000, cache_write: 5_000, cached_input: 20_000, output: 1_000 });
    assert.equal(total(priceWith(catalog, u, "claude-sonnet-4-5", "2025-11-01")), "0.06975");
    // prompt 250,000 > 200,000: 250,000 × $6/M + 1,000 × $22.50/M = 1.5 + 0.0225 = 1.5225
    assert.equal(total(priceWith(catalog, usage({ input: 250_000, output: 1_000 }), "claude-sonnet-4-5", "2025-11-01")), "1.5225");
  });

  it("prices Gemini 2.5 Pro thinking tokens at the output rate", () => {
    // 1,000 input × $1.25 + (200 output + 800 thoughts) × $10, per 1M = 0.00125 + 0.01 = 0.01125
    assert.equal(total(priceWith(catalog, usage({ input: 1_000, output: 200, reasoning: 800 }), "gemini-2.5-pro", "2025-11-01")), "0.01125");
  });
});
