import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { startSimulator, type Simulator } from "./simulator.js";

// token rule (tokens.ts): input = ceil(chars / 4) + 8; output = max tokens (default 16) words,
// half of it reasoning for o*/gpt-5 models and Anthropic thinking; cache numbers from x-sim-* headers

const WEATHER_TOOL = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } } },
};
const WEATHER_ARGS = { city: "sim", unit: "c" };

let sim: Simulator;
let openai: OpenAI;
let claude: Anthropic;

before(async () => {
  sim = await startSimulator();
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: sim.providerKey, maxRetries: 0 });
  claude = new Anthropic({ baseURL: sim.url, apiKey: sim.providerKey, maxRetries: 0 });
});
after(() => sim.close());

describe("local provider simulator: OpenAI wire format through the openai SDK", () => {
  it("answers a chat completion with usage by the documented rule and records the request", async () => {
    const before = sim.requests.length;
    const r = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello there" }],
      max_tokens: 5,
    });
    // "hello there" = 11 chars: ceil(11/4) + 8 = 3 + 8 = 11 prompt tokens; max_tokens 5 → 5 words
    assert.equal(r.object, "chat.completion");
    assert.equal(r.model, "gpt-4o");
    assert.equal(r.choices[0]!.message.content, "lorem ipsum dolor sit amet");
    assert.equal(r.choices[0]!.finish_reason, "stop");
    assert.equal(r.usage?.prompt_tokens, 11);
    assert.equal(r.usage?.completion_tokens, 5);
    assert.equal(r.usage?.total_tokens, 16);
    assert.equal(r.usage?.prompt_tokens_details?.cached_tokens, 0);
    assert.equal(r.usage?.completion_tokens_details?.reasoning_tokens, 0);
    const seen = sim.requests[before]!;
    assert.equal(seen.method, "POST");
    assert.equal(seen.path, "/v1/chat/completions");
    assert.equal(seen.headers["authorization"], `Bearer ${sim.providerKey}`);
    assert.equal((seen.body as { max_tokens: number }).max_tokens, 5);
  });

  it("reports cached and reasoning tokens for a reasoning model", async () => {
    const r = await openai.chat.completions.create(
      {
        model: "o3",
        messages: [
          { role: "system", content: "You are terse." },
          { role: "user", content: [{ type: "text", text: "Summarise the contract." }] },
        ],
        max_completion_tokens: 10,
      },
      { headers: { "x-sim-cached-tokens": "12" } },
    );
    // 14 + 23 = 37 chars: ceil(37/4) + 8 = 10 + 8 = 18 prompt, 12 of them cached;
    // 10 completion tokens, floor(10/2) = 5 reasoning, so 10 - 5 = 5 visible words
    assert.equal(r.usage?.prompt_tokens, 18);
    assert.equal(r.usage?.prompt_tokens_details?.cached_tokens, 12);
    assert.equal(r.usage?.completion_tokens, 10);
    assert.equal(r.usage?.completion_tokens_details?.reasoning_tokens, 5);
    assert.equal(r.choices[0]!.message.content!.split(" ").length, 5);
  });

  it("takes exact counts from x-sim-input-tokens and x-sim-output-tokens", async () => {
    const headers = { "x-sim-input-tokens": "2000", "x-sim-output-tokens": "3", "x-sim-cached-tokens": "1920" };
    const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], max_tokens: 100 }, { headers });
    assert.deepEqual([r.usage?.prompt_tokens, r.usage?.completion_tokens, r.usage?.total_tokens], [2000, 3, 2003]);
    assert.equal(r.usage?.prompt_tokens_details?.cached_tokens, 1920);
    assert.equal(r.choices[0]!.message.content, "lorem ipsum dolor");
  });

  it("streams chat chunks and ends with a usage chunk only when include_usage is set", async () => {
    const params = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hello there" }], max_tokens: 4 };
    const withUsage = [];
    const streamed = await openai.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    for await (const c of streamed) withUsage.push(c);
    const last = withUsage.at(-1)!;
    assert.deepEqual(last.choices, []);
    // 11 prompt (as above) + 4 completion = 15
    assert.deepEqual([last.usage?.prompt_tokens, last.usage?.completion_tokens, last.usage?.total_tokens], [11, 4, 15]);
    assert.ok(withUsage.slice(0, -1).every((c) => c.usage === null && c.object === "chat.completion.chunk"));
    const text = withUsage.map((c) => c.choices[0]?.delta.content ?? "").join("");
    assert.equal(text, "lorem ipsum dolor sit");
    assert.equal(withUsage.at(-2)!.choices[0]!.finish_reason, "stop");

    const without = [];
    for await (const c of await openai.chat.completions.create({ ...params, stream: true })) without.push(c);
    assert.equal(without.length, withUsage.length - 1);
    assert.ok(without.every((c) => c.usage === undefined && c.choices.length === 1));
  });

  it("answers tools with a tool call, finish_reason tool_calls, streaming too", async () => {
    const params = {
      model: "gpt-4o",
      messages: [{ role: "user" as const, content: "Weather in Oslo?" }],
      tools: [{ type: "function" as const, function: WEATHER_TOOL }],
    };
    const r = await openai.chat.completions.create(params);
    const call = r.choices[0]!.message.tool_calls![0]!;
    assert.equal(r.choices[0]!.finish_reason, "tool_calls");
    assert.equal(r.choices[0]!.message.content, null);
    assert.ok(call.type === "function");
    assert.equal(call.function.name, "get_weather");
    assert.deepEqual(JSON.parse(call.function.arguments), WEATHER_ARGS);
    // "Weather in Oslo?" = 16 chars: 4 + 8 = 12; no max tokens → 16 completion tokens
    assert.deepEqual([r.usage?.prompt_tokens, r.usage?.completion_tokens], [12, 16]);

    let args = "";
    let finish: string | null = null;
    for await (const c of await openai.chat.completions.create({ ...params, stream: true })) {
      args += c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual(JSON.parse(args), WEATHER_ARGS);
    assert.equal(finish, "tool_calls");
  });

  it("answers the Responses API, streaming ends with response.completed carrying usage", async () => {
    const params = { model: "gpt-5", instructions: "Be brief.", input: "What is 2+2?", max_output_tokens: 8 };
    const r = await openai.responses.create(params, { headers: { "x-sim-cached-tokens": "5" } });
    // 9 + 12 = 21 chars: ceil(21/4) + 8 = 6 + 8 = 14 input, 5 cached; 8 output, 4 reasoning, 4 words
    assert.equal(r.status, "completed");
    assert.equal(r.output_text, "lorem ipsum dolor sit");
    assert.deepEqual(
      r.output.map((o) => o.type),
      ["reasoning", "message"],
    );
    assert.deepEqual(r.usage, {
      input_tokens: 14,
      input_tokens_details: { cached_tokens: 5, cache_write_tokens: 0 },
      output_tokens: 8,
      output_tokens_details: { reasoning_tokens: 4 },
      total_tokens: 22,
    });

    const events = [];
    for await (const e of await openai.responses.create({ ...params, stream: true })) events.push(e);
    assert.deepEqual(
      events.map((e) => e.sequence_number),
      events.map((_, i) => i),
    );
    assert.equal(events[0]!.type, "response.created");
    const done = events.at(-1)!;
    assert.ok(done.type === "response.completed");
    assert.equal(done.response.usage?.output_tokens_details.reasoning_tokens, 4);
    const deltas = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : []));
    assert.equal(deltas.join(""), "lorem ipsum dolor sit");

    const tools = [{ type: "function" as const, strict: false, ...WEATHER_TOOL }];
    const fc = await openai.responses.create({ model: "gpt-4.1", input: "Oslo?", tools });
    assert.ok(fc.output[0]!.type === "function_call");
    assert.deepEqual(JSON.parse(fc.output[0]!.arguments), WEATHER_ARGS);
  });

  it("answers embeddings (base64 by default in the SDK, floats on request), completions and models", async () => {
    const e = await openai.embeddings.create({ model: "text-embedding-3-small", input: ["hello there", "x"] });
    // 11 + 1 = 12 chars: ceil(12/4) = 3 tokens, no overhead for embeddings
    assert.equal(e.usage.prompt_tokens, 3);
    assert.equal(e.data.length, 2);
    assert.equal(e.data[0]!.embedding.length, 8);
    const f = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: "hello there",
      dimensions: 4,
      encoding_format: "float",
    });
    assert.equal(f.data[0]!.embedding.length, 4);
    assert.deepEqual(f.data[0]!.embedding.slice(0, 1), e.data[0]!.embedding.slice(0, 1));

    const c = await openai.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "hello" });
    // 5 chars: 2 + 8 = 10 prompt; completions default to 16 tokens
    assert.deepEqual([c.usage?.prompt_tokens, c.usage?.completion_tokens], [10, 16]);
    assert.equal(c.choices[0]!.text.split(" ").length, 16);

    const ids = [];
    for await (const m of openai.models.list()) ids.push(m.id);
    assert.ok(ids.includes("gpt-4o"));
  });

  it("fails like OpenAI: 401 wrong key, 429 with retry-after, 500, 400", async () => {
    const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: "hi" }] };
    const wrong = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: "sk-wrong", maxRetries: 0 });
    await assert.rejects(wrong.chat.completions.create(body), (e: unknown) => {
      assert.ok(e instanceof OpenAI.AuthenticationError);
      assert.equal(e.code, "invalid_api_key");
      assert.equal(e.type, "invalid_request_error");
      return true;
    });
    const scenario = (name: string) => ({ headers: { "x-sim-scenario": name } });
    await assert.rejects(openai.chat.completions.create(body, scenario("rate-limit")), (e: unknown) => {
      assert.ok(e instanceof OpenAI.RateLimitError);
      assert.equal(e.headers.get("retry-after"), "2");
      assert.equal(e.code, "rate_limit_exceeded");
      return true;
    });
    await assert.rejects(openai.chat.completions.create(body, scenario("server-error")), (e: unknown) => {
      assert.ok(e instanceof OpenAI.InternalServerError);
      assert.equal(e.status, 500);
      assert.equal(e.type, "server_error");
      return true;
    });
    await assert.rejects(openai.chat.completions.create(body, scenario("bad-request")), OpenAI.BadRequestError);
  });

  it("cuts a stream mid-way: a few chunks, then the iteration throws with no usage chunk", async () => {
    const got = [];
    const stream = await openai.chat.completions.create(
      { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } },
      { headers: { "x-sim-scenario": "cut-stream" } },
    );
    await assert.rejects(async () => {
      for await (const c of stream) got.push(c);
    });
    // the role chunk and 3 content chunks, never the finish or usage chunk
    assert.equal(got.length, 4);
    // a non-streaming answer is cut half-way through its body
    await assert.rejects(
      openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }, { headers: { "x-sim-scenario": "cut-stream" } }),
    );
  });
});

describe("local provider simulator: Anthropic wire format through @anthropic-ai/sdk", () => {
  const prompt = { system: "be brief", messages: [{ role: "user" as const, content: "hello there" }] };

  it("answers a message with cache reads and writes split out of input_tokens", async () => {
    const r = await claude.messages.create(
      { model: "claude-sonnet-4-6", max_tokens: 4, ...prompt },
      { headers: { "x-sim-cached-tokens": "4", "x-sim-cache-write-tokens": "3", "x-sim-cache-write-1h-tokens": "2" } },
    );
    // 8 + 11 = 19 chars: ceil(19/4) + 8 = 5 + 8 = 13 prompt tokens = 4 read + 3 + 2 written + 4 uncached
    assert.equal(r.type, "message");
    assert.equal(r.stop_reason, "end_turn");
    assert.deepEqual(r.content, [{ type: "text", text: "lorem ipsum dolor sit" }]);
    assert.equal(r.usage.input_tokens, 4);
    assert.equal(r.usage.cache_read_input_tokens, 4);
    assert.equal(r.usage.cache_creation_input_tokens, 5);
    assert.deepEqual(r.usage.cache_creation, { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 2 });
    assert.equal(r.usage.output_tokens, 4);
    // @anthropic-ai/sdk 1.x sends `apiKey` as a bearer token, not as x-api-key
    assert.equal(sim.requests.at(-1)!.headers["authorization"], `Bearer ${sim.providerKey}`);
  });

  it("streams message_start with input usage, deltas, message_delta with output usage", async () => {
    const events = [];
    const stream = await claude.messages.create({ model: "claude-sonnet-4-6", max_tokens: 3, stream: true, ...prompt });
    for await (const e of stream) events.push(e);
    assert.deepEqual(
      events.map((e) => e.type),
      [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ],
    );
    const start = events[0]!;
    assert.ok(start.type === "message_start");
    assert.equal(start.message.usage.input_tokens, 13); // as above, nothing cached
    const delta = events[6]!;
    assert.ok(delta.type === "message_delta");
    assert.equal(delta.usage.output_tokens, 3);
    assert.equal(delta.delta.stop_reason, "end_turn");

    const final = await claude.messages.stream({ model: "claude-sonnet-4-6", max_tokens: 3, ...prompt }).finalMessage();
    assert.deepEqual([final.usage.input_tokens, final.usage.output_tokens], [13, 3]);
  });

  it("sends event: lines with a ping after the first content_block_start, as the API does", async () => {
    const raw = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": sim.providerKey, "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 1, stream: true, ...prompt }),
    });
    assert.match(raw.headers.get("content-type")!, /^text\/event-stream/);
    const names = [...(await raw.text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(names.slice(0, 3), ["message_start", "content_block_start", "ping"]);
  });

  it("reports thinking tokens and a thinking block when thinking is enabled", async () => {
    const r = await claude.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 10,
      thinking: { type: "adaptive" },
      ...prompt,
    });
    // 10 output tokens: floor(10/2) = 5 thinking, 5 words of text
    assert.deepEqual(
      r.content.map((b) => b.type),
      ["thinking", "text"],
    );
    assert.equal(r.usage.output_tokens, 10);
    assert.equal(r.usage.output_tokens_details?.thinking_tokens, 5);
    const text = r.content[1]!;
    assert.ok(text.type === "text");
    assert.equal(text.text.split(" ").length, 5);
  });

  it("answers tools with a tool_use block and stop_reason tool_use, streaming too", async () => {
    const params = {
      model: "claude-sonnet-4-6",
      max_tokens: 20,
      messages: [{ role: "user" as const, content: "Weather in Oslo?" }],
      tools: [{ name: WEATHER_TOOL.name, input_schema: WEATHER_TOOL.parameters as Anthropic.Tool.InputSchema }],
    };
    const r = await claude.messages.create(params);
    assert.equal(r.stop_reason, "tool_use");
    const block = r.content[0]!;
    assert.ok(block.type === "tool_use");
    assert.equal(block.name, "get_weather");
    assert.deepEqual(block.input, WEATHER_ARGS);
    const streamed = await claude.messages.stream(params).finalMessage();
    assert.equal(streamed.stop_reason, "tool_use");
    assert.deepEqual((streamed.content[0] as Anthropic.ToolUseBlock).input, WEATHER_ARGS);
  });

  it("counts tokens with the same rule", async () => {
    const r = await claude.messages.countTokens({ model: "claude-sonnet-4-6", ...prompt });
    assert.deepEqual(r, { input_tokens: 13 });
  });

  it("fails like Anthropic: 401 wrong key, 429 with retry-after, 529 overloaded, 400", async () => {
    const body = { model: "claude-sonnet-4-6", max_tokens: 4, ...prompt };
    const wrong = new Anthropic({ baseURL: sim.url, apiKey: "sk-ant-wrong", maxRetries: 0 });
    await assert.rejects(wrong.messages.create(body), (e: unknown) => {
      assert.ok(e instanceof Anthropic.AuthenticationError);
      assert.deepEqual((e.error as { error: unknown }).error, { type: "authentication_error", message: "invalid x-api-key" });
      return true;
    });
    const scenario = (name: string) => ({ headers: { "x-sim-scenario": name } });
    await assert.rejects(claude.messages.create(body, scenario("rate-limit")), (e: unknown) => {
      assert.ok(e instanceof Anthropic.RateLimitError);
      assert.equal(e.headers.get("retry-after"), "2");
      assert.equal((e.error as { error: { type: string } }).error.type, "rate_limit_error");
      return true;
    });
    await assert.rejects(claude.messages.create(body, scenario("server-error")), (e: unknown) => {
      assert.ok(e instanceof Anthropic.InternalServerError);
      assert.equal(e.status, 529);
      assert.equal((e.error as { error: { type: string } }).error.type, "overloaded_error");
      return true;
    });
    await assert.rejects(claude.messages.create(body, scenario("bad-request")), Anthropic.BadRequestError);
  });

  it("cuts a stream after message_start and 3 text deltas, so the iteration throws", async () => {
    const got: string[] = [];
    const stream = await claude.messages.create(
      { model: "claude-sonnet-4-6", max_tokens: 10, stream: true, ...prompt },
      { headers: { "x-sim-scenario": "cut-stream" } },
    );
    await assert.rejects(async () => {
      for await (const e of stream) got.push(e.type);
    });
    const delta = "content_block_delta";
    assert.deepEqual(got, ["message_start", "content_block_start", delta, delta, delta]);
  });
});

describe("local provider simulator: serving", () => {
  it("streams each event as its own write", async () => {
    const reads = await new Promise<number>((resolve, reject) => {
      const req = request(`${sim.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${sim.providerKey}`, "content-type": "application/json" },
      });
      req.on("response", (res) => {
        let n = 0;
        res.on("data", () => n++);
        res.on("end", () => resolve(n));
      });
      req.on("error", reject);
      req.end(JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true }));
    });
    // 1 role chunk + 16 word chunks + finish + [DONE] = 19 events; loopback may merge a few
    assert.ok(reads > 5, `only ${reads} reads`);
  });

  it("waits before the first byte under the slow scenario", async () => {
    const t0 = performance.now();
    await openai.models.list({ headers: { "x-sim-scenario": "slow", "x-sim-delay-ms": "60" } });
    assert.ok(performance.now() - t0 >= 55);
  });

  it("answers images, speech, batches, fine-tuning jobs and message batches with 200", async () => {
    const post = (path: string, body: unknown, anthropic = false) =>
      fetch(sim.url + path, {
        method: "POST",
        headers: anthropic ? { "x-api-key": sim.providerKey, "anthropic-version": "2023-06-01" } : { authorization: `Bearer ${sim.providerKey}` },
        body: JSON.stringify(body),
      });
    const images = (await (await post("/v1/images/generations", { model: "gpt-image-1", prompt: "a cat", n: 2 })).json()) as {
      data: unknown[];
      usage: { input_tokens: number; output_tokens: number };
    };
    // "a cat" = 5 chars: ceil(5/4) = 2 input tokens; 272 output per image
    assert.deepEqual([images.data.length, images.usage.input_tokens, images.usage.output_tokens], [2, 2, 544]);
    const speech = await post("/v1/audio/speech", { model: "tts-1", input: "hello", voice: "alloy" });
    assert.equal(speech.headers.get("content-type"), "audio/mpeg");
    assert.ok((await speech.arrayBuffer()).byteLength > 0);
    const batch = (await (await post("/v1/batches", { input_file_id: "file-1", endpoint: "/v1/chat/completions", completion_window: "24h" })).json()) as {
      object: string;
    };
    assert.equal(batch.object, "batch");
    const job = (await (await post("/v1/fine_tuning/jobs", { model: "gpt-4o-mini", training_file: "file-2" })).json()) as { object: string };
    assert.equal(job.object, "fine_tuning.job");
    const requests = [{ custom_id: "a", params: { model: "claude-haiku-4-5", max_tokens: 1, messages: [] } }];
    const messageBatch = (await (await post("/v1/messages/batches", { requests }, true)).json()) as { type: string; request_counts: { processing: number } };
    assert.deepEqual([messageBatch.type, messageBatch.request_counts.processing], ["message_batch", 1]);
  });

  it("keeps no requests with record: false and rejects a missing anthropic-version", async () => {
    const quiet = await startSimulator({ record: false, providerKey: "k" });
    try {
      const r = await fetch(`${quiet.url}/v1/messages`, { method: "POST", headers: { "x-api-key": "k" }, body: "{}" });
      assert.equal(r.status, 400);
      const error = { type: "invalid_request_error", message: "anthropic-version: header is required" };
      assert.deepEqual((await r.json()).error, error);
      assert.equal(quiet.requests.length, 0);
    } finally {
      await quiet.close();
    }
  });
});
