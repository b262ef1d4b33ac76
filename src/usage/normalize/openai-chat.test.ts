import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { totalTokens, usage } from "../usage.js";
import { convention, extractOpenAIChatCounts, normalizeOpenAIChatUsage } from "./openai-chat.js";

// OpenAI API reference, "The chat completion object" (platform.openai.com/docs/api-reference/chat/object)
const CHAT_OBJECT_EXAMPLE = {
  id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  object: "chat.completion",
  created: 1741570283,
  model: "gpt-4o-2024-08-06",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content:
          "The image shows a wooden boardwalk path running through a lush green field or meadow. The sky is bright blue with some scattered clouds, giving the scene a serene and peaceful atmosphere. Trees and shrubs are visible in the background.",
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: "stop",
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: "default",
};

// OpenAI guide "Prompt caching", usage example (platform.openai.com/docs/guides/prompt-caching)
const PROMPT_CACHING_USAGE = {
  prompt_tokens: 2006,
  completion_tokens: 300,
  total_tokens: 2306,
  prompt_tokens_details: { cached_tokens: 1920 },
  completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

// OpenAI guide "Predicted Outputs", response example (platform.openai.com/docs/guides/predicted-outputs);
// the guide elides the choices, and so does this copy
const PREDICTED_OUTPUTS_EXAMPLE = {
  id: "chatcmpl-xxx",
  object: "chat.completion",
  created: 1730918466,
  choices: [],
  usage: {
    prompt_tokens: 81,
    completion_tokens: 39,
    total_tokens: 120,
    completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: 18, rejected_prediction_tokens: 10 },
  },
};

// no published chat body has both a cache hit and reasoning; this one is assembled from the
// prompt-caching example above plus a reasoning split, following the documented containment
const CACHED_AND_REASONING_USAGE = {
  prompt_tokens: 2006,
  completion_tokens: 1843,
  total_tokens: 3849,
  prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 1536, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

describe("normalizeOpenAIChatUsage", () => {
  it("declares that prompt and completion totals contain their details", () => {
    assert.equal(convention.name, "openai-chat");
    assert.equal(convention.inputIncludesCacheRead, true);
    assert.equal(convention.outputIncludesReasoning, true);
  });

  it("reads the api reference chat completion object", () => {
    const u = normalizeOpenAIChatUsage(CHAT_OBJECT_EXAMPLE);
    // prompt 1117 − cached 0 − audio 0 = 1117 uncached; completion 46 − reasoning 0 − audio 0 = 46
    assert.deepEqual(u, usage({ input: 1117, output: 46, requests: 1 }));
    assert.equal(totalTokens(u), 1163);
  });

  it("splits the prompt-caching example into uncached and cached input", () => {
    const u = normalizeOpenAIChatUsage(PROMPT_CACHING_USAGE);
    // prompt 2006 − cached 1920 = 86 uncached
    assert.equal(u.input, 86);
    assert.equal(u.cached_input, 1920);
    assert.equal(u.output, 300);
    assert.equal(totalTokens(u), 2306);
  });

  it("leaves accepted and rejected prediction tokens in output", () => {
    const u = normalizeOpenAIChatUsage(PREDICTED_OUTPUTS_EXAMPLE);
    // completion 39 − reasoning 0 = 39; the 18 accepted and 10 rejected are inside it and billed as output
    assert.deepEqual(u, usage({ input: 81, output: 39, requests: 1 }));
    assert.equal(totalTokens(u), 120);
  });

  it("takes both the cache hit and the reasoning out of their totals", () => {
    const u = normalizeOpenAIChatUsage(CACHED_AND_REASONING_USAGE);
    // prompt 2006 − cached 1920 = 86 uncached
    assert.equal(u.input, 86);
    assert.equal(u.cached_input, 1920);
    // completion 1843 − reasoning 1536 = 307 visible
    assert.equal(u.output, 307);
    assert.equal(u.reasoning, 1536);
    assert.equal(totalTokens(u), 3849);
  });

  it("splits audio out of both totals", () => {
    const u = normalizeOpenAIChatUsage({
      prompt_tokens: 120,
      completion_tokens: 80,
      total_tokens: 200,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 60 },
    });
    // prompt 120 − audio 100 = 20 text; completion 80 − audio 60 = 20 text
    assert.deepEqual(u, usage({ input: 20, audio_input: 100, output: 20, audio_output: 60, requests: 1 }));
  });

  it("reads cache writes as part of the prompt when a model reports them", () => {
    const u = normalizeOpenAIChatUsage({
      prompt_tokens: 2006,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 1920 },
    });
    // prompt 2006 − written 1920 = 86 uncached
    assert.equal(u.input, 86);
    assert.equal(u.cache_write, 1920);
  });

  it("accepts the usage object, the whole body and a final stream chunk alike", () => {
    const fromBody = normalizeOpenAIChatUsage(CHAT_OBJECT_EXAMPLE);
    assert.deepEqual(normalizeOpenAIChatUsage(CHAT_OBJECT_EXAMPLE.usage), fromBody);
    assert.deepEqual(normalizeOpenAIChatUsage({ object: "chat.completion.chunk", choices: [], usage: CHAT_OBJECT_EXAMPLE.usage }), fromBody);
  });

  it("treats null detail objects as absent", () => {
    const u = normalizeOpenAIChatUsage({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: null, completion_tokens_details: null });
    assert.deepEqual(u, usage({ input: 10, output: 5, requests: 1 }));
  });

  it("keeps the reported total for cross-checks", () => {
    assert.equal(extractOpenAIChatCounts(PROMPT_CACHING_USAGE).reportedTotal, 2306);
    assert.equal(extractOpenAIChatCounts({ prompt_tokens: 1 }).reportedTotal, undefined);
  });

  it("names the bad field in errors", () => {
    assert.throws(() => normalizeOpenAIChatUsage({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: "abc" } }), {
      message: 'usage.prompt_tokens_details.cached_tokens: expected a non-negative integer, got "abc"',
    });
    assert.throws(() => normalizeOpenAIChatUsage({ prompt_tokens: -3 }), { message: "usage.prompt_tokens: expected a non-negative integer, got -3" });
    assert.throws(() => normalizeOpenAIChatUsage({ completion_tokens_details: 7 }), {
      message: "usage.completion_tokens_details: expected an object, got 7",
    });
    assert.throws(() => normalizeOpenAIChatUsage({ choices: [], usage: null }), { message: "usage: expected an object, got null" });
    assert.throws(() => normalizeOpenAIChatUsage("usage"), { message: 'usage: expected an object, got "usage"' });
  });

  it("refuses a cache hit larger than the prompt", () => {
    assert.throws(
      () => normalizeOpenAIChatUsage({ prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 1920 } }),
      /openai-chat: reported input 100 is smaller than the parts it should contain \(cache read 1920\)/,
    );
  });
});
