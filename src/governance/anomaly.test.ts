import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectSpike, type SpendPoint } from "./anomaly.js";
import { usdToUnits } from "./units.js";

const H = 3_600_000;
const NOW = Date.parse("2026-03-15T12:00:00Z");
// $0.50 in each of the 24 hours before the last one: baseline $0.50/h
const steady: SpendPoint[] = Array.from({ length: 24 }, (_, i) => ({ ts: NOW - (i + 1) * H - 60_000, units: usdToUnits("0.50") }));

describe("detectSpike", () => {
  it("flags a planted spike: $4 in the last hour against $0.50/h", () => {
    const r = detectSpike([...steady, { ts: NOW - 10 * 60_000, units: usdToUnits("4") }], NOW, { window: "hour" });
    // 4 ≥ 3 × 0.5 and 4 − 0.5 = 3.5 ≥ 1
    assert.deepEqual(r, { anomalous: true, current_usd: "4", baseline_usd: "0.5", ratio: "8.00", rule: r.rule });
    assert.match(r.rule, /3× the mean of the previous 24/);
  });
  it("stays quiet on normal spend and on a small absolute rise", () => {
    assert.equal(detectSpike([...steady, { ts: NOW - 60_000, units: usdToUnits("0.6") }], NOW, { window: "hour" }).anomalous, false);
    // $1.40 is 2.8×: under the factor
    assert.equal(detectSpike([...steady, { ts: NOW - 60_000, units: usdToUnits("1.4") }], NOW, { window: "hour" }).anomalous, false);
    // from nothing to $0.90: under the $1 minimum increase
    assert.equal(detectSpike([{ ts: NOW - 60_000, units: usdToUnits("0.9") }], NOW, { window: "hour" }).anomalous, false);
    assert.equal(detectSpike([{ ts: NOW - 60_000, units: usdToUnits("2") }], NOW, { window: "hour" }).ratio, null);
  });
  it("works per day against the previous week", () => {
    const week: SpendPoint[] = Array.from({ length: 7 }, (_, i) => ({ ts: NOW - (i + 1) * 24 * H - H, units: usdToUnits("10") }));
    assert.equal(detectSpike([...week, { ts: NOW - H, units: usdToUnits("31") }], NOW, { window: "day" }).anomalous, true);
    assert.equal(detectSpike([...week, { ts: NOW - H, units: usdToUnits("29") }], NOW, { window: "day" }).anomalous, false);
  });
});
