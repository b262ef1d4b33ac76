import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { totalTokens, usage } from "../usage.js";
import { convention, isOtelGenAIAttributes, normalizeOtelGenAIUsage, otelAttributes, otelModel, otelProvider } from "./otel-genai.js";

// the example values of the GenAI attribute registry
// (github.com/open-telemetry/semantic-conventions, docs/registry/attributes/gen-ai.md):
// input_tokens 100, cache_read.input_tokens 50, cache_creation.input_tokens 25, output_tokens 180,
// request.model gpt-4, response.model gpt-4-0613, provider.name openai; and 50 for
// reasoning.output_tokens, added by semantic-conventions PR #3383 ("SHOULD be included in output_tokens")
const REGISTRY_EXAMPLE_SPAN = {
  "gen_ai.operation.name": "chat",
  "gen_ai.provider.name": "openai",
  "gen_ai.request.model": "gpt-4",
  "gen_ai.response.model": "gpt-4-0613",
  "gen_ai.usage.input_tokens": 100,
  "gen_ai.usage.cache_read.input_tokens": 50,
  "gen_ai.usage.cache_creation.input_tokens": 25,
  "gen_ai.usage.output_tokens": 180,
  "gen_ai.usage.reasoning.output_tokens": 50,
};

// deprecated names, with the registry's example value 42 for both
const DEPRECATED_SPAN = {
  "gen_ai.system": "openai",
  "gen_ai.usage.prompt_tokens": 42,
  "gen_ai.usage.completion_tokens": 42,
};

describe("normalizeOtelGenAIUsage", () => {
  it("declares the semconv containment: input holds cache reads and writes, output holds reasoning", () => {
    assert.equal(convention.name, "otel-genai");
    assert.equal(convention.inputIncludesCacheRead, true);
    assert.equal(convention.inputIncludesCacheWrite, true);
    assert.equal(convention.outputIncludesReasoning, true);
  });

  it("takes cache and reasoning out of the registry example's totals", () => {
    const u = normalizeOtelGenAIUsage(REGISTRY_EXAMPLE_SPAN);
    // input 100 − cache read 50 − cache creation 25 = 25 uncached
    // output 180 − reasoning 50 = 130 visible
    assert.deepEqual(u, usage({ input: 25, cached_input: 50, cache_write: 25, output: 130, reasoning: 50, requests: 1 }));
    // 100 + 180 = 280
    assert.equal(totalTokens(u), 280);
  });

  it("reads the deprecated prompt/completion names", () => {
    assert.deepEqual(normalizeOtelGenAIUsage(DEPRECATED_SPAN), usage({ input: 42, output: 42, requests: 1 }));
  });

  it("prefers the current names when both are present", () => {
    const u = normalizeOtelGenAIUsage({ "gen_ai.usage.input_tokens": 100, "gen_ai.usage.prompt_tokens": 7, "gen_ai.usage.output_tokens": 180 });
    assert.equal(u.input, 100);
  });

  it("accepts numeric strings and OTLP AnyValues", () => {
    const u = normalizeOtelGenAIUsage({
      "gen_ai.usage.input_tokens": { intValue: "100" },
      "gen_ai.usage.cache_read.input_tokens": "50",
      "gen_ai.usage.output_tokens": { doubleValue: 180 },
      "gen_ai.usage.reasoning.output_tokens": { stringValue: "50" },
    });
    // 100 − 50 = 50 uncached; 180 − 50 = 130 visible
    assert.deepEqual(u, usage({ input: 50, cached_input: 50, output: 130, reasoning: 50, requests: 1 }));
  });

  it("accepts an OTLP KeyValue list and a span carrying attributes", () => {
    const list = Object.entries(REGISTRY_EXAMPLE_SPAN).map(([key, value]) =>
      typeof value === "number" ? { key, value: { intValue: String(value) } } : { key, value: { stringValue: value } },
    );
    const expected = normalizeOtelGenAIUsage(REGISTRY_EXAMPLE_SPAN);
    assert.deepEqual(normalizeOtelGenAIUsage(list), expected);
    assert.deepEqual(normalizeOtelGenAIUsage({ name: "chat gpt-4", attributes: list }), expected);
    assert.deepEqual(normalizeOtelGenAIUsage({ name: "chat gpt-4", attributes: REGISTRY_EXAMPLE_SPAN }), expected);
    assert.equal(otelAttributes(list)["gen_ai.provider.name"] !== undefined, true);
  });

  it("names the bad attribute in errors", () => {
    assert.throws(() => normalizeOtelGenAIUsage({ "gen_ai.usage.input_tokens": "abc" }), {
      message: 'gen_ai.usage.input_tokens: expected a non-negative integer, got "abc"',
    });
    assert.throws(() => normalizeOtelGenAIUsage({ "gen_ai.usage.output_tokens": { intValue: "-5" } }), {
      message: 'gen_ai.usage.output_tokens: expected a non-negative integer, got "-5"',
    });
    assert.throws(() => normalizeOtelGenAIUsage([{ key: 3, value: {} }]), { message: "attributes[0].key: expected a string, got 3" });
    assert.throws(
      () => normalizeOtelGenAIUsage({ "gen_ai.usage.input_tokens": 10, "gen_ai.usage.cache_read.input_tokens": 50 }),
      /otel-genai: reported input 10/,
    );
  });
});

describe("otelModel and otelProvider", () => {
  it("read the requested and responding model", () => {
    assert.deepEqual(otelModel(REGISTRY_EXAMPLE_SPAN), { requested: "gpt-4", response: "gpt-4-0613" });
    assert.deepEqual(otelModel({}), { requested: undefined, response: undefined });
    assert.deepEqual(otelModel([{ key: "gen_ai.request.model", value: { stringValue: "gpt-4" } }]), { requested: "gpt-4", response: undefined });
  });

  it("read the provider, falling back to the deprecated gen_ai.system", () => {
    assert.equal(otelProvider(REGISTRY_EXAMPLE_SPAN), "openai");
    assert.equal(otelProvider(DEPRECATED_SPAN), "openai");
    assert.equal(otelProvider({ "gen_ai.provider.name": "anthropic", "gen_ai.system": "openai" }), "anthropic");
    assert.equal(otelProvider({}), undefined);
  });

  it("reject a non-string model", () => {
    assert.throws(() => otelModel({ "gen_ai.request.model": 4 }), { message: "gen_ai.request.model: expected a string, got 4" });
  });
});

describe("isOtelGenAIAttributes", () => {
  it("recognises flat, listed and span-carried attributes", () => {
    assert.equal(isOtelGenAIAttributes(DEPRECATED_SPAN), true);
    assert.equal(isOtelGenAIAttributes([{ key: "gen_ai.usage.input_tokens", value: { intValue: "1" } }]), true);
    assert.equal(isOtelGenAIAttributes({ attributes: DEPRECATED_SPAN }), true);
    assert.equal(isOtelGenAIAttributes({ prompt_tokens: 1 }), false);
    assert.equal(isOtelGenAIAttributes(null), false);
  });
});
