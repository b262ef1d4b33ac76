import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { inWindow, margins, type MonthlyCost } from "./margins.js";
import type { RevenueRow } from "./revenue-csv.js";

const rev = (month: string, customer: string, amount: string, plan: string | null = null): RevenueRow => ({
  month,
  customer,
  revenue: new Big(amount),
  plan,
  line: 2,
});
const cost = (month: string, customer: string | null, usd: string, unpriced = 0): MonthlyCost => ({
  month,
  customer,
  cost_usd: usd,
  unpriced_events: unpriced,
});

describe("margins", () => {
  it("acme pays $10.00 and its calls cost $0.0075: margin $9.9925, 99.925 %", () => {
    const r = margins([rev("2026-10", "acme", "10.00")], [cost("2026-10", "acme", "0.0075")]);
    assert.equal(r.rows.length, 1);
    const row = r.rows[0]!;
    assert.equal(row.key, "acme");
    assert.equal(row.margin.toFixed(), "9.9925");
    assert.equal(row.marginPct?.toFixed(), "99.925");
    assert.deepEqual(row.flags, []);
    assert.deepEqual(r.unprofitable, []);
  });

  it("lists a customer whose cost exceeds revenue as unprofitable", () => {
    // beta: 2.00 − 3.50 = −1.50, −75 %
    const r = margins([rev("2026-10", "acme", "10"), rev("2026-10", "beta", "2.00")], [cost("2026-10", "acme", "1"), cost("2026-10", "beta", "3.50")]);
    const beta = r.rows.find((x) => x.key === "beta")!;
    assert.equal(beta.margin.toFixed(), "-1.5");
    assert.equal(beta.marginPct?.toFixed(), "-75");
    assert.deepEqual(beta.flags, ["unprofitable"]);
    assert.deepEqual(r.unprofitable, ["beta"]);
    assert.equal(r.rows[0]!.key, "beta", "worst margin first");
  });

  it("includes cost without revenue (flagged) and revenue without cost (cost 0, 100 %)", () => {
    const r = margins([rev("2026-10", "gamma", "5")], [cost("2026-10", "delta", "0.25")]);
    const delta = r.rows.find((x) => x.key === "delta")!;
    assert.equal(delta.revenue.toFixed(), "0");
    assert.equal(delta.marginPct, null);
    assert.deepEqual(delta.flags, ["no revenue recorded"]);
    assert.deepEqual(r.unprofitable, []);
    const gamma = r.rows.find((x) => x.key === "gamma")!;
    assert.equal(gamma.cost.toFixed(), "0");
    assert.equal(gamma.marginPct?.toFixed(), "100");
  });

  it("flags a zero-revenue row with cost, and keeps a cost-free zero row at 100 %", () => {
    const r = margins([rev("2026-10", "free", "0"), rev("2026-10", "idle", "0")], [cost("2026-10", "free", "0.01")]);
    const free = r.rows.find((x) => x.key === "free")!;
    assert.equal(free.marginPct, null);
    assert.deepEqual(free.flags, ["unprofitable", "zero revenue"]);
    assert.equal(r.rows.find((x) => x.key === "idle")!.marginPct?.toFixed(), "100");
  });

  it("sums customers per plan and totals equal the sum of rows", () => {
    // pro: acme 10 − 0.0075 and beta 20 − 1.1 → 30 − 1.1075 = 28.8925; free: gamma 0 − 0.3
    const r = margins(
      [rev("2026-10", "acme", "10", "pro"), rev("2026-10", "beta", "20", "pro"), rev("2026-10", "gamma", "0", "free")],
      [cost("2026-10", "acme", "0.0075"), cost("2026-10", "beta", "1.1"), cost("2026-10", "gamma", "0.3")],
      "plan",
    );
    const pro = r.rows.find((x) => x.key === "pro")!;
    assert.equal(pro.revenue.toFixed(), "30");
    assert.equal(pro.cost.toFixed(), "1.1075");
    assert.equal(pro.margin.toFixed(), "28.8925");
    // 28.8925 / 30 = 96.30833… → 96.3083
    assert.equal(pro.marginPct?.toFixed(), "96.3083");
    assert.equal(r.rows.find((x) => x.key === "free")!.margin.toFixed(), "-0.3");
    assert.equal(r.totals.revenue.toFixed(), "30");
    assert.equal(r.totals.cost.toFixed(), "1.4075");
    assert.equal(r.totals.margin.toFixed(), "28.5925");
    assert.deepEqual(r.unprofitable, ["gamma"]);
  });

  it("gives a month's cost without revenue the customer's latest plan, and sums months", () => {
    const r = margins(
      [rev("2026-09", "acme", "10", "starter"), rev("2026-10", "acme", "12", "pro")],
      [cost("2026-09", "acme", "1"), cost("2026-10", "acme", "2"), cost("2026-11", "acme", "3")],
      "plan",
    );
    assert.deepEqual(r.rows.map((x) => [x.key, x.revenue.toFixed(), x.cost.toFixed()]).sort(), [
      ["pro", "12", "5"],
      ["starter", "10", "1"],
    ]);
    assert.ok(r.rows.find((x) => x.key === "pro")!.flags.includes("no revenue recorded"));
    const byCustomer = margins([rev("2026-09", "acme", "10"), rev("2026-10", "acme", "12")], [cost("2026-09", "acme", "1"), cost("2026-10", "acme", "2")]);
    assert.equal(byCustomer.rows[0]!.margin.toFixed(), "19");
  });

  it("reports unpriced events apart and keeps cost without a customer out of the rows", () => {
    const r = margins([rev("2026-10", "acme", "10")], [cost("2026-10", "acme", "1", 4), cost("2026-10", null, "0.5", 1)]);
    assert.equal(r.unpriced_events, 5);
    assert.equal(r.unattributed.toFixed(), "0.5");
    assert.equal(r.totals.cost.toFixed(), "1");
    assert.deepEqual(r.rows[0]!.flags, ["unpriced events"]);
  });

  it("keeps revenue months inside [from, to)", () => {
    assert.equal(inWindow("2026-10", "2026-10-01", "2026-11-01"), true);
    assert.equal(inWindow("2026-11", "2026-10-01", "2026-11-01"), false);
    assert.equal(inWindow("2026-09", "2026-10-01"), false);
    assert.equal(inWindow("2026-09"), true);
  });
});

describe("margins with outcomes", () => {
  it("gives each customer with outcomes its token cost per successful outcome", () => {
    // acme: cost 0.5 + 0.25 = 0.75 over 3 successes = 0.25; beta: outcomes but none succeeded → null
    const r = margins(
      [rev("2026-10", "acme", "10"), rev("2026-10", "beta", "5"), rev("2026-10", "gamma", "5")],
      [cost("2026-10", "acme", "0.5"), cost("2026-11", "acme", "0.25"), cost("2026-10", "beta", "1"), cost("2026-10", "gamma", "1")],
      "customer",
      new Map([
        ["acme", 3],
        ["beta", 0],
      ]),
    );
    const acme = r.rows.find((x) => x.key === "acme")!;
    assert.equal(acme.successes, 3);
    assert.equal(acme.costPerSuccess?.toFixed(), "0.25");
    const beta = r.rows.find((x) => x.key === "beta")!;
    assert.equal(beta.successes, 0);
    assert.equal(beta.costPerSuccess, null);
    // no outcomes recorded for gamma: no figure at all
    assert.equal("costPerSuccess" in r.rows.find((x) => x.key === "gamma")!, false);
  });

  it("leaves plan rows without a cost per success", () => {
    const r = margins([rev("2026-10", "acme", "10", "pro")], [cost("2026-10", "acme", "0.5")], "plan", new Map([["acme", 3]]));
    assert.equal(r.rows[0]!.costPerSuccess, undefined);
  });
});
