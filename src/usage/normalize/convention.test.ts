import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usage } from "../usage.js";
import { applyConvention, rawCounts, type TokenConvention } from "./convention.js";

// a convention where nothing contains anything: raw numbers pass straight through
const NOTHING_INCLUDED: TokenConvention = {
  name: "test-none",
  inputIncludesCacheRead: false,
  inputIncludesCacheWrite: false,
  inputIncludesAudio: false,
  outputIncludesReasoning: false,
  outputIncludesAudio: false,
};
const EVERYTHING_INCLUDED: TokenConvention = {
  name: "test-all",
  inputIncludesCacheRead: true,
  inputIncludesCacheWrite: true,
  inputIncludesAudio: true,
  outputIncludesReasoning: true,
  outputIncludesAudio: true,
};

const RAW = rawCounts({
  input: 1000,
  cacheRead: 300,
  cacheWrite5m: 200,
  cacheWrite1h: 100,
  audioInput: 50,
  output: 500,
  reasoning: 120,
  audioOutput: 30,
  images: 2,
  audioSeconds: 7,
  webSearches: 3,
  requests: 1,
});

describe("applyConvention", () => {
  it("passes numbers through when the totals contain nothing", () => {
    assert.deepEqual(
      applyConvention(RAW, NOTHING_INCLUDED),
      usage({
        input: 1000,
        cached_input: 300,
        cache_write: 200,
        cache_write_1h: 100,
        audio_input: 50,
        output: 500,
        reasoning: 120,
        audio_output: 30,
        images: 2,
        audio_seconds: 7,
        web_searches: 3,
        requests: 1,
      }),
    );
  });

  it("subtracts every contained part when the totals contain everything", () => {
    const u = applyConvention(RAW, EVERYTHING_INCLUDED);
    // input 1000 − cache read 300 − writes 200 − 100 − audio 50 = 350
    assert.equal(u.input, 350);
    // output 500 − reasoning 120 − audio 30 = 350
    assert.equal(u.output, 350);
    assert.equal(u.cached_input, 300);
    assert.equal(u.reasoning, 120);
  });

  it("applies each flag on its own", () => {
    const flags = ["inputIncludesCacheRead", "inputIncludesCacheWrite", "inputIncludesAudio"] as const;
    const subtracted = { inputIncludesCacheRead: 300, inputIncludesCacheWrite: 300, inputIncludesAudio: 50 };
    for (const flag of flags) {
      const u = applyConvention(RAW, { ...NOTHING_INCLUDED, [flag]: true });
      assert.equal(u.input, 1000 - subtracted[flag], flag);
      assert.equal(u.output, 500, flag);
    }
    assert.equal(applyConvention(RAW, { ...NOTHING_INCLUDED, outputIncludesReasoning: true }).output, 500 - 120);
    assert.equal(applyConvention(RAW, { ...NOTHING_INCLUDED, outputIncludesAudio: true }).output, 500 - 30);
  });

  it("refuses a report whose total is smaller than its parts", () => {
    assert.throws(() => applyConvention(rawCounts({ input: 10, cacheRead: 20 }), EVERYTHING_INCLUDED), {
      message: "test-all: reported input 10 is smaller than the parts it should contain (cache read 20); the usage object is inconsistent",
    });
    assert.throws(
      () => applyConvention(rawCounts({ output: 5, reasoning: 4, audioOutput: 2 }), EVERYTHING_INCLUDED),
      /reported output 5 .*reasoning 4 \+ audio 2/,
    );
  });

  it("keeps the disjoint classes summing to the reported totals", () => {
    const u = applyConvention(RAW, EVERYTHING_INCLUDED);
    assert.equal(u.input + u.cached_input + u.cache_write + u.cache_write_1h + u.audio_input, RAW.input);
    assert.equal(u.output + u.reasoning + u.audio_output, RAW.output);
  });
});

describe("rawCounts", () => {
  it("fills zeros and keeps what is given", () => {
    const r = rawCounts({ input: 5 });
    assert.equal(r.input, 5);
    assert.equal(r.requests, 0);
    assert.equal(r.reportedTotal, undefined);
  });
});
