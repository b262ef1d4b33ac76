/**
 * Property tests of `tokenomics serve` (issue 11): whatever a client sends, and whatever a broken
 * upstream answers (the local provider simulator's misbehaviours), the server keeps serving, never
 * answers a 5xx of its own but 502/504, answers errors in JSON, and every call the upstream
 * received is exactly one stored event. FUZZ_SEED and FUZZ_RUNS reproduce or widen a run.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type Anthropic from "@anthropic-ai/sdk";
import fc from "fast-check";
import type OpenAI from "openai";
import { bodyArb, headersArb, methodArb, pathArb, upstreamCaseArb, type ClientHeaders, type UpstreamCase } from "./support/gateway-arbitraries.js";
import { countable, METERED_UPSTREAM_PATHS, rawRequest, sdkClients, settle, startHarness, type Harness } from "./support/gateway-harness.js";

const seed = process.env["FUZZ_SEED"] === undefined ? {} : { seed: Number(process.env["FUZZ_SEED"]) };
const runs = (n: number): number => Number(process.env["FUZZ_RUNS"] ?? n);
// a failure is shrunk for at most this long: calls that hang make each try slow
const settings = (n: number): fc.Parameters<unknown> => ({
  numRuns: runs(n),
  interruptAfterTimeLimit: 8000,
  markInterruptAsFailure: false,
  includeErrorInReport: true,
  ...seed,
});

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;
let sequence = 0;

before(async () => {
  h = await startHarness();
  ({ openai, anthropic } = sdkClients(h, 2000));
});
after(() => h.close());

/** the server is up: no crash since `crashesBefore`, and /healthz answers 200 */
async function assertUp(crashesBefore: number): Promise<void> {
  const crashes = h.crashes.slice(crashesBefore).map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e)));
  assert.deepEqual(crashes, [], `an uncaught error: \`tokenomics serve\` would have exited: ${crashes[0]?.slice(0, 600)}`);
  assert.equal((await rawRequest(h.url, { method: "GET", path: "/healthz" })).status, 200, "/healthz after the call");
}

/** the paths answered by the API or the gateway (errors in JSON), not the dashboard */
function servedAsApi(path: string): boolean {
  let pathname = path;
  try {
    pathname = new URL(`http://x${path}`).pathname;
  } catch {
    // not a URL at all: treated as the API's
  }
  const first = pathname.replace(/^\/+/, "").split(/[/?]/)[0];
  return ["v1", "api", "healthz", "metrics"].includes(first ?? "");
}

function authHeaders(auth: ClientHeaders["auth"], secret: string): Record<string, string> {
  if (auth === "bearer") return { authorization: `Bearer ${secret}` };
  if (auth === "x-api-key") return { "x-api-key": secret };
  if (auth === "wrong") return { authorization: "Bearer tk-not-a-key" };
  return {};
}

describe("gateway fuzz, against the local provider simulator", () => {
  it("simulator: no path, method, header or body from a client crashes it, gets a 5xx but 502/504, a non-JSON error, or forwards a metered call unmetered", async () => {
    await fc.assert(
      fc.asyncProperty(pathArb, methodArb, headersArb, bodyArb, async (path, method, headers, body) => {
        const run = `client-${++sequence}`;
        const seen = h.sim.requests.length;
        const crashes = h.crashes.length;
        const logged = h.log.length;
        const sent = { ...headers.extra, ...authHeaders(headers.auth, h.secret), "x-tokenomics-trace-id": run, "x-fuzz-run": run };
        const answer = await rawRequest(h.url, { method, path, headers: sent, timeoutMs: 2000, ...(body !== undefined ? { body } : {}) }).catch(
          (e: Error) => e,
        );
        await assertUp(crashes);
        if (answer instanceof Error) assert.fail(answer.message);
        assert.ok(answer.status < 500 || answer.status === 502 || answer.status === 504, `status ${answer.status}: ${answer.body.slice(0, 300)}`);
        if (answer.status >= 400 && servedAsApi(path)) {
          assert.match(String(answer.headers["content-type"]), /json/, `a ${answer.status} that is not JSON: ${answer.body.slice(0, 300)}`);
          if (method !== "HEAD") assert.doesNotThrow(() => JSON.parse(answer.body), `a ${answer.status} that is not JSON: ${answer.body.slice(0, 300)}`);
        }
        // a metered endpoint that received the call: the call is an event; one request is never two
        const forwarded = h.sim.requests.slice(seen).filter((r) => r.headers["x-fuzz-run"] === run);
        const billed = forwarded.filter((r) => r.method === "POST" && METERED_UPSTREAM_PATHS.has(r.path.split("?")[0]!));
        const events = await settle(
          () => h.eventsOf(run),
          (e) => e.length >= billed.length,
        );
        assert.deepEqual(h.log.slice(logged), [], "the server logged trouble");
        assert.ok(events.length >= billed.length, `forwarded to ${billed.map((r) => r.path).join(", ")} and not metered`);
        assert.ok(events.length <= 1, `${events.length} events for one request`);
      }),
      settings(250),
    );
  });

  it("simulator: whatever usage, stream, status or content type an upstream sends, the server stays up and every call it received is exactly one event", async () => {
    await fc.assert(
      fc.asyncProperty(upstreamCaseArb, async (c) => {
        const run = `upstream-${++sequence}`;
        const seen = h.sim.requests.length;
        const crashes = h.crashes.length;
        const logged = h.log.length;
        await call(c, { ...c.sim, "x-tokenomics-trace-id": run, "x-fuzz-run": run });
        await assertUp(crashes);
        const forwarded = () => h.sim.requests.slice(seen).filter((r) => r.headers["x-fuzz-run"] === run).length;
        // a call the client gave up on is recorded when the gateway sees the socket close
        const events = await settle(
          () => h.eventsOf(run),
          (e) => e.length >= forwarded(),
        );
        assert.deepEqual(h.log.slice(logged), [], "the server logged trouble");
        assert.equal(forwarded(), 1, "the gateway forwarded the call once");
        assert.equal(events.length, forwarded(), `${forwarded()} calls reached the upstream, ${events.length} events stored`);
        for (const e of events) {
          assert.ok(countable(e), `usage the ledger cannot add up: ${JSON.stringify(e.usage)}`);
          assert.ok(["ok", "error", "cancelled", "timeout"].includes(e.request.status ?? ""), `status ${e.request.status}`);
        }
      }),
      settings(150),
    );
    // and nothing arrived late or twice once the property was over
    await new Promise((r) => setTimeout(r, 200));
    await h.server.recorder.flush();
    const stored = (await h.store.list({ limit: 100_000 })).filter((e) => e.interaction.trace_id?.startsWith("upstream-")).length;
    const received = h.sim.requests.filter((r) => String(r.headers["x-fuzz-run"]).startsWith("upstream-")).length;
    assert.equal(stored, received, "events stored for the calls the upstream received, all runs together");
  });
});

const PROMPT = [{ role: "user" as const, content: "fuzz me" }];
const TOOLS = [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }];
const ANTHROPIC_TOOLS = [{ name: "lookup", input_schema: { type: "object" as const, properties: { q: { type: "string" } } } }];

/** one call through the gateway, by the SDK or by fetch; whatever the client makes of the answer is fine */
async function call(c: UpstreamCase, headers: Record<string, string>): Promise<void> {
  try {
    if (c.client === "sdk") return await sdkCall(c, headers);
    const anthropicCall = c.endpoint === "messages";
    const auth: Record<string, string> = anthropicCall ? { "x-api-key": h.secret, "anthropic-version": "2023-06-01" } : { authorization: `Bearer ${h.secret}` };
    const r = await fetch(`${h.url}${PATHS[c.endpoint]}`, {
      method: "POST",
      headers: { ...auth, ...headers, "content-type": "application/json" },
      body: JSON.stringify(bodyOf(c)),
      signal: AbortSignal.timeout(2000),
    });
    await r.arrayBuffer();
  } catch {
    // a broken answer may well break the client: what matters is the server and the ledger
  }
}

const PATHS: Record<UpstreamCase["endpoint"], string> = {
  chat: "/v1/chat/completions",
  responses: "/v1/responses",
  messages: "/v1/messages",
  completions: "/v1/completions",
};

function bodyOf(c: UpstreamCase): Record<string, unknown> {
  const stream = c.stream ? { stream: true } : {};
  switch (c.endpoint) {
    case "chat":
      return { model: "gpt-4o-mini", messages: PROMPT, max_tokens: c.maxTokens, ...(c.tools ? { tools: TOOLS } : {}), ...stream };
    case "completions":
      return { model: "gpt-3.5-turbo-instruct", prompt: "fuzz me", max_tokens: c.maxTokens, ...stream };
    case "responses":
      return {
        model: "gpt-4o-mini",
        input: "fuzz me",
        max_output_tokens: c.maxTokens,
        ...(c.tools ? { tools: [{ type: "function", name: "lookup", parameters: TOOLS[0]!.function.parameters }] } : {}),
        ...stream,
      };
    case "messages":
      return { model: "claude-haiku-4-5", messages: PROMPT, max_tokens: c.maxTokens, ...(c.tools ? { tools: ANTHROPIC_TOOLS } : {}), ...stream };
  }
}

async function sdkCall(c: UpstreamCase, headers: Record<string, string>): Promise<void> {
  const options = { headers };
  const drain = async (stream: AsyncIterable<unknown>): Promise<void> => {
    for await (const _ of stream) void _;
  };
  const body = bodyOf(c);
  switch (c.endpoint) {
    case "chat":
      if (c.stream) return drain(await openai.chat.completions.create({ ...(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming) }, options));
      return void (await openai.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options));
    case "completions":
      if (c.stream) return drain(await openai.completions.create(body as unknown as OpenAI.CompletionCreateParamsStreaming, options));
      return void (await openai.completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, options));
    case "responses":
      if (c.stream) return drain(await openai.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming, options));
      return void (await openai.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming, options));
    case "messages":
      if (c.stream) return drain(await anthropic.messages.create(body as unknown as Anthropic.MessageCreateParamsStreaming, options));
      return void (await anthropic.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming, options));
  }
}
