import { test } from "node:test";
import assert from "node:assert/strict";
import { changeRatio, compareMoney, formatMoney, parseMoney, sumDecimals, sumMoney, subtractMoney, toScale } from "./money.js";
import { count, duration, instant, label, percent, shortDay, tokens, usd, usdPrecise } from "./format.js";
import { addDays, eachDay, isDay, lastDays, previous, rangeFrom } from "./period.js";
import { cell, toCsv } from "./csv.js";
import { pivot } from "./pivot.js";

test("money: exact sums at 13 places, never floats", () => {
  assert.equal(sumMoney(["0.1", "0.2"]), "0.3");
  assert.equal(sumMoney(["19.34937302", "17.11860255", "18.52547845", null]), "54.99345402");
  assert.equal(sumMoney(["0.0000000000001", "0.0000000000009"]), "0.000000000001");
  assert.equal(sumMoney([]), "0");
  assert.equal(sumMoney(["-1.5", "1"]), "-0.5");
  assert.equal(subtractMoney("1", "1.25"), "-0.25");
  assert.equal(compareMoney("2", "10"), -1);
  assert.equal(formatMoney(parseMoney("12.3400")), "12.34");
  assert.equal(parseMoney(".5"), 5_000_000_000_000n);
  assert.throws(() => parseMoney("0.00000000000001"), /13 decimal places/);
  assert.throws(() => parseMoney("1e5"), /not a decimal/);
  assert.throws(() => parseMoney(""), /not a decimal/);
});

test("money: a change ratio, or null against nothing", () => {
  assert.equal(changeRatio("110", "100"), 0.1);
  assert.equal(changeRatio("50", "100"), -0.5);
  assert.equal(changeRatio("5", "0"), null);
});

test("usd: totals to the cent with separators, tiny amounts with significant digits", () => {
  assert.equal(usd("1234.56"), "$1,234.56");
  assert.equal(usd("54.99345402"), "$54.99");
  assert.equal(usd("1234567.995"), "$1,234,568.00");
  assert.equal(usd("0.005"), "$0.01");
  assert.equal(usd("0"), "$0.00");
  assert.equal(usd("0.00042"), "$0.00042");
  assert.equal(usd("0.000423"), "$0.00042");
  assert.equal(usd("0.0000000000001"), "$0.0000000000001");
  assert.equal(usd("-2.5"), "-$2.50");
  assert.equal(usd(null), "—");
});

test("usdPrecise: per-call costs and rates", () => {
  assert.equal(usdPrecise("2.5"), "$2.50");
  assert.equal(usdPrecise("0.075"), "$0.075");
  assert.equal(usdPrecise("0.0123456"), "$0.01235");
  assert.equal(usdPrecise("0.5"), "$0.50");
  assert.equal(usdPrecise("0.00000123"), "$0.00000123");
  assert.equal(usdPrecise("15"), "$15.00");
  assert.equal(usdPrecise("0"), "$0.00");
});

test("tokens and counts", () => {
  assert.equal(tokens(999), "999");
  assert.equal(tokens(1000), "1K");
  assert.equal(tokens(1234), "1.2K");
  assert.equal(tokens(12_345), "12.3K");
  assert.equal(tokens(123_456), "123K");
  assert.equal(tokens(999_960), "1M");
  assert.equal(tokens(3_400_000), "3.4M");
  assert.equal(tokens(103_904_556), "104M");
  assert.equal(tokens(2_500_000_000), "2.5B");
  assert.equal(tokens(0), "0");
  assert.equal(count(24_730), "24,730");
  assert.equal(count(7), "7");
});

test("percent, days, instants, durations, labels", () => {
  assert.equal(percent(0.1234), "+12.3%");
  assert.equal(percent(-0.5), "−50.0%");
  assert.equal(percent(0.00001), "0.0%");
  assert.equal(shortDay("2026-11-05"), "Nov 5");
  assert.equal(instant("2026-11-05T09:03:04.123Z"), "2026-11-05 09:03:04 UTC");
  assert.equal(duration(80), "80 ms");
  assert.equal(duration(1530), "1.5 s");
  assert.equal(label(null), "(none)");
  assert.equal(label("search"), "search");
});

test("periods: UTC days, the last N days ending at the last event, the one before", () => {
  assert.equal(addDays("2026-11-30", 1), "2026-12-01");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  assert.deepEqual(lastDays("2026-11-26T18:00:00Z", 30), { from: "2026-10-28", to: "2026-11-27" });
  assert.deepEqual(previous({ from: "2026-10-28", to: "2026-11-27" }), { from: "2026-09-28", to: "2026-10-28" });
  assert.deepEqual(eachDay({ from: "2026-11-01", to: "2026-11-03" }), ["2026-11-01", "2026-11-02"]);
  assert.ok(isDay("2026-02-28"));
  assert.ok(!isDay("2026-02-30"));
  assert.ok(!isDay("2026-2-3"));
  const fallback = { from: "2026-01-01", to: "2026-02-01" };
  assert.deepEqual(rangeFrom(new URLSearchParams("from=2026-11-01&to=2026-11-08"), fallback), { from: "2026-11-01", to: "2026-11-08" });
  assert.deepEqual(rangeFrom(new URLSearchParams("from=2026-11-08&to=2026-11-01"), fallback), fallback);
});

test("csv: quoting and defused formulas", () => {
  assert.equal(cell('say "hi", then go'), '"say ""hi"", then go"');
  assert.equal(cell("=SUM(A1)"), "'=SUM(A1)");
  assert.equal(cell("-1.25"), "-1.25");
  assert.equal(cell(null), "");
  assert.equal(
    toCsv([
      ["team", "total_usd"],
      ["search", "1.5"],
    ]),
    "team,total_usd\r\nsearch,1.5\r\n",
  );
});

test("pivot: series costliest first, the tail folded exactly, days without data kept", () => {
  const rows = [
    { day: "d1", team: "a", usd: "1.1" },
    { day: "d2", team: "a", usd: "0.0000000000001" },
    { day: "d1", team: "b", usd: "5" },
    { day: "d2", team: "c", usd: "0.3" },
    { day: "d2", team: "d", usd: "0.2" },
  ];
  const p = pivot(rows, { x: (r) => r.day, series: (r) => r.team, value: (r) => r.usd, xs: ["d0", "d1", "d2"], max: 3 });
  assert.deepEqual(p.labels, ["d0", "d1", "d2"]);
  assert.deepEqual(p.series, [
    { label: "b", values: [null, "5", null] },
    { label: "a", values: [null, "1.1", "0.0000000000001"] },
    { label: "Other (2)", values: [null, null, "0.5"] },
  ]);
  assert.equal(sumMoney(p.series.flatMap((s) => s.values)), "6.6000000000001");
});

test("money: forecast figures of any precision sum exactly, and round half up to 13 places for display", () => {
  assert.equal(sumDecimals(["0.1", "0.00000000000000002"]), "0.10000000000000002");
  assert.equal(sumDecimals(["0.10", "0.20"]), "0.3");
  assert.equal(sumDecimals(["1.5", "-2", null]), "-0.5");
  assert.equal(sumDecimals([]), "0");
  assert.throws(() => sumDecimals(["1e3"]), /not a decimal/);
  // 14 places: the 14th digit 5 rounds the 13th up
  assert.equal(toScale("1.23456789012345"), "1.2345678901235");
  assert.equal(toScale("-0.00000000000005"), "-0.0000000000001");
  assert.equal(toScale("2.5"), "2.5");
});
