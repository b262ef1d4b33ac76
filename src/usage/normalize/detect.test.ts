import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectUsageShape } from "./detect.js";

describe("detectUsageShape", () => {
  it("recognises chat completions usage and bodies", () => {
    assert.equal(detectUsageShape({ prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306 }), "openai");
    assert.equal(detectUsageShape({ object: "chat.completion", usage: { prompt_tokens: 1 } }), "openai");
    assert.equal(detectUsageShape({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } }), "openai");
  });

  it("recognises responses usage, bodies and stream events", () => {
    const u = { input_tokens: 75, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1186, output_tokens_details: { reasoning_tokens: 1024 } };
    assert.equal(detectUsageShape(u), "openai-responses");
    assert.equal(detectUsageShape({ usage: u }), "openai-responses");
    assert.equal(detectUsageShape({ object: "response", usage: u }), "openai-responses");
    assert.equal(detectUsageShape({ type: "response.completed", response: { usage: u } }), "openai-responses");
    // a total without details is still not anthropic, which never reports a total
    assert.equal(detectUsageShape({ input_tokens: 1, output_tokens: 1, total_tokens: 2 }), "openai-responses");
  });

  it("recognises anthropic usage, bodies and stream events", () => {
    assert.equal(detectUsageShape({ input_tokens: 50, cache_creation_input_tokens: 0, output_tokens: 1 }), "anthropic");
    assert.equal(detectUsageShape({ input_tokens: 2095, output_tokens: 503 }), "anthropic");
    assert.equal(detectUsageShape({ usage: { input_tokens: 10, output_tokens: 25 } }), "anthropic");
    assert.equal(detectUsageShape({ type: "message", usage: {} }), "anthropic");
    assert.equal(detectUsageShape({ type: "message_start", message: { usage: { input_tokens: 25, output_tokens: 1 } } }), "anthropic");
    assert.equal(detectUsageShape({ type: "message_delta", usage: { output_tokens: 15 } }), "anthropic");
    assert.equal(detectUsageShape({ cache_creation: { ephemeral_5m_input_tokens: 1 } }), "anthropic");
  });

  it("recognises gemini usage metadata and responses", () => {
    assert.equal(detectUsageShape({ promptTokenCount: 34, candidatesTokenCount: 418 }), "gemini");
    assert.equal(detectUsageShape({ candidates: [], usageMetadata: { promptTokenCount: 34 } }), "gemini");
  });

  it("recognises otel gen_ai attributes", () => {
    assert.equal(detectUsageShape({ "gen_ai.usage.input_tokens": 100 }), "otel");
    assert.equal(detectUsageShape({ "gen_ai.usage.prompt_tokens": 42 }), "otel");
    assert.equal(detectUsageShape([{ key: "gen_ai.usage.input_tokens", value: { intValue: "1" } }]), "otel");
    assert.equal(detectUsageShape({ attributes: { "gen_ai.request.model": "gpt-4" } }), "otel");
  });

  it("gives up on anything else", () => {
    assert.equal(detectUsageShape({}), undefined);
    assert.equal(detectUsageShape({ tokens: 5 }), undefined);
    assert.equal(detectUsageShape(null), undefined);
    assert.equal(detectUsageShape("usage"), undefined);
    assert.equal(detectUsageShape([1, 2]), undefined);
  });
});
