import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BudgetError, budgetCovers, budgetKey, parseBudget, periodWindow } from "./budget.js";

const iso = (t: number) => new Date(t).toISOString();
const win = (period: string, tz: string, now: string) => {
  const w = periodWindow(period, tz, Date.parse(now));
  return [iso(w.start), iso(w.end)];
};

describe("periodWindow", () => {
  it("aligns day, week, month and quarter in UTC", () => {
    assert.deepEqual(win("day", "UTC", "2026-03-15T23:59:59.999Z"), ["2026-03-15T00:00:00.000Z", "2026-03-16T00:00:00.000Z"]);
    // 2026-03-15 is a Sunday: the week started Monday 9th
    assert.deepEqual(win("week", "UTC", "2026-03-15T12:00:00Z"), ["2026-03-09T00:00:00.000Z", "2026-03-16T00:00:00.000Z"]);
    assert.deepEqual(win("week", "UTC", "2026-03-16T00:00:00Z"), ["2026-03-16T00:00:00.000Z", "2026-03-23T00:00:00.000Z"]);
    assert.deepEqual(win("month", "UTC", "2024-02-29T10:00:00Z"), ["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]);
    assert.deepEqual(win("quarter", "UTC", "2026-12-31T23:59:59Z"), ["2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    assert.deepEqual(win("quarter", "UTC", "2026-04-01T00:00:00Z"), ["2026-04-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"]);
  });

  it("uses the zone's calendar: 23:30 UTC on Mar 31 is already April in Paris", () => {
    assert.deepEqual(win("month", "Europe/Paris", "2026-03-31T22:30:00Z"), ["2026-03-31T22:00:00.000Z", "2026-04-30T22:00:00.000Z"]);
    // Q1 in Tokyo (UTC+9, no DST)
    assert.deepEqual(win("quarter", "Asia/Tokyo", "2026-03-31T14:59:59Z"), ["2025-12-31T15:00:00.000Z", "2026-03-31T15:00:00.000Z"]);
    assert.deepEqual(win("quarter", "Asia/Tokyo", "2026-03-31T15:00:00Z"), ["2026-03-31T15:00:00.000Z", "2026-06-30T15:00:00.000Z"]);
    // half-hour zone
    assert.deepEqual(win("day", "Asia/Kolkata", "2026-06-01T18:29:00Z"), ["2026-05-31T18:30:00.000Z", "2026-06-01T18:30:00.000Z"]);
  });

  it("spans a DST change: New York's week of 2026-03-08 is 167 hours, of 2026-11-01 169", () => {
    const spring = periodWindow("week", "America/New_York", Date.parse("2026-03-08T12:00:00Z"));
    // Mon Mar 9 00:00 EDT = 04:00Z; Mon Mar 2 00:00 EST = 05:00Z (DST began Sun Mar 8)
    assert.equal(iso(spring.start), "2026-03-02T05:00:00.000Z");
    assert.equal(iso(spring.end), "2026-03-09T04:00:00.000Z");
    const spring2 = periodWindow("week", "America/New_York", Date.parse("2026-03-08T12:00:00Z"));
    assert.equal((spring2.end - spring2.start) / 3_600_000, 167);
    const fall = periodWindow("week", "America/New_York", Date.parse("2026-11-01T12:00:00Z"));
    assert.equal(iso(fall.start), "2026-10-26T04:00:00.000Z");
    assert.equal((fall.end - fall.start) / 3_600_000, 169);
    const day = periodWindow("day", "Europe/London", Date.parse("2026-03-29T12:00:00Z"));
    assert.equal((day.end - day.start) / 3_600_000, 23);
  });

  it("starts a day whose midnight does not exist at the jump (Santiago, 2024-09-08)", () => {
    // clocks go 23:59:59 -04 → 01:00 -03 at 04:00Z
    assert.deepEqual(win("day", "America/Santiago", "2024-09-08T12:00:00Z"), ["2024-09-08T04:00:00.000Z", "2024-09-09T03:00:00.000Z"]);
  });

  it("takes START..END as inclusive dates in the zone", () => {
    // ends at Apr 1 00:00 CEST (UTC+2) = Mar 31 22:00Z
    assert.deepEqual(win("2026-01-01..2026-03-31", "Europe/Berlin", "2026-05-01T00:00:00Z"), ["2025-12-31T23:00:00.000Z", "2026-03-31T22:00:00.000Z"]);
  });

  it("names the field for a bad zone or period", () => {
    assert.throws(
      () => periodWindow("month", "Mars/Olympus", 0),
      (e: unknown) => e instanceof BudgetError && e.field === "tz" && /Mars\/Olympus/.test(e.message),
    );
    assert.throws(
      () => periodWindow("fortnight", "UTC", 0),
      (e: unknown) => e instanceof BudgetError && e.field === "period",
    );
    assert.throws(() => periodWindow("2026-02-30..2026-03-01", "UTC", 0), /period: .*invalid date/);
    assert.throws(() => periodWindow("2026-03-01..2026-02-01", "UTC", 0), /period: .*ends before/);
  });

  it("keys a new period apart from the last", () => {
    const a = periodWindow("month", "UTC", Date.parse("2026-01-31T23:59:59Z"));
    const b = periodWindow("month", "UTC", Date.parse("2026-02-01T00:00:00Z"));
    assert.notEqual(budgetKey("eng", a), budgetKey("eng", b));
    assert.equal(budgetKey("eng", b), "budget:eng@2026-02-01T00:00:00.000Z");
  });
});

describe("parseBudget", () => {
  const base = { name: "eng", scope: { team: "eng" }, period: "month", amountUsd: "100.00", action: "block" };

  it("fills defaults", () => {
    const b = parseBudget(base);
    assert.equal(b.tz, "UTC");
    assert.deepEqual(b.alerts, [50, 80, 100]);
  });

  it("names the bad field", () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...base, amountUsd: 100 }, /^amountUsd: /],
      [{ ...base, amountUsd: "1e3" }, /^amountUsd: /],
      // not a number at all: named, never big.js's own error from the refinement
      [{ ...base, amountUsd: "ten" }, /^amountUsd: must be a non-negative decimal/],
      [{ ...base, holdCapUsd: "lots" }, /^holdCapUsd: must be a non-negative decimal/],
      [{ ...base, scope: null }, /^scope: /],
      [{ ...base, amountUsd: "0" }, /^amountUsd: must be above 0/],
      [{ ...base, tz: "Nowhere/City" }, /^tz: unknown time zone/],
      [{ ...base, period: "yearly" }, /^period: /],
      [{ ...base, scope: { planet: "x" } }, /^scope\.planet: unknown scope key/],
      [{ ...base, action: "downgrade" }, /^downgradeTo: required/],
      [{ ...base, action: "stop" }, /^action: /],
      [{ ...base, webhook: "not a url" }, /^webhook: /],
      [{ ...base, holdCapUsd: "-1" }, /^holdCapUsd: /],
      [{ ...base, extra: 1 }, /extra|Unrecognized/],
    ];
    for (const [input, pattern] of bad)
      assert.throws(
        () => parseBudget(input),
        (e: unknown) => e instanceof BudgetError && pattern.test(e.message),
        JSON.stringify(input),
      );
  });
});

describe("budgetCovers", () => {
  const b = parseBudget({ name: "x", scope: { team: "eng", "tag.env": "prod", key: "k1", model: "gpt-4o" }, period: "day", amountUsd: "1", action: "alert" });
  it("needs every scope entry to match", () => {
    const attr = { team: "eng", api_key_id: "k1", tags: { env: "prod" } };
    assert.equal(budgetCovers(b, attr, "gpt-4o"), true);
    assert.equal(budgetCovers(b, attr, "o3"), false);
    assert.equal(budgetCovers(b, { ...attr, tags: { env: "dev" } }, "gpt-4o"), false);
    assert.equal(budgetCovers(b, { ...attr, team: undefined }, "gpt-4o"), false);
  });
  it("covers every call with an empty scope", () => {
    assert.equal(budgetCovers({ scope: {} }, {}, "anything"), true);
  });
});
