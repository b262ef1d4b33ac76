import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutcomeTotalsRow } from "./ledger-rows.js";
import { costPerSuccess, outcomeCosts, outcomeReportJson, successesByCustomer, successRate } from "./outcomes.js";

const row = (dimensions: Record<string, string | null>, kind: string, interactions_usd: string, outcomes: number, successes: number): OutcomeTotalsRow => ({
  dimensions,
  kind,
  interactions: 10,
  interactions_usd,
  unpriced_calls: 0,
  interactions_with_outcome: outcomes,
  outcomes,
  successes,
  successful_interactions: successes,
  successful_usd: "0",
  value_usd: "0",
});

describe("cost per successful outcome", () => {
  it("divides every interaction's cost by the successes, exactly", () => {
    // 0.12 / 3 = 0.04
    assert.equal(costPerSuccess("0.12", 3)?.toFixed(), "0.04");
    // 1 / 3 = 0.3333333333333 (13 places, half-even); 2 / 3 = 0.6666666666667
    assert.equal(costPerSuccess("1", 3)?.toFixed(), "0.3333333333333");
    assert.equal(costPerSuccess("2", 3)?.toFixed(), "0.6666666666667");
    // a tie rounds to even: 0.0000000000005 / 2 = 0.00000000000025 → 0.0000000000002 (half-up would give …3)
    assert.equal(costPerSuccess("0.0000000000005", 2)?.toFixed(), "0.0000000000002");
    assert.equal(costPerSuccess("0.0000000000003", 2)?.toFixed(), "0.0000000000002");
  });

  it("is null, not zero or infinity, where nothing succeeded", () => {
    assert.equal(costPerSuccess("0.12", 0), null);
    assert.equal(costPerSuccess("0", 0), null);
    assert.equal(successRate(0, 0), null);
  });

  it("gives success rate and cost per success for each group and kind", () => {
    const rows = outcomeCosts([
      // support: 7 of 10 tickets resolved; $1.40 of tokens over 7 = $0.20 each
      row({ feature: "support" }, "resolved_ticket", "1.4", 10, 7),
      // mail: 1 conversion in 12; $0.30 / 1 = $0.30
      row({ feature: "mail" }, "conversion", "0.3", 12, 1),
      row({ feature: "review" }, "accepted_suggestion", "0.5", 4, 0),
    ]);
    assert.deepEqual(
      rows.map((r) => [r.dimensions.feature, r.success_rate, r.cost_per_success_usd]),
      [
        ["support", 0.7, "0.2"],
        // 1 / 12 = 0.08333… → 0.0833
        ["mail", 0.0833, "0.3"],
        ["review", 0, null],
      ],
    );
  });

  it("flattens dimensions into the JSON rows and states its definition", () => {
    const json = outcomeReportJson([row({ feature: "support" }, "resolved_ticket", "1.4", 10, 7)]);
    assert.equal(json.rows[0]!.feature, "support");
    assert.equal(json.rows[0]!.cost_per_success_usd, "0.2");
    assert.match(json.definition, /every interaction/);
  });

  it("sums successes of every kind per customer", () => {
    const m = successesByCustomer([
      row({ customer: "acme" }, "conversion", "1", 2, 2),
      row({ customer: "acme" }, "resolved_ticket", "1", 5, 3),
      row({ customer: null }, "conversion", "1", 1, 1),
    ]);
    assert.deepEqual([...m], [["acme", 5]]);
  });
});
