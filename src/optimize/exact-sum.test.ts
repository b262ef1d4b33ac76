import assert from "node:assert/strict";
import { test } from "node:test";
import { ExactSum, percentOf } from "./exact-sum.js";

test("sums decimals and scaled integers of any scale exactly", () => {
  const s = new ExactSum().add("0.1").add("0.2").addScaled(5, 20);
  assert.equal(s.toString(), "0.30000000000000000005");
  assert.equal(new ExactSum().add("1.5").minus(new ExactSum().add("2")).toString(), "-0.5");
  assert.equal(new ExactSum().toString(), "0");
  assert.equal(new ExactSum().addScaled(12345678901234567890n, 2).toString(), "123456789012345678.9");
});

test("percentages round half-up to two places; none of nothing", () => {
  const of = (a: string, b: string) => percentOf(new ExactSum().add(a), new ExactSum().add(b));
  assert.equal(of("1", "3"), "33.33");
  assert.equal(of("2", "3"), "66.67");
  assert.equal(of("0.0001", "2"), "0.01");
  assert.equal(of("-1", "8"), "-12.50");
  assert.equal(of("3", "3"), "100.00");
  assert.equal(of("1", "0"), null);
});
