/**
 * `tokenomics serve` end to end: the real `openai` and `@anthropic-ai/sdk` clients call the
 * gateway, which forwards to a local provider simulator speaking both wire formats (no network).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { sourcePath } from "../src/ingest/testing/source-path.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { Store } from "../src/ledger/store.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { startSimulator, type Simulator } from "../src/gateway/testing/simulator.js";
import { newKey } from "../src/gateway/keys.js";
import { upstreamsFrom } from "../src/gateway/upstreams.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { protobufBody } from "../src/ingest/otlp/testing/protobuf.js";
import type { UsageEvent } from "../src/usage/event.js";

const ADMIN = "test-admin-token";
let dir: string;
let sim: Simulator;
let store: Store;
let server: RunningServer;
let secret: string;
let openai: OpenAI;
let anthropic: Anthropic;

/** every event the gateway has stored so far */
async function events(): Promise<UsageEvent[]> {
  await server.recorder.flush();
  return store.list({ limit: 10_000 });
}

async function eventWhere(pred: (e: UsageEvent) => boolean): Promise<UsageEvent> {
  const found = (await events()).filter(pred);
  assert.equal(found.length, 1, `expected one matching event, found ${found.length}`);
  return found[0]!;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-gateway-"));
  sim = await startSimulator({ providerKey: "sk-provider-real" });
  store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  const made = newKey({ team: "search", project: "web" }, "test key");
  secret = made.secret;
  await store.saveKey(made.key);
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: upstreamsFrom(
      { OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: "sk-provider-real", ANTHROPIC_BASE_URL: sim.url, ANTHROPIC_API_KEY: "sk-provider-real" },
      undefined,
    ),
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
  });
  openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: server.url, apiKey: secret, maxRetries: 0 });
});

after(async () => {
  await server.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("gateway with the openai client, against the local provider simulator", () => {
  it("forwards a chat completion with the provider's key and meters it exactly", async () => {
    // prompt "Hello there, gateway!" is 21 characters: ceil(21 / 4) + 8 = 14 input tokens; max_tokens 20 output
    const r = await openai.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello there, gateway!" }], max_tokens: 20 },
      { headers: { "x-sim-cached-tokens": "6", "x-tokenomics-feature": "answer", "x-tokenomics-customer": "acme", "x-tokenomics-trace-id": "t-1" } },
    );
    assert.deepEqual([r.usage?.prompt_tokens, r.usage?.completion_tokens, r.usage?.prompt_tokens_details?.cached_tokens], [14, 20, 6]);
    const seen = sim.requests.at(-1)!;
    assert.equal(seen.headers["authorization"], "Bearer sk-provider-real", "the provider's key, never the virtual one");
    const e = await eventWhere((x) => x.request.response_id === r.id);
    assert.deepEqual([e.usage.input, e.usage.cached_input, e.usage.output], [8, 6, 20]);
    // gpt-4o-mini: 8 × $0.15/M + 6 × $0.075/M + 20 × $0.60/M = 0.0000012 + 0.00000045 + 0.000012 = 0.00001365
    assert.equal(e.cost.total_usd, "0.00001365");
    assert.deepEqual(e.attribution, { team: "search", project: "web", feature: "answer", customer: "acme", api_key_id: e.attribution.api_key_id });
    assert.equal(e.interaction.trace_id, "t-1");
    assert.equal(e.interaction.attempt, 1);
    assert.equal(e.request.status, "ok");
    assert.equal(e.source.kind, "gateway");
  });

  it("marks calls that asked for tools, retries the SDK made, and tags from the header", async () => {
    const tools = [
      {
        type: "function" as const,
        function: { name: "lookup", description: "find a thing", parameters: { type: "object", properties: { q: { type: "string" } } } },
      },
    ];
    const r = await openai.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "use the tool" }], tools },
      { headers: { "x-tokenomics-tags": "plan=pro, region=eu", "x-stainless-retry-count": "2" } },
    );
    assert.equal(r.choices[0]!.finish_reason, "tool_calls");
    const e = await eventWhere((x) => x.request.response_id === r.id);
    assert.equal(e.interaction.is_tool_call, true);
    assert.deepEqual([e.interaction.attempt, e.interaction.is_retry], [3, true]);
    assert.deepEqual(e.attribution.tags, { plan: "pro", region: "eu" });
  });

  it("a key's own scope wins over headers", async () => {
    const r = await openai.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
      { headers: { "x-tokenomics-project": "other" } },
    );
    const e = await eventWhere((x) => x.request.response_id === r.id);
    assert.equal(e.attribution.project, "web");
  });

  it("streams chunk by chunk; asks for usage and hides that chunk from a client that did not", async () => {
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Stream it" }],
      max_tokens: 5,
      stream: true,
    });
    let id = "";
    let usageChunks = 0;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      id = chunk.id;
      if (chunk.usage) usageChunks++;
    }
    assert.ok(chunks > 2);
    assert.equal(usageChunks, 0, "the client did not ask for usage");
    const seen = sim.requests.at(-1)!.body as { stream_options?: { include_usage?: boolean } };
    assert.equal(seen.stream_options?.include_usage, true, "the gateway asked upstream");
    const e = await eventWhere((x) => x.request.response_id === id);
    // "Stream it": ceil(9 / 4) + 8 = 11 input; 5 output
    assert.deepEqual([e.usage.input, e.usage.output], [11, 5]);
    assert.ok((e.request.ttft_ms ?? -1) >= 0);
  });

  it("passes the usage chunk through when the client asked for it", async () => {
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "abcd" }],
      max_tokens: 3,
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    // "abcd": 1 + 8 = 9 input
    assert.deepEqual([usage?.prompt_tokens, usage?.completion_tokens], [9, 3]);
  });

  it("meters reasoning, the Responses API and embeddings", async () => {
    const r = await openai.responses.create({ model: "o3", input: "Think about it", max_output_tokens: 10 });
    const e = await eventWhere((x) => x.request.response_id === r.id);
    // o3: reasoning = floor(10 / 2) = 5 of the 10 output; "Think about it" = ceil(14 / 4) + 8 = 12 input
    assert.deepEqual([e.usage.input, e.usage.output, e.usage.reasoning], [12, 5, 5]);
    assert.equal(e.source.convention, "openai-responses");
    const emb = await openai.embeddings.create({ model: "text-embedding-3-small", input: "sixteen chars!!!" });
    assert.equal(emb.usage.prompt_tokens, 4); // ceil(16 / 4), no overhead
    const before = (await events()).filter((x) => x.model === "text-embedding-3-small").length;
    assert.equal(before, 1);
  });

  it("refuses a call without a valid key in OpenAI's error format", async () => {
    const bad = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "tk-not-a-key", maxRetries: 0 });
    await assert.rejects(bad.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.AuthenticationError);
      assert.equal((e.error as { code?: string }).code, "invalid_api_key");
      return true;
    });
  });

  it("passes a 429 with retry-after through unchanged and records the failed attempt", async () => {
    const before = (await events()).length;
    await assert.rejects(
      openai.chat.completions.create(
        { model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] },
        { headers: { "x-sim-scenario": "rate-limit", "x-tokenomics-trace-id": "t-429" } },
      ),
      (e: unknown) => {
        assert.ok(e instanceof OpenAI.RateLimitError);
        assert.equal(e.headers?.get("retry-after"), "2");
        return true;
      },
    );
    const all = await events();
    assert.equal(all.length, before + 1);
    const failed = await eventWhere((x) => x.interaction.trace_id === "t-429");
    assert.equal(failed.request.status, "error");
    assert.equal(failed.request.http_status, 429, "the upstream's status is kept: a 429 is not a 500");
    assert.equal(failed.cost.total_usd, "0");
  });

  it("records a stream the upstream cut, with what it generated counted and flagged estimated", async () => {
    const stream = await openai.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "cut me" }], max_tokens: 30, stream: true },
      { headers: { "x-sim-scenario": "cut-stream", "x-tokenomics-trace-id": "t-cut" } },
    );
    await assert.rejects(async () => {
      for await (const _ of stream) void _;
    });
    const e = await eventWhere((x) => x.interaction.trace_id === "t-cut");
    assert.equal(e.request.status, "error");
    assert.equal(e.request.estimated, true);
    assert.ok(e.usage.input > 0 && e.usage.output > 0, `estimated ${JSON.stringify(e.usage)}`);
  });

  it("records a call the client abandoned mid-stream as cancelled", async () => {
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "slowly" }], max_tokens: 200, stream: true },
      { signal: controller.signal, headers: { "x-tokenomics-trace-id": "t-abort" } },
    );
    try {
      for await (const _ of stream) controller.abort();
    } catch {
      // the SDK may end the iteration or throw its abort error: either way the socket is closed
    }
    // the gateway notices the closed socket on its next write
    for (let i = 0; i < 50 && !(await events()).some((x) => x.interaction.trace_id === "t-abort"); i++) await new Promise((r) => setTimeout(r, 20));
    const e = await eventWhere((x) => x.interaction.trace_id === "t-abort");
    assert.equal(e.request.status, "cancelled");
  });

  it("refuses a body over the limit and bad JSON in OpenAI's error format", async () => {
    const own = await DuckDbStore.open(":memory:");
    for (const k of await store.listKeys()) await own.saveKey(k);
    const small = await startServer({
      host: "127.0.0.1",
      port: 0,
      store: own,
      catalog: builtinCatalog(),
      upstreams: upstreamsFrom({ OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: "sk-provider-real" }, undefined),
      adminToken: ADMIN,
      spool: join(dir, "small-spool.jsonl"),
      maxBodyBytes: 1000,
    });
    const post = (body: string) =>
      fetch(`${small.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body });
    const big = await post(JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(5000) }] }));
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { error: { code: string } }).error.code, "request_too_large");
    const bad = await post("{not json");
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { type: string } }).error.type, "invalid_request_error");
    await small.close();
  });

  it("passes other paths through untouched", async () => {
    const models = await openai.models.list();
    assert.ok(models.data.length > 0);
  });
});

describe("gateway with the anthropic client, against the local provider simulator", () => {
  it("meters a message with cache reads and both cache-write lifetimes", async () => {
    const r = await anthropic.messages.create(
      { model: "claude-sonnet-4-5", max_tokens: 12, messages: [{ role: "user", content: "x".repeat(400) }] },
      { headers: { "x-sim-cached-tokens": "50", "x-sim-cache-write-tokens": "20", "x-sim-cache-write-1h-tokens": "10" } },
    );
    // 400 characters: 100 + 8 = 108 input in all; read 50, written 20 (5m) + 10 (1h); uncached 108 − 50 − 30 = 28
    assert.deepEqual([r.usage.input_tokens, r.usage.cache_read_input_tokens, r.usage.cache_creation_input_tokens], [28, 50, 30]);
    const e = await eventWhere((x) => x.request.response_id === r.id);
    assert.deepEqual([e.usage.input, e.usage.cached_input, e.usage.cache_write, e.usage.cache_write_1h, e.usage.output], [28, 50, 20, 10, 12]);
    // claude-sonnet-4-5: 28 × $3/M + 50 × $0.30/M + 20 × $3.75/M + 10 × $6/M + 12 × $15/M
    //   = 0.000084 + 0.000015 + 0.000075 + 0.00006 + 0.00018 = 0.000414
    assert.equal(e.cost.total_usd, "0.000414");
  });

  it("records the prompt's prefix hashes (never its text): two calls sharing a system prompt share its hash", async () => {
    const system = "You are the billing assistant of Acme. Answer in one sentence. ".repeat(20);
    const ask = (content: string) => anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 5, system, messages: [{ role: "user", content }] });
    const [a, b] = [await ask("What is my balance?"), await ask("When is my invoice due?")];
    const ea = await eventWhere((x) => x.request.response_id === a.id);
    const eb = await eventWhere((x) => x.request.response_id === b.id);
    assert.deepEqual(
      ea.prompt_prefixes?.map((p) => p.boundary),
      ["system", "messages:1"],
    );
    assert.equal(ea.prompt_prefixes![0]!.hash, eb.prompt_prefixes![0]!.hash);
    assert.notEqual(ea.prompt_prefixes![1]!.hash, eb.prompt_prefixes![1]!.hash);
    // the whole prompt's boundary carries every billed prompt token
    assert.equal(ea.prompt_prefixes![1]!.tokens, ea.usage.input + ea.usage.cached_input + ea.usage.cache_write + ea.usage.cache_write_1h);
    assert.ok(!JSON.stringify(ea).includes("billing assistant"), "the prompt's text is not stored");
    // an embedding has no prompt to cache
    await openai.embeddings.create({ model: "text-embedding-3-small", input: "prefix-free" });
    const emb = (await events()).filter((x) => x.model === "text-embedding-3-small");
    assert.ok(emb.length > 0 && emb.every((x) => x.prompt_prefixes === undefined));
  });

  it("meters a stream from message_start and message_delta", async () => {
    const stream = anthropic.messages.stream({ model: "claude-haiku-4-5", max_tokens: 7, messages: [{ role: "user", content: "stream please" }] });
    const final = await stream.finalMessage();
    const e = await eventWhere((x) => x.request.response_id === final.id);
    // "stream please": ceil(13 / 4) + 8 = 12 input; 7 output
    assert.deepEqual([e.usage.input, e.usage.output], [12, 7]);
  });

  it("refuses a bad key in Anthropic's error format", async () => {
    const bad = new Anthropic({ baseURL: server.url, apiKey: "nope", maxRetries: 0 });
    await assert.rejects(
      bad.messages.create({ model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: "x" }] }),
      Anthropic.AuthenticationError,
    );
  });

  it("forwards count_tokens and records it as one free request (every forwarded call is an event)", async () => {
    const before = (await events()).length;
    const r = await anthropic.messages.countTokens(
      { model: "claude-haiku-4-5", messages: [{ role: "user", content: "abcdefgh" }] },
      { headers: { "x-tokenomics-trace-id": "t-count" } },
    );
    assert.equal(r.input_tokens, 10); // ceil(8 / 4) + 8
    assert.equal((await events()).length, before + 1);
    const e = await eventWhere((x) => x.interaction.trace_id === "t-count");
    // no tokens billed: the catalog prices one request of claude-haiku-4-5 at $0
    assert.deepEqual([e.usage.input, e.usage.output, e.usage.requests, e.cost.total_usd], [0, 0, 1, "0"]);
  });
});

describe("HTTP API", () => {
  const api = (path: string, init: RequestInit = {}, token = ADMIN) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });

  it("reports with totals equal to the sum of rows, scoped for a virtual key", async () => {
    await server.recorder.flush();
    const report = (await (await api("/api/report?by=team")).json()) as { rows: { team: string; total_usd: string }[]; total_usd: string };
    const { sumDecimals } = await import("../src/shared/decimal.js");
    assert.equal(report.total_usd, sumDecimals(report.rows.map((r) => r.total_usd)));
    const mine = (await (await api("/api/report?by=team", {}, secret)).json()) as { rows: { team: string }[] };
    assert.deepEqual(
      mine.rows.map((r) => r.team),
      ["search"],
    );
  });

  it("creates a key that works at once, lists it without its secret, revokes it", async () => {
    const made = (await (await api("/api/keys", { method: "POST", body: JSON.stringify({ team: "growth", name: "growth bot" }) })).json()) as {
      key: string;
      id: string;
    };
    assert.match(made.key, /^tk-/);
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: made.key, maxRetries: 0 });
    const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    assert.equal((await eventWhere((x) => x.request.response_id === r.id)).attribution.team, "growth");
    const list = (await (await api("/api/keys")).json()) as { keys: Record<string, unknown>[] };
    assert.ok(list.keys.every((k) => !("hash" in k) && !("key" in k)));
    assert.equal((await api(`/api/keys/${made.id}`, { method: "DELETE" })).status, 200);
    await assert.rejects(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }), OpenAI.AuthenticationError);
  });

  it("answers bad input with a 4xx and a JSON error", async () => {
    const badJson = await api("/api/keys", { method: "POST", body: "{nope" });
    assert.equal(badJson.status, 400);
    assert.match(((await badJson.json()) as { error: { message: string } }).error.message, /not valid JSON/);
    const unknown = await api("/api/keys", { method: "POST", body: JSON.stringify({ team: "x", colour: "red" }) });
    assert.equal(unknown.status, 400);
    assert.equal((await api("/api/keys", {}, secret)).status, 403);
    assert.equal((await api("/api/report?every=fortnight")).status, 400);
    assert.equal((await fetch(`${server.url}/api/report`)).status, 401);
  });

  it("takes OTLP/HTTP GenAI spans into the ledger, protobuf or JSON", async () => {
    const doc: unknown = JSON.parse(readFileSync(sourcePath("ingest/fixtures/otel/traces.json"), "utf8"));
    const before = (await events()).length;
    const proto = await api(
      "/v1/traces",
      { method: "POST", body: new Uint8Array(protobufBody(doc)), headers: { "content-type": "application/x-protobuf" } },
      secret,
    );
    assert.equal(proto.status, 200);
    assert.equal(proto.headers.get("content-type"), "application/x-protobuf");
    // the fixture: 9 spans, 5 calls with usage stored, 2 refused (a bad id, negative counts)
    assert.equal((await events()).length, before + 5);
    const json = await api("/v1/traces", { method: "POST", body: JSON.stringify(doc) }, secret);
    assert.equal(json.status, 200);
    assert.equal(((await json.json()) as { partialSuccess?: { rejectedSpans: string } }).partialSuccess?.rejectedSpans, "2");
    assert.equal((await events()).length, before + 5, "the same spans in JSON are the same events");
    const wrongType = await api("/v1/traces", { method: "POST", body: JSON.stringify(doc), headers: { "content-type": "text/plain" } }, secret);
    assert.equal(wrongType.status, 415);
  });

  it("says who a token is, the ledger's range, the costliest interactions, and compares a workload", async () => {
    assert.deepEqual(await (await api("/api/me")).json(), { admin: true });
    assert.deepEqual(await (await api("/api/me", {}, secret)).json(), { admin: false, scope: { team: "search", project: "web" } });
    const range = (await (await api("/api/range")).json()) as { events: number; first: string; last: string };
    assert.equal(range.events, (await events()).length);
    assert.ok(range.first <= range.last);
    const list = (await (await api("/api/interactions?limit=2")).json()) as { interactions: { trace_id: string; total_usd: string }[] };
    assert.ok(list.interactions.length <= 2 && list.interactions.length > 0);
    const compare = (await (await api("/api/compare?input=1000000&output=1000000&models=gpt-4o-mini,claude-haiku-4-5,nope-1")).json()) as {
      rows: { model: string; total_usd: string | null }[];
    };
    // 1M in + 1M out: gpt-4o-mini $0.15 + $0.60 = $0.75; claude-haiku-4-5 $1 + $5 = $6; nope-1 unpriced, last
    assert.deepEqual(
      compare.rows.map((r) => [r.model, r.total_usd]),
      [
        ["gpt-4o-mini", "0.75"],
        ["claude-haiku-4-5", "6"],
        ["nope-1", null],
      ],
    );
  });

  it("serves interactions, events, the catalog, health and Prometheus metrics", async () => {
    const interaction = (await (await api("/api/interactions/t-1")).json()) as { calls: unknown[]; total_usd: string };
    assert.equal(interaction.calls.length, 1);
    assert.equal(interaction.total_usd, "0.00001365");
    const page = (await (await api("/api/events?limit=2")).json()) as { events: unknown[]; next_offset: number | null };
    assert.equal(page.events.length, 2);
    assert.equal(page.next_offset, 2);
    const catalog = (await (await api("/api/catalog?search=sonnet")).json()) as { models: { id: string }[] };
    assert.ok(catalog.models.some((m) => m.id === "claude-sonnet-4-5"));
    assert.equal(((await (await fetch(`${server.url}/healthz`)).json()) as { status: string }).status, "ok");
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401, "metrics need a bearer token");
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    assert.match(metrics, /tokenomics_tokens_total\{model="gpt-4o-mini",team="search",class="input"\}/);
    assert.match(metrics, /tokenomics_gateway_overhead_seconds_bucket/);
  });
});
