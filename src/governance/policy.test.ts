import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BudgetError } from "./budget.js";
import { parsePolicy } from "./policy.js";

describe("parsePolicy", () => {
  it("fills defaults: an empty match, rate limits per key", () => {
    assert.deepEqual(parsePolicy({ name: "chat", rateLimit: { requestsPerMinute: 60 } }), {
      name: "chat",
      match: {},
      rateLimit: { per: "key", requestsPerMinute: 60 },
    });
  });

  it("names the bad field", () => {
    const field = (input: unknown): string => {
      try {
        parsePolicy(input);
      } catch (e) {
        assert.ok(e instanceof BudgetError);
        return e.field;
      }
      return assert.fail("accepted");
    };
    assert.equal(field({ name: "a b" }), "name");
    assert.equal(field({ name: "p", match: { planet: "mars" } }), "match.planet");
    assert.equal(field({ name: "p", maxInputTokens: 1.5 }), "maxInputTokens");
    assert.equal(field({ name: "p", requireTier: "gold" }), "requireTier");
    assert.equal(field({ name: "p", outputOverLimit: "refuse" }), "outputOverLimit");
    assert.equal(field({ name: "p", rateLimit: {} }), "rateLimit");
    assert.equal(field({ name: "p", rateLimit: { tokensPerMinute: 10, per: "planet" } }), "rateLimit.per");
    assert.equal(field({ name: "p", colour: "red" }), "policy");
  });
});
