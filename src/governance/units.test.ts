import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unitsToUsd, usdToUnits } from "./units.js";

describe("units", () => {
  it("round-trips exact decimals at 10^-13", () => {
    assert.equal(usdToUnits("1"), 10_000_000_000_000n);
    assert.equal(usdToUnits("0.0000000000001"), 1n);
    assert.equal(unitsToUsd(usdToUnits("0.0075")), "0.0075");
    assert.equal(unitsToUsd(usdToUnits("12345678.90")), "12345678.9");
    assert.equal(unitsToUsd(0n), "0");
    assert.equal(unitsToUsd(-15n), "-0.0000000000015");
  });
  it("rounds finer amounts up, never down", () => {
    assert.equal(usdToUnits("0.00000000000001"), 1n);
    assert.equal(usdToUnits("0.00000000000011"), 2n);
  });
});
