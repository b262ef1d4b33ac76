import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GARBAGE } from "./misbehave.js";
import { startSimulator, type Simulator } from "./simulator.js";
import { MAX_REPLY_WORDS } from "./tokens.js";

let sim: Simulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

const CHAT = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], max_tokens: 3 };
const RESPONSES = { model: "gpt-4o", input: "hi", max_output_tokens: 3 };
const MESSAGES = { model: "claude-haiku-4-5", messages: [{ role: "user", content: "hi" }], max_tokens: 3 };
const INCLUDE_USAGE = { stream_options: { include_usage: true } };

/** a raw call to the simulator, with the auth its dialect wants */
function post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  const auth: Record<string, string> = path.startsWith("/v1/messages")
    ? { "x-api-key": sim.providerKey, "anthropic-version": "2023-06-01" }
    : { authorization: `Bearer ${sim.providerKey}` };
  const init: RequestInit = { method: "POST", headers: { ...auth, "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
  return fetch(sim.url + path, signal ? { ...init, signal } : init);
}

/** a stream's events: [event name or "", data] */
function events(text: string): [string, string][] {
  return text
    .split("\n\n")
    .filter((block) => block !== "")
    .map((block) => {
      const lines = block.split("\n");
      const name = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "";
      const data = lines.find((l) => l.startsWith("data: "))?.slice(6) ?? "";
      return [name, data];
    });
}

const json = (data: string): Record<string, unknown> => JSON.parse(data) as Record<string, unknown>;

describe("local provider simulator: misbehaviours", () => {
  it("answers every call with the same id under reuse-id, JSON and stream, on every route", async () => {
    const reuse = { "x-sim-scenario": "reuse-id" };
    for (let i = 0; i < 2; i++) {
      assert.equal(json(await (await post("/v1/chat/completions", CHAT, reuse)).text())["id"], "chatcmpl-fixed");
      assert.equal(json(await (await post("/v1/completions", { model: "x", prompt: "hi" }, reuse)).text())["id"], "cmpl-fixed");
      assert.equal(json(await (await post("/v1/responses", RESPONSES, reuse)).text())["id"], "resp_fixed");
      const message = await post("/v1/messages", MESSAGES, reuse);
      assert.equal(message.headers.get("request-id"), "req_fixed");
      assert.equal(json(await message.text())["id"], "msg_fixed");
    }
    const chat = events(await (await post("/v1/chat/completions", { ...CHAT, stream: true }, reuse)).text());
    assert.ok(chat.slice(0, -1).every(([, d]) => json(d)["id"] === "chatcmpl-fixed"));
    const responses = events(await (await post("/v1/responses", { ...RESPONSES, stream: true }, reuse)).text());
    assert.equal((json(responses.at(-1)![1])["response"] as { id: string }).id, "resp_fixed");
    const messages = events(await (await post("/v1/messages", { ...MESSAGES, stream: true }, reuse)).text());
    assert.equal((json(messages[0]![1])["message"] as { id: string }).id, "msg_fixed");
  });

  it("never answers under hang, and close() still ends with the call open", async () => {
    const own = await startSimulator();
    const hung = fetch(`${own.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${own.providerKey}`, "x-sim-scenario": "hang" },
      body: JSON.stringify(CHAT),
      signal: AbortSignal.timeout(5000),
    });
    const outcome = hung.then(
      () => "answered",
      (e: Error) => e.name,
    );
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(own.requests.length, 1, "the request was received");
    assert.equal(await Promise.race([outcome, new Promise((r) => setTimeout(() => r("pending"), 50))]), "pending");
    const t0 = performance.now();
    await own.close();
    assert.ok(performance.now() - t0 < 1000, "close() did not wait for the hung call");
    assert.equal(await outcome, "TypeError", "the client saw the socket closed, not an answer");
  });

  it("sends headers and one event under hang-stream, then nothing", async () => {
    const controller = new AbortController();
    const r = await post("/v1/messages", { ...MESSAGES, stream: true }, { "x-sim-scenario": "hang-stream" }, controller.signal);
    assert.equal(r.status, 200);
    const reader = r.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^event: message_start\n/);
    const next = await Promise.race([reader.read().then(() => "more"), new Promise((res) => setTimeout(() => res("nothing"), 200))]);
    assert.equal(next, "nothing");
    controller.abort();
  });

  it("destroys the socket under reset", async () => {
    await assert.rejects(post("/v1/chat/completions", CHAT, { "x-sim-scenario": "reset" }), TypeError);
  });

  it("puts x-sim-usage in verbatim: JSON bodies, the final chat chunk, response.completed, message_start and message_delta", async () => {
    const raw = '{"prompt_tokens":-1000,"completion_tokens":"NaN","total_tokens":10.7,"x":{"y":[null]}}';
    const usage = { "x-sim-usage": raw };
    const body = await (await post("/v1/chat/completions", CHAT, usage)).text();
    assert.ok(body.includes(`"usage":${raw}`));
    const chat = events(await (await post("/v1/chat/completions", { ...CHAT, stream: true, ...INCLUDE_USAGE }, usage)).text());
    assert.equal(chat.at(-1)![1], "[DONE]");
    assert.deepEqual(json(chat.at(-2)![1])["usage"], JSON.parse(raw));
    assert.ok(
      chat.slice(0, -2).every(([, d]) => json(d)["usage"] === null),
      "the other chunks keep usage: null",
    );
    const responses = events(await (await post("/v1/responses", { ...RESPONSES, stream: true }, { "x-sim-usage": "null" })).text());
    assert.equal((json(responses.at(-1)![1])["response"] as { usage: unknown }).usage, null);
    const negative = { "x-sim-usage": '{"input_tokens":-5,"output_tokens":10.7}' };
    const messages = events(await (await post("/v1/messages", { ...MESSAGES, stream: true }, negative)).text());
    const start = messages.find(([name]) => name === "message_start")!;
    const delta = messages.find(([name]) => name === "message_delta")!;
    assert.deepEqual((json(start[1])["message"] as { usage: unknown }).usage, { input_tokens: -5, output_tokens: 10.7 });
    assert.deepEqual(json(delta[1])["usage"], { input_tokens: -5, output_tokens: 10.7 });
    const notJson = await (await post("/v1/messages", MESSAGES, { "x-sim-usage": "{input_tokens: NaN" })).text();
    assert.ok(notJson.endsWith('"usage":{input_tokens: NaN}'), notJson);
    assert.throws(() => JSON.parse(notJson));
  });

  it("answers with x-sim-content-type", async () => {
    const html = await post("/v1/chat/completions", CHAT, { "x-sim-content-type": "text/html" });
    assert.equal(html.headers.get("content-type"), "text/html");
    assert.equal(json(await html.text())["object"], "chat.completion");
    const stream = await post("/v1/chat/completions", { ...CHAT, stream: true }, { "x-sim-content-type": "application/json" });
    assert.equal(stream.headers.get("content-type"), "application/json");
    assert.match(await stream.text(), /^data: /);
  });

  it("truncates a stream mid-event and a JSON body half-way, ending the response cleanly", async () => {
    const truncate = { "x-sim-stream-mutate": "truncate" };
    const text = await (await post("/v1/chat/completions", { ...CHAT, max_tokens: 10, stream: true, ...INCLUDE_USAGE }, truncate)).text();
    // role chunk + 3 content chunks whole, then half of the 4th
    const parts = text.split("\n\n");
    assert.equal(parts.length, 5);
    assert.ok(parts[4]!.startsWith("data: {") && !text.endsWith("\n\n"));
    assert.throws(() => JSON.parse(parts[4]!.slice(6)));
    assert.ok(!text.includes("[DONE]") && !text.includes('"choices":[]'));
    const anthropic = await (await post("/v1/messages", { ...MESSAGES, stream: true }, truncate)).text();
    assert.ok(!anthropic.includes("message_delta"));
    const body = await (await post("/v1/chat/completions", CHAT, truncate)).text();
    assert.ok(body.startsWith('{"id":"chatcmpl-'));
    assert.throws(() => JSON.parse(body));
  });

  it("reorders a stream: usage first, message_start last, [DONE] still last", async () => {
    const reorder = { "x-sim-stream-mutate": "reorder" };
    const chat = events(await (await post("/v1/chat/completions", { ...CHAT, stream: true, ...INCLUDE_USAGE }, reorder)).text());
    assert.deepEqual(json(chat[0]![1])["choices"], []);
    assert.equal((json(chat[0]![1])["usage"] as { completion_tokens: number }).completion_tokens, 3);
    assert.equal(chat.at(-1)![1], "[DONE]");
    const names = events(await (await post("/v1/messages", { ...MESSAGES, stream: true }, reorder)).text()).map(([name]) => name);
    assert.deepEqual([names[0], names[1], names.at(-1)], ["message_stop", "message_delta", "message_start"]);
    const responses = events(await (await post("/v1/responses", { ...RESPONSES, stream: true }, reorder)).text()).map(([n]) => n);
    assert.deepEqual([responses[0], responses.at(-1)], ["response.completed", "response.created"]);
  });

  it("puts garbage between a stream's events, and after a JSON body", async () => {
    const garbage = { "x-sim-stream-mutate": "garbage" };
    const plain = await (await post("/v1/chat/completions", { ...CHAT, stream: true })).text();
    const text = await (await post("/v1/chat/completions", { ...CHAT, stream: true }, garbage)).text();
    const real = plain.split("\n\n").filter((b) => b !== "");
    assert.equal(text.split("\n\n").filter((b) => b !== "").length, real.length * 2 - 1, "one piece of garbage after each event but the last");
    assert.ok(text.includes(GARBAGE[0]!) && text.endsWith("data: [DONE]\n\n"));
    const bad = events(text).filter(([, d]) => {
      try {
        JSON.parse(d);
        return false;
      } catch {
        return true;
      }
    });
    assert.ok(bad.length >= 2, "data that is not JSON");
    const body = await (await post("/v1/messages", MESSAGES, garbage)).text();
    assert.throws(() => JSON.parse(body));
  });

  it("answers x-sim-status in the provider's error format, or the normal answer under 400", async () => {
    const openai = await post("/v1/chat/completions", CHAT, { "x-sim-status": "503" });
    assert.equal(openai.status, 503);
    assert.equal(((await openai.json()) as { error: { type: string } }).error.type, "server_error");
    const anthropic = await post("/v1/messages", MESSAGES, { "x-sim-status": "504" });
    assert.equal(anthropic.status, 504);
    assert.deepEqual(((await anthropic.json()) as { error: unknown }).error, { type: "timeout_error", message: "Simulated status 504." });
    const created = await post("/v1/responses", { ...RESPONSES, stream: true }, { "x-sim-status": "201" });
    assert.equal(created.status, 201);
    assert.match(await created.text(), /response\.completed/);
    assert.equal((await post("/v1/chat/completions", CHAT, { "x-sim-status": "999" })).status, 200, "out of range: ignored");
  });

  it("reports a huge max_tokens as asked and caps the reply", async () => {
    const r = (await (await post("/v1/chat/completions", { ...CHAT, max_tokens: 1e308 })).json()) as {
      usage: { completion_tokens: number };
      choices: { message: { content: string } }[];
    };
    assert.equal(r.usage.completion_tokens, 1e308);
    assert.equal(r.choices[0]!.message.content.split(" ").length, MAX_REPLY_WORDS);
  });
});
