import { test } from "node:test";
import assert from "node:assert/strict";
import { WEATHER_MESSAGES, WEATHER_TOOLS } from "./cookbook.fixture.js";
import { countPrompt, parsePrompt } from "./prompt.js";

test("text, a messages array, and a request body are all accepted", async () => {
  assert.equal((await countPrompt("hello world", { model: "gpt-4o" })).tokens, 2);
  // 3 + 1 ("user") + 1 ("hi") + 3
  assert.equal((await countPrompt([{ role: "user", content: "hi" }], { model: "gpt-4o" })).tokens, 8);
  // the cookbook's tool example, as a parsed JSON request body: 101
  const body = JSON.parse(JSON.stringify({ messages: WEATHER_MESSAGES, tools: WEATHER_TOOLS })) as unknown;
  assert.equal((await countPrompt(body, { model: "gpt-4o", provider: "openai" })).tokens, 101);
});

test("tools count for estimated providers too, as JSON text", async () => {
  const without = await countPrompt({ messages: WEATHER_MESSAGES }, { model: "claude-sonnet-4-5", provider: "anthropic" });
  const withTools = await countPrompt({ messages: WEATHER_MESSAGES, tools: WEATHER_TOOLS }, { model: "claude-sonnet-4-5", provider: "anthropic" });
  assert.ok(withTools.tokens > without.tokens);
  assert.match(withTools.method, /tools as JSON/);
});

test("malformed prompts are rejected with the offending path", async () => {
  assert.throws(() => parsePrompt(42), /prompt: expected/);
  assert.throws(() => parsePrompt([{ content: "no role" }]), /messages\[0\]: needs a string "role"/);
  assert.throws(() => parsePrompt([{ role: "user", content: 5 }]), /messages\[0\]\.content/);
  assert.throws(() => parsePrompt([{ role: "user", content: ["x"] }]), /every part needs a string "type"/);
  assert.throws(() => parsePrompt({ messages: [], tools: {} }), /tools: must be an array/);
  await assert.rejects(countPrompt({ nope: true }, { model: "gpt-4o" }), TypeError);
});
