import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { promptTokens, totalTokens, usage } from "../usage.js";
import { anthropicStreamUsage, convention, normalizeAnthropicUsage } from "./anthropic.js";

// Anthropic API reference, "Create a Message", response 200 example (platform.claude.com/docs/en/api/messages/create);
// the content block's citation list is trimmed
const CREATE_MESSAGE_EXAMPLE = {
  id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  content: [{ text: "Hi! My name is Claude.", type: "text" }],
  model: "claude-opus-5",
  role: "assistant",
  stop_reason: "end_turn",
  stop_sequence: null,
  type: "message",
  usage: {
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    cache_creation_input_tokens: 2051,
    cache_read_input_tokens: 2051,
    inference_geo: "global",
    input_tokens: 2095,
    output_tokens: 503,
    output_tokens_details: { thinking_tokens: 0 },
    server_tool_use: { web_fetch_requests: 2, web_search_requests: 0 },
    service_tier: "standard",
  },
};

// Anthropic guide "Web search tool", response usage (docs.claude.com/en/docs/agents-and-tools/tool-use/web-search-tool)
const WEB_SEARCH_USAGE = {
  input_tokens: 105,
  output_tokens: 6039,
  cache_read_input_tokens: 7123,
  cache_creation_input_tokens: 7345,
  server_tool_use: { web_search_requests: 1 },
};

// Anthropic guide "Prompt caching", 1-hour cache duration: the split is the page's (456 + 100);
// the page prints "..." for the other fields, so the flat total is the sum the page says it
// equals, and the remaining counts are filled in for the test
const ONE_HOUR_CACHE_USAGE = {
  input_tokens: 50,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 556,
  output_tokens: 20,
  cache_creation: { ephemeral_5m_input_tokens: 456, ephemeral_1h_input_tokens: 100 },
};

// Anthropic guide "Streaming messages", message_start and message_delta events (docs.claude.com/en/docs/build-with-claude/streaming)
const MESSAGE_START = {
  type: "message_start",
  message: {
    id: "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY",
    type: "message",
    role: "assistant",
    content: [],
    model: "claude-opus-4-1-20250805",
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 25, output_tokens: 1 },
  },
};
const MESSAGE_DELTA = { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 15 } };

describe("normalizeAnthropicUsage", () => {
  it("declares that input excludes both cache reads and writes", () => {
    assert.equal(convention.name, "anthropic-messages");
    assert.equal(convention.inputIncludesCacheRead, false);
    assert.equal(convention.inputIncludesCacheWrite, false);
  });

  it("keeps input, cache reads and cache writes apart", () => {
    const u = normalizeAnthropicUsage(WEB_SEARCH_USAGE);
    // nothing is subtracted: input 105 is already uncached
    assert.deepEqual(u, usage({ input: 105, cached_input: 7123, cache_write: 7345, output: 6039, web_searches: 1, requests: 1 }));
    // docs: total input = cache_read 7123 + cache_creation 7345 + input 105 = 14573
    assert.equal(promptTokens(u), 14573);
  });

  it("reads the prompt-caching page's worked example", () => {
    // "cache_read_input_tokens: 100,000 / cache_creation_input_tokens: 0 / input_tokens: 50"
    const u = normalizeAnthropicUsage({ cache_read_input_tokens: 100000, cache_creation_input_tokens: 0, input_tokens: 50 });
    assert.equal(u.input, 50);
    assert.equal(u.cached_input, 100000);
    // "Total input tokens processed: 100,050 tokens"
    assert.equal(promptTokens(u), 100050);
  });

  it("splits cache writes by lifetime when cache_creation is present", () => {
    const u = normalizeAnthropicUsage(ONE_HOUR_CACHE_USAGE);
    // 556 written = 456 for 5 minutes + 100 for 1 hour
    assert.equal(u.cache_write, 456);
    assert.equal(u.cache_write_1h, 100);
    assert.equal(u.input, 50);
    // 50 + 0 + 456 + 100 + output 20 = 626
    assert.equal(totalTokens(u), 626);
  });

  it("takes all writes as 5-minute writes without the split", () => {
    const { cache_creation: _split, ...flat } = ONE_HOUR_CACHE_USAGE;
    const u = normalizeAnthropicUsage(flat);
    assert.equal(u.cache_write, 556);
    assert.equal(u.cache_write_1h, 0);
  });

  it("reads the api reference body, whose split does not add up to its flat total", () => {
    const u = normalizeAnthropicUsage(CREATE_MESSAGE_EXAMPLE);
    // flat 2051 − split 1h 0 = 2051 five-minute writes (the split says 0 + 0, which would lose them)
    assert.deepEqual(u, usage({ input: 2095, cached_input: 2051, cache_write: 2051, output: 503, requests: 1 }));
    // web fetches are free beyond their tokens, so only web searches (0 here) are counted
    assert.equal(u.web_searches, 0);
  });

  it("splits thinking out of output when output_tokens_details reports it", () => {
    const u = normalizeAnthropicUsage({ input_tokens: 2095, output_tokens: 503, output_tokens_details: { thinking_tokens: 412 } });
    // output 503 − thinking 412 = 91 visible
    assert.equal(u.output, 91);
    assert.equal(u.reasoning, 412);
    // without the details, thinking stays inside output and reasoning is 0
    assert.deepEqual(normalizeAnthropicUsage({ input_tokens: 2095, output_tokens: 503 }), usage({ input: 2095, output: 503, requests: 1 }));
  });

  it("reads the usage of streamed message_start and message_delta events", () => {
    assert.deepEqual(normalizeAnthropicUsage(MESSAGE_START), usage({ input: 25, output: 1, requests: 1 }));
    // message_delta counts are cumulative: the last one is the call's output, not an increment
    assert.deepEqual(normalizeAnthropicUsage(MESSAGE_DELTA), usage({ output: 15, requests: 1 }));
  });

  it("folds a stream's events into the call's usage without summing them", () => {
    const second = { type: "message_delta", delta: {}, usage: { output_tokens: 40, cache_read_input_tokens: null } };
    const ping = { type: "ping" };
    const block = { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } };
    const folded = anthropicStreamUsage([MESSAGE_START, ping, block, MESSAGE_DELTA, second, { type: "message_stop" }]);
    assert.deepEqual(folded, { input_tokens: 25, output_tokens: 40 });
    // input 25 from message_start; output 40 from the last delta, not 1 + 15 + 40
    assert.deepEqual(normalizeAnthropicUsage(folded), usage({ input: 25, output: 40, requests: 1 }));
    assert.throws(() => anthropicStreamUsage([null]), { message: "events[0]: expected an object, got null" });
  });

  it("accepts the usage object and the whole body alike", () => {
    assert.deepEqual(normalizeAnthropicUsage(CREATE_MESSAGE_EXAMPLE.usage), normalizeAnthropicUsage(CREATE_MESSAGE_EXAMPLE));
  });

  it("names the bad field in errors", () => {
    assert.throws(() => normalizeAnthropicUsage({ input_tokens: "12" }), { message: 'usage.input_tokens: expected a non-negative integer, got "12"' });
    assert.throws(() => normalizeAnthropicUsage({ usage: { cache_creation: { ephemeral_1h_input_tokens: null, ephemeral_5m_input_tokens: "x" } } }), {
      message: 'usage.cache_creation.ephemeral_5m_input_tokens: expected a non-negative integer, got "x"',
    });
    assert.throws(() => normalizeAnthropicUsage({ type: "message_start", message: { usage: { output_tokens: -1 } } }), {
      message: "message.usage.output_tokens: expected a non-negative integer, got -1",
    });
    assert.throws(() => normalizeAnthropicUsage({ server_tool_use: { web_search_requests: true } }), {
      message: "usage.server_tool_use.web_search_requests: expected a non-negative integer, got true",
    });
  });
});
