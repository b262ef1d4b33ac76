import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { call, catalog } from "./testing/calls.js";
import { whatIf } from "./whatif.js";

// published rates, USD per 1M tokens: gpt-4o (→ gpt-4o-2024-08-06 from 2024-10-02) 2.50 in,
// 1.25 cached, 10 out; gpt-4o-mini 0.15 / 0.075 / 0.60; claude-sonnet-4-5 3 in, 3.75 write
// (5 min), 0.30 read, 15 out; o3 10 / 40 until 2025-06-10, 2 / 8 after
describe("--model", () => {
  it("re-prices the same calls on another model, converting tokens between tokenizers", async () => {
    const events = [
      // 10,000 × 2.50 + 2,000 × 10 = 0.045 → on mini 10,000 × 0.15 + 2,000 × 0.60 = 0.0027
      call({ model: "gpt-4o", ts: "2025-01-10T10:00:00Z", usage: { input: 10_000, output: 2_000 } }),
      // sonnet: 1,000 × 3 + 100 × 15 = 0.0045; claude → o200k: ÷ 1.05 → 952 in, 95 out
      // → 952 × 0.15 + 95 × 0.60 = 0.0001428 + 0.000057 = 0.0001998
      call({ model: "claude-sonnet-4-5", ts: "2025-10-01T10:00:00Z", usage: { input: 1_000, output: 100 } }),
      // already on gpt-4o-mini: left as it is (1,000 × 0.15 = 0.00015)
      call({ model: "gpt-4o-mini", ts: "2025-10-01T11:00:00Z", usage: { input: 1_000 } }),
      // unknown model: unpriced as recorded
      call({ model: "mystery-9000", ts: "2025-10-01T12:00:00Z", usage: { input: 1_000 } }),
    ];
    const r = await whatIf(events, { kind: "model", model: "gpt-4o-mini" }, { catalog });
    assert.equal(r.events, 4);
    assert.equal(r.unpriced_events, 1);
    assert.equal(r.actual_usd, "0.04965"); // 0.045 + 0.0045 + 0.00015
    assert.equal(r.counterfactual_usd, "0.0030498"); // 0.0027 + 0.0001998 + 0.00015
    assert.equal(r.saving_usd, "0.0466002");
    assert.equal(r.saving_pct, "93.86");
    assert.equal(r.unchanged_reasons["already on the model"], 1);
    assert.ok(
      r.assumptions.some((a) => /claude → o200k_base: × 0\.9524 \(an estimate\)/.test(a)),
      r.assumptions.join("\n"),
    );
    assert.ok(r.assumptions.some((a) => /o200k_base on both: token counts carried over/.test(a)));
    assert.deepEqual(
      r.by_day.map((d) => [d.day, d.actual_usd, d.counterfactual_usd]),
      [
        ["2025-01-10", "0.045", "0.0027"],
        ["2025-10-01", "0.00465", "0.0003498"],
      ],
    );
  });

  it("makes the switch's first cached call in each scope a cold write", async () => {
    // gpt-4o: 1,000 in + 2,000 cached + 100 out = 2,500 + 2,500 + 1,000 = 0.006 each
    // on sonnet, ×1.05: 1,050 in, 2,100 cached, 105 out
    // first in scope (acme/k1): 1,050 × 3 + 2,100 × 3.75 + 105 × 15 = 0.0126 (a write)
    // then reads: 1,050 × 3 + 2,100 × 0.30 + 105 × 15 = 0.005355
    // another key (k2) is another scope: cold again, 0.0126
    const u = { input: 1_000, cached_input: 2_000, output: 100 };
    const events = [
      call({ model: "gpt-4o", ts: "2025-10-01T10:00:00Z", usage: u, org: "acme", key: "k1" }),
      call({ model: "gpt-4o", ts: "2025-10-01T10:01:00Z", usage: u, org: "acme", key: "k1" }),
      call({ model: "gpt-4o", ts: "2025-10-01T10:02:00Z", usage: u, org: "acme", key: "k2" }),
    ];
    const r = await whatIf(events, { kind: "model", model: "claude-sonnet-4-5" }, { catalog });
    assert.equal(r.actual_usd, "0.018");
    assert.equal(r.counterfactual_usd, "0.030555"); // 0.0126 × 2 + 0.005355
    assert.equal(r.saving_usd, "-0.012555");
    assert.ok(
      r.assumptions.some((a) => /finds the cache cold and writes instead \(2 events\)/.test(a)),
      r.assumptions.join("\n"),
    );
  });

  it("drops cached tokens the target cannot cache, and leaves calls it cannot price out of both sides", async () => {
    const events = [
      // to haiku 4.5 (1 in, 0.10 read, 5 out; minimum prefix 4,096): 2,100 cacheable tokens are too few → input
      // actual gpt-4o 0.006; cf 3,150 × 1 + 105 × 5 = 0.003675
      call({ model: "gpt-4o", ts: "2025-11-01T10:00:00Z", usage: { input: 1_000, cached_input: 2_000, output: 100 } }),
      // haiku 4.5 has no price before 2025-10-15: unpriced under the change, out of both sides
      call({ model: "gpt-4o", ts: "2025-01-01T10:00:00Z", usage: { input: 1_000 } }),
    ];
    const r = await whatIf(events, { kind: "model", model: "claude-haiku-4-5" }, { catalog });
    assert.equal(r.actual_usd, "0.006");
    assert.equal(r.counterfactual_usd, "0.003675");
    assert.equal(r.unpriced_events, 1);
    assert.match(r.unpriced[0]!.reason, /no price before 2025-10-15.*counterfactual model/);
  });

  it("a cascade prices the small model on every call plus the large one on the escalated share", async () => {
    // o3 on 2025-06-01 (10 / 40): 1,000 in + 1,000 out = 0.05; on 2025-06-20 (2 / 8): 0.01
    // small gpt-4o-mini: 1,000 × 0.15 + 1,000 × 0.60 = 0.00075 each; large o3 at each date's price:
    // cf = 0.00075 + 0.2 × 0.05 = 0.01075, and 0.00075 + 0.2 × 0.01 = 0.00275
    const u = { input: 1_000, output: 1_000 };
    const events = [call({ model: "o3", ts: "2025-06-01T10:00:00Z", usage: u }), call({ model: "o3", ts: "2025-06-20T10:00:00Z", usage: u })];
    const r = await whatIf(events, { kind: "model", model: "gpt-4o-mini", escalate: { share: "0.2", to: "o3" } }, { catalog });
    assert.equal(r.actual_usd, "0.06");
    assert.deepEqual(
      r.by_day.map((d) => d.counterfactual_usd),
      ["0.01075", "0.00275"],
    );
    assert.equal(r.counterfactual_usd, "0.0135");
    assert.equal(r.saving_usd, "0.0465");
  });
});
