import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { USAGE_FIELDS, promptTokens, usage, type Usage } from "../usage/usage.js";
import { builtinCatalog } from "./builtin/index.js";
import { Catalog } from "./catalog.js";
import { formatScaled } from "./money.js";
import { priceWith } from "./price.js";
import { rateCard } from "./rate-card.js";
import { fixtureCatalog } from "./testing/fixture-catalog.js";

const catalog = Catalog.from(fixtureCatalog);

describe("rateCard", () => {
  it("gives per-token rates at the sheet's scale", () => {
    // gpt-4o-2024-08-06: $2.50 / 1M input = 0.0000025 per token; $10 / 1M output = 0.00001
    const card = rateCard(catalog, "gpt-4o-2024-08-06", "2025-01-01T10:00:00.000Z");
    assert.ok(card.priced);
    assert.equal(card.resolved_model, "gpt-4o-2024-08-06");
    assert.equal(formatScaled(card.rates[USAGE_FIELDS.indexOf("input")]!, card.scale), "0.0000025");
    assert.equal(formatScaled(card.rates[USAGE_FIELDS.indexOf("output")]!, card.scale), "0.00001");
  });

  it("follows a moving alias by the call's day, as priceWith does", () => {
    const before = rateCard(catalog, "gpt-4o", "2024-09-01T23:59:59.000Z");
    const after = rateCard(catalog, "gpt-4o", "2024-10-02T00:00:00.000Z");
    assert.ok(before.priced && after.priced);
    assert.equal(before.resolved_model, "gpt-4o-2024-05-13");
    assert.equal(after.resolved_model, "gpt-4o-2024-08-06");
  });

  it("says why an unknown model has no card", () => {
    const card = rateCard(catalog, "gpt-17", "2025-01-01T00:00:00.000Z");
    assert.equal(card.priced, false);
    assert.match(card.priced ? "" : card.reason, /unknown model "gpt-17"/);
  });

  it("prices every built-in model exactly as priceWith does, below the long-context tier", () => {
    const builtin = builtinCatalog();
    const ids = builtin.models.map((m) => m.id);
    const count = fc.integer({ min: 0, max: 3_000_000 });
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.record(Object.fromEntries(USAGE_FIELDS.map((f) => [f, count])) as Record<keyof Usage, fc.Arbitrary<number>>),
        (id, counts) => {
          const u = usage({ ...counts, requests: 1 });
          const at = "2025-11-01T12:00:00.000Z";
          const card = rateCard(builtin, id, at);
          const exact = priceWith(builtin, u, id, at);
          if (!card.priced) return assert.equal(exact.priced, false);
          if (promptTokens(u) > card.linearUpTo) return;
          const missing = USAGE_FIELDS.some((f, i) => u[f] !== 0 && card.rates[i] === undefined);
          if (missing) return assert.equal(exact.priced, false);
          assert.ok(exact.priced);
          const total = USAGE_FIELDS.reduce((sum, f, i) => sum + BigInt(u[f]) * (card.rates[i] ?? 0n), 0n);
          assert.equal(formatScaled(total, card.scale), exact.total_usd);
        },
      ),
      { numRuns: 400 },
    );
  });
});
