import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { volumeAt } from "./growth.js";
import { addMonths, monthsBetween } from "./month.js";
import { quantile } from "./monte-carlo.js";
import { seededRandom } from "../shared/random.js";
import { PortfolioError, validatePortfolio } from "./portfolio.js";

const ok = { name: "chat", model: "gpt-4o-mini", requests_per_month: 100 };

describe("validatePortfolio", () => {
  it("fills defaults and keeps extra fields harmless", () => {
    const p = validatePortfolio({ start: "2027-01", owner: "finops", use_cases: [{ ...ok, team: "x" }] }, "p.json");
    const u = p.use_cases[0]!;
    assert.deepEqual([u.overhead, u.batch, u.input_tokens, u.reasoning_tokens], [1, false, 0, 0]);
  });

  it("names the file, the use case and the field", () => {
    const bad = { start: "2027-01", use_cases: [ok, { ...ok, name: "support-bot", growth: { kind: "compound", monthly: "ten" } }] };
    assert.throws(
      () => validatePortfolio(bad, "plan.json"),
      (e: Error) => e instanceof PortfolioError && /^plan\.json: use case 2 \(support-bot\), field growth\.monthly: /.test(e.message),
    );
    const missing = { start: "2027-01", use_cases: [{ name: "x", model: "m" }] };
    assert.throws(() => validatePortfolio(missing, "p.json"), /p\.json: use case 1 \(x\), field requests_per_month/);
    assert.throws(() => validatePortfolio({ ...missing, use_cases: [{ ...ok, input_tokens: -1 }] }, "p.json"), /field input_tokens/);
    assert.throws(() => validatePortfolio({ start: "2027-13", use_cases: [ok] }, "p.json"), /p\.json: field start: expected a month/);
  });

  it("rejects a scenario about a use case that does not exist", () => {
    const p = { start: "2027-01", use_cases: [ok], scenarios: { s: { use_cases: { ghost: { model: "x" } } } } };
    assert.throws(() => validatePortfolio(p, "p.json"), /scenario s: no use case named "ghost" \(known: chat\)/);
  });
});

describe("growth and months", () => {
  it("computes compound and linear volumes exactly", () => {
    // 1,000 × 1.1^2 = 1,210; 1,000 + 2 × 250 = 1,500
    assert.equal(volumeAt(new Big(1000), { kind: "compound", monthly: 0.1 }, 3, "2027-01").toFixed(), "1210");
    assert.equal(volumeAt(new Big(1000), { kind: "linear", monthly_requests: 250 }, 3, "2027-01").toFixed(), "1500");
    assert.equal(volumeAt(new Big(1000), { kind: "s-curve", ceiling: 5000, midpoint: "2027-06", steepness: 0.5 }, 1, "2027-01").toFixed(), "1000");
  });

  it("counts months across years", () => {
    assert.equal(addMonths("2027-11", 3), "2028-02");
    assert.equal(monthsBetween("2027-11", "2028-02"), 3);
  });

  it("draws the same numbers for the same seed", () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 10; i++) assert.equal(a(), b());
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  });
});
