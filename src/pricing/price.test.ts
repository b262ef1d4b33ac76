import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usage } from "../usage/usage.js";
import { Catalog } from "./catalog.js";
import { priceWith, type PriceOutcome, type PricedCall } from "./price.js";
import { fixtureCatalog } from "./testing/fixture-catalog.js";

const catalog = Catalog.from(fixtureCatalog);

function priced(outcome: PriceOutcome): PricedCall {
  if (!outcome.priced) assert.fail(`expected a price, got: ${outcome.reason}`);
  return outcome;
}

describe("priceWith", () => {
  it("prices input and output at the version in force", () => {
    // gpt-4o-2024-08-06: 1,000 × $2.50/M + 500 × $10/M = 0.0025 + 0.005 = 0.0075
    const r = priced(priceWith(catalog, usage({ input: 1000, output: 500 }), "gpt-4o-2024-08-06", "2025-01-01"));
    assert.equal(r.total_usd, "0.0075");
    assert.deepEqual(r.breakdown, { input: "0.0025", output: "0.005" });
  });

  it("follows a moving alias by date: bare gpt-4o before and after 2024-10-02", () => {
    const u = usage({ input: 1_000_000, output: 1_000_000 });
    // 2024-09-01 → gpt-4o-2024-05-13: $5 + $15 = $20
    const before = priced(priceWith(catalog, u, "gpt-4o", "2024-09-01"));
    assert.equal(before.model.id, "gpt-4o-2024-05-13");
    assert.equal(before.total_usd, "20");
    // 2024-10-02 → gpt-4o-2024-08-06: $2.50 + $10 = $12.50
    const after = priced(priceWith(catalog, u, "gpt-4o", "2024-10-02"));
    assert.equal(after.model.id, "gpt-4o-2024-08-06");
    assert.equal(after.total_usd, "12.5");
    assert.equal(after.via, "moving-alias");
  });

  it("applies o3's 2025-06-10 price cut", () => {
    const u = usage({ input: 10_000, cached_input: 2_000, output: 3_000 });
    // before: 10,000 × $10/M + 2,000 × $2.50/M + 3,000 × $40/M = 0.1 + 0.005 + 0.12 = 0.225
    assert.equal(priced(priceWith(catalog, u, "o3", "2025-06-09")).total_usd, "0.225");
    // after: 10,000 × $2/M + 2,000 × $0.50/M + 3,000 × $8/M = 0.02 + 0.001 + 0.024 = 0.045
    const after = priced(priceWith(catalog, u, "o3-2025-04-16", "2025-06-10"));
    assert.equal(after.total_usd, "0.045");
    assert.equal(after.version.from, "2025-06-10");
  });

  it("bills reasoning at the output rate when the model has no reasoning rate", () => {
    // o3 after the cut: 100 × $2/M + (50 output + 400 reasoning) × $8/M = 0.0002 + 0.0036 = 0.0038
    const r = priced(priceWith(catalog, usage({ input: 100, output: 50, reasoning: 400 }), "o3", "2025-07-01"));
    assert.equal(r.total_usd, "0.0038");
    assert.deepEqual(r.breakdown, { input: "0.0002", output: "0.0004", reasoning: "0.0032" });
  });

  it("prices Anthropic cache writes 5m and 1h and cache reads", () => {
    // claude-sonnet-4-5: 2,000 × $3 + 10,000 × $0.30 + 4,000 × $3.75 + 1,000 × $6 + 800 × $15, per 1M
    // = 0.006 + 0.003 + 0.015 + 0.006 + 0.012 = 0.042
    const u = usage({ input: 2_000, cached_input: 10_000, cache_write: 4_000, cache_write_1h: 1_000, output: 800 });
    const r = priced(priceWith(catalog, u, "claude-sonnet-4-5-20250929", "2025-10-01"));
    assert.equal(r.total_usd, "0.042");
    assert.equal(r.via, "snapshot");
  });

  it("switches the whole request to the long-context tier once the prompt passes 200k", () => {
    // prompt = 150,000 input + 60,000 cache read = 210,000 > 200,000 → every class at tier rates:
    // 150,000 × $6 + 60,000 × $0.60 + 1,000 × $22.50, per 1M = 0.9 + 0.036 + 0.0225 = 0.9585
    const u = usage({ input: 150_000, cached_input: 60_000, output: 1_000 });
    const r = priced(priceWith(catalog, u, "claude-sonnet-4-5", "2025-10-01"));
    assert.equal(r.longContextTier, 200_000);
    assert.equal(r.total_usd, "0.9585");
    // exactly 200,000 stays at base: 200,000 × $3/M + 1,000 × $15/M = 0.6 + 0.015 = 0.615
    const base = priced(priceWith(catalog, usage({ input: 200_000, output: 1_000 }), "claude-sonnet-4-5", "2025-10-01"));
    assert.equal(base.longContextTier, undefined);
    assert.equal(base.total_usd, "0.615");
  });

  it("halves token rates in batch but not per-unit fees", () => {
    // (100,000 × $3 + 100,000 × $15) × 0.5 / 1M + 2 searches × $0.01 = 0.15 + 0.75 + 0.02 = 0.92
    const u = usage({ input: 100_000, output: 100_000, web_searches: 2 });
    const r = priced(priceWith(catalog, u, "claude-sonnet-4-5", "2025-10-01", { batch: true }));
    assert.equal(r.total_usd, "0.92");
  });

  it("prices service tiers by multiplier or by their own rates", () => {
    const u = usage({ input: 1_000_000, output: 1_000_000 });
    // flex: ($2 + $8) × 0.5 = $5
    assert.equal(priced(priceWith(catalog, u, "o3", "2025-07-01", { tier: "flex" })).total_usd, "5");
    // priority: $3.50 + $14 = $17.50
    assert.equal(priced(priceWith(catalog, u, "o3", "2025-07-01", { tier: "priority" })).total_usd, "17.5");
    const none = priceWith(catalog, u, "gemini-2.5-pro", "2025-07-01", { tier: "flex" });
    assert.equal(none.priced, false);
    assert.match(!none.priced ? none.reason : "", /no "flex" tier/);
  });

  it("charges per-image fees", () => {
    // 3 images × $0.04 = $0.12
    assert.equal(priced(priceWith(catalog, usage({ images: 3 }), "dall-e-3", "2025-01-01")).total_usd, "0.12");
  });

  it("applies discount layers and per-customer markups in order", () => {
    const layered = Catalog.from(fixtureCatalog, {
      catalog: "contract",
      adjustments: [
        { name: "anthropic-edp", kind: "discount", value: "0.20", match: { provider: "anthropic" }, from: "2026-01-01" },
        { name: "acme-markup", kind: "markup", value: "0.15", match: { customer: "acme" } },
      ],
    });
    // (below the 200k tier) 100,000 × $3/M + 1,000,000 × $15/M = 0.3 + 15 = 15.3
    const u = usage({ input: 100_000, output: 1_000_000 });
    assert.equal(priced(priceWith(layered, u, "claude-sonnet-4-5", "2025-12-31")).total_usd, "15.3");
    // from 2026-01-01: 15.3 × 0.8 = 12.24
    const discounted = priced(priceWith(layered, u, "claude-sonnet-4-5", "2026-01-01"));
    assert.equal(discounted.total_usd, "12.24");
    assert.deepEqual(discounted.adjustments, ["anthropic-edp"]);
    // for acme: 15.3 × 0.8 × 1.15 = 14.076
    assert.equal(priced(priceWith(layered, u, "claude-sonnet-4-5", "2026-02-01", { customer: "acme" })).total_usd, "14.076");
    // openai is not discounted: gpt-4o-2024-08-06 100,000 × $2.50/M + 1M × $10/M = 0.25 + 10 = 10.25
    assert.equal(priced(priceWith(layered, u, "gpt-4o-2024-08-06", "2026-02-01")).total_usd, "10.25");
  });

  it("converts currency with a user-supplied rate, exactly", () => {
    // $0.0075 × 0.92 EUR/USD = €0.0069
    const r = priced(priceWith(catalog, usage({ input: 1000, output: 500 }), "gpt-4o-2024-08-06", "2025-01-01", { currency: "eur", fxRates: { EUR: "0.92" } }));
    assert.equal(r.total_usd, "0.0075");
    assert.equal(r.converted?.total, "0.0069");
    assert.equal(r.converted?.currency, "EUR");
    const missing = priceWith(catalog, usage({ input: 1 }), "o3", "2025-07-01", { currency: "JPY", fxRates: {} });
    assert.equal(missing.priced, false);
  });

  it("reports an unknown model as unpriced with the nearest names, never as zero", () => {
    const r = priceWith(catalog, usage({ input: 1000 }), "gpt-4o-mega", "2025-01-01");
    assert.equal(r.priced, false);
    if (r.priced) return;
    assert.match(r.reason, /unknown model/);
    assert.ok(r.candidates.length > 0 && r.candidates.every((c) => typeof c === "string"));
  });

  it("reports a class the model has no price for as unpriced", () => {
    const r = priceWith(catalog, usage({ input: 10, audio_input: 5 }), "o3", "2025-07-01");
    assert.equal(r.priced, false);
    assert.match(!r.priced ? r.reason : "", /no price for audio_input/);
  });

  it("refuses a date before the model's first price", () => {
    const r = priceWith(catalog, usage({ input: 10 }), "o3", "2025-01-01");
    assert.equal(r.priced, false);
    assert.match(!r.priced ? r.reason : "", /no price before 2025-04-16/);
  });

  it("rejects negative or fractional token counts", () => {
    assert.throws(() => priceWith(catalog, usage({ input: -1 }), "o3", "2025-07-01"), /input: expected a non-negative integer/);
    assert.throws(() => priceWith(catalog, usage({ output: 1.5 }), "o3", "2025-07-01"), /output: expected a non-negative integer/);
  });

  it("stays exact past 2^53 scaled units", () => {
    // 9e15 tokens × $40/M = $360,000,000,000 — far past double-exact integers at this scale
    const r = priced(priceWith(catalog, usage({ output: 9_000_000_000_000_000 }), "o3", "2025-05-01"));
    assert.equal(r.total_usd, "360000000000");
    assert.equal(typeof r.total, "bigint");
  });
});

describe("per-unit fees", () => {
  it("charges nothing for requests when the model has no per-request fee, but refuses unlisted searches", () => {
    // o3: 1,000 × $2/M + 1 request × $0 = 0.002
    const r = priced(priceWith(catalog, usage({ input: 1000, requests: 1 }), "o3", "2025-07-01"));
    assert.equal(r.total_usd, "0.002");
    const search = priceWith(catalog, usage({ input: 1000, web_searches: 1 }), "o3", "2025-07-01");
    assert.equal(search.priced, false);
  });
});
