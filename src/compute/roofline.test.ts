import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Deployment } from "./deployment.js";
import { computeBoundBatch, decodeStep, prefill, workloadThroughput } from "./roofline.js";
import { TOY_GPU, TOY_MODEL } from "./testing/toy-cards.js";

// one toy GPU: peak 1e14 FLOP/s, 1e12 bytes/s; weights 2e9 bytes; KV 5,120 bytes a token
const toy: Deployment = { model: TOY_MODEL, gpu: TOY_GPU, gpus: 1, precision: "bf16" };
const near = (actual: number, expected: number, tolerance = 1e-6): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.abs(expected), `${actual} ≉ ${expected}`);

describe("decodeStep", () => {
  it("is bandwidth-bound at batch 1: weights + KV over the bandwidth", () => {
    const step = decodeStep(toy, 1, 100);
    // compute 2,002,048,000 ÷ 1e14 = 2.002e-5 s; memory (2e9 + 100 × 5120) ÷ 1e12 = 2.000512e-3 s
    assert.equal(step.bound, "memory");
    near(step.seconds, 2.000512e-3);
    near(step.tokens_per_second, 1 / 2.000512e-3);
  });

  it("scales with the GPUs: twice the bandwidth, half the step", () => {
    near(decodeStep({ ...toy, gpus: 2 }, 1, 100).seconds, 2.000512e-3 / 2);
  });

  it("is compute-bound from the crossing batch on", () => {
    // B = W × peak ÷ (F × bw − ctx × kv × peak) = 2e23 ÷ (2.002048e21 − 5.12e19) = 102.52 → 103
    assert.equal(computeBoundBatch(toy, 100), 103);
    assert.equal(decodeStep(toy, 102, 100).bound, "memory");
    assert.equal(decodeStep(toy, 103, 100).bound, "compute");
    // at 103: compute 103 × 2.002048e-5 = 2.062109e-3 s ≥ memory (2e9 + 103 × 512,000) ÷ 1e12 = 2.052736e-3 s
    near(decodeStep(toy, 103, 100).seconds, 103 * 2.002048e-5);
  });

  it("never turns compute-bound when each sequence's KV costs more time than its math", () => {
    // per sequence: KV 20,000 × 5,120 ÷ 1e12 = 1.024e-4 s > FLOPs (2e9 + 2×10×20,000×1024) ÷ 1e14 = 2.41e-5 s
    assert.equal(computeBoundBatch(toy, 20000), null);
  });
});

describe("prefill", () => {
  it("is compute-bound for a long prompt, attending on average to half of it", () => {
    const p = prefill(toy, 1, 1000);
    // 1000 × (2e9 + 2×10×500×1024) ÷ 1e14 = 1000 × 2,010,240,000 ÷ 1e14 = 0.0201024 s
    assert.equal(p.bound, "compute");
    near(p.seconds, 0.0201024);
    near(p.tokens_per_second, 49745.30404329831);
  });

  it("doubles with fp8's doubled peak", () => {
    near(prefill({ ...toy, precision: "fp8" }, 1, 1000).seconds, 0.0201024 / 2);
  });
});

describe("workloadThroughput", () => {
  it("serves a batch as its prefill then one decode step per output token", () => {
    const t = workloadThroughput(toy, { batch: 1, input_tokens: 1000, output_tokens: 1000 });
    // decode at 1000 + 1000/2 = 1500: memory (2e9 + 1500 × 5120) ÷ 1e12 = 2.00768e-3 s a step
    near(t.decode.seconds, 2.00768e-3);
    // 0.0201024 + 1000 × 0.00200768 = 2.0277824 s for 1000 out, 2000 in all
    near(t.seconds, 2.0277824);
    near(t.output_tokens_per_second, 493.1495608207271);
    near(t.tokens_per_second, 986.2991216414542);
  });
});
