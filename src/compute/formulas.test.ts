import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CardSet } from "./card-set.js";
import { flopsPerToken, kvBytesPerToken, maxBatch, weightBytes, weightBytesReadPerStep } from "./formulas.js";
import { TOY_MODEL } from "./testing/toy-cards.js";

const cards = new CardSet();

describe("flopsPerToken", () => {
  it("is 2 × active parameters plus 2 × layers × context × heads × (head_dim + v_head_dim)", () => {
    // 2×1e9 + 2×10×100×8×(64+64) = 2,000,000,000 + 2,048,000
    assert.equal(flopsPerToken(TOY_MODEL, 100), 2_002_048_000);
    // 2×70.6e9 + 2×80×1000×64×256 = 141,200,000,000 + 2,621,440,000
    assert.equal(flopsPerToken(cards.model("llama-3.1-70b", "m"), 1000), 143_821_440_000);
  });

  it("counts a mixture's active parameters and MLA's own head widths", () => {
    // 2×37e9 + 2×61×1000×128×(192+128) = 74,000,000,000 + 4,997,120,000
    assert.equal(flopsPerToken(cards.model("deepseek-v3", "m"), 1000), 78_997_120_000);
    // 2×12.9e9 at context 0
    assert.equal(flopsPerToken(cards.model("mixtral-8x7b", "m"), 0), 25_800_000_000);
  });
});

describe("kvBytesPerToken", () => {
  it("is 2 × layers × KV heads × head_dim × bytes per value", () => {
    // 2×80×8×128×2
    assert.equal(kvBytesPerToken(cards.model("llama-3.1-70b", "m"), "bf16"), 327_680);
    // 2×126×8×128×2
    assert.equal(kvBytesPerToken(cards.model("llama-3.1-405b", "m"), "bf16"), 516_096);
    // 2×32×8×128×1
    assert.equal(kvBytesPerToken(cards.model("llama-3.1-8b", "m"), "fp8"), 65_536);
    // 2×10×2×64×2
    assert.equal(kvBytesPerToken(TOY_MODEL, "bf16"), 5_120);
  });

  it("holds one latent and a RoPE key per layer under MLA", () => {
    // 61 × (512 + 64) × 2
    assert.equal(kvBytesPerToken(cards.model("deepseek-v3", "m"), "bf16"), 70_272);
  });
});

describe("weights", () => {
  it("holds every parameter in memory", () => {
    assert.equal(weightBytes(cards.model("mixtral-8x7b", "m"), "bf16"), 93.4e9);
    assert.equal(weightBytes(cards.model("llama-3.1-70b", "m"), "fp8"), 70.6e9);
  });

  it("reads a dense model whole and a mixture's experts as routing reaches them", () => {
    const mixtral = cards.model("mixtral-8x7b", "m");
    assert.equal(weightBytesReadPerStep(TOY_MODEL, "bf16", 64), 2e9);
    // batch 1: the active 12.9e9 × 2 bytes
    assert.ok(Math.abs(weightBytesReadPerStep(mixtral, "bf16", 1) - 25.8e9) < 1);
    // batch 2: 46.7e9 − 33.8e9 × 0.75 = 21.35e9, × 2 bytes
    assert.ok(Math.abs(weightBytesReadPerStep(mixtral, "bf16", 2) - 42.7e9) < 1);
    // batch 3: 46.7e9 − 33.8e9 × 0.5625 = 27.6875e9, × 2 bytes
    assert.ok(Math.abs(weightBytesReadPerStep(mixtral, "bf16", 3) - 55.375e9) < 1);
  });
});

describe("maxBatch", () => {
  it("is (memory − weights) ÷ (context × KV bytes), rounded down", () => {
    // (10e9 − 2e9) ÷ (1000 × 5120) = 1562.5
    assert.equal(maxBatch(TOY_MODEL, "bf16", 10e9, 1000), 1562);
    // Llama 3.1 70B bf16 on 2 × 80 GB at 4096: (160e9 − 141.2e9) ÷ (4096 × 327,680) = 14.006…
    assert.equal(maxBatch(cards.model("llama-3.1-70b", "m"), "bf16", 160e9, 4096), 14);
  });

  it("is 0 when the weights fill the memory", () => {
    assert.equal(maxBatch(cards.model("llama-3.1-405b", "m"), "bf16", 640e9, 1000), 0);
  });
});
