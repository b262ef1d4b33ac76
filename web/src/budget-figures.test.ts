import { test } from "node:test";
import assert from "node:assert/strict";
import { axisLabel, barWidths, burnLines, periodDates, pointLabel, shareOfLimit, shareText } from "./budget-figures.js";

test("budget shares: exact to a hundredth of a percent, never rounded up to the limit", () => {
  assert.equal(shareOfLimit("12.5", "50"), 25);
  assert.equal(shareOfLimit("0.01", "3"), 0.33);
  assert.equal(shareOfLimit("49.9999999999999", "50"), 99.99);
  assert.equal(shareOfLimit("75", "50"), 150);
  assert.equal(shareOfLimit("1", "0"), 0);
  assert.equal(shareText(99.99), "99.9%");
  assert.equal(shareText(0.02), "<0.1%");
  assert.equal(shareText(0), "0%");
  assert.equal(shareText(150), "150.0%");
  assert.deepEqual(barWidths("30", "10", "50"), { spent: 60, reserved: 20 });
  assert.deepEqual(barWidths("45", "10", "50"), { spent: 90, reserved: 10 }, "reserved fills at most the rest");
  assert.deepEqual(barWidths("80", "5", "50"), { spent: 100, reserved: 0 });
});

test("burn lines: from (start, 0) through the points, dashed to the projection at the end, the limit across", () => {
  const burn = {
    period_start: "2026-10-01T00:00:00.000Z",
    period_end: "2026-10-04T00:00:00.000Z",
    limit_usd: "10",
    points: [
      { at: "2026-10-02T00:00:00.000Z", spent_usd: "2.5" },
      { at: "2026-10-02T12:00:00.000Z", spent_usd: "3" },
    ],
    projected_usd: "6",
  };
  const t = (iso: string): number => Date.parse(iso);
  const lines = burnLines(burn);
  assert.deepEqual(lines.spent, [
    { x: t(burn.period_start), y: 0 },
    { x: t("2026-10-02T00:00:00.000Z"), y: 2.5 },
    { x: t("2026-10-02T12:00:00.000Z"), y: 3 },
  ]);
  assert.deepEqual(lines.projection, [
    { x: t("2026-10-02T12:00:00.000Z"), y: 3 },
    { x: t(burn.period_end), y: 6 },
  ]);
  assert.deepEqual(lines.limit, [
    { x: t(burn.period_start), y: 10 },
    { x: t(burn.period_end), y: 10 },
  ]);
  // a period over: nothing left to project
  const over = burnLines({ ...burn, points: [...burn.points, { at: burn.period_end, spent_usd: "4" }], projected_usd: "4" });
  assert.deepEqual(over.projection, []);
});

test("burn labels: the local day a point ends, the hour for a day budget, in the budget's zone", () => {
  assert.equal(pointLabel("2026-10-06T00:00:00.000Z", "month", "UTC"), "Oct 5");
  assert.equal(pointLabel("2026-10-05T22:00:00.000Z", "month", "Europe/Paris"), "Oct 5");
  assert.equal(pointLabel("2026-10-05T15:00:00.000Z", "day", "UTC"), "15:00");
  assert.equal(axisLabel(Date.parse("2026-10-05T12:00:00Z"), "week", "America/New_York"), "Oct 5");
  assert.equal(periodDates("2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "UTC"), "Oct 1 – Oct 31, 2026");
  assert.equal(periodDates("2026-12-01T00:00:00.000Z", "2027-01-02T00:00:00.000Z", "UTC"), "Dec 1, 2026 – Jan 1, 2027");
  assert.equal(periodDates("2026-10-04T22:00:00.000Z", "2026-10-05T22:00:00.000Z", "Europe/Paris"), "Oct 5, 2026");
});
