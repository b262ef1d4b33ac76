import { test } from "node:test";
import assert from "node:assert/strict";
import { get_encoding } from "tiktoken";
import { countChatTokens, countChatWith, type ChatMessage } from "./chat.js";
import { JARGON_MESSAGES, WEATHER_MESSAGES, WEATHER_TOOLS } from "./cookbook.fixture.js";
import { randomMixes } from "./corpus.fixture.js";
import { loadEncoding } from "./encodings.js";

test("cookbook example on gpt-4o: 124 prompt tokens, as the API reported", async () => {
  // o200k counts per message (role, name, content) and the rule's overheads:
  //   system                       3 + 1 + 17               = 21
  //   system, example_user         3 + 1 + (2 + 1) + 10     = 17
  //   system, example_assistant    3 + 1 + (3 + 1) + 8      = 16
  //   system, example_user         3 + 1 + (2 + 1) + 17     = 24
  //   system, example_assistant    3 + 1 + (3 + 1) + 13     = 21
  //   user                         3 + 1 + 18               = 22
  //   reply priming                                          = 3
  //   21 + 17 + 16 + 24 + 21 + 22 + 3                        = 124
  const r = await countChatTokens(JARGON_MESSAGES, { model: "gpt-4o" });
  // written text: contents 17+10+8+17+13+18 = 83, names 2+3+2+3 = 10
  assert.equal(r.messages, 93);
  // framing: 6 * 3 + 6 roles * 1 + 4 names * 1 + 3 = 31
  assert.equal(r.framing, 31);
  assert.equal(r.total, 124);
  assert.deepEqual(r.approximations, []);
  assert.deepEqual(r.uncounted, []);
  assert.equal((await countChatTokens(JARGON_MESSAGES, { model: "gpt-4o-mini" })).total, 124);
});

test("cookbook example on gpt-4 and gpt-3.5-turbo (cl100k): 129", async () => {
  // cl100k contents are 18+10+8+18+15+19 = 88 (5 more than o200k); everything else is equal
  for (const model of ["gpt-4", "gpt-4-0613", "gpt-3.5-turbo"]) {
    const r = await countChatTokens(JARGON_MESSAGES, { model });
    assert.equal(r.total, 129, model);
    assert.equal(r.encoding, "cl100k_base");
  }
});

test("gpt-3.5-turbo-0301 used 4 per message and -1 per name: 127, as the API reported", async () => {
  // 129 + 6 messages * 1 - 4 names * 2 = 127
  assert.equal((await countChatTokens(JARGON_MESSAGES, { model: "gpt-3.5-turbo-0301" })).total, 127);
});

test("cookbook tool example: 101 on gpt-4o, 105 on gpt-4", async () => {
  // messages: (3 + 1 + 14) + (3 + 1 + 8) + 3 = 33 on o200k; tools 68 (see tools.test.ts)
  const o = await countChatTokens(WEATHER_MESSAGES, { model: "gpt-4o", tools: WEATHER_TOOLS });
  assert.deepEqual([o.messages + o.framing, o.tools, o.total], [33, 68, 101]);
  // cl100k: the user message is 9 tokens, so 34; tools use func_init 10, so 71
  const g = await countChatTokens(WEATHER_MESSAGES, { model: "gpt-4", tools: WEATHER_TOOLS });
  assert.deepEqual([g.messages + g.framing, g.tools, g.total], [34, 71, 105]);
});

test("string contents match the cookbook's function run on tiktoken", async () => {
  const o200k = await loadEncoding("o200k_base");
  const enc = get_encoding("o200k_base");
  try {
    const texts = randomMixes(200, 7);
    const messages: ChatMessage[] = texts.map((content, i) =>
      i % 3 === 0 ? { role: "assistant", content, name: `bot_${i}` } : { role: i % 2 ? "user" : "system", content },
    );
    // num_tokens_from_messages, transcribed
    let expected = 3;
    for (const m of messages) {
      expected += 3;
      for (const [key, value] of Object.entries(m)) {
        expected += enc.encode_ordinary(String(value)).length;
        if (key === "name") expected += 1;
      }
    }
    assert.equal(countChatWith(o200k, messages, { model: "gpt-4o" }).total, expected);
  } finally {
    enc.free();
  }
});

test("content parts: text counted, images by the tile rule or reported uncounted", async () => {
  const o200k = await loadEncoding("o200k_base");
  const messages: ChatMessage[] = [
    {
      role: "user",
      content: [
        { type: "text", text: "What is in these images?" },
        { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } },
        { type: "image_url", image_url: { url: "https://example.com/b.png", detail: "high", width: 1024, height: 1024 } },
        { type: "image_url", image_url: { url: "https://example.com/c.png" } },
        { type: "input_audio", input_audio: { data: "...", format: "wav" } },
      ],
    },
  ];
  const r = countChatWith(o200k, messages, { model: "gpt-4o" });
  assert.equal(r.messages, o200k.count("What is in these images?"));
  // 85 (low) + 765 (1024x1024 high)
  assert.equal(r.images, 850);
  assert.deepEqual(
    r.uncounted.map((u) => [u.part, u.type]),
    [
      [3, "image_url"],
      [4, "input_audio"],
    ],
  );
  assert.equal(r.total, r.messages + r.framing + r.images);
  // with a stated assumption for "auto", the third image counts too (c.png has no size: stays uncounted)
  const assumed = countChatWith(o200k, messages, { model: "gpt-4o", autoDetail: "low" });
  assert.equal(assumed.images, 850 + 85);
});

test("what the cookbook does not cover is flagged", async () => {
  const r = await countChatTokens(
    [
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "42" },
    ],
    { model: "gpt-5" },
  );
  assert.equal(r.approximations.length, 3);
  assert.ok(r.total > 0);
});

test("countChatTokens refuses models with no public tokenizer", async () => {
  await assert.rejects(countChatTokens([{ role: "user", content: "hi" }], { model: "claude-sonnet-4-5" }), RangeError);
});
