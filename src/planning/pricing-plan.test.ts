import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { bigQuantile, breakEvenAllowance, simulatePricing, type CustomerMonthUsage, type PricingPlan } from "./pricing-plan.js";

const plan = (p: Partial<Record<"fee" | "allowance" | "overage" | "cap", string>> & { unit?: "tokens" | "usd" } = {}): PricingPlan => ({
  fee: new Big(p.fee ?? "5"),
  allowance: new Big(p.allowance ?? "2000000"),
  overage: new Big(p.overage ?? "2"),
  unit: p.unit ?? "tokens",
  cap: p.cap === undefined ? new Big("15") : p.cap === "none" ? null : new Big(p.cap),
});

const cm = (customer: string | null, tokens: number, cost: string, unpriced = 0, month = "2026-10"): CustomerMonthUsage => ({
  month,
  customer,
  tokens,
  cost_usd: cost,
  unpriced_events: unpriced,
});

// 1M, 3M, 10M tokens costing $1, $3, $10
const three = [cm("a", 1_000_000, "1"), cm("b", 3_000_000, "3"), cm("c", 10_000_000, "10")];

describe("simulatePricing", () => {
  it("bills fee + overage over the allowance, at most the cap (hand arithmetic)", () => {
    const r = simulatePricing(plan(), three);
    // 5; 5 + 1 × 2 = 7; min(5 + 8 × 2, 15) = 15
    assert.deepEqual(
      r.rows.map((x) => x.bill.toFixed()),
      ["5", "7", "15"],
    );
    assert.deepEqual(
      r.rows.map((x) => x.capped),
      [false, false, true],
    );
    assert.equal(r.revenue.toFixed(), "27");
    assert.equal(r.cost.toFixed(), "14");
    assert.equal(r.margin.toFixed(), "13");
    // 13 / 27 = 48.148148…%
    assert.equal(r.marginPct?.toFixed(), "48.1481");
    assert.equal(r.capShare, 1 / 3);
    assert.equal(r.negativeShare, 0);
    // margins 4, 4, 5: P10 = 4, P50 = 4, P90 = 4 + 0.8 × 1 = 4.8
    assert.deepEqual(
      [r.marginP10, r.marginP50, r.marginP90].map((v) => v?.toFixed()),
      ["4", "4", "4.8"],
    );
    // at any allowance the fees alone (15) cover the cost (14)
    assert.deepEqual(r.breakEven, { kind: "any" });
  });

  it("finds the break-even allowance on the segment where the margin changes sign", () => {
    // costs 2, 6, 20 = 28: M(0) = 7 + 11 + 15 − 28 = 5; M(1M) = 5 + 9 + 15 − 28 = 1; M(3M) = 5 + 5 + 15 − 28 = −3
    // on [1M, 3M] only b pays overage: M(A) = 1 − 2·(A − 1M)/1M = 0 at A = 1.5M
    const r = simulatePricing(plan(), [cm("a", 1_000_000, "2"), cm("b", 3_000_000, "6"), cm("c", 10_000_000, "20")]);
    assert.equal(r.breakEven.kind, "at");
    assert.equal(r.breakEven.kind === "at" && r.breakEven.allowance.toFixed(), "1500000");
    // at the plan's 2M: 5 + 7 + 15 − 28 = −1, a loss; margins 3, 1, −5, so only c loses money
    assert.equal(r.margin.toFixed(), "-1");
    assert.equal(r.negativeShare, 1 / 3);
  });

  it("uses the cap's breakpoint and rounds down to a whole token", () => {
    // one customer, 10M tokens costing 13, fee 5, $2/M, cap 15: the cap binds while A ≤ 5M; M(5M) = 2,
    // then M(A) = 5 + 2·(10M − A)/1M − 13 = 0 at A = 6M
    assert.deepEqual(breakEvenAllowance(plan(), [new Big(10_000_000)], new Big(13)), { kind: "at", allowance: new Big(6_000_000) });
    // cost 12.5 → 5 + 2·(10 − A) = 12.5 at A = 6.25M; cost 13 + 1/3 has a root at 5.8333…M, rounded down
    assert.equal((breakEvenAllowance(plan(), [new Big(10_000_000)], new Big("12.5")) as { allowance: Big }).allowance.toFixed(), "6250000");
    const third = new Big(40).div(3);
    const a = (breakEvenAllowance(plan(), [new Big(10_000_000)], third) as { allowance: Big }).allowance;
    assert.equal(a.toFixed(), "5833333");
  });

  it("reports none where even allowance 0 loses money", () => {
    assert.deepEqual(breakEvenAllowance(plan(), [new Big(10_000_000)], new Big(16)), { kind: "none" });
  });

  it("with --unit usd bills credits of provider cost", () => {
    // allowance $2 of credit, $2 per USD over: 5; 5 + 1 × 2 = 7; min(5 + 8 × 2, 15) = 15
    const r = simulatePricing(plan({ unit: "usd", allowance: "2" }), three);
    assert.deepEqual(
      r.rows.map((x) => x.bill.toFixed()),
      ["5", "7", "15"],
    );
    assert.equal(r.margin.toFixed(), "13");
    // fee $1, no cap, $1 per USD over $0.5: 1.5 + 3.5 + 10.5 = 15.5 against 14
    const open = simulatePricing(plan({ unit: "usd", fee: "1", allowance: "0.5", overage: "1", cap: "none" }), three);
    assert.equal(open.revenue.toFixed(), "15.5");
    assert.equal(open.margin.toFixed(), "1.5");
    assert.equal(open.capShare, 0);
    // M(A) = 3 + Σ (uᵢ − A)⁺ − 14: M(1) = 3 + 2 + 9 − 14 = 0, M(3) = 3 + 7 − 14 = −4, so the break-even is exactly $1
    assert.deepEqual(open.breakEven, { kind: "at", allowance: new Big(1) });
  });

  it("leaves out customer-months with unpriced events and cost with no customer, and counts them", () => {
    const r = simulatePricing(plan(), [...three, cm("d", 5, "1", 2), cm(null, 100, "0.5")]);
    assert.equal(r.rows.length, 3);
    assert.equal(r.excluded, 1);
    assert.equal(r.unpriced_events, 2);
    assert.equal(r.unattributed.toFixed(), "0.5");
    assert.equal(r.cost.toFixed(), "14");
  });
});

describe("bigQuantile", () => {
  it("interpolates between order statistics", () => {
    assert.equal(bigQuantile([new Big(1), new Big(2), new Big(3), new Big(4)], 0.5)?.toFixed(), "2.5");
    assert.equal(bigQuantile([], 0.5), null);
  });
});
