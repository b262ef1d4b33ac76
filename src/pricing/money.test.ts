import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decimalPlaces, formatScaled, multiplyDecimals, toScaled } from "./money.js";
import { sumDecimals } from "../shared/decimal.js";

describe("money", () => {
  it("formats scaled integers as plain decimals", () => {
    assert.equal(formatScaled(1375, 5), "0.01375");
    assert.equal(formatScaled(1_250_000, 5), "12.5");
    assert.equal(formatScaled(0, 8), "0");
    assert.equal(formatScaled(7, 0), "7");
    assert.equal(formatScaled(-5, 2), "-0.05");
    assert.equal(formatScaled(123456789012345678901234567890n, 20), "1234567890.1234567890123456789");
  });

  it("scales decimals exactly and refuses to lose digits", () => {
    assert.equal(toScaled("2.50", 8), 250_000_000n);
    assert.equal(toScaled("0.075", 3), 75n);
    assert.throws(() => toScaled("0.0001", 3), /more than 3 decimal places/);
  });

  it("counts significant decimal places", () => {
    assert.equal(decimalPlaces("2.50"), 1);
    assert.equal(decimalPlaces("15"), 0);
    assert.equal(decimalPlaces("0.0375"), 4);
  });

  it("adds and multiplies decimal strings without binary rounding", () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point
    assert.equal(sumDecimals(["0.1", "0.2"]), "0.3");
    assert.equal(multiplyDecimals("18", "0.8", "1.15"), "16.56");
  });
});
