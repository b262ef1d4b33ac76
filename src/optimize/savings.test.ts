import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { usage, type Usage } from "../usage/usage.js";
import type { UsageProfile, UsageProfileRow } from "./profile-rows.js";
import { busiestHours, findSavings } from "./savings.js";
import { priceRow, promptThresholds } from "./row-pricing.js";

const catalog = builtinCatalog();
const thresholds = promptThresholds(catalog);

function row(feature: string | null, model: string, tokens: Partial<Usage>, total_usd: string, extra: Partial<UsageProfileRow> = {}): UsageProfileRow {
  return {
    dimensions: { feature },
    provider: "openai",
    model,
    priced: true,
    day: "2025-10-01",
    batch: false,
    service_tier: "",
    wasted: false,
    over_thresholds: 0,
    events: 100,
    tokens: usage(tokens),
    total_usd,
    output_above_p95: 0,
    cached_events: 0,
    ...extra,
  };
}

const flat = (n: number): number[] => new Array<number>(24).fill(n);

describe("findSavings", () => {
  // gpt-4o on 2025-10-01 is gpt-4o-2024-08-06: $2.50 in, $10 out per 1M; gpt-4o-mini $0.15 / $0.60
  // 500,000 × 2.5/M + 20,000 × 10/M = 1.25 + 0.2 = 1.45
  const classify = row("classify", "gpt-4o-2024-08-06", { input: 500_000, output: 20_000, requests: 1000 }, "1.45", { events: 1000 });
  // nightly: 1,000,000 × 0.15/M + 100,000 × 0.6/M = 0.15 + 0.06 = 0.21, every call between 02:00 and 05:00
  const nightly = row("nightly", "gpt-4o-mini", { input: 1_000_000, output: 100_000, requests: 200 }, "0.21", { events: 200, output_above_p95: 0 });
  // chat: a long output tail, 50,000 tokens above the p95 of 400
  const chat = row("chat", "gpt-4o-mini", { input: 100_000, output: 300_000, requests: 500 }, "0.195", { events: 500, output_above_p95: 50_000 });
  // chat's retries: 0.05 spent on attempts that failed
  const retried = row("chat", "gpt-4o-mini", { input: 200_000, output: 33_333, requests: 50 }, "0.0499998", { events: 50, wasted: true });
  const nightlyHours = new Array<number>(24).fill(0);
  nightlyHours[2] = 120;
  nightlyHours[3] = 80;
  const profile: UsageProfile = {
    rows: [classify, nightly, chat, retried, row(null, "gpt-4o-2024-08-06", { input: 9_000_000, output: 1000 }, "22.51")],
    outputs: [
      { dimensions: { feature: "classify" }, model: "gpt-4o-2024-08-06", events: 1000, p50: 12, p95: 30, p99: 40 },
      { dimensions: { feature: "nightly" }, model: "gpt-4o-mini", events: 200, p50: 500, p95: 600, p99: 700 },
      { dimensions: { feature: "chat" }, model: "gpt-4o-mini", events: 550, p50: 300, p95: 400, p99: 1500 },
      { dimensions: { feature: null }, model: "gpt-4o-2024-08-06", events: 100, p50: 10, p95: 10, p99: 10 },
    ],
    hours: [
      { dimensions: { feature: "classify" }, hours: flat(1000 / 24) },
      { dimensions: { feature: "nightly" }, hours: nightlyHours },
      { dimensions: { feature: "chat" }, hours: flat(23) },
    ],
  };
  const report = findSavings(catalog, profile, { thresholds, days: 30, windowFlags: "--period 2025-10" });
  const of = (kind: string, feature: string) => report.opportunities.find((o) => o.kind === kind && o.scope.feature === feature);

  it("finds an over-powered model on short outputs and prices the cheaper one of its family on the same calls", () => {
    const o = of("model", "classify")!;
    // gpt-4o-mini: 500,000 × 0.15/M + 20,000 × 0.6/M = 0.075 + 0.012 = 0.087; saving 1.45 − 0.087 = 1.363
    assert.equal(o.saving_usd, "1.363");
    assert.equal(o.evidence.to_model, "gpt-4o-mini");
    // per month: 1.363 × 30.4375 / 30 = 1.38287708… → 1.382877
    assert.equal(o.saving_usd_per_month, "1.382877");
    assert.equal(o.whatif, "tokenomics whatif --where feature=classify --where resolved_model=gpt-4o-2024-08-06 --period 2025-10 --model gpt-4o-mini");
    assert.deepEqual(o.scope, { feature: "classify", resolved_model: "gpt-4o-2024-08-06" });
  });

  it("finds bulk work not on batch and prices it at the batch rates", () => {
    const o = of("batch", "nightly")!;
    // gpt-4o-mini batch is half price: 0.21 − 0.105 = 0.105
    assert.equal(o.saving_usd, "0.105");
    assert.equal(o.evidence.bulk_from_hour_utc, 1); // 01:00–04:00 holds 02:00 and 03:00 (the first window with all 200)
    assert.equal(of("batch", "chat"), undefined, "calls spread over the day are not bulk");
  });

  it("caps a long output tail at its p95", () => {
    const o = of("output-tail", "chat")!;
    // 50,000 × $0.60/M = 0.03
    assert.equal(o.saving_usd, "0.03");
    assert.match(o.whatif, /--cap-output 400$/);
    assert.equal(of("output-tail", "classify"), undefined, "p99 40 < 3 × p50 12: no tail");
  });

  it("counts the cost of retries and failed calls", () => {
    const o = of("retries", "chat")!;
    assert.equal(o.saving_usd, "0.0499998");
    assert.equal(o.events, 550);
    assert.equal(o.actual_usd, "0.2449998"); // 0.195 + 0.0499998
  });

  it("leaves out a slice no --where can select (an unset feature), ranks by saving per month, and totals the rows exactly", () => {
    assert.ok(report.opportunities.every((o) => o.scope.feature !== undefined));
    const perMonth = report.opportunities.map((o) => Number(o.saving_usd_per_month));
    assert.deepEqual(
      perMonth,
      [...perMonth].sort((a, b) => b - a),
    );
    // each saving × 30.4375 / 30, to 6 places (half-even): 0.105 → 0.10653125 → 0.106531; 0.0499998 → 0.05072896… → 0.050729;
    // 0.03 → 0.0304375 → 0.030438; total 1.382877 + 0.106531 + 0.050729 + 0.030438 = 1.570575
    assert.equal(report.total_saving_usd_per_month, "1.570575");
    const big = findSavings(catalog, profile, { thresholds, days: 30, windowFlags: "--period 2025-10", minUsdPerMonth: "0.1" });
    assert.deepEqual(
      big.opportunities.map((o) => o.kind),
      ["model", "batch"],
    );
  });
});

describe("priceRow", () => {
  it("prices a row over a long-context threshold at the model's tier for every call in it", () => {
    // claude-sonnet-4-5 above 200,000 prompt tokens: $6 in, $22.50 out per 1M (base $3 / $15)
    const long = { model: "claude-sonnet-4-5", day: "2025-10-01", tokens: usage({ input: 1_000_000, output: 10_000 }), over_thresholds: 0 };
    assert.equal(priceRow(catalog, long, thresholds), "3.15"); // 1M × 3/M + 10k × 15/M
    const over = thresholds.indexOf(200_000) + 1;
    assert.equal(priceRow(catalog, { ...long, over_thresholds: over }, thresholds), "6.225"); // 1M × 6/M + 10k × 22.5/M
  });

  it("says why a row cannot be priced", () => {
    const r = priceRow(catalog, { model: "acme-7b", day: "2025-10-01", tokens: usage({ input: 1 }), over_thresholds: 0 }, thresholds);
    assert.equal(typeof r, "object");
  });
});

describe("busiestHours", () => {
  it("wraps around midnight", () => {
    const h = new Array<number>(24).fill(0);
    h[23] = 5;
    h[0] = 5;
    assert.deepEqual(busiestHours(h, 2), { start: 23, calls: 10 });
  });
});
