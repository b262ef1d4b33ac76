import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CardSet } from "./card-set.js";
import { costPlus } from "./cost-plus.js";
import { cliName, Params } from "./params.js";
import { priceRequest } from "./price-request.js";
import { readRequest } from "./request.js";
import { TOY_GPU, TOY_MODEL } from "./testing/toy-cards.js";

const cards = new CardSet({ models: [TOY_MODEL], gpus: [TOY_GPU] });
const request = readRequest(new Params({ model: "toy-1b", gpu: "toy-gpu", input_tokens: "1000", output_tokens: "1000" }, cliName), cards);

describe("costPlus", () => {
  it("charges input its prefill time and output its decode step, then the margin", () => {
    const [one] = costPlus(request, "0.5", [1]).rows;
    // prefill 1000 ÷ 0.0201024 s = 49,745.304 tokens/s; decode 1 ÷ 2.00768e-3 s = 498.087 tokens/s
    assert.equal(one!.prefill_tokens_per_second, 49745.304);
    assert.equal(one!.decode_tokens_per_second, 498.087);
    // $2 ÷ (498.087 × 3600) × 10⁶ = 1.1153785494…; ÷ (1 − 0.5)
    assert.equal(one!.cost_usd_per_million_output, "1.115379");
    assert.equal(one!.price_usd_per_million_output, "2.230757");
    // $2 ÷ (49,745.304 × 3600) × 10⁶ = 0.0111680000…
    assert.equal(one!.cost_usd_per_million_input, "0.011168");
    assert.equal(one!.latency, "interactive");
  });

  it("makes batch work cheaper per token than interactive work", () => {
    const [one, many] = costPlus(request, "0.3", [1, 64]).rows;
    // decode at 64: memory (2e9 + 64 × 1500 × 5120) ÷ 1e12 = 2.49152e-3 s for 64 tokens = 25,687.13 tokens/s
    assert.equal(many!.decode_tokens_per_second, 25687.131);
    assert.equal(many!.latency, "batch");
    assert.ok(Number(many!.price_usd_per_million_output) * 40 < Number(one!.price_usd_per_million_output));
  });
});

describe("priceRequest", () => {
  it("sweeps 1, 8, 32, 128, 512 and the largest batch when none is asked", () => {
    // (10e9 − 2e9) ÷ (2000 × 5120) = 781.25
    const p = priceRequest(new Params({ model: "toy-1b", gpu: "toy-gpu", input_tokens: "1000", output_tokens: "1000" }, cliName), cards);
    assert.deepEqual(p.batches, [1, 8, 32, 128, 512, 781]);
    assert.equal(p.margin, "0.3");
  });

  it("takes a list of batches, each checked against the memory", () => {
    const raw = { model: "toy-1b", gpu: "toy-gpu", input_tokens: "1000", output_tokens: "1000" };
    assert.deepEqual(priceRequest(new Params({ ...raw, batch: "4,16" }, cliName), cards).batches, [4, 16]);
    assert.throws(() => priceRequest(new Params({ ...raw, batch: "4,900" }, cliName), cards), /^InputError: --batch: 900 sequences/);
    assert.throws(() => priceRequest(new Params({ ...raw, margin: "1" }, cliName), cards), /--margin: expected a fraction/);
  });
});
