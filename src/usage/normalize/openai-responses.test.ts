import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { totalTokens, usage } from "../usage.js";
import { convention, extractOpenAIResponsesCounts, normalizeOpenAIResponsesUsage } from "./openai-responses.js";

// OpenAI guide "Reasoning models", usage example (platform.openai.com/docs/guides/reasoning)
const REASONING_USAGE = {
  input_tokens: 75,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 1186,
  output_tokens_details: { reasoning_tokens: 1024 },
  total_tokens: 1261,
};

// a recorded Responses API body with a cache hit (fixture cached_input_tokens.txtar in coder's
// aibridge tests; no doc page shows a cached responses body), trimmed to the fields that matter
const CACHED_RESPONSE_BODY = {
  id: "resp_0cd5d6b8310055d600696a1776b42c81a199fbb02248a8bfa0",
  object: "response",
  created_at: 1768560502,
  status: "completed",
  model: "gpt-4.1-2025-04-14",
  output: [
    {
      id: "msg_0cd5d6b8310055d600696a177708b881a1bb53034def764104",
      type: "message",
      status: "completed",
      content: [{ type: "output_text", annotations: [], logprobs: [], text: "- I provide clear, accurate, and concise answers tailored to your requests." }],
      role: "assistant",
    },
  ],
  prompt_cache_key: "key-123",
  prompt_cache_retention: "24h",
  usage: {
    input_tokens: 12033,
    input_tokens_details: { cached_tokens: 11904 },
    output_tokens: 44,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 12077,
  },
};

// OpenAI guide "Web search", output items of a response (platform.openai.com/docs/guides/tools-web-search),
// joined here to the reasoning guide's usage so one body carries both
const WEB_SEARCH_BODY = {
  object: "response",
  output: [
    { type: "web_search_call", id: "ws_67c9fa0502748190b7dd390736892e100be649c1a5ff9609", status: "completed" },
    {
      id: "msg_67c9fa077e288190af08fdffda2e34f20be649c1a5ff9609",
      type: "message",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: "On March 6, 2025, several news...", annotations: [] }],
    },
  ],
  usage: REASONING_USAGE,
};

describe("normalizeOpenAIResponsesUsage", () => {
  it("declares that input and output totals contain their details", () => {
    assert.equal(convention.name, "openai-responses");
    assert.equal(convention.inputIncludesCacheRead, true);
    assert.equal(convention.outputIncludesReasoning, true);
  });

  it("splits reasoning out of the reasoning guide's output", () => {
    const u = normalizeOpenAIResponsesUsage(REASONING_USAGE);
    // input 75 − cached 0 = 75; output 1186 − reasoning 1024 = 162 visible
    assert.deepEqual(u, usage({ input: 75, output: 162, reasoning: 1024, requests: 1 }));
    assert.equal(totalTokens(u), 1261);
  });

  it("splits a cache hit out of a recorded body's input", () => {
    const u = normalizeOpenAIResponsesUsage(CACHED_RESPONSE_BODY);
    // input 12033 − cached 11904 = 129 uncached
    assert.deepEqual(u, usage({ input: 129, cached_input: 11904, output: 44, requests: 1 }));
    assert.equal(totalTokens(u), 12077);
  });

  it("counts web_search_call items of a whole body as web searches", () => {
    const u = normalizeOpenAIResponsesUsage(WEB_SEARCH_BODY);
    assert.equal(u.web_searches, 1);
    assert.equal(u.output, 162);
    // the bare usage object has no output list, so no searches can be seen
    assert.equal(normalizeOpenAIResponsesUsage(REASONING_USAGE).web_searches, 0);
  });

  it("reads a streamed response.completed event", () => {
    const u = normalizeOpenAIResponsesUsage({ type: "response.completed", sequence_number: 9, response: WEB_SEARCH_BODY });
    assert.deepEqual(u, normalizeOpenAIResponsesUsage(WEB_SEARCH_BODY));
  });

  it("keeps the reported total for cross-checks", () => {
    assert.equal(extractOpenAIResponsesCounts(CACHED_RESPONSE_BODY).reportedTotal, 12077);
  });

  it("names the bad field in errors", () => {
    assert.throws(() => normalizeOpenAIResponsesUsage({ input_tokens: 5, input_tokens_details: { cached_tokens: 1.5 } }), {
      message: "usage.input_tokens_details.cached_tokens: expected a non-negative integer, got 1.5",
    });
    assert.throws(() => normalizeOpenAIResponsesUsage({ type: "response.completed", response: { usage: { output_tokens: "9" } } }), {
      message: 'response.usage.output_tokens: expected a non-negative integer, got "9"',
    });
    assert.throws(() => normalizeOpenAIResponsesUsage({ output: {}, usage: REASONING_USAGE }), { message: "output: expected an array, got {}" });
  });

  it("refuses reasoning larger than the output it sits in", () => {
    assert.throws(
      () => normalizeOpenAIResponsesUsage({ input_tokens: 1, output_tokens: 10, output_tokens_details: { reasoning_tokens: 11 } }),
      /openai-responses: reported output 10 is smaller than the parts it should contain \(reasoning 11\)/,
    );
  });
});
