import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { money, round3, usdPerMillion } from "./money.js";

describe("usdPerMillion", () => {
  it("is ($/h per GPU × GPUs) ÷ (tokens/s × 3600 × u) × 10⁶", () => {
    // 2.99 × 2 = 5.98 $/h; 1000 × 3600 × 0.5 = 1,800,000 tokens an hour; 5.98 ÷ 1.8 = 3.32222…
    assert.equal(money(usdPerMillion("2.99", 2, 1000, "0.5")), "3.322222");
    // 2 ÷ 3.6 = 0.55555…
    assert.equal(money(usdPerMillion("2", 1, 1000, "1")), "0.555556");
  });

  it("takes tokens/s as printed (3 places) and never prints an exponent", () => {
    assert.equal(round3(986.2991216), 986.299);
    // 2e6 ÷ (986.299 × 3600) = 0.563272958…
    assert.equal(money(usdPerMillion("2", 1, 986.2991216, "1")), "0.563273");
    assert.equal(money(usdPerMillion("0.0000001", 1, 1e6, "1")), "0");
  });
});
