/**
 * `/api/plan/*` over HTTP: `POST /api/plan/run` answers what `tokenomics plan run --json` prints,
 * `GET /api/plan/fit` what `tokenomics plan fit` writes, on a demo ledger.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planJson } from "../src/cli/commands/plan.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { newKey } from "../src/gateway/keys.js";
import { runPlan, validatePortfolio } from "../src/planning/index.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import type { PlanRun } from "../src/server/api-types.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { makeDemoLedger } from "./support/dashboard-server.js";

const ADMIN = "plan-api-admin";
let dir: string;
let server: RunningServer;
let keySecret: string;

// gpt-4o-mini: 1000×0.15/M + 500×0.075/M + 200×0.60/M = 0.0003075 per request;
// month 1 = 1.2 × 10,000 × 0.0003075 = 3.69; month 2 = 3.69 × 1.1 = 4.059; month 3 = 3.69 × 1.21 = 4.4649
const support = { name: "support-bot", model: "gpt-4o-mini", input_tokens: 1000, cached_input_tokens: 500, output_tokens: 200, requests_per_month: 10000, overhead: 1.2, growth: { kind: "compound", monthly: 0.1 } };
const portfolio = { start: "2027-01", use_cases: [support] };

const api = (path: string, init: RequestInit = {}, token = ADMIN) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });
const run = (body: unknown, token = ADMIN) => api("/api/plan/run", { method: "POST", body: JSON.stringify(body) }, token);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-api-"));
  const db = join(dir, "demo.duckdb");
  await makeDemoLedger(db);
  const store = await DuckDbStore.open(db);
  const made = newKey({ team: "search" }, "plan key");
  keySecret = made.secret;
  await store.saveKey(made.key);
  server = await startServer({ host: "127.0.0.1", port: 0, store, catalog: builtinCatalog(), upstreams: [], adminToken: ADMIN, spool: join(dir, "spool.jsonl") });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("POST /api/plan/run", () => {
  it("forecasts a posted portfolio: the hand-computed expected spend, as plan run --json", async () => {
    const res = await run({ ...portfolio, months: 3 });
    assert.equal(res.status, 200);
    const body = (await res.json()) as PlanRun;
    assert.deepEqual(body.months.map((m) => m.month), ["2027-01", "2027-02", "2027-03"]);
    assert.deepEqual(body.months.map((m) => m.expected_usd), ["3.69", "4.059", "4.4649"]);
    // no spread given: the four agree
    for (const m of body.months) assert.deepEqual([m.p10_usd, m.p50_usd, m.p90_usd], [m.expected_usd, m.expected_usd, m.expected_usd]);
    assert.equal(body.use_cases[0]!.cost_per_request_usd, "0.0003075");
    assert.deepEqual(body, JSON.parse(JSON.stringify(planJson(runPlan(builtinCatalog(), validatePortfolio(portfolio, "p"), { months: 3, runs: 2000, seed: 1 })))));
  });

  it("defaults to 12 months, applies a built-in scenario, and works with a key", async () => {
    const body = (await (await run(portfolio, keySecret)).json()) as PlanRun;
    assert.equal(body.months.length, 12);
    assert.equal(body.scenario, null);
    const peak = (await (await run({ ...portfolio, months: 2, scenario: "peak", seed: 7, runs: 500 })).json()) as PlanRun;
    assert.equal(peak.scenario, "peak");
    assert.equal(peak.seed, 7);
    assert.equal(peak.runs, 500);
  });

  it("answers 400 with the field path for an invalid portfolio, an unknown scenario or bad options", async () => {
    const bad = await run({ start: "2027-01", use_cases: [{ ...support, requests_per_month: -5 }] });
    assert.equal(bad.status, 400);
    const message = ((await bad.json()) as { error: { type: string; message: string } }).error;
    assert.equal(message.type, "invalid_request_error");
    assert.equal(message.message, "portfolio: use case 1 (support-bot), field requests_per_month: Too small: expected number to be >=0");
    const scenario = await run({ ...portfolio, scenario: "nope" });
    assert.equal(scenario.status, 400);
    assert.match(((await scenario.json()) as { error: { message: string } }).error.message, /^scenario: .*nope/);
    const months = await run({ ...portfolio, months: 0 });
    assert.equal(months.status, 400);
    assert.match(((await months.json()) as { error: { message: string } }).error.message, /^months: /);
    assert.equal((await api("/api/plan/run", { method: "POST", body: "{" })).status, 400);
    assert.equal((await run(portfolio, "wrong")).status, 401);
  });
});

describe("GET /api/plan/fit", () => {
  it("fits the ledger as plan fit does, and the fitted portfolio runs", async () => {
    const res = await api("/api/plan/fit?by=feature");
    assert.equal(res.status, 200);
    const fitted = (await res.json()) as { start: string; use_cases: { name: string }[] };
    assert.ok(fitted.use_cases.length > 1);
    assert.match(fitted.start, /^\d{4}-\d{2}$/);
    const plan = await run({ ...fitted, months: 12 });
    assert.equal(plan.status, 200);
    const body = (await plan.json()) as PlanRun;
    assert.equal(body.months.length, 12);
    assert.ok(body.months.every((m) => Number(m.p10_usd) <= Number(m.p50_usd) && Number(m.p50_usd) <= Number(m.p90_usd)));
  });

  it("honours from/to, refuses a key, an unknown dimension, a bad day, and an empty window", async () => {
    const window = (await (await api("/api/plan/fit?from=2026-10-10&to=2026-10-20")).json()) as { use_cases: unknown[] };
    assert.ok(window.use_cases.length > 0);
    assert.equal((await api("/api/plan/fit", {}, keySecret)).status, 403);
    assert.equal((await api("/api/plan/fit?by=nope")).status, 400);
    assert.equal((await api("/api/plan/fit?from=10/10/2026")).status, 400);
    assert.equal((await api("/api/plan/fit?from=2020-01-01&to=2020-02-01")).status, 404);
  });
});
