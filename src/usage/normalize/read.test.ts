import assert from "node:assert/strict";
import { describe as suite, it } from "node:test";
import { asCount, fieldPath, readArray, readCount, readObject, readOptionalCount } from "./read.js";
import { describeValue as describe, isRecord } from "../../shared/json.js";

suite("read", () => {
  it("treats missing and null counts as 0", () => {
    assert.equal(readCount({}, "cached_tokens", "usage.prompt_tokens_details"), 0);
    assert.equal(readCount({ cached_tokens: null }, "cached_tokens", "usage.prompt_tokens_details"), 0);
    assert.equal(readCount(undefined, "cached_tokens", "usage.prompt_tokens_details"), 0);
    assert.equal(readOptionalCount({}, "total_tokens", "usage"), undefined);
  });

  it("returns valid counts unchanged", () => {
    assert.equal(readCount({ cached_tokens: 1920 }, "cached_tokens", "usage.prompt_tokens_details"), 1920);
    assert.equal(readCount({ n: 0 }, "n", "x"), 0);
  });

  it("names the full field path when a count has the wrong type", () => {
    assert.throws(() => readCount({ cached_tokens: "abc" }, "cached_tokens", "usage.prompt_tokens_details"), {
      message: 'usage.prompt_tokens_details.cached_tokens: expected a non-negative integer, got "abc"',
    });
  });

  it("rejects numeric strings, negatives, fractions and non-finite numbers", () => {
    for (const bad of ["12", -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, {}]) {
      assert.throws(() => asCount(bad, "usage.prompt_tokens"), /^Error: usage\.prompt_tokens: expected a non-negative integer, got /);
    }
  });

  it("reads nested objects and rejects non-objects", () => {
    assert.deepEqual(readObject({ d: { a: 1 } }, "d", "usage"), { a: 1 });
    assert.equal(readObject({ d: null }, "d", "usage"), undefined);
    assert.throws(() => readObject({ prompt_tokens_details: 5 }, "prompt_tokens_details", "usage"), {
      message: "usage.prompt_tokens_details: expected an object, got 5",
    });
    assert.throws(() => readObject({ d: [1] }, "d", "usage"), { message: "usage.d: expected an object, got [1]" });
  });

  it("reads arrays and rejects non-arrays", () => {
    assert.deepEqual(readArray({ output: [1] }, "output", ""), [1]);
    assert.equal(readArray({}, "output", ""), undefined);
    assert.throws(() => readArray({ output: "x" }, "output", ""), { message: 'output: expected an array, got "x"' });
  });

  it("joins paths and describes values briefly", () => {
    assert.equal(fieldPath("", "usage"), "usage");
    assert.equal(fieldPath("usage", "prompt_tokens"), "usage.prompt_tokens");
    assert.equal(describe(undefined), "undefined");
    assert.equal(describe("a".repeat(200)).length, 80);
    assert.ok(isRecord({}) && !isRecord(null) && !isRecord([]));
  });
});
