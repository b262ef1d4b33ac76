import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { runPlan } from "./plan.js";
import { validatePortfolio } from "./portfolio.js";
import { findScenario, SCENARIO_PRESETS } from "./scenario.js";

const catalog = builtinCatalog();
// gpt-4o-mini: 1000×0.15/M + 200×0.60/M = 0.00027 a request × 10,000 = 2.7 in month 1
const bot = { name: "bot", model: "gpt-4o-mini", input_tokens: 1000, output_tokens: 200, requests_per_month: 10000 };
const first = (scenarios: Record<string, unknown> | undefined, scenario: string) =>
  runPlan(catalog, validatePortfolio({ start: "2027-01", use_cases: [bot], ...(scenarios ? { scenarios } : {}) }, "p.json"), {
    months: 1,
    scenario,
  }).months[0]!.expected.toFixed();

describe("scenario presets", () => {
  it("offers conservative, expected and peak when the file has none", () => {
    assert.deepEqual(Object.keys(SCENARIO_PRESETS), ["conservative", "expected", "peak"]);
    assert.equal(first(undefined, "conservative"), "2.16"); // 2.7 × 0.8
    assert.equal(first(undefined, "expected"), "2.7");
    assert.equal(first(undefined, "peak"), "3.78"); // 2.7 × 1.4
  });

  it("lets the file's own scenario of the same name win", () => {
    assert.equal(first({ peak: { requests_multiplier: 2 } }, "peak"), "5.4");
    assert.equal(first({ peak: { requests_multiplier: 2 } }, "conservative"), "2.16");
  });

  it("lists the file's scenarios and the built-in ones for an unknown name", () => {
    const p = validatePortfolio({ start: "2027-01", use_cases: [bot] }, "p.json");
    assert.throws(() => findScenario(p, "nope"), /unknown scenario "nope" \(known: none in this file\) \(built in: conservative, expected, peak\)/);
    assert.throws(() => findScenario(p, "toString"), /unknown scenario "toString"/);
  });
});
