import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { call, catalog } from "./testing/calls.js";
import { whatIf } from "./whatif.js";

// gpt-4o-mini, USD per 1M tokens: 0.15 in, 0.075 cached, 0.60 out
describe("--cap-output and --trim-input", () => {
  it("prices output above the cap as the cap", async () => {
    const events = [
      // 1,000 × 0.15 + 3,000 × 0.60 = 0.00195 → capped at 1,000: 0.00015 + 0.0006 = 0.00075
      call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:00Z", usage: { input: 1_000, output: 3_000 } }),
      // within the cap: 500 × 0.60 = 0.0003
      call({ model: "gpt-4o-mini", ts: "2025-03-01T11:00:00Z", usage: { output: 500 } }),
    ];
    const r = await whatIf(events, { kind: "cap-output", tokens: 1_000 }, { catalog });
    assert.equal(r.actual_usd, "0.00225");
    assert.equal(r.counterfactual_usd, "0.00105");
    assert.equal(r.saving_usd, "0.0012");
    assert.ok(r.assumptions.some((a) => /upper bound/.test(a)));
  });

  it("cuts the uncached input only", async () => {
    // 10,000 × 0.15 + 1,000 × 0.075 = 0.001575 → 7,500 × 0.15 + 1,000 × 0.075 = 0.0012
    const events = [call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:00Z", usage: { input: 10_000, cached_input: 1_000 } })];
    const r = await whatIf(events, { kind: "trim-input", percent: "25" }, { catalog });
    assert.equal(r.actual_usd, "0.001575");
    assert.equal(r.counterfactual_usd, "0.0012");
    // 333 × 0.9 = 299.7 → 300 kept
    const odd = await whatIf(
      [call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:00Z", usage: { input: 333 } })],
      { kind: "trim-input", percent: "10" },
      { catalog },
    );
    assert.equal(odd.counterfactual_usd, "0.000045"); // 300 × 0.15
  });
});
