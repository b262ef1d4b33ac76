import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { periodWindow } from "./budget.js";
import { project } from "./projection.js";

const DAY = 86_400_000;

describe("project", () => {
  it("burns spent per elapsed day and projects it over the period", () => {
    // $30 after 3 of 30 days: 30 / 3 = $10/day; 30 + 10 × 27 = $300
    assert.deepEqual(project("30", { start: 0, end: 30 * DAY }, 3 * DAY), { burn_usd_per_day: "10", projected_usd: "300", elapsed_ms: 3 * DAY });
  });

  it("rounds the divisions half-up to 13 places, once", () => {
    // $1 after 3 of 31 days: 1/3 = 0.33333333333333…, 31/3 = 10.33333333333333…
    assert.deepEqual(project("1", { start: 0, end: 31 * DAY }, 3 * DAY), {
      burn_usd_per_day: "0.3333333333333",
      projected_usd: "10.3333333333333",
      elapsed_ms: 3 * DAY,
    });
    // $2 after 3 days: 2/3 = 0.6666…7 rounded up
    assert.equal(project("2", { start: 0, end: 30 * DAY }, 3 * DAY).burn_usd_per_day, "0.6666666666667");
  });

  it("counts real hours across a DST change: a Berlin spring week is 167 hours", () => {
    // the week of Mon 2026-03-23 in Berlin: 2026-03-22T23:00Z (CET) to 2026-03-29T22:00Z (CEST) = 167 h
    const w = periodWindow("week", "Europe/Berlin", Date.parse("2026-03-29T10:00:00Z"));
    assert.equal((w.end - w.start) / 3_600_000, 167);
    // at 2026-03-29T10:00Z, 155 h have elapsed; $1.55 spent: 1.55 × 24 / 155 = $0.24/day; 1.55 × 167 / 155 = $1.67
    assert.deepEqual(project("1.55", w, Date.parse("2026-03-29T10:00:00Z")), { burn_usd_per_day: "0.24", projected_usd: "1.67", elapsed_ms: 155 * 3_600_000 });
  });

  it("is zero at the start, and the spend itself once the period is over", () => {
    assert.deepEqual(project("0", { start: DAY, end: 2 * DAY }, DAY), { burn_usd_per_day: "0", projected_usd: "0", elapsed_ms: 0 });
    assert.deepEqual(project("5", { start: DAY, end: 2 * DAY }, 0), { burn_usd_per_day: "0", projected_usd: "5", elapsed_ms: 0 });
    // a range ended: 10 days, $3: 0.3/day, projected = spent
    assert.deepEqual(project("3", { start: 0, end: 10 * DAY }, 50 * DAY), { burn_usd_per_day: "0.3", projected_usd: "3", elapsed_ms: 10 * DAY });
  });
});
