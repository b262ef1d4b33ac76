import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { totalTokens, usage, type Usage } from "../usage.js";
import {
  normalizeAnthropicUsage,
  normalizeDetected,
  normalizeGeminiUsage,
  normalizeOpenAIChatUsage,
  normalizeOpenAIResponsesUsage,
  normalizeOtelGenAIUsage,
  normalizeUsage,
  normalizeUsageDetailed,
  USAGE_ADAPTERS,
  USAGE_PROVIDERS,
  type UsageProvider,
} from "./index.js";

const count = fc.nat({ max: 2_000_000 });

/** a provider object built from known disjoint parts, and what it must normalise to */
interface Case {
  provider: UsageProvider;
  obj: unknown;
  expected: Usage;
  /** the provider's grand total if it reports one, else the documented sum */
  total: number;
}

const openaiChatCase = fc.record({ uncached: count, cached: count, audioIn: count, visible: count, reasoning: count, audioOut: count }).map((p): Case => {
  const prompt = p.uncached + p.cached + p.audioIn;
  const completion = p.visible + p.reasoning + p.audioOut;
  return {
    provider: "openai",
    obj: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: p.cached, audio_tokens: p.audioIn },
      completion_tokens_details: { reasoning_tokens: p.reasoning, audio_tokens: p.audioOut, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    expected: usage({
      input: p.uncached,
      cached_input: p.cached,
      audio_input: p.audioIn,
      output: p.visible,
      reasoning: p.reasoning,
      audio_output: p.audioOut,
      requests: 1,
    }),
    total: prompt + completion,
  };
});

const openaiResponsesCase = fc.record({ uncached: count, cached: count, visible: count, reasoning: count }).map((p): Case => {
  const input = p.uncached + p.cached;
  const output = p.visible + p.reasoning;
  return {
    provider: "openai-responses",
    obj: {
      object: "response",
      usage: {
        input_tokens: input,
        input_tokens_details: { cached_tokens: p.cached },
        output_tokens: output,
        output_tokens_details: { reasoning_tokens: p.reasoning },
        total_tokens: input + output,
      },
    },
    expected: usage({ input: p.uncached, cached_input: p.cached, output: p.visible, reasoning: p.reasoning, requests: 1 }),
    total: input + output,
  };
});

// anthropic reports no grand total; the docs give total input = cache_read + cache_creation + input_tokens
const anthropicCase = fc.record({ input: count, read: count, w5m: count, w1h: count, visible: count, thinking: count }).map(
  (p): Case => ({
    provider: "anthropic",
    obj: {
      type: "message",
      usage: {
        input_tokens: p.input,
        cache_read_input_tokens: p.read,
        cache_creation_input_tokens: p.w5m + p.w1h,
        cache_creation: { ephemeral_5m_input_tokens: p.w5m, ephemeral_1h_input_tokens: p.w1h },
        output_tokens: p.visible + p.thinking,
        output_tokens_details: { thinking_tokens: p.thinking },
      },
    },
    expected: usage({ input: p.input, cached_input: p.read, cache_write: p.w5m, cache_write_1h: p.w1h, output: p.visible, reasoning: p.thinking, requests: 1 }),
    total: p.read + p.w5m + p.w1h + p.input + p.visible + p.thinking,
  }),
);

// google: total = prompt + candidates + toolUsePrompt + thoughts, and prompt includes the cache
const geminiCase = fc
  .record({ text: count, cached: count, audioIn: count, toolUse: count, visible: count, audioOut: count, thoughts: count })
  .map((p): Case => {
    const prompt = p.text + p.cached + p.audioIn;
    const candidates = p.visible + p.audioOut;
    return {
      provider: "gemini",
      obj: {
        usageMetadata: {
          promptTokenCount: prompt,
          cachedContentTokenCount: p.cached,
          candidatesTokenCount: candidates,
          toolUsePromptTokenCount: p.toolUse,
          thoughtsTokenCount: p.thoughts,
          totalTokenCount: prompt + candidates + p.toolUse + p.thoughts,
          promptTokensDetails: [
            { modality: "TEXT", tokenCount: p.text + p.cached },
            { modality: "AUDIO", tokenCount: p.audioIn },
          ],
          cacheTokensDetails: [{ modality: "TEXT", tokenCount: p.cached }],
          candidatesTokensDetails: [
            { modality: "TEXT", tokenCount: p.visible },
            { modality: "AUDIO", tokenCount: p.audioOut },
          ],
        },
      },
      expected: usage({
        input: p.text + p.toolUse,
        cached_input: p.cached,
        audio_input: p.audioIn,
        output: p.visible,
        reasoning: p.thoughts,
        audio_output: p.audioOut,
        requests: 1,
      }),
      total: prompt + candidates + p.toolUse + p.thoughts,
    };
  });

// otel reports no grand total; input_tokens + output_tokens is the whole call by the conventions
const otelCase = fc.record({ uncached: count, read: count, write: count, visible: count, reasoning: count }).map((p): Case => {
  const input = p.uncached + p.read + p.write;
  const output = p.visible + p.reasoning;
  return {
    provider: "otel",
    obj: {
      "gen_ai.usage.input_tokens": input,
      "gen_ai.usage.cache_read.input_tokens": p.read,
      "gen_ai.usage.cache_creation.input_tokens": p.write,
      "gen_ai.usage.output_tokens": output,
      "gen_ai.usage.reasoning.output_tokens": p.reasoning,
    },
    expected: usage({ input: p.uncached, cached_input: p.read, cache_write: p.write, output: p.visible, reasoning: p.reasoning, requests: 1 }),
    total: input + output,
  };
});

const anyCase = fc.oneof(openaiChatCase, openaiResponsesCase, anthropicCase, geminiCase, otelCase);

describe("normalizeUsage", () => {
  it("has an adapter for every provider shape", () => {
    assert.deepEqual(Object.keys(USAGE_ADAPTERS).sort(), [...USAGE_PROVIDERS].sort());
  });

  it("dispatches through the table to the same result as each adapter's function", () => {
    const chat = { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } };
    assert.deepEqual(normalizeUsage("openai", chat), normalizeOpenAIChatUsage(chat));
    const responses = { input_tokens: 75, output_tokens: 1186, output_tokens_details: { reasoning_tokens: 1024 } };
    assert.deepEqual(normalizeUsage("openai-responses", responses), normalizeOpenAIResponsesUsage(responses));
    const claude = { input_tokens: 105, cache_read_input_tokens: 7123, output_tokens: 6039 };
    assert.deepEqual(normalizeUsage("anthropic", claude), normalizeAnthropicUsage(claude));
    const gemini = { promptTokenCount: 34, candidatesTokenCount: 418, thoughtsTokenCount: 438 };
    assert.deepEqual(normalizeUsage("gemini", gemini), normalizeGeminiUsage(gemini));
    const otel = { "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 180 };
    assert.deepEqual(normalizeUsage("otel", otel), normalizeOtelGenAIUsage(otel));
  });

  it("applies the same numbers differently under each provider's convention", () => {
    // the one thing peers get wrong: 1000 in, 800 of them cache hits
    const openai = normalizeUsage("openai", { prompt_tokens: 1000, prompt_tokens_details: { cached_tokens: 800 } });
    const anthropic = normalizeUsage("anthropic", { input_tokens: 1000, cache_read_input_tokens: 800 });
    // openai: 1000 − 800 = 200 uncached; anthropic: 1000 is already uncached
    assert.equal(openai.input, 200);
    assert.equal(anthropic.input, 1000);
  });

  it("rejects an unknown provider, naming the known ones", () => {
    assert.throws(() => normalizeUsage("mistral" as UsageProvider, {}), {
      message: 'unknown usage provider "mistral"; expected one of openai, openai-responses, anthropic, gemini, otel',
    });
    assert.throws(() => normalizeUsage("toString" as UsageProvider, {}), /unknown usage provider "toString"/);
  });

  it("reports the convention used and the provider's own total", () => {
    const r = normalizeUsageDetailed("gemini", { promptTokenCount: 34, candidatesTokenCount: 418, totalTokenCount: 890, thoughtsTokenCount: 438 });
    assert.equal(r.convention, "gemini-generate-content");
    assert.equal(r.reportedTotal, 890);
    assert.deepEqual(r.usage, usage({ input: 34, output: 418, reasoning: 438, requests: 1 }));
  });
});

describe("normalizeDetected", () => {
  it("detects the shape, then normalises", () => {
    const r = normalizeDetected({ usage: { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } } });
    assert.equal(r.provider, "openai");
    assert.equal(r.convention, "openai-chat");
    // 2006 − 1920 = 86
    assert.equal(r.usage.input, 86);
  });

  it("refuses an object it cannot place", () => {
    assert.throws(() => normalizeDetected({ tokens: 5 }), { message: 'cannot tell which provider shape this usage has: {"tokens":5}' });
  });
});

describe("properties over every adapter", () => {
  it("recovers the disjoint parts a provider object was built from", () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        assert.deepEqual(normalizeUsage(c.provider, c.obj), c.expected);
      }),
    );
  });

  it("sums the disjoint classes to the provider's reported total, where it reports one", () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        const r = normalizeUsageDetailed(c.provider, c.obj);
        assert.equal(totalTokens(r.usage), c.total);
        if (r.reportedTotal !== undefined) assert.equal(totalTokens(r.usage), r.reportedTotal);
      }),
    );
  });

  it("detects the shape each adapter's objects have", () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        assert.equal(normalizeDetected(c.obj).provider, c.provider);
      }),
    );
  });

  it("never yields a negative or fractional count", () => {
    fc.assert(
      fc.property(anyCase, (c) => {
        for (const v of Object.values(normalizeUsage(c.provider, c.obj))) assert.ok(Number.isSafeInteger(v) && v >= 0);
      }),
    );
  });
});
