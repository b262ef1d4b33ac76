import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { runPlan } from "./plan.js";
import { PortfolioError, validatePortfolio } from "./portfolio.js";
import { mixCost, mixMean, splitRequests } from "./routing.js";

const catalog = builtinCatalog();
const at = "2027-01-01T00:00:00Z";
const mean = { input: 1000, cached_input: 0, output: 200, reasoning: 0 };

// gpt-4o-2024-08-06: $2.50/M input, $10/M output: 1000 × 2.5/M + 200 × 10/M = 0.0045
// gpt-4o-mini: $0.15/M input, $0.60/M output, its route answers 100 tokens: 0.00015 + 0.00006 = 0.00021
const mixed = {
  name: "support-bot",
  model: "gpt-4o-2024-08-06",
  routing: [{ model: "gpt-4o-mini", share: 0.3, output_tokens: 100 }],
  input_tokens: 1000,
  output_tokens: 200,
  requests_per_month: 10_000,
};

describe("routing mixes", () => {
  it("splits requests: the routes' shares, the rest to the use case's model", () => {
    const routes = splitRequests("gpt-4o-2024-08-06", mixed.routing, mean);
    assert.deepEqual(
      routes.map((r) => [r.model, r.share.toFixed(), r.mean.output]),
      [
        ["gpt-4o-mini", "0.3", 100],
        ["gpt-4o-2024-08-06", "0.7", 200],
      ],
    );
    // a route taking everything leaves nothing to the use case's model
    assert.deepEqual(
      splitRequests("gpt-4o", [{ model: "gpt-4o-mini", share: 1 }], mean).map((r) => r.model),
      ["gpt-4o-mini"],
    );
    // output of a mean request: 0.3 × 100 + 0.7 × 200 = 170
    assert.equal(mixMean(routes).output, 170);
  });

  it("prices a mix as the share-weighted sum of its routes' request costs", () => {
    // 0.7 × 0.0045 + 0.3 × 0.00021 = 0.00315 + 0.000063 = 0.003213
    const cost = mixCost(catalog, splitRequests("gpt-4o-2024-08-06", mixed.routing, mean), at);
    assert.ok(cost.priced);
    assert.equal(cost.total.toFixed(), "0.003213");
    assert.equal(cost.resolved_model, "gpt-4o-2024-08-06");
    // the parts add up: input 0.7 × 0.0025 + 0.3 × 0.00015 = 0.001795; output 0.7 × 0.002 + 0.3 × 0.00006 = 0.001418
    assert.equal(cost.inputPart.toFixed(), "0.001795");
    assert.equal(cost.outputPart.toFixed(), "0.001418");
    // 10,000 requests a month: 32.13
    const plan = runPlan(catalog, validatePortfolio({ start: "2027-01", use_cases: [mixed] }, "mix.json"), { months: 1 });
    assert.equal(plan.months[0]!.expected.toFixed(), "32.13");
  });

  it("leaves a mix unpriced when any route with a share is, never pricing that part at zero", () => {
    const cost = mixCost(catalog, splitRequests("gpt-4o-mini", [{ model: "acme-llm-7b-internal", share: 0.02 }], mean), at);
    assert.equal(cost.priced, false);
    assert.match(!cost.priced ? cost.reason : "", /^route acme-llm-7b-internal \(2% of requests\): /);
  });

  it("moves a route in a scenario from a month on", () => {
    const p = validatePortfolio(
      {
        start: "2027-01",
        use_cases: [mixed],
        scenarios: { cheaper: { use_cases: { "support-bot": { from: "2027-02", routing: [{ model: "gpt-4o-mini", share: 1, output_tokens: 100 }] } } } },
      },
      "mix.json",
    );
    // January as the file says (32.13); from February all requests on mini: 10,000 × 0.00021 = 2.1
    assert.deepEqual(
      runPlan(catalog, p, { months: 2, scenario: "cheaper" }).months.map((m) => m.expected.toFixed()),
      ["32.13", "2.1"],
    );
  });

  it("refuses routes whose shares add up to more than the whole, naming the field", () => {
    const bad = {
      ...mixed,
      routing: [
        { model: "gpt-4o-mini", share: 0.7 },
        { model: "gpt-4.1-mini", share: 0.4 },
      ],
    };
    assert.throws(
      () => validatePortfolio({ start: "2027-01", use_cases: [bad] }, "mix.json"),
      (e: Error) => {
        assert.ok(e instanceof PortfolioError);
        assert.match(e.message, /^mix\.json: use case 1 \(support-bot\), field routing: the routes' shares add up to 1\.1\d*; at most 1/);
        return true;
      },
    );
  });
});
