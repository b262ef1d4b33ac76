import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import Big from "big.js";
import { TOKEN_CLASSES, usage, type Usage } from "../usage/usage.js";
import { Catalog } from "./catalog.js";
import { priceWith, type PricedCall } from "./price.js";
import { fixtureCatalog } from "./testing/fixture-catalog.js";

const catalog = Catalog.from(fixtureCatalog);
const count = fc.integer({ min: 0, max: 5_000_000 });
const textUsage = fc.record({ input: count, cached_input: count, cache_write: count, cache_write_1h: count, output: count, reasoning: count });
const models = fc.constantFrom("claude-sonnet-4-5", "o3", "gpt-4o", "gemini-2.5-pro");

function price(u: Usage, model: string, batch: boolean): PricedCall {
  const r = priceWith(catalog, u, model, "2025-10-01", { batch: batch && model !== "gemini-2.5-pro" });
  if (!r.priced) throw new Error(r.reason);
  return r;
}

describe("pricing properties (fast-check)", () => {
  it("the breakdown sums exactly to the total", () => {
    fc.assert(
      fc.property(textUsage, models, fc.boolean(), (parts, model, batch) => {
        const r = price(usage(parts), model, batch);
        const sum = Object.values(r.breakdown).reduce((acc, v) => acc.plus(v), new Big(0));
        assert.equal(sum.toFixed(), new Big(r.total_usd).toFixed());
      }),
      { numRuns: 500 },
    );
  });

  it("is additive across split usage within one pricing tier", () => {
    // split a call's tokens into two parts; both parts and the whole stay below the 200k tier
    const small = fc.integer({ min: 0, max: 30_000 });
    const parts = fc.record({ input: small, cached_input: small, cache_write: small, output: small, reasoning: small });
    fc.assert(
      fc.property(parts, parts, models, (a, b, model) => {
        const ua = usage(a);
        const ub = usage(b);
        const whole = usage();
        for (const c of TOKEN_CLASSES) whole[c] = ua[c] + ub[c];
        const sum = new Big(price(ua, model, false).total_usd).plus(price(ub, model, false).total_usd);
        assert.equal(sum.toFixed(), new Big(price(whole, model, false).total_usd).toFixed());
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with a straightforward big.js computation of tokens × rate / 1M", () => {
    fc.assert(
      fc.property(textUsage, (parts) => {
        const u = usage(parts);
        const r = price(u, "o3", false);
        // o3 after 2025-06-10: input $2, cached $0.50, output and reasoning $8; cache writes at input
        const expected = new Big(u.input + u.cache_write + u.cache_write_1h)
          .times("2")
          .plus(new Big(u.cached_input).times("0.50"))
          .plus(new Big(u.output + u.reasoning).times("8"))
          .div(1_000_000);
        assert.equal(r.total_usd, expected.toFixed());
      }),
      { numRuns: 500 },
    );
  });
});
