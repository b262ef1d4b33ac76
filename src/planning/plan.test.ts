import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinCatalog, builtinCatalogFiles } from "../pricing/builtin/index.js";
import type { CatalogFile } from "../pricing/catalog-schema.js";
import { Catalog } from "../pricing/catalog.js";
import { runPlan } from "./plan.js";
import { validatePortfolio, type Portfolio } from "./portfolio.js";

const catalog = builtinCatalog();

// gpt-4o-mini: $0.15/M input, $0.075/M cached, $0.60/M output; 1,000 + 500 cached + 200 output:
// 1000×0.15/M + 500×0.075/M + 200×0.60/M = 0.00015 + 0.0000375 + 0.00012 = 0.0003075 per request
const support = {
  name: "support-bot",
  model: "gpt-4o-mini",
  input_tokens: 1000,
  cached_input_tokens: 500,
  output_tokens: 200,
  requests_per_month: 10000,
  overhead: 1.2,
};

const portfolio = (...useCases: Record<string, unknown>[]): Portfolio => validatePortfolio({ start: "2027-01", use_cases: useCases }, "test.json");
const expected = (p: Portfolio, months = 3, options = {}) => runPlan(catalog, p, { months, ...options }).months.map((m) => m.expected.toFixed());

describe("runPlan: expected spend", () => {
  it("prices a mean request by the catalog and grows it compound", () => {
    // month 1 = 1.2 × 10,000 × 0.0003075 = 3.69; month 2 = 3.69 × 1.1 = 4.059; month 3 = 3.69 × 1.21 = 4.4649
    const plan = runPlan(catalog, portfolio({ ...support, growth: { kind: "compound", monthly: 0.1 } }), { months: 3 });
    assert.equal(plan.useCases[0]!.months[0]!.cost.priced && plan.useCases[0]!.months[0]!.cost.total.toFixed(), "0.0003075");
    assert.deepEqual(
      plan.months.map((m) => m.expected.toFixed()),
      ["3.69", "4.059", "4.4649"],
    );
  });

  it("grows linearly, never below zero", () => {
    // month 3: 10,000 + 2 × 5,000 = 20,000 requests × 0.0003075 = 6.15 (α 1)
    assert.deepEqual(expected(portfolio({ ...support, overhead: 1, growth: { kind: "linear", monthly_requests: 5000 } })), ["3.075", "4.6125", "6.15"]);
    // 10,000 − 2 × 6,000 < 0 → 0
    assert.equal(expected(portfolio({ ...support, growth: { kind: "linear", monthly_requests: -6000 } }))[2], "0");
  });

  it("follows an s-curve from the base volume toward its ceiling", () => {
    // V = 1,000, C = 11,000, midpoint 2027-06 (m = 6), s = 1: L(1) = 1/(1+e^5) = 0.0066929;
    // month 6: f = (0.5 − L(1)) / (1 − L(1)) = 0.496631 → 1,000 + 10,000 × 0.496631 = 5,966.31
    const p = portfolio({ ...support, requests_per_month: 1000, growth: { kind: "s-curve", ceiling: 11000, midpoint: "2027-06", steepness: 1 } });
    const months = runPlan(catalog, p, { months: 40 }).useCases[0]!.months.map((m) => Number(m.requests));
    assert.equal(months[0], 1000);
    assert.ok(Math.abs(months[5]! - 5966.31) < 0.01, String(months[5]));
    for (let k = 1; k < months.length; k++) assert.ok(months[k]! >= months[k - 1]!);
    assert.ok(months[1]! > months[0]!);
    assert.ok(11000 - months[39]! < 1);
  });

  it("prices batch use cases at the batch price", () => {
    // gpt-4o-mini batch is half: 0.00015375 per request × 10,000 × 1.2 = 1.845
    assert.equal(expected(portfolio({ ...support, batch: true }), 1)[0], "1.845");
  });

  it("resolves the price in force on each month's first day", () => {
    // o3 cut its price on 2025-06-10: 10,000 × $10/M + 3,000 × $40/M = 0.22 in May and June,
    // 10,000 × $2/M + 3,000 × $8/M = 0.044 from July; 100 requests a month
    const p = validatePortfolio(
      { start: "2025-05", use_cases: [{ name: "agent", model: "o3", input_tokens: 10000, output_tokens: 3000, requests_per_month: 100 }] },
      "o3.json",
    );
    const plan = runPlan(catalog, p, { months: 3 });
    assert.deepEqual(
      plan.months.map((m) => m.expected.toFixed()),
      ["22", "22", "4.4"],
    );
    const july = plan.useCases[0]!.months[2]!.cost;
    assert.ok(july.priced && july.version_from === "2025-06-10");
  });

  it("follows a price change in a layered catalog", () => {
    // acme-1: $1/M input until 2027-02-15, $0.50/M after; 1,000,000 input tokens, 1 request a month
    const layer: CatalogFile = {
      catalog: "test",
      models: [
        {
          id: "acme-1",
          provider: "acme",
          mode: "chat",
          prices: [
            { from: "2026-01-01", rates: { input: "1.00", output: "2.00" }, source: "https://example.com", retrieved: "2026-11-25" },
            { from: "2027-02-15", rates: { input: "0.50", output: "2.00" }, source: "https://example.com", retrieved: "2026-11-25" },
          ],
        },
      ],
    };
    const p = portfolio({ name: "a", model: "acme-1", input_tokens: 1_000_000, requests_per_month: 1 });
    assert.deepEqual(
      runPlan(Catalog.from(...builtinCatalogFiles, layer), p, { months: 3 }).months.map((m) => m.expected.toFixed()),
      ["1", "1", "0.5"],
    );
  });

  it("bills reasoning at the output rate", () => {
    // o3 after the cut: 1,000 reasoning × $8/M = 0.008 per request × 1,000 requests = 8
    const p = validatePortfolio({ start: "2025-07", use_cases: [{ name: "think", model: "o3", reasoning_tokens: 1000, requests_per_month: 1000 }] }, "r.json");
    assert.equal(runPlan(catalog, p, { months: 1 }).months[0]!.expected.toFixed(), "8");
  });

  it("reports an unknown model unpriced and leaves it out of the totals", () => {
    const plan = runPlan(catalog, portfolio(support, { name: "mystery", model: "gpt-9", input_tokens: 100, requests_per_month: 5 }), { months: 1 });
    const mystery = plan.useCases[1]!.months[0]!;
    assert.equal(mystery.cost.priced, false);
    assert.ok(!mystery.cost.priced && /gpt-9/.test(mystery.cost.reason));
    assert.equal(mystery.expected, null);
    assert.equal(plan.months[0]!.expected.toFixed(), "3.69");
  });
});

describe("runPlan: uncertainty", () => {
  const spread = { ...support, spread: { requests: 0.2, input_tokens: 0.1, output_tokens: 0.15 } };

  it("gives P10 = P50 = P90 = expected exactly with no spread", () => {
    for (const m of runPlan(catalog, portfolio({ ...support, growth: { kind: "compound", monthly: 0.1 } }), { months: 6 }).months) {
      assert.equal(m.p10.toFixed(), m.expected.toFixed());
      assert.equal(m.p50.toFixed(), m.expected.toFixed());
      assert.equal(m.p90.toFixed(), m.expected.toFixed());
    }
  });

  it("orders P10 < P50 < P90 around the exact expected spend, reproducibly", () => {
    const a = runPlan(catalog, portfolio(spread), { months: 3, seed: 7, runs: 4000 });
    const b = runPlan(catalog, portfolio(spread), { months: 3, seed: 7, runs: 4000 });
    const c = runPlan(catalog, portfolio(spread), { months: 3, seed: 8, runs: 4000 });
    for (const m of a.months) {
      assert.equal(m.expected.toFixed(), "3.69"); // the mean formula, not the sample mean
      assert.ok(m.p10.lt(m.p50) && m.p50.lt(m.p90));
      assert.ok(m.p50.gt(3.69 * 0.9) && m.p50.lt(3.69 * 1.1), m.p50.toFixed());
    }
    assert.deepEqual(a.months, b.months);
    assert.notDeepEqual(
      a.months.map((m) => m.p50.toFixed()),
      c.months.map((m) => m.p50.toFixed()),
    );
  });

  it("gives each use case its own percentiles, lognormal as the spread says", () => {
    // volume spread only, cv 0.2: spend = 3.69 × M, M lognormal with mean 1:
    // σ² = ln(1 + 0.2²) = 0.039221, σ = 0.198043, μ = −σ²/2 = −0.019610
    // P10 = 3.69·e^(μ − 1.281552σ) = 3.69 × 0.760772 = 2.8072; P50 = 3.69·e^μ = 3.69 × 0.980581 = 3.6183;
    // P90 = 3.69·e^(μ + 1.281552σ) = 3.69 × 1.263880 = 4.6637 (20,000 paths: within 1.5%)
    const steady = { ...support, name: "steady", spread: undefined };
    const plan = runPlan(catalog, portfolio({ ...support, spread: { requests: 0.2 } }, steady), { months: 2, seed: 11, runs: 20_000 });
    const [bot, fixed] = plan.useCases;
    for (const k of [0, 1]) {
      const m = bot!.months[k]!;
      for (const [got, want] of [
        [m.p10!, 2.8072],
        [m.p50!, 3.6183],
        [m.p90!, 4.6637],
      ] as const) {
        assert.ok(Math.abs(Number(got) / want - 1) < 0.015, `${got.toFixed()} against ${want}`);
      }
      // no spread: its percentiles are its expected spend
      const f = fixed!.months[k]!;
      assert.deepEqual([f.p10!.toFixed(), f.p50!.toFixed(), f.p90!.toFixed()], ["3.69", "3.69", "3.69"]);
      // the total is the spread use case's path plus the fixed one's mean, path by path
      assert.ok(plan.months[k]!.p50.minus(m.p50!).minus("3.69").abs().lte("0.000001"));
    }
  });

  it("draws a compound rate once per path when the growth is in doubt", () => {
    // g = 10 %, sd 5 points, nothing else spread: month k's spend is expected × ((1 + g') / 1.1)^(k−1)
    // with g' = 0.1 + 0.05·Z. Month 1 does not move; month 12 at the quantiles of Z:
    // P10 = ((1.1 − 1.281552 × 0.05) / 1.1)^11 = 0.941747^11 = 0.51674 × expected
    // P50 = 1 × expected; P90 = ((1.1 + 0.064078) / 1.1)^11 = 1.058253^11 = 1.86406 × expected
    const p = portfolio({ ...support, growth: { kind: "compound", monthly: 0.1 }, spread: { growth: 0.05 } });
    const plan = runPlan(catalog, p, { months: 12, seed: 5, runs: 20_000 });
    const first = plan.months[0]!;
    assert.deepEqual([first.p10.toFixed(), first.p50.toFixed(), first.p90.toFixed()], ["3.69", "3.69", "3.69"]);
    const last = plan.months[11]!;
    const ratio = (b: { toString(): string }) => Number(b.toString()) / Number(last.expected.toString());
    for (const [got, want] of [
      [ratio(last.p10), 0.51674],
      [ratio(last.p50), 1],
      [ratio(last.p90), 1.86406],
    ] as const) {
      assert.ok(Math.abs(got / want - 1) < 0.02, `${got} against ${want}`);
    }
    // the use case's own band is the total's here, and the draws are reproducible
    assert.equal(plan.useCases[0]!.months[11]!.p90!.toFixed(), last.p90.toFixed());
    assert.deepEqual(runPlan(catalog, p, { months: 12, seed: 5, runs: 20_000 }).months, plan.months);
  });

  it("refuses a growth spread on growth that is not compound, naming the field", () => {
    assert.throws(
      () => portfolio({ ...support, growth: { kind: "linear", monthly_requests: 10 }, spread: { growth: 0.05 } }),
      /test\.json: use case 1 \(support-bot\), field spread\.growth: applies to compound growth only \(this use case's growth is linear\)/,
    );
  });

  it("keeps a month's percentiles whatever the horizon", () => {
    const short = runPlan(catalog, portfolio(spread), { months: 1, seed: 3 });
    const long = runPlan(catalog, portfolio(spread), { months: 6, seed: 3 });
    assert.deepEqual(short.months[0], long.months[0]);
  });
});

describe("runPlan: scenarios", () => {
  const withScenarios = (): Portfolio =>
    validatePortfolio(
      {
        start: "2027-01",
        use_cases: [support],
        scenarios: { peak: { requests_multiplier: 1.4 }, "cheaper-support": { use_cases: { "support-bot": { model: "gpt-4.1-mini", from: "2027-03" } } } },
      },
      "s.json",
    );

  it("multiplies requests", () => {
    // 3.69 × 1.4 = 5.166
    assert.equal(runPlan(catalog, withScenarios(), { months: 1, scenario: "peak" }).months[0]!.expected.toFixed(), "5.166");
  });

  it("moves a use case to another model from a month on", () => {
    // gpt-4.1-mini: 1000×0.40/M + 500×0.10/M + 200×1.60/M = 0.0004 + 0.00005 + 0.00032 = 0.00077;
    // × 10,000 × 1.2 = 9.24 from March
    assert.deepEqual(expected(withScenarios(), 3, { scenario: "cheaper-support" }), ["3.69", "3.69", "9.24"]);
  });

  it("leaves the months a scenario moves to an unknown model out of the totals", () => {
    const p = validatePortfolio(
      { start: "2027-01", use_cases: [support], scenarios: { bad: { use_cases: { "support-bot": { model: "gpt-9", from: "2027-02" } } } } },
      "b.json",
    );
    const plan = runPlan(catalog, p, { months: 2, scenario: "bad" });
    assert.deepEqual(
      plan.months.map((m) => m.expected.toFixed()),
      ["3.69", "0"],
    );
    assert.equal(plan.useCases[0]!.months[1]!.cost.priced, false);
  });

  it("names the known scenarios for an unknown one", () => {
    assert.throws(() => runPlan(catalog, withScenarios(), { scenario: "nope" }), /unknown scenario "nope" \(known: peak, cheaper-support\)/);
  });
});
