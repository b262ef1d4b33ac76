/**
 * One test per defect of issue 11 that is the gateway proxy's (items 1, 2, 3, 5, 6, and the
 * upstream status of 7), each asserting the behaviour the issue asks for, against the local
 * provider simulator's misbehaviours.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type Anthropic from "@anthropic-ai/sdk";
import type OpenAI from "openai";
import { countable, PROVIDER_KEY, rawRequest, sdkClients, settle, startHarness, type Harness, type RawAnswer } from "./support/gateway-harness.js";
import type { UsageEvent } from "../src/usage/event.js";

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;
let sequence = 0;

before(async () => {
  h = await startHarness();
  ({ openai, anthropic } = sdkClients(h, 3000));
});
after(() => h.close());

const CHAT = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "count me" }], max_tokens: 5 };
const MESSAGE = { model: "claude-haiku-4-5", messages: [{ role: "user" as const, content: "count me" }], max_tokens: 5 };

/** a fresh trace id, and the headers that carry it (to the gateway) and a run marker (through to the upstream) */
function traced(name: string): { trace: string; headers: Record<string, string> } {
  const trace = `${name}-${++sequence}`;
  return { trace, headers: { "x-tokenomics-trace-id": trace, "x-fuzz-run": trace } };
}

/** the calls the upstream received carrying the run marker */
const received = (trace: string) => h.sim.requests.filter((r) => r.headers["x-fuzz-run"] === trace);

/** the events of a trace once `n` of them are stored (or 1.5 s have passed) */
const eventsOf = (trace: string, n = 1): Promise<UsageEvent[]> =>
  settle(
    () => h.eventsOf(trace),
    (e) => e.length >= n,
  );

function noCrashSince(before: number): void {
  const crashes = h.crashes.slice(before).map((e) => (e instanceof Error ? e.message : String(e)));
  assert.deepEqual(crashes, [], `an uncaught error: \`tokenomics serve\` would have exited: ${crashes[0]}`);
}

async function assertServing(): Promise<void> {
  assert.equal((await rawRequest(h.url, { method: "GET", path: "/healthz" })).status, 200, "/healthz");
}

/** the issue's rule for a call: refused (a 4xx, the upstream never saw it) or metered (one event); never forwarded unmetered */
async function assertMeteredOrRefused(what: string, answer: RawAnswer | Error, trace: string): Promise<void> {
  assert.ok(!(answer instanceof Error), `${what}: no answer (${answer instanceof Error ? answer.message : ""})`);
  const reached = received(trace);
  if (reached.length === 0) {
    assert.ok(answer.status >= 400 && answer.status < 500, `${what}: refused with ${answer.status}, not a 4xx`);
    assert.doesNotThrow(() => JSON.parse(answer.body), `${what}: refusal not in JSON: ${answer.body.slice(0, 200)}`);
    return;
  }
  const events = await eventsOf(trace);
  assert.equal(
    events.length,
    1,
    `${what}: forwarded to ${reached.map((r) => `${r.method} ${r.path}`).join(", ")} (answered ${answer.status}) with ${events.length} events`,
  );
}

describe("gateway defects of issue 11, against the local provider simulator", () => {
  it("1: GET /%ff, /% and /x%zz answer 400 and the server keeps serving", async () => {
    for (const path of ["/%ff", "/%", "/x%zz"]) {
      const crashes = h.crashes.length;
      const answer = await rawRequest(h.url, { method: "GET", path, timeoutMs: 2000 }).catch((e: Error) => e);
      noCrashSince(crashes);
      assert.ok(!(answer instanceof Error), `${path}: ${answer instanceof Error ? answer.message : ""}`);
      assert.equal(answer.status, 400, path);
      await assertServing();
    }
  });

  it('2: a prompt_tokens of -1000, "NaN" or 10.7 in the final stream chunk is one event, flagged usage_invalid and estimated, the raw usage kept', async () => {
    for (const bad of [-1000, "NaN", 10.7]) {
      const usage = { prompt_tokens: bad, completion_tokens: 5, total_tokens: 5 };
      const { trace, headers } = traced("usage-stream");
      const crashes = h.crashes.length;
      let text = "";
      const done = (async () => {
        const stream = await openai.chat.completions.create({ ...CHAT, stream: true }, { headers: { ...headers, "x-sim-usage": JSON.stringify(usage) } });
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      })().catch((e: Error) => e);
      const failed = await done;
      noCrashSince(crashes);
      if (failed) throw failed;
      assert.equal(text, "lorem ipsum dolor sit amet", "the client got the whole answer");
      const events = await eventsOf(trace);
      assert.equal(events.length, 1, `prompt_tokens ${JSON.stringify(bad)}: ${events.length} events`);
      assertFlagged(events[0]!, usage);
      await assertServing();
    }
  });

  it("2: a negative input_tokens in Anthropic's message_start is one event, flagged usage_invalid and estimated, the raw usage kept", async () => {
    const { trace, headers } = traced("usage-anthropic");
    const crashes = h.crashes.length;
    const final = await anthropic.messages
      .stream(MESSAGE, { headers: { ...headers, "x-sim-usage": '{"input_tokens":-5,"output_tokens":3}' } })
      .finalMessage()
      .catch((e: Error) => e);
    noCrashSince(crashes);
    if (final instanceof Error) throw final;
    assert.equal(final.content.length, 1, "the client got the whole answer");
    const events = await eventsOf(trace);
    assert.equal(events.length, 1);
    assertFlagged(events[0]!);
    assert.match(JSON.stringify(events[0]!.source.raw_usage), /"input_tokens":-5/);
  });

  it("2: the same usage in a JSON answer is kept raw, flagged usage_invalid and estimated, not silently replaced", async () => {
    const usage = { prompt_tokens: -1000, completion_tokens: 5, total_tokens: -995 };
    const { trace, headers } = traced("usage-json");
    await openai.chat.completions.create(CHAT, { headers: { ...headers, "x-sim-usage": JSON.stringify(usage) } });
    const events = await eventsOf(trace);
    assert.equal(events.length, 1);
    assertFlagged(events[0]!, usage);
    const anthropicUsage = { input_tokens: 12.5, output_tokens: "3" };
    const second = traced("usage-json-anthropic");
    await anthropic.messages.create(MESSAGE, { headers: { ...second.headers, "x-sim-usage": JSON.stringify(anthropicUsage) } });
    const [event] = await eventsOf(second.trace);
    assert.ok(event);
    assertFlagged(event, anthropicUsage);
  });

  it("3: POST /v1/x/../chat/completions and other spellings of a metered path are metered or refused, never forwarded unmetered", async () => {
    for (const path of [
      "/v1/x/../chat/completions",
      "/v1/x/%2e%2e/chat/completions",
      "/v1/./chat/completions",
      "/v1//chat/completions",
      "/v1/chat/./completions",
    ]) {
      const { trace, headers } = traced("path");
      const answer = await rawRequest(h.url, {
        method: "POST",
        path,
        headers: { ...headers, authorization: `Bearer ${h.secret}`, "content-type": "application/json" },
        body: JSON.stringify(CHAT),
      }).catch((e: Error) => e);
      await assertMeteredOrRefused(`POST ${path}`, answer, trace);
    }
  });

  it("3: an anthropic-version header on /v1/chat/completions goes to the OpenAI upstream and is metered", async () => {
    const { trace, headers } = traced("anthropic-version");
    const r = await openai.chat.completions.create(CHAT, { headers: { ...headers, "anthropic-version": "2023-06-01" } });
    assert.equal(r.object, "chat.completion");
    const [seen] = received(trace);
    assert.equal(seen?.path, "/v1/chat/completions");
    assert.equal(seen?.headers["authorization"], `Bearer ${PROVIDER_KEY}`, "the OpenAI upstream's key, as OpenAI takes it");
    assert.equal(seen?.headers["x-api-key"], undefined);
    const events = await eventsOf(trace);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.provider, "openai");
    // "count me" = 8 characters: ceil(8 / 4) + 8 = 10 input tokens; max_tokens 5
    assert.deepEqual([events[0]!.usage.input, events[0]!.usage.output], [10, 5]);
  });

  it("3: images, speech, batches, fine-tuning jobs and message batches are an event each or a 404 in the provider's format", async () => {
    const routes: [string, unknown][] = [
      ["/v1/images/generations", { model: "gpt-image-1", prompt: "a cat" }],
      ["/v1/audio/speech", { model: "tts-1", input: "hello", voice: "alloy" }],
      ["/v1/batches", { input_file_id: "file-1", endpoint: "/v1/chat/completions", completion_window: "24h" }],
      ["/v1/fine_tuning/jobs", { model: "gpt-4o-mini", training_file: "file-1" }],
      ["/v1/messages/batches", { requests: [{ custom_id: "a", params: MESSAGE }] }],
    ];
    for (const [path, body] of routes) {
      const { trace, headers } = traced("billed");
      const isAnthropic = path.startsWith("/v1/messages");
      const auth: Record<string, string> = isAnthropic ? { "x-api-key": h.secret, "anthropic-version": "2023-06-01" } : { authorization: `Bearer ${h.secret}` };
      const r = await fetch(h.url + path, { method: "POST", headers: { ...auth, ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
      const text = await r.text();
      if (r.status === 404 && received(trace).length === 0) {
        const error = JSON.parse(text) as { type?: string; error?: { type?: string; message?: string } };
        if (isAnthropic) assert.deepEqual([error.type, error.error?.type], ["error", "not_found_error"], `${path}: ${text}`);
        else assert.equal(typeof error.error?.message, "string", `${path}: ${text}`);
        continue;
      }
      const events = await eventsOf(trace);
      assert.equal(events.length, 1, `POST ${path} answered ${r.status} with ${events.length} events`);
    }
  });

  it("3: /v1/../../stats and other paths out of the upstream's base are refused and never reach it", async () => {
    for (const [method, path] of [
      ["GET", "/v1/../../stats"],
      ["POST", "/v1/../../stats"],
      ["GET", "/v1/%2e%2e/%2e%2e/stats"],
      ["GET", "/v1/../api/keys"],
    ] as const) {
      const { trace, headers } = traced("escape");
      const answer = await rawRequest(h.url, {
        method,
        path,
        headers: { ...headers, authorization: `Bearer ${h.secret}` },
        ...(method === "POST" ? { body: "{}" } : {}),
      }).catch((e: Error) => e);
      assert.ok(!(answer instanceof Error), `${method} ${path}: ${answer instanceof Error ? answer.message : ""}`);
      assert.deepEqual(
        received(trace).map((r) => r.path),
        [],
        `${method} ${path} reached the upstream`,
      );
      assert.ok(answer.status >= 400 && answer.status < 500, `${method} ${path}: ${answer.status}`);
    }
  });

  it("5: six calls answered with the same id are six events, each keeping the provider's id in response_id", async () => {
    const { trace, headers } = traced("reuse-id");
    const options = { headers: { ...headers, "x-sim-scenario": "reuse-id" } };
    const drain = async (stream: AsyncIterable<unknown>) => {
      for await (const _ of stream) void _;
    };
    await openai.chat.completions.create(CHAT, options);
    await drain(await openai.chat.completions.create({ ...CHAT, stream: true }, options));
    await openai.responses.create({ model: "gpt-4o-mini", input: "count me" }, options);
    await drain(await openai.responses.create({ model: "gpt-4o-mini", input: "count me", stream: true }, options));
    await anthropic.messages.create(MESSAGE, options);
    await anthropic.messages.stream(MESSAGE, options).finalMessage();
    assert.equal(received(trace).length, 6);
    const events = await eventsOf(trace, 6);
    assert.equal(events.length, 6, `six calls, ${events.length} events`);
    assert.equal(new Set(events.map((e) => e.id)).size, 6);
    const ids = events.map((e) => e.request.response_id).sort();
    assert.deepEqual(ids, ["chatcmpl-fixed", "chatcmpl-fixed", "msg_fixed", "msg_fixed", "resp_fixed", "resp_fixed"]);
  });

  it("7: the upstream's HTTP status is stored on the event, a 429 apart from a 500", async () => {
    for (const status of [200, 429, 500, 503]) {
      const { trace, headers } = traced("status");
      await fetch(`${h.url}/v1/chat/completions`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${h.secret}`,
          "content-type": "application/json",
          ...headers,
          ...(status === 200 ? {} : { "x-sim-status": String(status) }),
        },
        body: JSON.stringify(CHAT),
      }).then((r) => r.arrayBuffer());
      const [event] = await eventsOf(trace);
      assert.equal(event?.request.http_status, status);
    }
  });
});

/** usage_invalid, estimated, counts the ledger can add (an estimate from the prompt), and the raw usage as received */
function assertFlagged(e: UsageEvent, raw?: unknown): void {
  assert.equal(e.request.usage_invalid, true, "request.usage_invalid");
  assert.equal(e.request.estimated, true, "request.estimated");
  assert.ok(countable(e), `usage ${JSON.stringify(e.usage)}`);
  assert.ok(e.usage.input > 0, "the prompt counted with the tokenizer");
  if (raw !== undefined) assert.deepEqual(e.source.raw_usage, raw, "source.raw_usage");
}

describe("gateway timeouts (serve --upstream-timeout, --stream-idle-timeout), against the local provider simulator", () => {
  let t: Harness;
  before(async () => {
    t = await startHarness({ upstreamTimeoutMs: 300, streamIdleTimeoutMs: 300 });
  });
  after(() => t.close());

  const call = (path: string, body: unknown, headers: Record<string, string>) => {
    const auth: Record<string, string> =
      path === "/v1/messages" ? { "x-api-key": t.secret, "anthropic-version": "2023-06-01" } : { authorization: `Bearer ${t.secret}` };
    return fetch(t.url + path, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    });
  };
  const timedOut = async (trace: string): Promise<UsageEvent | undefined> =>
    (
      await settle(
        () => t.eventsOf(trace),
        (e) => e.length > 0,
      )
    )[0];

  it("6: a hung upstream gives the client 504 in the provider's error format and a timeout event", async () => {
    for (const [path, body] of [
      ["/v1/chat/completions", CHAT],
      ["/v1/messages", MESSAGE],
    ] as const) {
      const trace = `hang-${++sequence}`;
      const t0 = performance.now();
      const r = await call(path, body, { "x-sim-scenario": "hang", "x-tokenomics-trace-id": trace }).catch((e: Error) => e);
      assert.ok(!(r instanceof Error), `${path}: held past 3 s (${r instanceof Error ? r.message : ""})`);
      assert.equal(r.status, 504, path);
      assert.ok(performance.now() - t0 < 2000);
      const error = (await r.json()) as { type?: string; error?: { type?: string; message?: string } };
      if (path === "/v1/messages") assert.equal(error.type, "error");
      assert.equal(typeof error.error?.message, "string", JSON.stringify(error));
      assert.equal((await timedOut(trace))?.request.status, "timeout");
    }
  });

  it("6: a stream that stalls is ended at the idle timeout and recorded as a timeout", async () => {
    const trace = `stall-${++sequence}`;
    const r = await call("/v1/chat/completions", { ...CHAT, stream: true }, { "x-sim-scenario": "hang-stream", "x-tokenomics-trace-id": trace });
    assert.equal(r.status, 200);
    const ended = await r.text().then(
      () => "ended",
      (e: Error) => (e.name === "TimeoutError" ? "held past 3 s" : "ended"),
    );
    assert.equal(ended, "ended");
    assert.equal((await timedOut(trace))?.request.status, "timeout");
  });
});
