import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CardSet } from "./card-set.js";
import { computeCost } from "./cost.js";
import { cliName, Params } from "./params.js";
import { readRequest } from "./request.js";
import { TOY_GPU, TOY_MODEL } from "./testing/toy-cards.js";

const cards = new CardSet({ models: [TOY_MODEL], gpus: [TOY_GPU] });
const cost = (raw: Record<string, string>) => computeCost(readRequest(new Params(raw, cliName), cards));

describe("computeCost", () => {
  it("prices the roofline throughput of the workload", () => {
    const c = cost({ model: "toy-1b", gpu: "toy-gpu", batch: "1", input_tokens: "1000", output_tokens: "1000", utilization: "0.5" });
    // see roofline.test.ts: 2000 tokens in 2.0277824 s = 986.299 tokens/s (3 places)
    assert.equal(c.tokens_per_second_used, 986.299);
    assert.equal(c.source, "roofline estimate");
    // decode at 1500: 2e9 + 2×10×1500×1024
    assert.equal(c.flops_per_token, 2_030_720_000);
    assert.equal(c.kv_bytes_per_token, 5120);
    // 500 W ÷ 986.299 tokens/s = 0.50695 J
    assert.equal(c.joules_per_token, 0.507);
    // $2 ÷ (986.299 × 3600 × 0.5) × 10⁶ = 1.126545917…
    assert.equal(c.usd_per_million_tokens, "1.126546");
    assert.equal(c.usd_per_hour, "2");
    assert.equal(c.calibration, null);
  });

  it("uses a measured throughput when given one", () => {
    const c = cost({ model: "toy-1b", gpu: "toy-gpu", gpus: "2", tokens_per_second: "1000", gpu_price: "2.99", utilization: "0.5" });
    assert.equal(c.tokens_per_second_used, 1000);
    assert.equal(c.source, "given: --tokens-per-second");
    // 5.98 ÷ (1000 × 3600 × 0.5) × 10⁶; 1000 W ÷ 1000 tokens/s
    assert.equal(c.usd_per_million_tokens, "3.322222");
    assert.equal(c.joules_per_token, 1);
  });

  it("uses the published measurement of a matching deployment and reports the roofline's error on it", () => {
    const c = computeCost(
      readRequest(
        new Params({ model: "llama-3.1-70b", gpu: "h100-sxm", gpus: "2", precision: "fp8", input_tokens: "1000", output_tokens: "1000" }, cliName),
        new CardSet(),
      ),
    );
    // the row: 4,205 output tokens/s; × (1000 + 1000) ÷ 1000 = 8,410 tokens/s in and out
    assert.equal(c.tokens_per_second_used, 8410);
    assert.match(c.source, /^calibration: https:\/\/github.com\/NVIDIA\/TensorRT-LLM\//);
    assert.equal(c.calibration?.measured_output_tokens_per_second, 4205);
    assert.ok(c.calibration!.roofline_error_pct > 0, "the roofline is an upper bound");
    // 5.98 ÷ (8410 × 3600) × 10⁶ = 0.197516184…
    assert.equal(c.usd_per_million_tokens, "0.197516");
    // without calibration, the roofline
    const raw = computeCost(
      readRequest(
        new Params(
          { model: "llama-3.1-70b", gpu: "h100-sxm", gpus: "2", precision: "fp8", input_tokens: "1000", output_tokens: "1000", calibration: "false" },
          cliName,
        ),
        new CardSet(),
      ),
    );
    assert.equal(raw.source, "roofline estimate");
    assert.equal(raw.tokens_per_second_used, raw.roofline_tokens_per_second);
  });
});
