import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { meterBody, StreamMeter } from "./meter.js";

describe("the meter never trusts or drops an upstream's garbage usage", () => {
  // (null is a count left out, as OpenAI-compatible servers write it: not garbage)
  for (const bad of [-1000, "NaN", 10.7, { n: 1 }, 1e12]) {
    it(`a final OpenAI stream chunk with prompt_tokens ${JSON.stringify(bad)}: kept raw, marked invalid, no throw`, () => {
      const meter = new StreamMeter("chat");
      meter.onData(JSON.stringify({ id: "c1", choices: [{ delta: { content: "hi" } }] }));
      const raw = { prompt_tokens: bad, completion_tokens: 3 };
      assert.equal(meter.onData(JSON.stringify({ id: "c1", choices: [], usage: raw })), true, "still the usage-only chunk");
      assert.equal(meter.metered.usage, undefined);
      assert.deepEqual(meter.metered.rawUsage, raw);
      assert.match(meter.metered.usageInvalid ?? "", /prompt_tokens|input: 1000000000000 is more than any call uses/);
    });
  }

  it("a negative input_tokens in Anthropic's message_start: invalid, never a throw", () => {
    const meter = new StreamMeter("messages");
    meter.onData(JSON.stringify({ type: "message_start", message: { id: "msg_1", model: "claude-haiku-4-5", usage: { input_tokens: -5, output_tokens: 1 } } }));
    meter.onData(JSON.stringify({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 7 } }));
    assert.equal(meter.metered.usage, undefined);
    assert.match(meter.metered.usageInvalid ?? "", /input_tokens/);
    assert.equal(meter.metered.id, "msg_1");
  });

  it("usage as a string in a streamed chunk is invalid too", () => {
    const meter = new StreamMeter("chat");
    meter.onData(JSON.stringify({ id: "c", choices: [], usage: "lots" }));
    assert.match(meter.metered.usageInvalid ?? "", /usage/);
  });

  it("a non-streamed body with bad usage keeps it raw and the answer's text for the tokenizer", () => {
    const m = meterBody("chat", {
      id: "c2",
      model: "gpt-4o",
      choices: [{ message: { content: "four words of text" } }],
      usage: { prompt_tokens: 12, completion_tokens: "7" },
    });
    assert.equal(m.usage, undefined);
    assert.deepEqual(m.rawUsage, { prompt_tokens: 12, completion_tokens: "7" });
    assert.equal(m.text, "four words of text");
  });

  it("meters images (DALL·E per image, GPT Image by tokens) and transcriptions by seconds or tokens", () => {
    assert.deepEqual(meterBody("images", { data: [{}, {}] }).usage?.usage.images, 2);
    const gptImage = meterBody("images", { data: [{}], usage: { input_tokens: 50, output_tokens: 4160 } }).usage!.usage;
    assert.deepEqual([gptImage.input, gptImage.output, gptImage.images], [50, 4160, 1]);
    // 12.3 s of audio bills as 13 whole seconds
    assert.equal(meterBody("transcription", { text: "hi", usage: { type: "duration", seconds: 12.3 } }).usage?.usage.audio_seconds, 13);
    const tokens = meterBody("transcription", {
      text: "hi",
      usage: { type: "tokens", input_tokens: 100, output_tokens: 9, input_token_details: { audio_tokens: 90, text_tokens: 10 } },
    }).usage!.usage;
    assert.deepEqual([tokens.input, tokens.audio_input, tokens.output], [10, 90, 9]);
    assert.match(meterBody("images", { data: [], usage: { input_tokens: -1, output_tokens: 0 } }).usageInvalid ?? "", /non-negative/);
  });
});
