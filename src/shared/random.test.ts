import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng, seedFrom, zipfWeights } from "./random.js";

describe("seeded random source", () => {
  it("derives stable, distinct seeds from names", () => {
    assert.equal(seedFrom(42, "day", 3), seedFrom(42, "day", 3));
    assert.notEqual(seedFrom(42, "day", 3), seedFrom(42, "day", 4));
    // a number and its text are different parts
    assert.notEqual(seedFrom(1), seedFrom("1"));
  });

  it("repeats its stream for a seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 100 }, () => a.next());
    assert.deepEqual(
      Array.from({ length: 100 }, () => b.next()),
      xs,
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.notEqual(new Rng(8).next(), xs[0]);
  });

  it("draws counts and sizes with the right centre", () => {
    const rng = new Rng(1);
    const n = 20_000;
    const mean = (f: () => number): number => Array.from({ length: n }, f).reduce((s, x) => s + x, 0) / n;
    assert.ok(Math.abs(mean(() => rng.poisson(3)) - 3) < 0.1);
    assert.ok(Math.abs(mean(() => rng.poisson(200)) - 200) < 1);
    const sizes = Array.from({ length: n }, () => rng.logNormal(1000, 0.7)).sort((x, y) => x - y);
    assert.ok(Math.abs(sizes[n / 2]! - 1000) < 40);
    assert.match(rng.hex(32), /^[0-9a-f]{32}$/);
  });

  it("weights Zipf ranks as 1/k^s", () => {
    assert.deepEqual(zipfWeights(3, 1), [1, 1 / 2, 1 / 3]);
  });
});
