/**
 * Budgets, policies and rate limits through `tokenomics serve`, with the real `openai` and
 * `@anthropic-ai/sdk` clients, against the local provider simulator (no network) and a local
 * webhook receiver. Costs are computed by hand from the built-in prices:
 * gpt-4o-mini $0.15/M input, $0.60/M output; gpt-4o $2.50/M, $10/M. The simulator counts a
 * prompt of C characters as ceil(C / 4) + 8 input tokens and answers max_tokens output tokens;
 * "Hello there, gateway!" (21 characters) is 14 input tokens there and 12 with the tokenizer,
 * so a call with max_tokens 1000 holds 12 × 0.15/M + 1,000 × 0.60/M = $0.0006018 and costs
 * 14 × 0.15/M + 1,000 × 0.60/M = $0.0006021.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { signBody } from "../src/governance/index.js";
import { newKey } from "../src/gateway/keys.js";
import { startSimulator, type Simulator } from "../src/gateway/testing/simulator.js";
import { upstreamsFrom } from "../src/gateway/upstreams.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { BudgetStatus, BudgetStatusReport } from "../src/ledger/reports/budget-status.js";
import type { Store } from "../src/ledger/store.js";
import { admittedEvent } from "../src/ingest/admit.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { usage } from "../src/usage/usage.js";
import { startServer, type RunningServer } from "../src/server/server.js";

const ADMIN = "governance-admin";
const SECRET = "webhook-secret";
const HELLO = [{ role: "user" as const, content: "Hello there, gateway!" }];

let dir: string;
let sim: Simulator;
let store: Store;
let server: RunningServer;
const clock = { offset: 0 };
const keys: Record<string, string> = {};
const hooks: { body: Record<string, unknown>; signature: string | undefined; raw: string }[] = [];
let failNextHook = 0;
let hookServer: http.Server;
let hookUrl: string;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, json: r.status === 204 ? undefined : await r.json() };
}

const openaiFor = (team: string) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keys[team]!, maxRetries: 0 });
const anthropicFor = (team: string) => new Anthropic({ baseURL: server.url, apiKey: keys[team]!, maxRetries: 0 });

async function statusOf(name: string): Promise<BudgetStatus> {
  const r = await admin("GET", `/api/budgets/status?name=${name}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return (r.json as BudgetStatusReport).budgets[0]!;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-governance-"));
  sim = await startSimulator({ providerKey: "sk-provider" });
  store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  for (const team of ["search", "routes", "research", "policies", "alerts", "race", "rollover", "cut", "spiky", "agents"]) {
    const made = newKey({ team }, `${team} key`);
    keys[team] = made.secret;
    await store.saveKey(made.key);
  }
  hookServer = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (failNextHook > 0) {
        failNextHook--;
        res.writeHead(500).end();
        return;
      }
      hooks.push({ body: JSON.parse(raw), signature: req.headers["x-tokenomics-signature"] as string | undefined, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: upstreamsFrom(
      { OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: "sk-provider", ANTHROPIC_BASE_URL: sim.url, ANTHROPIC_API_KEY: "sk-provider" },
      undefined,
    ),
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
    webhookSecret: SECRET,
    alertRetries: { retries: 3, baseMs: 20 },
    now: () => Date.now() + clock.offset,
  });
});

after(async () => {
  await server.close();
  await sim.close();
  await new Promise((r) => hookServer.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("block budgets through the gateway (real SDK clients, local provider simulator)", () => {
  it("admits what fits, then refuses with 429 budget_exceeded in OpenAI's format: the openai client raises RateLimitError", async () => {
    const put = await admin("PUT", "/api/budgets/search-daily", { scope: { team: "search" }, period: "day", amount_usd: "0.001", action: "block" });
    assert.equal(put.status, 201, JSON.stringify(put.json));
    const openai = openaiFor("search");
    const first = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 });
    assert.equal(first.usage?.completion_tokens, 1000);
    // spent $0.0006021; the next holds $0.0006018: 0.0012039 > 0.001
    const refused = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 }).then(
      () => assert.fail("the second call should be refused"),
      (e: unknown) => e,
    );
    assert.ok(refused instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${String(refused)}`);
    assert.equal(refused.status, 429);
    const body = refused.error as Record<string, unknown>;
    const tomorrow = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1)).toISOString();
    assert.deepEqual(
      [body.type, body.code, body.budget, body.spent_usd, body.limit_usd, body.period_end],
      ["budget_exceeded", "budget_exceeded", "search-daily", "0.0006021", "0.001", tomorrow],
    );
    const retryAfter = Number(refused.headers?.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 86_400 && Math.abs(retryAfter - (Date.parse(tomorrow) - Date.now()) / 1000) < 5, `retry-after ${retryAfter}`);
    const status = await statusOf("search-daily");
    assert.deepEqual([status.spent_usd, status.reserved_usd, status.refused_calls], ["0.0006021", "0", 1]);
  });

  it("answers one status and one shape on every route, streaming or not, in each API's own format", async () => {
    // $0.0000001: below any call's maximum (a chat's 12 prompt tokens alone hold $0.0000018)
    await admin("PUT", "/api/budgets/routes-tiny", { scope: { team: "routes" }, period: "month", amount_usd: "0.0000001", action: "block" });
    const long = "a fairly long sentence to embed, ".repeat(30);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${keys.routes}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const calls: [string, unknown, Record<string, string>?][] = [
      ["/v1/chat/completions", { model: "gpt-4o-mini", messages: HELLO, max_tokens: 10 }],
      ["/v1/chat/completions", { model: "gpt-4o-mini", messages: HELLO, max_tokens: 10, stream: true }],
      ["/v1/responses", { model: "gpt-4o-mini", input: "Hello there", max_output_tokens: 10 }],
      ["/v1/completions", { model: "gpt-4o-mini", prompt: "Hello there", max_tokens: 10 }],
      ["/v1/embeddings", { model: "text-embedding-3-small", input: long }],
    ];
    for (const [path, body] of calls) {
      const r = await post(path, body);
      assert.equal(r.status, 429, path);
      const json = (await r.json()) as { error: Record<string, unknown> };
      assert.deepEqual(
        [json.error.type, json.error.code, json.error.budget, json.error.limit_usd],
        ["budget_exceeded", "budget_exceeded", "routes-tiny", "0.0000001"],
        path,
      );
      assert.ok(Number(r.headers.get("retry-after")) >= 1, path);
    }
    for (const stream of [false, true]) {
      const r = await post("/v1/messages", { model: "claude-haiku-4-5", max_tokens: 10, messages: HELLO, stream }, { "anthropic-version": "2023-06-01" });
      assert.equal(r.status, 429);
      const json = (await r.json()) as { type: string; error: Record<string, unknown> };
      assert.deepEqual([json.type, json.error.type, json.error.budget, json.error.spent_usd], ["error", "budget_exceeded", "routes-tiny", "0"]);
    }
    const viaSdk = await anthropicFor("routes")
      .messages.create({ model: "claude-haiku-4-5", max_tokens: 10, messages: HELLO })
      .then(
        () => assert.fail("refused"),
        (e: unknown) => e,
      );
    assert.ok(viaSdk instanceof Anthropic.RateLimitError, String(viaSdk));
    assert.equal((viaSdk.error as { error: { type: string } }).error.type, "budget_exceeded");
    // nothing was forwarded: no event for the team
    await server.recorder.flush();
    assert.equal(await store.count({ where: [{ dimension: "team", values: ["routes"] }] }), 0);
  });

  it("settles a stream the upstream cuts at what was used, releasing the rest of its hold", async () => {
    await admin("PUT", "/api/budgets/cut-day", { scope: { team: "cut" }, period: "day", amount_usd: "1", action: "block" });
    const r = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.cut}`, "content-type": "application/json", "x-sim-scenario": "cut-stream" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000, stream: true }),
    });
    await r.text().catch(() => "cut");
    await server.settle();
    const [event] = await store.list({ where: [{ dimension: "team", values: ["cut"] }], limit: 10 });
    assert.equal(event?.request.estimated, true, "the cut call is counted with the tokenizer");
    const status = await statusOf("cut-day");
    // what the call used (its prompt and the three deltas it streamed), not its $0.0006018 hold
    assert.equal(status.spent_usd, event?.cost.total_usd);
    assert.ok(Number(status.spent_usd) > 0 && Number(status.spent_usd) < 0.0006018, status.spent_usd);
    assert.equal(status.reserved_usd, "0");
  });

  it("with a hold cap, admits an agent call whose max_tokens alone would hold more than the whole budget", async () => {
    // no max_tokens: gpt-4o-mini's maximum output, 16,384 × $0.60/M = $0.0098304, plus 12 × $0.15/M, is held: above the $0.005 limit
    await admin("PUT", "/api/budgets/agents-day", { scope: { team: "agents" }, period: "day", amount_usd: "0.005", action: "block" });
    const openai = openaiFor("agents");
    const ask = () => openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO }, { headers: { "x-sim-output-tokens": "50" } });
    await assert.rejects(ask(), OpenAI.RateLimitError);
    // capped at $0.001 a call: it fits, and settles at its real 14 × 0.15/M + 50 × 0.60/M = $0.0000321
    await admin("PUT", "/api/budgets/agents-day", { scope: { team: "agents" }, period: "day", amount_usd: "0.005", action: "block", hold_cap_usd: "0.001" });
    const r = await ask();
    assert.equal(r.usage?.completion_tokens, 50);
    const status = await statusOf("agents-day");
    assert.deepEqual([status.spent_usd, status.reserved_usd, status.hold_cap_usd], ["0.0000321", "0", "0.001"]);
    assert.match(status.overshoot ?? "", /at most \$0.001/);
  });

  it("counts its refusals in /metrics by outcome, code and budget", async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    assert.match(text, /tokenomics_governance_decisions_total\{outcome="refused",code="budget_exceeded",rule="search-daily"\} 1\b/);
  });

  it("refuses a model it cannot price under a block budget with 403 unpriced_model (never $0)", async () => {
    const r = await openaiFor("routes")
      .chat.completions.create({ model: "acme-private-llm", messages: HELLO, max_tokens: 5 })
      .then(
        () => assert.fail("refused"),
        (e: unknown) => e,
      );
    assert.ok(r instanceof OpenAI.PermissionDeniedError, String(r));
    assert.equal((r.error as Record<string, unknown>).type, "unpriced_model");
  });
});

describe("downgrade budgets and policies through the gateway", () => {
  it("rewrites the model to the budget's downgrade and says so in x-tokenomics-downgraded-from", async () => {
    await admin("PUT", "/api/budgets/research-down", {
      scope: { team: "research" },
      period: "week",
      amount_usd: "0.005",
      action: "downgrade",
      downgrade_to: "gpt-4o-mini",
    });
    // gpt-4o holds 12 × 2.50/M + 1,000 × 10/M = $0.01003 > $0.005; gpt-4o-mini's $0.0006018 fits
    const { data, response } = await openaiFor("research").chat.completions.create({ model: "gpt-4o", messages: HELLO, max_tokens: 1000 }).withResponse();
    assert.equal(response.headers.get("x-tokenomics-downgraded-from"), "gpt-4o");
    assert.equal(data.model, "gpt-4o-mini");
    await server.recorder.flush();
    const [event] = await store.list({ where: [{ dimension: "team", values: ["research"] }], limit: 10 });
    assert.equal(event?.model, "gpt-4o-mini");
    assert.equal(event?.attribution.tags?.["governance.downgraded_from"], "gpt-4o");
    // billed at gpt-4o-mini's prices: 14 × 0.15/M + 1,000 × 0.60/M
    assert.equal(event?.cost.total_usd, "0.0006021");
    assert.equal((await statusOf("research-down")).downgraded_calls, 1);
  });

  it("clamps max_tokens to a policy's max output", async () => {
    const put = await admin("PUT", "/api/policies/short-summaries", { match: { feature: "summaries" }, max_output_tokens: 50 });
    assert.ok(put.status === 201 || put.status === 200, JSON.stringify(put.json));
    const r = await openaiFor("policies").chat.completions.create(
      { model: "gpt-4o-mini", messages: HELLO, max_tokens: 500 },
      { headers: { "x-tokenomics-feature": "summaries" } },
    );
    // the simulator answers as many tokens as the request's cap: the clamped one
    assert.equal(r.usage?.completion_tokens, 50);
  });

  it("denies a model by a policy's glob with 403 policy_denied: the openai client raises PermissionDeniedError", async () => {
    await admin("PUT", "/api/policies/no-big-models", { match: { feature: "chat-ui" }, deny_models: ["gpt-4o", "o1*"] });
    const e = await openaiFor("policies")
      .chat.completions.create({ model: "o1-mini", messages: HELLO, max_tokens: 5 }, { headers: { "x-tokenomics-feature": "chat-ui" } })
      .then(
        () => assert.fail("denied"),
        (x: unknown) => x,
      );
    assert.ok(e instanceof OpenAI.PermissionDeniedError, String(e));
    assert.deepEqual([(e.error as Record<string, unknown>).type, (e.error as Record<string, unknown>).rule], ["policy_denied", "deny_models"]);
    // gpt-4o-mini is not denied
    await openaiFor("policies").chat.completions.create(
      { model: "gpt-4o-mini", messages: HELLO, max_tokens: 5 },
      { headers: { "x-tokenomics-feature": "chat-ui" } },
    );
  });

  it("rate-limits requests per minute per key with 429 rate_limited", async () => {
    await admin("PUT", "/api/policies/bulk", { match: { feature: "bulk" }, rate_limit: { requests_per_minute: 2, per: "key" } });
    const openai = openaiFor("policies");
    const send = () =>
      openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 5 }, { headers: { "x-tokenomics-feature": "bulk" } });
    // three calls in one minute window (started again if the minute turns mid-way)
    for (;;) {
      const minute = Math.floor(Date.now() / 60_000);
      const results = await Promise.allSettled([send(), send(), send()]);
      if (Math.floor(Date.now() / 60_000) !== minute) continue;
      const refused = results
        .filter((r) => r.status === "rejected")
        .map((r) => (r as PromiseRejectedResult).reason as InstanceType<typeof OpenAI.RateLimitError>);
      assert.equal(refused.length, 1);
      assert.ok(refused[0] instanceof OpenAI.RateLimitError, String(refused[0]));
      const error = refused[0]!.error as Record<string, unknown>;
      assert.deepEqual([error.type, error.rule, error.limit], ["rate_limited", "requests_per_minute", 2]);
      assert.ok(Number(refused[0]!.headers?.get("retry-after")) <= 60);
      break;
    }
  });
});

describe("budget alerts through the gateway", () => {
  it("posts each threshold once per period to the webhook, signed, retried after a failure", async () => {
    await admin("PUT", "/api/budgets/alerts-month", { scope: { team: "alerts" }, period: "month", amount_usd: "0.001", action: "alert", webhook: hookUrl });
    failNextHook = 1; // the first delivery gets a 500 and is retried
    const openai = openaiFor("alerts");
    // each call: 14 × 0.15/M + 500 × 0.60/M = $0.0003021 → 30.21%, 60.42%, 90.63%, 120.84%, 151.05% of $0.001
    for (let i = 0; i < 5; i++) {
      await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 500 });
      // the alert check this call caused is done before the next call (so each alert carries the spend that crossed it)
      await server.settle();
    }
    for (let i = 0; i < 250 && hooks.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // and nothing more comes
    // the 50% delivery was refused once and retried, so it may arrive after the 80% one
    assert.deepEqual(
      hooks.map((h) => h.body.threshold as number).sort((a, b) => a - b),
      [50, 80, 100],
    );
    const fifty = hooks.find((h) => h.body.threshold === 50);
    assert.deepEqual([fifty!.body.budget, fifty!.body.limit_usd, fifty!.body.spent_usd], ["alerts-month", "0.001", "0.0006042"]);
    assert.match(String(fifty!.body.text), /^Budget "alerts-month" passed 50%: \$0.0006042 of \$0.001/);
    for (const h of hooks) assert.equal(h.signature, signBody(SECRET, h.raw));
    // an alert budget never refuses: all five calls went through
    assert.equal((await statusOf("alerts-month")).spent_usd, "0.0015105");
    assert.deepEqual((await statusOf("alerts-month")).alerts_sent, [50, 80, 100]);
  });
});

describe("anomaly alerts", () => {
  it("alerts a planted spend spike in a budget's scope once per window, to the log and the webhook", async () => {
    await admin("PUT", "/api/budgets/spiky", { scope: { team: "spiky" }, period: "month", amount_usd: "1000", action: "alert", webhook: hookUrl });
    const now = Date.now();
    // gpt-4o input is $2.50/M: 200,000 tokens = $0.50, 1,600,000 = $4.00
    const event = (id: string, ageMs: number, input: number) =>
      admittedEvent(builtinCatalog(), {
        id,
        ts: new Date(now - ageMs).toISOString(),
        provider: "openai",
        model: "gpt-4o",
        usage: usage({ input, requests: 1 }),
        attribution: { team: "spiky" },
        interaction: {},
        request: {},
        source: { kind: "test", convention: "disjoint", raw_usage: null },
      });
    // $0.50 in each of the 24 hours before the last one (baseline $0.50 an hour), then $4 ten minutes ago
    const planted = Array.from({ length: 24 }, (_, h) => event(`spiky-${h}`, (h + 1.5) * 3_600_000, 200_000));
    await store.append([...planted, event("spiky-spike", 10 * 60_000, 1_600_000)]);
    const fired = await server.checkAnomalies();
    const hour = fired.find((a) => a.budget === "spiky" && a.window === "hour");
    // $4 ≥ 3 × $0.50 and $4 − $0.50 ≥ $1: 8× the baseline
    assert.deepEqual([hour?.current_usd, hour?.baseline_usd, hour?.ratio], ["4", "0.5", "8.00"]);
    assert.ok(
      fired.every((a) => a.budget === "spiky"),
      "no other scope spiked",
    );
    assert.deepEqual(await server.checkAnomalies(), [], "once per window");
    for (let i = 0; i < 100 && !hooks.some((h) => h.body.kind === "anomaly"); i++) await new Promise((r) => setTimeout(r, 20));
    const posted = hooks.filter((h) => h.body.kind === "anomaly" && h.body.window === "hour");
    assert.equal(posted.length, 1);
    assert.match(String(posted[0]!.body.text), /^Spend anomaly in budget "spiky": \$4 in the last hour against a baseline of \$0.5 per hour \(8.00×\)/);
  });
});

describe("period rollover", () => {
  it("a spent day budget admits again from the next day's first instant, with no reset job", async () => {
    await admin("PUT", "/api/budgets/rollover-day", { scope: { team: "rollover" }, period: "day", amount_usd: "0.0007", action: "block" });
    const openai = openaiFor("rollover");
    await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 });
    await assert.rejects(openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 }), OpenAI.RateLimitError);
    const nextDay = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1);
    clock.offset = nextDay - Date.now();
    try {
      const status = await statusOf("rollover-day");
      assert.deepEqual([status.period_start, status.spent_usd], [new Date(nextDay).toISOString(), "0"]);
      const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 });
      assert.equal(r.usage?.completion_tokens, 1000);
    } finally {
      clock.offset = 0;
    }
  });
});

describe("the race", () => {
  it("1,000 concurrent calls on one block budget never settle above its limit; afterwards nothing is reserved and what is left is usable", async () => {
    await admin("PUT", "/api/budgets/race", { scope: { team: "race" }, period: "month", amount_usd: "0.01", action: "block" });
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keys.race!, maxRetries: 0 });
    // each holds $0.0006018 and really costs 14 × 0.15/M + 100 × 0.60/M = $0.0000621 (the simulator answers 100 tokens)
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, () =>
        openai.chat.completions.create(
          { model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 },
          { headers: { "x-sim-output-tokens": "100", "x-sim-delay-ms": "5", "x-sim-scenario": "slow" } },
        ),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof OpenAI.RateLimitError).length;
    assert.equal(ok + refused, 1000, "every call either answered or refused as over budget");
    assert.ok(ok >= 16, `at least the 16 calls that fit at once got through (${ok})`);
    const status = await statusOf("race");
    // spent = ok × 0.0000621, exactly, and within the limit
    const spentUnits = BigInt(ok) * 621_000_000n;
    assert.equal(status.spent_usd, `0.${spentUnits.toString().padStart(13, "0")}`.replace(/0+$/, ""));
    assert.ok(spentUnits <= 100_000_000_000n, `spent ${status.spent_usd} ≤ 0.01`);
    assert.equal(status.reserved_usd, "0");
    // what is left takes another call (no reservation leaked into a false 429)
    if (100_000_000_000n - spentUnits >= 6_018_000_000n) await openai.chat.completions.create({ model: "gpt-4o-mini", messages: HELLO, max_tokens: 1000 });
  });
});
