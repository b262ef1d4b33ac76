/**
 * `serve` probed as an attacker would: requests that must not crash it, bodies past the limit,
 * bad query parameters, /metrics, the admin token, and what a key may attribute on /v1/traces.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { Store } from "../src/ledger/store.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { startSimulator, type Simulator } from "../src/gateway/testing/simulator.js";
import { newKey } from "../src/gateway/keys.js";
import { upstreamsFrom } from "../src/gateway/upstreams.js";
import { startServer, type RunningServer } from "../src/server/server.js";

const ADMIN = "hardening-admin-token";
const METRICS = "hardening-metrics-token";
const LIMIT = 64 * 1024;
let dir: string;
let sim: Simulator;
let store: Store;
let server: RunningServer;
let keyA: string;
let keyB: string;
let idA: string;
const logged: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-hardening-"));
  sim = await startSimulator({ providerKey: "sk-provider-real" });
  store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  const a = newKey({ team: "A" }, "team A");
  const b = newKey({ team: "B", project: "p-b" }, "team B");
  [keyA, keyB, idA] = [a.secret, b.secret, a.key.id];
  await store.saveKey(a.key);
  await store.saveKey(b.key);
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
    maxBodyBytes: LIMIT,
    metricsToken: METRICS,
    log: (line) => logged.push(line),
  });
});

after(async () => {
  await server.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function api(path: string, init: RequestInit = {}, token: string = ADMIN): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) },
  });
}

/** a chunked POST of `total` bytes, sent as fast as the server reads; stops at the first answer */
function chunkedPost(path: string, total: number, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const req = http.request(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    // writing into a closed socket once the answer came: expected
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const pump = (): void => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.write('{"team": "');
    pump();
  });
}

type Json = Record<string, unknown>;
const errorOf = async (res: Response): Promise<{ status: number; error: { type: string; message: string } }> => ({
  status: res.status,
  ...((await res.json()) as { error: { type: string; message: string } }),
});

let spanSeq = 0;
/** an OTLP/JSON export of GenAI spans, each a call of `model` with `input` tokens */
function spans(calls: readonly { model: string; input: number; team?: string }[]): string {
  const attr = (key: string, value: Json) => ({ key, value });
  return JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: calls.map((c) => ({
              traceId: "0af7651916cd43dd8448eb211c80319c",
              spanId: (++spanSeq).toString(16).padStart(16, "0"),
              startTimeUnixNano: `${Date.now()}000000`,
              attributes: [
                attr("gen_ai.request.model", { stringValue: c.model }),
                attr("gen_ai.usage.input_tokens", { intValue: String(c.input) }),
                ...(c.team === undefined ? [] : [attr("traceloop.association.properties.team", { stringValue: c.team })]),
              ],
            })),
          },
        ],
      },
    ],
  });
}

async function teamSpend(): Promise<Record<string, string>> {
  await server.recorder.flush();
  const report = (await (await api("/api/report?by=team")).json()) as { rows: { team: string | null; total_usd: string }[] };
  return Object.fromEntries(report.rows.map((r) => [r.team ?? "", r.total_usd]));
}

describe("requests that used to stop the process", () => {
  it("answers a path that does not percent-decode with a 400 and keeps serving", async () => {
    for (const path of ["/%ff", "/%", "/x%zz"]) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.status, 400, path);
      assert.equal(((await res.json()) as { error: { type: string } }).error.type, "invalid_request_error");
    }
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});

describe("request bodies", () => {
  const admin = { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" };

  it("stops reading a chunked body as soon as it passes the limit: a 413, and the server keeps serving", async () => {
    const total = 256 * 1024 * 1024;
    const r = await chunkedPost("/api/keys", total, admin);
    assert.equal(r.status, 413);
    assert.deepEqual(JSON.parse(r.body), { error: { type: "request_too_large", message: `body is over the limit of ${LIMIT} bytes` } });
    // the answer came long before the body was sent: only what the sockets buffer went out
    assert.ok(r.sent < 32 * 1024 * 1024, `sent ${r.sent} bytes before the answer`);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await api("/api/keys", { method: "POST", body: JSON.stringify({ team: "after" }) })).status, 201);
  });

  it("limits the body of every route that reads one, /v1/traces too", async () => {
    for (const path of ["/api/plan/run", "/api/plan/pricing", "/api/outcomes", "/api/store/list", "/api/store/outcome-summary", "/v1/traces"]) {
      const r = await chunkedPost(path, 64 * 1024 * 1024, admin);
      assert.equal(r.status, 413, path);
      assert.equal((JSON.parse(r.body) as { error: { type: string } }).error.type, "request_too_large", path);
      assert.ok(r.sent < 32 * 1024 * 1024, `${path}: sent ${r.sent} bytes before the answer`);
    }
    const declared = await api("/v1/traces", { method: "POST", body: "x".repeat(LIMIT + 1) });
    assert.deepEqual(await errorOf(declared), {
      status: 413,
      error: { type: "request_too_large", message: `body of ${LIMIT + 1} bytes is over the limit of ${LIMIT} bytes` },
    });
  });

  it("reads bodies as UTF-8 and refuses bytes that are not", async () => {
    const made = (await (await api("/api/keys", { method: "POST", body: JSON.stringify({ team: "café ☕" }) })).json()) as { key: string };
    assert.deepEqual(await (await api("/api/me", {}, made.key)).json(), { admin: false, scope: { team: "café ☕" } });
    const latin1 = await api("/api/keys", { method: "POST", body: Buffer.from('{"team": "café"}', "latin1") });
    assert.deepEqual(await errorOf(latin1), { status: 400, error: { type: "invalid_request_error", message: "the body is not valid UTF-8" } });
    const traces = await api("/v1/traces", { method: "POST", body: Buffer.from(spans([{ model: "gpt-4o", input: 1, team: "café" }]), "latin1") });
    assert.deepEqual(await errorOf(traces), { status: 400, error: { type: "invalid_request_error", message: "body is not valid UTF-8" } });
  });
});

describe("the admin token", () => {
  it("is taken only as a bearer token, never as x-api-key; keys still come either way", async () => {
    const asXKey = await fetch(`${server.url}/api/me`, { headers: { "x-api-key": ADMIN } });
    assert.deepEqual(await errorOf(asXKey), { status: 401, error: { type: "authentication_error", message: "invalid token or key" } });
    assert.equal((await fetch(`${server.url}/api/keys`, { headers: { "x-api-key": ADMIN } })).status, 401);
    assert.deepEqual(await (await api("/api/me")).json(), { admin: true });
    assert.deepEqual(await (await fetch(`${server.url}/api/me`, { headers: { "x-api-key": keyA } })).json(), { admin: false, scope: { team: "A" } });
    for (const wrong of [ADMIN.slice(0, -1), `${ADMIN}x`, ""]) assert.equal((await api("/api/me", {}, wrong)).status, 401, JSON.stringify(wrong));
  });
});

describe("/metrics", () => {
  it("needs the admin token or the metrics token as a bearer token", async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    assert.equal((await api("/metrics", {}, keyA)).status, 401, "a virtual key is no metrics token");
    assert.equal((await fetch(`${server.url}/metrics`, { headers: { "x-api-key": METRICS } })).status, 401);
    for (const token of [ADMIN, METRICS]) {
      const res = await api("/metrics", {}, token);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /tokenomics_gateway_overhead_seconds/);
    }
  });

  it("is open with metricsPublic (serve --metrics-public)", async () => {
    const open = await startServer({
      host: "127.0.0.1",
      port: 0,
      store: await DuckDbStore.open(join(dir, "public.duckdb")),
      catalog: builtinCatalog(),
      upstreams: [],
      adminToken: ADMIN,
      spool: join(dir, "public.spool.jsonl"),
      metricsPublic: true,
    });
    try {
      assert.equal((await fetch(`${open.url}/metrics`)).status, 200);
    } finally {
      await open.close();
    }
  });

  it("keeps its series bounded: 5,000 calls with made-up models and teams", async () => {
    for (let batch = 0; batch < 50; batch++) {
      const calls = Array.from({ length: 100 }, (_, i) => ({ model: `made-up-${batch}-${i}`, input: 10, team: `team-${batch}-${i}` }));
      assert.equal((await api("/v1/traces", { method: "POST", body: spans(calls) })).status, 200);
    }
    await server.recorder.flush();
    const text = await (await api("/metrics")).text();
    const series = text.split("\n").filter((l) => /^tokenomics_(tokens|cost_usd|requests)_total\{/.test(l));
    assert.ok(series.length <= 40, `${series.length} series`);
    assert.doesNotMatch(text, /made-up-|team-\d/);
    assert.match(text, /tokenomics_requests_total\{model="other",team="other",status="ok"\} 5000/);
  });
});

describe("query parameters", () => {
  it("answers a bad time zone with a 400 naming tz, not the store's error", async () => {
    const res = await api("/api/report?by=team&every=day&tz=Mars/Olympus");
    assert.deepEqual(await errorOf(res), {
      status: 400,
      error: { type: "invalid_request_error", message: 'tz: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Paris or UTC)' },
    });
    for (const tz of ["+05:00", "Europe/Paris; DROP", "../../etc"])
      assert.equal((await api(`/api/report?every=day&tz=${encodeURIComponent(tz)}`)).status, 400, tz);
    assert.equal((await api("/api/report?by=team&every=day&tz=Europe/Paris")).status, 200);
    const viaStore = await api("/api/store/aggregate", { method: "POST", body: JSON.stringify({ by: [], every: "day", tz: "Mars/Olympus" }) });
    assert.equal((await errorOf(viaStore)).status, 400, "report --server sends its query to the store route");
    assert.equal((await api("/api/report?every=day&tz=America/Argentina/Buenos_Aires")).status, 200);
  });

  it("answers every bad parameter with a 400 that names it", async () => {
    const cases: [string, RegExp][] = [
      ["/api/report?from=2026-02-30", /^from: expected a date/],
      ["/api/report?to=2026-01-01Tgarbage", /^to: expected a date/],
      ["/api/report?from=2026-01-01T25:00:00Z", /^from: expected a date/],
      ["/api/report?period=2026-13", /^period: expected 2026, 2026-10 or 2026-10-05/],
      ["/api/report?period=2026-02-30", /^period: /],
      ["/api/report?period=2026&from=2026-01-01", /^period: give period or from\/to/],
      ["/api/report?every=fortnight", /^every: expected day or week or month/],
      ["/api/report?top=-1", /^top: expected a whole number/],
      ["/api/report?by=colour", /^by: unknown dimension "colour"/],
      ["/api/report?where=team", /^where: expected key=value/],
      ["/api/report?where=colour=red", /^where: unknown dimension/],
      ["/api/report?costs=maybe", /^costs: expected true or false/],
      ["/api/events?limit=abc", /^limit: expected a whole number/],
      ["/api/events?offset=1.5", /^offset: expected a whole number/],
      ["/api/events?offset=99999999999999999999", /^offset: expected a whole number/],
      ["/api/interactions?order=size", /^order: expected cost or calls/],
      ["/api/compare?input=lots", /^input: expected a whole number/],
      ["/api/outcomes/summary?period=2026-02-30", /^period: /],
      ["/api/outcomes/summary?by=colour", /^by: unknown dimension/],
      ["/api/plan/fit?from=2026-02-30", /^from: expected YYYY-MM-DD/],
    ];
    for (const [path, message] of cases) {
      const { status, error } = await errorOf(await api(path));
      assert.equal(status, 400, path);
      assert.equal(error.type, "invalid_request_error", path);
      assert.match(error.message, message, path);
    }
  });
});

describe("/v1/traces and a key's scope", () => {
  it("binds every span a key posts to the key: team B's spend does not move when team A's key attributes 100M gpt-4o tokens to B", async () => {
    assert.equal((await api("/v1/traces", { method: "POST", body: spans([{ model: "gpt-4o", input: 68 }]) }, keyB)).status, 200);
    const before = await teamSpend();
    // 68 input tokens at $2.50 per million
    assert.equal(before.B, "0.00017");
    const res = await api("/v1/traces", { method: "POST", body: spans([{ model: "gpt-4o", input: 100_000_000, team: "B" }]) }, keyA);
    assert.equal(res.status, 200);
    const after = await teamSpend();
    assert.equal(after.B, "0.00017");
    assert.equal(after.A, "250");
    // the key sees what it posted
    const mine = (await (await api("/api/events?limit=1000", {}, keyA)).json()) as { events: { attribution: Json; usage: { input: number } }[] };
    const posted = mine.events.find((e) => e.usage.input === 100_000_000);
    assert.deepEqual(posted?.attribution, { team: "A", api_key_id: idA });
  });

  it("refuses a span whose cost no call can have (over the per-event cap) alone, as OTLP's partial success, and stores the rest", async () => {
    const before = await teamSpend();
    // 50,000,000,000 gpt-4o input tokens at $2.50 per million = $125,000: over the $99,999.9999999999 cap per event
    const res = await api("/v1/traces", {
      method: "POST",
      body: spans([
        { model: "gpt-4o", input: 50_000_000_000, team: "B" },
        { model: "gpt-4o", input: 400, team: "B" },
      ]),
    });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { partialSuccess?: { rejectedSpans: string; errorMessage: string } };
    assert.equal(answer.partialSuccess?.rejectedSpans, "1");
    const { sumDecimals } = await import("../src/shared/decimal.js");
    // only the second span: 400 × $2.50 / 1M = $0.001
    assert.equal((await teamSpend()).B, sumDecimals([before.B ?? "0", "0.001"]));
  });

  it("lets the admin token attribute freely", async () => {
    const before = await teamSpend();
    assert.equal((await api("/v1/traces", { method: "POST", body: spans([{ model: "gpt-4o", input: 400, team: "B" }]) })).status, 200);
    const { sumDecimals } = await import("../src/shared/decimal.js");
    assert.equal((await teamSpend()).B, sumDecimals([before.B ?? "0", "0.001"]));
  });
});
