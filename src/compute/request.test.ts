import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../shared/input-error.js";
import { CardSet } from "./card-set.js";
import { cliName, Params, queryName } from "./params.js";
import { readRequest } from "./request.js";

const cards = new CardSet();
const read = (raw: Record<string, string>, name = cliName) => readRequest(new Params(raw, name), cards);
const refuses = (raw: Record<string, string>, pattern: RegExp, name = cliName): void => {
  assert.throws(
    () => read(raw, name),
    (e: unknown) => e instanceof InputError && pattern.test(e.message),
  );
};
const base = { model: "llama-3.1-8b", gpu: "h100-sxm" };

describe("readRequest", () => {
  it("fills the defaults: 1 GPU, bf16, 2048 tokens of which 75% input, the card's price, full use, the largest batch", () => {
    const r = read(base);
    assert.equal(r.deployment.gpus, 1);
    assert.equal(r.deployment.precision, "bf16");
    assert.equal(r.input_tokens, 1536);
    assert.equal(r.output_tokens, 512);
    assert.equal(r.input_share, "0.75");
    assert.equal(r.usd_per_gpu_hour, "2.99");
    assert.equal(r.utilization, "1");
    assert.equal(r.batch_asked, "max");
    // (80e9 − 16.06e9) ÷ (2048 × 131,072) = 238.19…
    assert.equal(r.batch, 238);
  });

  it("takes input and output tokens instead of a context and a share", () => {
    const r = read({ ...base, input_tokens: "1000", output_tokens: "3000" });
    assert.equal(r.input_share, "0.25");
    refuses({ ...base, input_tokens: "1000" }, /^--output-tokens: give both/);
    refuses({ ...base, input_tokens: "1", output_tokens: "1", context: "10" }, /^--context: give --context\/--input-share or input\/output tokens/);
  });

  it("names the flag of an unknown id, with the known ones", () => {
    refuses({ ...base, model: "gpt-9" }, /^--model: unknown model "gpt-9" \(known: llama-3.1-8b, .*deepseek-v3\)/);
    refuses({ ...base, gpu: "tpu" }, /^--gpu: unknown GPU "tpu" \(known: h100-sxm, h200, a100-80gb, l40s, mi300x, b200\)/);
    refuses({ ...base, gpu: "tpu" }, /^gpu: unknown GPU/, queryName);
  });

  it("refuses a utilisation outside (0, 1] and non-numbers", () => {
    refuses({ ...base, utilization: "0" }, /^--utilization: expected a fraction above 0 and at most 1/);
    refuses({ ...base, utilization: "1.5" }, /^--utilization:/);
    refuses({ ...base, utilization: "half" }, /^--utilization:/);
    refuses({ ...base, gpus: "two" }, /^--gpus: expected a whole number from 1/);
    refuses({ ...base, gpu_price: "-1" }, /^--gpu-price: expected a price/);
    refuses({ ...base, tokens_per_second: "fast" }, /^--tokens-per-second:/);
    refuses({ ...base, batch: "0" }, /^--batch:/);
  });

  it("refuses a model that does not fit, and a batch beyond the memory", () => {
    // 405.9e9 × 2 = 811.8 GB > 8 × 80 GB
    refuses({ ...base, model: "llama-3.1-405b", gpus: "8" }, /^--gpus: llama-3.1-405b in bf16 needs 811.8 GB for its weights; 8 × h100-sxm hold 640 GB/);
    refuses({ ...base, batch: "239" }, /^--batch: 239 sequences of 2048 tokens do not fit: 1 × h100-sxm hold at most 238/);
    refuses({ ...base, context: "200000" }, /^--context: llama-3.1-8b takes at most 131072 tokens/);
  });

  it("refuses a precision the GPU has no peak for", () => {
    refuses({ ...base, gpu: "a100-80gb", precision: "fp8" }, /^--precision: a100-80gb has no fp8 peak \(it has bf16, fp16, int8\)/);
    refuses({ ...base, precision: "fp4" }, /^--precision: expected bf16, fp16, fp8, int8/);
  });
});
