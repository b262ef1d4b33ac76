import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { weightedDemand } from "./commit-demand.js";
import {
  breakEvenUtilisation,
  commitmentRate,
  costCurve,
  DemandSample,
  effectivePrice,
  newsvendor,
  sizeAt,
  sizeCost,
  unitCapacity,
  unitCostPerMonth,
  weightedTokens,
  type CommitmentProduct,
} from "./commit.js";
import { quantile } from "./monte-carlo.js";
import { seededRandom } from "../shared/random.js";
import { runPlan } from "./plan.js";
import { validatePortfolio } from "./portfolio.js";

const product = (over: Partial<CommitmentProduct> = {}): CommitmentProduct => ({
  unitPrice: new Big(432),
  per: "month",
  unitTpm: 10_000,
  outputWeight: 1,
  cachedFree: false,
  minUnits: 1,
  step: 1,
  ...over,
});

describe("commitment arithmetic", () => {
  it("prices a unit per month and per hour", () => {
    // 10,000 TPM × 60 × 24 × 30 = 432,000,000 tokens a month; $432 / 432,000,000 = $0.000001 (r = $1 per million)
    assert.equal(unitCapacity(product()).toFixed(), "432000000");
    assert.equal(commitmentRate(product()).toFixed(), "0.000001");
    // $0.60 an hour × 720 hours = $432 a month: the same r
    const hourly = product({ unitPrice: new Big("0.6"), per: "hour" });
    assert.equal(unitCostPerMonth(hourly).toFixed(), "432");
    assert.equal(commitmentRate(hourly).toFixed(), "0.000001");
  });

  it("prices a prepaid token pack by the tokens it holds a month", () => {
    // 100,000,000 tokens for $180 a month: r = 180 / 100,000,000 = $0.0000018 ($1.80 per million)
    const pack = product({ unitTpm: undefined, unitTokensPerMonth: 100_000_000, unitPrice: new Big(180) });
    assert.equal(unitCapacity(pack).toFixed(), "100000000");
    assert.equal(commitmentRate(pack).toFixed(), "0.0000018");
  });

  it("shows r / u next to the rule of thumb r·(2 − u)", () => {
    const r = new Big("0.000001");
    const at = (u: number) => effectivePrice(r, u);
    // u = 0.25: r/u = 4r = 0.000004, r·(2 − 0.25) = 1.75r = 0.00000175 (understates by more than half)
    assert.equal(at(0.25).exact!.toFixed(), "0.000004");
    assert.equal(at(0.25).ruleOfThumb.toFixed(), "0.00000175");
    // u = 0.5: 2r against 1.5r
    assert.equal(at(0.5).exact!.toFixed(), "0.000002");
    assert.equal(at(0.5).ruleOfThumb.toFixed(), "0.0000015");
    // u = 1: both r
    assert.equal(at(1).exact!.toFixed(), "0.000001");
    assert.equal(at(1).ruleOfThumb.toFixed(), "0.000001");
    // u = 0: nothing used, no price per used token
    assert.equal(at(0).exact, null);
  });

  it("breaks even at u* = r / p", () => {
    // r = $1/M, p = $2/M → u* = 0.5: at half use, r/u = 2r = p
    assert.equal(breakEvenUtilisation(new Big("0.000001"), new Big("0.000002")).toFixed(), "0.5");
  });

  it("weighs output and leaves cached input out where that is the rule", () => {
    const mean = { input: 1000, cached_input: 500, output: 200, reasoning: 50 };
    // 1000 + 500 + 4 × (200 + 50) = 2500; cached free: 2000
    assert.equal(weightedTokens(mean, { outputWeight: 4, cachedFree: false }), 2500);
    assert.equal(weightedTokens(mean, { outputWeight: 4, cachedFree: true }), 2000);
  });
});

// one unit: 1 TPM → K = 43,200 tokens a month at $4.32 → r = 0.0001; p = 0.0004 → r / p = 0.25.
// spilling one K costs 43,200 × 0.0004 = $17.28. Demand: 1K, 2K, …, 10K, equally likely.
// cost(C) = 4.32·C + 17.28·E[(D − C)+], E[(D − C)+] = (10 − C)(11 − C) / 20:
//   C = 6: 25.92 + 17.28 × 1   = 43.2
//   C = 7: 30.24 + 17.28 × 0.6 = 40.608
//   C = 8: 34.56 + 17.28 × 0.3 = 39.744   ← least; P(D > 8) = 0.2 ≤ 0.25 < P(D > 7) = 0.3
//   C = 9: 38.88 + 17.28 × 0.1 = 40.608
//   C = 0: 17.28 × 5.5 = 95.04 (pay-as-you-go only)
const small = product({ unitPrice: new Big("4.32"), unitTpm: 1 });
const payg = new Big("0.0004");
const tenSamples = new DemandSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => k * 43_200));

describe("newsvendor sizing", () => {
  it("finds the hand-computed least cost and meets the critical fractile", () => {
    const result = newsvendor(small, tenSamples, payg, 1);
    assert.equal(result.best.units, 8);
    assert.equal(result.best.expectedTotal.toFixed(), "39.744");
    assert.equal(result.best.commitment.toFixed(), "34.56");
    assert.equal(result.best.expectedSpill.toFixed(), "5.184");
    // E[min(D, 8)] = 5.5 − 0.3 = 5.2 → u = 5.2 / 8 = 0.65
    assert.equal(result.best.expectedUtilisation, 0.65);
    assert.equal(result.paygOnly.expectedTotal.toFixed(), "95.04");
    assert.equal(result.criticalFractile.toFixed(), "0.25");
    assert.equal(result.fractileUnits, 8);
    const at = (c: number) => sizeCost(small, tenSamples, payg, 1, c).expectedTotal.toFixed();
    assert.deepEqual([6, 7, 9].map(at), ["43.2", "40.608", "40.608"]);
    // twelve months: everything × 12
    assert.equal(newsvendor(small, tenSamples, payg, 12).best.expectedTotal.toFixed(), "476.928");
  });

  it("respects the minimum and the step, and agrees with the fractile up to the step", () => {
    // sizes 0, 3, 7, 11: C = 3: 12.96 + 17.28 × 2.8 = 61.344; C = 7: 40.608; C = 11: 47.52
    const stepped = { ...small, minUnits: 3, step: 4 };
    const result = newsvendor(stepped, tenSamples, payg, 1);
    assert.equal(result.best.units, 7);
    assert.equal(result.best.expectedTotal.toFixed(), "40.608");
    // P(D > 7) = 0.3 > 0.25, P(D > 11) = 0: the fractile size is 11, the best the size before
    assert.equal(result.fractileUnits, 11);
    assert.deepEqual(
      costCurve(stepped, tenSamples, payg, 1, result).map((s) => [s.units, s.expectedTotal.toFixed()]),
      [
        [0, "95.04"],
        [3, "61.344"],
        [7, "40.608"],
        [11, "47.52"],
      ],
    );
  });

  it("buys nothing when the commitment is no cheaper than pay-as-you-go", () => {
    // r = 0.0001 ≥ p = 0.0001: r / p = 1
    assert.equal(newsvendor(small, tenSamples, new Big("0.0001"), 1).best.units, 0);
  });

  it("equals the brute-force minimum on random samples", () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 40; trial++) {
      const samples = Array.from({ length: 10 + Math.floor(random() * 50) }, () => Math.round(random() * 20 * 43_200));
      const demand = new DemandSample(samples);
      const p = new Big((0.0001 + random() * 0.0009).toFixed(7));
      const prod = { ...small, minUnits: 1 + Math.floor(random() * 4), step: 1 + Math.floor(random() * 3) };
      const result = newsvendor(prod, demand, p, 1);
      let brute = sizeCost(prod, demand, p, 1, 0);
      for (let i = 1; i <= result.lastIndex + 5; i++) {
        const c = sizeCost(prod, demand, p, 1, sizeAt(prod, i));
        if (c.expectedTotal.lt(brute.expectedTotal)) brute = c;
      }
      assert.equal(result.best.expectedTotal.toFixed(), brute.expectedTotal.toFixed(), `trial ${trial}`);
      // the best is the fractile size or the size one step below it
      const f = result.fractileUnits;
      const below = f === 0 ? 0 : f === prod.minUnits ? 0 : f - prod.step;
      assert.ok(result.best.units === f || result.best.units === below, `trial ${trial}: best ${result.best.units}, fractile ${f}`);
    }
  });

  it("samples the curve evenly when it is long, keeping the best", () => {
    const demand = new DemandSample([1000 * 43_200]);
    const result = newsvendor(small, demand, payg, 1);
    assert.equal(result.best.units, 1000);
    const curve = costCurve(small, demand, payg, 1, result, 25);
    assert.ok(curve.length <= 30);
    assert.ok(curve.some((s) => s.units === 1000));
    assert.equal(curve[0]!.units, 0);
  });
});

describe("weightedDemand", () => {
  const catalog = builtinCatalog();
  const support = {
    name: "support-bot",
    model: "gpt-4o-mini",
    input_tokens: 1000,
    cached_input_tokens: 500,
    output_tokens: 200,
    requests_per_month: 10000,
    overhead: 1.2,
  };

  it("counts weighted tokens and the blended pay-as-you-go rate", () => {
    // 1000 + 500 + 4 × 200 = 2300 weighted tokens × 12,000 requests = 27,600,000; spend 3.69 (0.0003075 × 12,000)
    const plan = runPlan(
      catalog,
      validatePortfolio({ start: "2027-01", use_cases: [support, { name: "mystery", model: "gpt-9", input_tokens: 10, requests_per_month: 1 }] }, "t.json"),
      { months: 1 },
    );
    const d = weightedDemand(plan, { outputWeight: 4, cachedFree: false });
    assert.equal(d.expected[0]!.toFixed(), "27600000");
    assert.equal(d.spend[0]!.toFixed(), "3.69");
    assert.deepEqual(d.samples, [[27_600_000]]);
    // p = 3.69 / 27,600,000; p × E[D] is the plan's expected spend
    assert.equal(d.payg!.times(27_600_000).round(10).toFixed(), "3.69");
    assert.equal(weightedDemand(plan, { outputWeight: 4, cachedFree: false }, "mystery").payg, null);
  });

  it("draws the same paths as runPlan", () => {
    // spread on requests only: each path's spend is its tokens × p, so the percentiles agree
    // (and a compound rate drawn per path, as runPlan draws it)
    const plan = runPlan(
      catalog,
      validatePortfolio(
        { start: "2027-01", use_cases: [{ ...support, growth: { kind: "compound", monthly: 0.2 }, spread: { requests: 0.3, growth: 0.1 } }] },
        "t.json",
      ),
      { months: 4, runs: 500, seed: 3 },
    );
    const d = weightedDemand(plan, { outputWeight: 1, cachedFree: true });
    assert.equal(d.samples[1]!.length, 500);
    for (const k of [0, 1, 2, 3]) {
      const sorted = [...d.samples[k]!].sort((a, b) => a - b);
      for (const [q, key] of [
        [0.1, "p10"],
        [0.5, "p50"],
        [0.9, "p90"],
      ] as const) {
        assert.ok(Math.abs(quantile(sorted, q) * Number(d.payg) - Number(plan.months[k]![key])) < 1e-5, `month ${k} ${key}`);
      }
    }
  });
});
