import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CardSet } from "./card-set.js";
import { validateCards } from "./cards-schema.js";

const gpu = { id: "h100-sxm", tflops: { bf16: 800 }, memory_gb: 80, bandwidth_tb_s: 3, watts: 700, usd_per_hour: 1.5 };

describe("validateCards", () => {
  it("reads a user's cards, defaults filled, and lays them over the built-in ones", () => {
    const user = validateCards(
      {
        gpus: [gpu],
        models: [{ id: "my-7b", parameters: 7e9, layers: 32, hidden_size: 4096, attention_heads: 32, kv_heads: 32, head_dim: 128, max_context: 4096 }],
      },
      "cards.yaml",
    );
    assert.equal(user.gpus[0]!.usd_per_hour, "1.5");
    assert.equal(user.models[0]!.active_parameters, 7e9);
    assert.equal(user.models[0]!.source, "cards.yaml");
    const cards = new CardSet(user);
    assert.equal(cards.gpu("h100-sxm", "--gpu").tflops.bf16, 800);
    assert.equal(cards.gpus.length, 6);
    assert.equal(cards.model("my-7b", "--model").layers, 32);
  });

  it("names the file and the field that is wrong", () => {
    assert.throws(() => validateCards({ gpus: [{ ...gpu, memory_gb: -1 }] }, "cards.yaml"), /^InputError: cards.yaml: gpus.0.memory_gb: /);
    assert.throws(() => validateCards({ gpus: [{ ...gpu, usd_per_hour: "cheap" }] }, "c.json"), /c.json: gpus.0.usd_per_hour: a decimal like 2.99/);
    assert.throws(() => validateCards({ gpu: [] }, "c.json"), /c.json: \(top level\): /);
    assert.throws(
      () =>
        validateCards(
          {
            models: [{ id: "m", parameters: 1, active_parameters: 2, layers: 1, hidden_size: 1, attention_heads: 1, kv_heads: 1, head_dim: 1, max_context: 1 }],
          },
          "c.json",
        ),
      /models.0.active_parameters: active_parameters is more than parameters/,
    );
  });
});
