import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { call, catalog } from "./testing/calls.js";
import { whatIf } from "./whatif.js";

// published rates, USD per 1M tokens: gpt-4o-mini 0.15 in / 0.60 out, batch at half; o3 10 / 40
// until 2025-06-10 and 2 / 8 after, batch and flex at half; gpt-5-mini 0.25 / 2, flex at half;
// claude-2.1 8 / 24 with no batch price
describe("--batch and --flex", () => {
  const events = () => [
    // 1,000,000 × 0.15 + 100,000 × 0.60 = 0.21 → batch 0.105
    call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:00Z", usage: { input: 1_000_000, output: 100_000 } }),
    // o3 across its price cut: 0.05 → 0.025 and 0.01 → 0.005
    call({ model: "o3", ts: "2025-06-01T10:00:00Z", usage: { input: 1_000, output: 1_000 } }),
    call({ model: "o3", ts: "2025-06-20T10:00:00Z", usage: { input: 1_000, output: 1_000 } }),
    // no batch price: 1,000 × 8 = 0.008, left as it is
    call({ model: "claude-2.1", ts: "2025-03-01T11:00:00Z", usage: { input: 1_000 } }),
    // already batch: 1,000 × 0.15 × 0.5 = 0.000075, left as it is
    call({ model: "gpt-4o-mini", ts: "2025-03-01T12:00:00Z", usage: { input: 1_000 }, batch: true }),
  ];

  it("prices batch where the model has it, at each call's date", async () => {
    const r = await whatIf(events(), { kind: "batch" }, { catalog });
    assert.equal(r.actual_usd, "0.278075"); // 0.21 + 0.05 + 0.01 + 0.008 + 0.000075
    assert.equal(r.counterfactual_usd, "0.143075"); // 0.105 + 0.025 + 0.005 + 0.008 + 0.000075
    assert.equal(r.saving_usd, "0.135");
    assert.equal(r.not_eligible_events, 1);
    assert.equal(r.changed_events, 3);
    assert.equal(r.unchanged_reasons["already batch"], 1);
    assert.ok(r.assumptions.some((a) => /1 event on models without a batch price left at their actual cost: claude-2\.1 \(1\)/.test(a)));
  });

  it("prices flex where the model has it", async () => {
    // gpt-5-mini: 10,000 × 0.25 + 10,000 × 2 = 0.0225 → flex 0.01125
    const r = await whatIf(
      [...events(), call({ model: "gpt-5-mini", ts: "2025-09-01T10:00:00Z", usage: { input: 10_000, output: 10_000 } })],
      { kind: "flex" },
      { catalog },
    );
    // o3's two calls halve (0.03 → 0.015), gpt-5-mini halves; gpt-4o-mini and claude-2.1 have no flex
    assert.equal(r.actual_usd, "0.300575");
    assert.equal(r.counterfactual_usd, "0.259325"); // 0.21 + 0.025 + 0.005 + 0.008 + 0.000075 + 0.01125
    assert.equal(r.not_eligible_events, 2);
  });
});
