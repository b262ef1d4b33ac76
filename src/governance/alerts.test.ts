import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { periodWindow } from "./budget.js";
import { alertBody, backoffSchedule, signBody, thresholdsToFire } from "./alerts.js";
import { usdToUnits } from "./units.js";

const limit = usdToUnits("100");

describe("thresholdsToFire", () => {
  it("fires each threshold once per period, all crossed at once together", () => {
    assert.deepEqual(thresholdsToFire([50, 80, 100], usdToUnits("49.99"), limit, []), []);
    assert.deepEqual(thresholdsToFire([50, 80, 100], usdToUnits("50"), limit, []), [50]);
    assert.deepEqual(thresholdsToFire([50, 80, 100], usdToUnits("85"), limit, [50]), [80]);
    assert.deepEqual(thresholdsToFire([100, 50, 80], usdToUnits("120"), limit, []), [50, 80, 100]);
    assert.deepEqual(thresholdsToFire([50, 80, 100], usdToUnits("120"), limit, [50, 80, 100]), []);
    // a new period: nothing sent yet under its key
    assert.deepEqual(thresholdsToFire([50, 80, 100], usdToUnits("0.01"), limit, []), []);
  });
  it("compares exactly at a fractional threshold", () => {
    assert.deepEqual(thresholdsToFire([33.3], usdToUnits("33.29"), limit, []), []);
    assert.deepEqual(thresholdsToFire([33.3], usdToUnits("33.3"), limit, []), [33.3]);
  });
});

describe("alertBody", () => {
  it("has the issue's fields, threshold as a number and a one-line text", () => {
    const w = periodWindow("month", "UTC", Date.parse("2026-03-15T00:00:00Z"));
    const body = alertBody("eng", 80, usdToUnits("81.5"), limit, w);
    assert.deepEqual(Object.keys(body), ["budget", "threshold", "spent_usd", "limit_usd", "period_start", "period_end", "text"]);
    assert.equal(body.threshold, 80);
    assert.equal(body.spent_usd, "81.5");
    assert.equal(body.limit_usd, "100");
    assert.equal(body.period_start, "2026-03-01T00:00:00.000Z");
    assert.equal(body.period_end, "2026-04-01T00:00:00.000Z");
    assert.equal(body.text, 'Budget "eng" passed 80%: $81.5 of $100 (81.5%) spent in the period 2026-03-01 to 2026-04-01');
    assert.ok(!body.text.includes("\n"));
  });
});

describe("signBody", () => {
  it("is HMAC-SHA256 of the exact body", () => {
    const body = JSON.stringify({ budget: "eng" });
    assert.equal(signBody("s3cret", body), `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
    // RFC 4231 test case 2
    assert.equal(signBody("Jefe", "what do ya want for nothing?"), "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});

describe("backoffSchedule", () => {
  it("doubles up to a cap", () => {
    assert.deepEqual(backoffSchedule(5), [1000, 2000, 4000, 8000, 16000]);
    assert.deepEqual(backoffSchedule(4, 500, 3, 5000), [500, 1500, 4500, 5000]);
  });
});
