import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blendedRate } from "./api-rates.js";
import { breakeven } from "./breakeven.js";
import type { CostReport } from "./cost.js";

// one $2/h GPU serving 1000 tokens/s
const cost = {
  model: "toy-1b",
  gpu: "toy-gpu",
  gpus: 1,
  precision: "bf16",
  tokens_per_second_used: 1000,
  usd_per_gpu_hour: "2",
  usd_per_hour: "2",
  utilization: "0.5",
  source: "roofline estimate",
} as CostReport;
const api = { model: "api-model", input: "2.5", output: "10" };

describe("blendedRate", () => {
  it("is S × input + (1 − S) × output", () => {
    // 0.75 × 2.5 + 0.25 × 10 = 1.875 + 2.5
    assert.equal(blendedRate(api, "0.75"), "4.375");
    assert.equal(blendedRate(api, "0.1"), "9.25");
  });
});

describe("breakeven", () => {
  it("finds the utilisation and the monthly volume where self-hosting is cheaper", () => {
    const b = breakeven(cost, api, "0.75");
    assert.equal(b.api_usd_per_million_tokens, "4.375");
    // $2 ÷ 3.6M tokens an hour × 10⁶ = 0.5555…
    assert.equal(b.self_host_usd_per_million_tokens, "0.555556");
    // 2 × 730 hours
    assert.equal(b.self_host_usd_per_month, "1460");
    // 1000 × 3600 × 730
    assert.equal(b.capacity_tokens_per_month, 2_628_000_000);
    // 0.5555… ÷ 4.375 = 0.126984126…
    assert.equal(b.breakeven_utilization, "0.126984");
    // 1460 ÷ 4.375 × 10⁶ = 333,714,285.7 → 333,714,286 (rounded up)
    assert.equal(b.breakeven_tokens_per_month, 333_714_286);
    // at u = 0.5: 1,314,000,000 tokens; the API: × 4.375 ÷ 10⁶ = 5,748.75
    assert.deepEqual(b.at_utilization, {
      utilization: "0.5",
      tokens_per_month: 1_314_000_000,
      self_host_usd: "1460",
      api_usd: "5748.75",
      cheaper: "self-host",
    });
  });

  it("draws both monthly costs up to twice the capacity, a second deployment past the first's", () => {
    const b = breakeven(cost, api, "0.75", 4);
    assert.deepEqual(
      b.curve.map((p) => [p.tokens_per_month, p.self_host_usd, p.api_usd]),
      [
        [0, "1460", "0"],
        [1_314_000_000, "1460", "5748.75"],
        [2_628_000_000, "1460", "11497.5"],
        [3_942_000_000, "2920", "17246.25"],
        [5_256_000_000, "2920", "22995"],
      ],
    );
  });

  it("says never when even full use costs more than the API", () => {
    const b = breakeven(cost, { model: "cheap", input: "0.1", output: "0.1" }, "0.75");
    // 0.5555… ÷ 0.1 = 5.56 > 1
    assert.equal(b.breakeven_utilization, null);
    assert.equal(b.breakeven_tokens_per_month, null);
    assert.equal(b.at_utilization.cheaper, "api");
  });
});
