import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { runPlan } from "./plan.js";
import { validatePortfolio } from "./portfolio.js";
import { sensitivity } from "./sensitivity.js";

const catalog = builtinCatalog();

// gpt-4o-mini: $0.15/M input, $0.60/M output
// bot: 1000×0.15/M + 200×0.60/M = 0.00015 + 0.00012 = 0.00027 a request × 10,000 = 2.7 (input 1.5, output 1.2)
// search: 2000×0.15/M = 0.0003 a request × 1,000 = 0.3
const portfolio = validatePortfolio(
  {
    start: "2027-01",
    use_cases: [
      {
        name: "bot",
        model: "gpt-4o-mini",
        input_tokens: 1000,
        output_tokens: 200,
        requests_per_month: 10000,
        growth: { kind: "compound", monthly: 0.1 },
        spread: { requests: 0.5 },
      },
      { name: "search", model: "gpt-4o-mini", input_tokens: 2000, requests_per_month: 1000 },
    ],
  },
  "s.json",
);
const bar = (r: ReturnType<typeof sensitivity>, useCase: string, parameter: string) => {
  const b = r.bars.find((x) => x.useCase === useCase && x.parameter === parameter)!;
  return [b.low.toFixed(), b.high.toFixed(), b.spread.toFixed()];
};

describe("sensitivity", () => {
  const one = sensitivity(catalog, portfolio, { months: 1, swing: 0.2 });

  it("moves each parameter by ± swing, the rest as in the file (exact, spreads ignored)", () => {
    assert.equal(one.base.toFixed(), "3");
    // bot requests: 2.7 × 0.8 + 0.3 = 2.46, 2.7 × 1.2 + 0.3 = 3.54 — linear, so ±20 % of 2.7 exactly
    assert.deepEqual(bar(one, "bot", "requests_per_month"), ["2.46", "3.54", "1.08"]);
    assert.deepEqual(bar(one, "bot", "overhead"), ["2.46", "3.54", "1.08"]);
    // input part 1.5 ± 0.3; output part 1.2 ± 0.24
    assert.deepEqual(bar(one, "bot", "input_tokens"), ["2.7", "3.3", "0.6"]);
    assert.deepEqual(bar(one, "bot", "output_tokens"), ["2.76", "3.24", "0.48"]);
    assert.deepEqual(bar(one, "bot", "reasoning_tokens"), ["3", "3", "0"]);
    // growth plays no part in month 1
    assert.deepEqual(bar(one, "bot", "growth"), ["3", "3", "0"]);
    assert.deepEqual(bar(one, "search", "requests_per_month"), ["2.94", "3.06", "0.12"]);
  });

  it("ranks by spread, largest first, ties in the file's order", () => {
    assert.deepEqual(
      one.bars.slice(0, 7).map((b) => `${b.useCase}.${b.parameter}`),
      [
        "bot.requests_per_month",
        "bot.overhead",
        "bot.input_tokens",
        "bot.output_tokens",
        "search.requests_per_month",
        "search.input_tokens",
        "search.overhead",
      ],
    );
    assert.equal(one.bars.length, 14);
  });

  it("scales the growth rate over the horizon", () => {
    // month 2 of bot: 11,000 requests → 2.97; base = 2.7 + 2.97 + 2 × 0.3 = 6.27
    // growth 0.08 → 10,800 → 2.916; growth 0.12 → 11,200 → 3.024
    const two = sensitivity(catalog, portfolio, { months: 2, swing: 0.2 });
    assert.equal(two.base.toFixed(), "6.27");
    assert.deepEqual(bar(two, "bot", "growth"), ["6.216", "6.324", "0.108"]);
  });

  it("applies a scenario, presets included", () => {
    // peak: requests × 1.4 → 4.2; base 3 × 1.4 = 4.2, requests bar 4.2 ± 20 % of 3.78 (bot)
    const peak = sensitivity(catalog, portfolio, { months: 1, scenario: "peak" });
    assert.equal(peak.base.toFixed(), "4.2");
    assert.deepEqual(bar(peak, "bot", "requests_per_month"), ["3.444", "4.956", "1.512"]);
  });

  it("rejects a swing outside (0, 1)", () => {
    assert.throws(() => sensitivity(catalog, portfolio, { swing: 1 }), RangeError);
    assert.throws(() => sensitivity(catalog, portfolio, { swing: 0 }), RangeError);
  });
});

describe("sensitivity, one use case at a time", () => {
  it("gives the totals a whole re-run gives, under a scenario, with an unpriced use case beside", () => {
    const p = validatePortfolio(
      {
        start: "2027-01",
        use_cases: [
          ...portfolio.use_cases,
          {
            name: "mix",
            model: "gpt-4.1",
            routing: [{ model: "gpt-4o-mini", share: 0.25 }],
            input_tokens: 700,
            cached_input_tokens: 300,
            output_tokens: 90,
            requests_per_month: 3000,
            growth: { kind: "linear", monthly_requests: 250 },
          },
          { name: "unknown", model: "no-such-model", input_tokens: 10, requests_per_month: 5 },
        ],
        scenarios: { busy: { requests_multiplier: 1.3, use_cases: { search: { model: "gpt-4.1-mini", from: "2027-03" } } } },
      },
      "s.json",
    );
    const r = sensitivity(catalog, p, { months: 6, swing: 0.3, scenario: "busy" });
    const total = (useCases: typeof p.use_cases) =>
      runPlan(catalog, { ...p, use_cases: useCases.map((u) => ({ ...u, spread: undefined })) }, { months: 6, runs: 1, scenario: "busy" }).months.reduce(
        (s, m) => s.plus(m.expected),
        new Big(0),
      );
    assert.equal(r.base.toFixed(), total(p.use_cases).toFixed());
    // overhead scales a use case's spend linearly: the whole portfolio re-run with mix's α × 0.7 and × 1.3
    const b = r.bars.find((x) => x.useCase === "mix" && x.parameter === "overhead")!;
    const at = (f: number) => total(p.use_cases.map((u) => (u.name === "mix" ? { ...u, overhead: u.overhead * f } : u)));
    assert.equal(b.low.toFixed(), at(0.7).toFixed());
    assert.equal(b.high.toFixed(), at(1.3).toFixed());
  });
});
