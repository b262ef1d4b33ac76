/**
 * `/api/plan/*` over HTTP: each route answers what the `plan` command's `--json` prints (`plan run`,
 * `plan fit`, `plan sensitivity`, `plan commit`, `plan pricing`, `plan margins`, `plan backtest`), on a demo ledger;
 * the CLI runs as a child process (asynchronously: the server answers in this process), on the same
 * portfolio file or through the same server (`--server`).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { newKey } from "../src/gateway/keys.js";
import { planJson, runPlan, validatePortfolio } from "../src/planning/index.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import type { ApiErrorBody, PlanBacktest, PlanCommit, PlanMargins, PlanPricing, PlanRun, PlanSensitivity, SpendReport } from "../src/server/api-types.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { makeDemoLedger } from "./support/dashboard-server.js";

const ADMIN = "plan-api-admin";
let dir: string;
let server: RunningServer;
let keySecret: string;

// gpt-4o-mini: 1000×0.15/M + 500×0.075/M + 200×0.60/M = 0.0003075 per request;
// month 1 = 1.2 × 10,000 × 0.0003075 = 3.69; month 2 = 3.69 × 1.1 = 4.059; month 3 = 3.69 × 1.21 = 4.4649
const support = {
  name: "support-bot",
  model: "gpt-4o-mini",
  input_tokens: 1000,
  cached_input_tokens: 500,
  output_tokens: 200,
  requests_per_month: 10000,
  overhead: 1.2,
  growth: { kind: "compound", monthly: 0.1 },
};
const portfolio = { start: "2027-01", use_cases: [support] };

const api = (path: string, init: RequestInit = {}, token = ADMIN) =>
  fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });
const run = (body: unknown, token = ADMIN) => api("/api/plan/run", { method: "POST", body: JSON.stringify(body) }, token);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-api-"));
  const db = join(dir, "demo.duckdb");
  await makeDemoLedger(db);
  const store = await DuckDbStore.open(db);
  const made = newKey({ team: "search" }, "plan key");
  keySecret = made.secret;
  await store.saveKey(made.key);
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: [],
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
  });
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
    assert.deepEqual(
      body.months.map((m) => m.month),
      ["2027-01", "2027-02", "2027-03"],
    );
    assert.deepEqual(
      body.months.map((m) => m.expected_usd),
      ["3.69", "4.059", "4.4649"],
    );
    // no spread given: the four agree
    for (const m of body.months) assert.deepEqual([m.p10_usd, m.p50_usd, m.p90_usd], [m.expected_usd, m.expected_usd, m.expected_usd]);
    assert.equal(body.use_cases[0]!.cost_per_request_usd, "0.0003075");
    assert.deepEqual(
      body,
      JSON.parse(JSON.stringify(planJson(runPlan(builtinCatalog(), validatePortfolio(portfolio, "p"), { months: 3, runs: 2000, seed: 1 })))),
    );
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

  it("honours from/to and where, fits a key's own scope only, refuses an unknown dimension, a bad day, and an empty window", async () => {
    const window = (await (await api("/api/plan/fit?from=2026-10-10&to=2026-10-20")).json()) as { use_cases: unknown[] };
    assert.ok(window.use_cases.length > 0);
    // the search team's features only, as plan fit --where team=search
    const search = (await (await api("/api/plan/fit?where=team=search")).json()) as { use_cases: { name: string }[] };
    assert.deepEqual(
      search.use_cases.map((u) => u.name),
      ["query-rewrite", "semantic-search"],
    );
    assert.deepEqual(search, await cli("plan", "fit", "--server", server.url, "--where", "team=search"));
    // a key sees the calls made with it: none in the demo ledger, so nothing to fit
    const own = await api("/api/plan/fit", {}, keySecret);
    assert.equal(own.status, 404);
    assert.match((await errorOf(own)).message, /nothing to fit/);
    assert.equal((await api("/api/plan/fit?by=nope")).status, 400);
    assert.equal((await api("/api/plan/fit?from=10/10/2026")).status, 400);
    assert.equal((await api("/api/plan/fit?from=2020-01-01&to=2020-02-01")).status, 404);
  });
});

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));

/** the CLI's --json answer; asynchronously, so that the in-process server can answer it */
function cli(...args: string[]): Promise<unknown> {
  const env = { ...process.env, TOKENOMICS_ADMIN_TOKEN: ADMIN, TOKENOMICS_SERVER: "", TOKENOMICS_DB: "" };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tokenomics ${args.join(" ")}: ${error.message} ${stderr}`));
      else resolve(JSON.parse(stdout) as unknown);
    });
  });
}

const post = (path: string, body: unknown, token = ADMIN) => api(path, { method: "POST", body: JSON.stringify(body) }, token);
const errorOf = async (res: Response): Promise<ApiErrorBody["error"]> => ((await res.json()) as ApiErrorBody).error;

/** a 400 with the API's JSON error whose message starts with `prefix` */
async function rejects(res: Promise<Response>, prefix: string): Promise<void> {
  const r = await res;
  assert.equal(r.status, 400);
  const error = await errorOf(r);
  assert.equal(error.type, "invalid_request_error");
  assert.ok(error.message.startsWith(prefix), `${error.message} should start with ${prefix}`);
}

// the plan commit test's portfolio: support-bot without growth, $3.69 a month (12,000 requests ×
// 0.0003075), 1,700 weighted tokens a request → 20,400,000 a month; spiky with a spread
const flat = {
  start: "2027-01",
  use_cases: [
    { name: "support-bot", model: "gpt-4o-mini", input_tokens: 1000, cached_input_tokens: 500, output_tokens: 200, requests_per_month: 10000, overhead: 1.2 },
    { name: "spiky", model: "gpt-4o-mini", input_tokens: 100, requests_per_month: 1000, spread: { requests: 0.5 } },
  ],
};
const flatFile = () => {
  const file = join(dir, "flat.json");
  writeFileSync(file, JSON.stringify(flat));
  return file;
};

describe("POST /api/plan/sensitivity", () => {
  const one = { start: "2027-01", use_cases: [flat.use_cases[0]] };

  it("ranks the parameters by hand-checkable spreads", async () => {
    const res = await post("/api/plan/sensitivity", { ...one, months: 2, swing: 0.2 });
    assert.equal(res.status, 200);
    const body = (await res.json()) as PlanSensitivity;
    // base: 2 months × $3.69; overhead and volume move it by exactly ± 20 %
    assert.equal(body.base_usd, "7.38");
    assert.deepEqual([body.scenario, body.months, body.swing], [null, 2, 0.2]);
    const bar = (parameter: string) => body.bars.find((b) => b.use_case === "support-bot" && b.parameter === parameter)!;
    assert.deepEqual(bar("overhead"), { use_case: "support-bot", parameter: "overhead", low_usd: "5.904", high_usd: "8.856", spread_usd: "2.952" });
    assert.equal(bar("requests_per_month").spread_usd, "2.952");
    // input: 1,000 × $0.15/M = $0.00015 a request, ± 20 % × 24,000 requests = ± $0.72
    assert.equal(bar("input_tokens").spread_usd, "1.44");
    // output: 200 × $0.60/M = $0.00012, ± 20 % × 24,000 = ± $0.576; cached: 500 × $0.075/M → ± $0.18
    assert.equal(bar("output_tokens").spread_usd, "1.152");
    assert.equal(bar("cached_input_tokens").spread_usd, "0.36");
    assert.deepEqual(
      body.bars.slice(0, 2).map((b) => b.spread_usd),
      ["2.952", "2.952"],
    );
  });

  it("answers what plan sensitivity --json prints for the same file, and works with a key", async () => {
    const file = flatFile();
    const body = (await (await post("/api/plan/sensitivity", { ...flat, months: 6, swing: 0.1, scenario: "peak" }, keySecret)).json()) as PlanSensitivity;
    assert.deepEqual(body, await cli("plan", "sensitivity", file, "--months", "6", "--swing", "0.1", "--scenario", "peak", "--json"));
    // the defaults are the command's: 12 months, swing 0.2
    assert.deepEqual(await (await post("/api/plan/sensitivity", flat)).json(), await cli("plan", "sensitivity", file, "--json"));
  });

  it("answers 400 naming the field", async () => {
    await rejects(post("/api/plan/sensitivity", { ...flat, swing: 1.5 }), 'swing: expected a fraction between 0 and 1, got "1.5"');
    await rejects(post("/api/plan/sensitivity", { ...flat, months: 0 }), "months: ");
    await rejects(post("/api/plan/sensitivity", { ...flat, months: 121 }), "months: expected at most 120");
    await rejects(post("/api/plan/sensitivity", { ...flat, scenario: "nope" }), 'scenario: unknown scenario "nope"');
    await rejects(
      post("/api/plan/sensitivity", { start: "2027-01", use_cases: [{ ...flat.use_cases[0], overhead: 0 }] }),
      "portfolio: use case 1 (support-bot), field overhead: ",
    );
    await rejects(post("/api/plan/sensitivity", [1, 2]), "the body must be a JSON object");
    assert.equal((await post("/api/plan/sensitivity", flat, "wrong")).status, 401);
  });
});

describe("POST /api/plan/commit", () => {
  // a unit: 100 TPM → 4,320,000 tokens a month at $0.50 → r = 0.5 / 4,320,000
  const unit = { unit_price: 0.5, per: "month", unit_tpm: 100 };

  it("sizes the commitment by hand: 5 units of 4.32M tokens against 20.4M a month", async () => {
    const res = await post("/api/plan/commit", { ...flat, ...unit, months: 1, use_case: "support-bot" }, keySecret);
    assert.equal(res.status, 200);
    const body = (await res.json()) as PlanCommit;
    assert.equal(body.file, null);
    assert.deepEqual(body.use_cases, ["support-bot"]);
    assert.equal(body.unit_capacity_tokens_per_month, "4320000");
    assert.deepEqual(body.expected_tokens_per_month, ["20400000"]);
    assert.equal(body.fractile_units, 5);
    assert.equal(body.recommended.units, 5);
    assert.equal(body.recommended.commitment_usd, "2.5");
    assert.equal(body.recommended.expected_utilisation, 0.944444);
    assert.equal(body.payg_only_usd, "3.69");
    assert.equal(body.savings_usd, "1.19");
    // 4 units: $2 + (20,400,000 − 17,280,000) × 3.69 / 20,400,000 = $2.564353
    assert.equal(body.curve[4]!.expected_total_usd, "2.564353");
  });

  it("answers what plan commit --json prints for the same file and terms (file aside)", async () => {
    const file = flatFile();
    const terms = {
      unit_price: "0.0006944444",
      per: "hour",
      unit_tpm: 100,
      output_weight: 4,
      cached_free: true,
      min_units: 2,
      step: 3,
      months: 3,
      seed: 4,
      runs: 300,
      scenario: "peak",
    };
    const body = (await (await post("/api/plan/commit", { ...flat, ...terms })).json()) as PlanCommit;
    const printed = (await cli(
      "plan",
      "commit",
      file,
      "--unit-price",
      "0.0006944444",
      "--per",
      "hour",
      "--unit-tpm",
      "100",
      "--output-weight",
      "4",
      "--cached-free",
      "--min-units",
      "2",
      "--step",
      "3",
      "--months",
      "3",
      "--seed",
      "4",
      "--runs",
      "300",
      "--scenario",
      "peak",
      "--json",
    )) as PlanCommit;
    assert.equal(printed.file, file);
    assert.deepEqual(body, { ...printed, file: null });
    // the defaults are the command's
    const plain = (await (await post("/api/plan/commit", { ...flat, ...unit })).json()) as PlanCommit;
    assert.deepEqual(plain, {
      ...((await cli("plan", "commit", file, "--unit-price", "0.5", "--per", "month", "--unit-tpm", "100", "--json")) as PlanCommit),
      file: null,
    });
  });

  it("answers 400 naming the field", async () => {
    await rejects(post("/api/plan/commit", { ...flat, per: "month", unit_tpm: 100 }), "unit_price: required");
    await rejects(post("/api/plan/commit", { ...flat, unit_price: 1, unit_tpm: 100 }), "per: required");
    await rejects(post("/api/plan/commit", { ...flat, ...unit, per: "week" }), 'per: expected month or hour, got "week"');
    await rejects(post("/api/plan/commit", { ...flat, ...unit, unit_price: "lots" }), 'unit_price: expected a non-negative decimal number, got "lots"');
    await rejects(post("/api/plan/commit", { ...flat, ...unit, unit_price: 0 }), "unit_price: expected more than 0");
    await rejects(post("/api/plan/commit", { ...flat, ...unit, output_weight: -1 }), "output_weight: expected a non-negative decimal number");
    await rejects(post("/api/plan/commit", { ...flat, ...unit, step: 0 }), "step: expected at least 1");
    await rejects(post("/api/plan/commit", { ...flat, ...unit, months: 1.5 }), 'months: expected a whole number, got "1.5"');
    await rejects(post("/api/plan/commit", { ...flat, ...unit, runs: 100_001 }), "runs: expected at most 100000");
    await rejects(post("/api/plan/commit", { ...flat, ...unit, cached_free: "yes" }), "cached_free: expected true or false");
    await rejects(post("/api/plan/commit", { ...flat, ...unit, use_case: "nope" }), 'use_case: unknown use case "nope" (known: support-bot, spiky)');
    await rejects(post("/api/plan/commit", { ...flat, ...unit, scenario: "nope" }), 'scenario: unknown scenario "nope"');
    await rejects(
      post("/api/plan/commit", { start: "2027-01", use_cases: [{ name: "x", model: "no-such-model", requests_per_month: 10, input_tokens: 10 }], ...unit }),
      "portfolio: no priced demand",
    );
    assert.equal((await post("/api/plan/commit", { ...flat, ...unit }, "wrong")).status, 401);
  });
});

describe("POST /api/plan/pricing", () => {
  it("bills every customer-month the fee where nobody goes over the allowance", async () => {
    const res = await post("/api/plan/pricing", { fee: 20, allowance: "1000000000000", overage: 5 });
    assert.equal(res.status, 200);
    const body = (await res.json()) as PlanPricing;
    assert.ok(body.customer_months > 0);
    assert.ok(body.rows.every((r) => r.bill_usd === "20" && !r.capped));
    assert.equal(body.revenue_usd, new Big(20).times(body.customer_months).toFixed());
    assert.equal(body.cost_usd, body.rows.reduce((s, r) => s.plus(r.cost_usd), new Big(0)).toFixed());
    assert.equal(body.margin_usd, new Big(body.revenue_usd).minus(body.cost_usd).toFixed());
    assert.deepEqual(body.plan, { fee_usd: "20", allowance: "1000000000000", unit: "tokens", overage_usd: "5", cap_usd: null });
  });

  it("answers what plan pricing --json prints on the same ledger", async () => {
    const body = await (
      await post("/api/plan/pricing", { fee: "20", allowance: 2000000, overage: "5", cap: 200, from: "2026-10-05", to: "2026-10-25" })
    ).json();
    assert.deepEqual(
      body,
      await cli(
        "plan",
        "pricing",
        "--server",
        server.url,
        "--fee",
        "20",
        "--allowance",
        "2000000",
        "--overage",
        "5",
        "--cap",
        "200",
        "--from",
        "2026-10-05",
        "--to",
        "2026-10-25",
        "--json",
      ),
    );
    const credits = await (await post("/api/plan/pricing", { fee: 1, allowance: 0.5, unit: "usd", overage: 1.5, period: "2026-10" })).json();
    assert.deepEqual(
      credits,
      await cli(
        "plan",
        "pricing",
        "--server",
        server.url,
        "--fee",
        "1",
        "--allowance",
        "0.5",
        "--unit",
        "usd",
        "--overage",
        "1.5",
        "--period",
        "2026-10",
        "--json",
      ),
    );
  });

  it("answers 400 naming the field, and needs the admin token", async () => {
    await rejects(post("/api/plan/pricing", { fee: "x", allowance: 1, overage: 1 }), 'fee: expected a non-negative decimal, got "x"');
    await rejects(post("/api/plan/pricing", { fee: 1, allowance: -5, overage: 1 }), 'allowance: expected a non-negative decimal, got "-5"');
    await rejects(post("/api/plan/pricing", { fee: 1, allowance: 1 }), "overage: required");
    await rejects(post("/api/plan/pricing", { fee: 1, allowance: 1, overage: 1, unit: "requests" }), 'unit: expected tokens or usd, got "requests"');
    await rejects(post("/api/plan/pricing", { fee: 1, allowance: 1, overage: 1, period: "2026-13" }), "period: ");
    await rejects(
      post("/api/plan/pricing", { fee: 1, allowance: 1, overage: 1, period: "2026-10", from: "2026-10-01" }),
      "period: give period or from/to, not both",
    );
    await rejects(post("/api/plan/pricing", { fee: 1, allowance: 1, overage: 1, from: "10/10/2026" }), "from: ");
    assert.equal((await post("/api/plan/pricing", { fee: 1, allowance: 1, overage: 1 }, keySecret)).status, 403);
    assert.equal((await post("/api/plan/pricing", { fee: 1, allowance: 1, overage: 1 }, "wrong")).status, 401);
  });
});

describe("POST /api/plan/margins", () => {
  // three demo customers paid $1.00 each in October 2026 (two on "pro", one on "free"); one more
  // customer paid but used nothing
  const revenueCsv = async (): Promise<string> => {
    const report = (await (await api("/api/report?by=customer&period=2026-10")).json()) as SpendReport;
    const customers = report.rows
      .map((r) => (r as unknown as { customer: string | null }).customer)
      .filter((c): c is string => c !== null)
      .slice(0, 3);
    assert.equal(customers.length, 3);
    return `${[
      "month,customer,revenue_usd,plan",
      ...customers.map((c, i) => `2026-10,${c},1.00,${i < 2 ? "pro" : "free"}`),
      "2026-10,nobody-yet,1.00,free",
    ].join("\n")}\n`;
  };

  it("answers what plan margins --json prints for the same revenue file, by customer and by plan", async () => {
    const text = await revenueCsv();
    const file = join(dir, "revenue.csv");
    writeFileSync(file, text);
    for (const by of ["customer", "plan"] as const) {
      const res = await post("/api/plan/margins", { revenue_csv: text, by, period: "2026-10" });
      assert.equal(res.status, 200);
      const body = (await res.json()) as PlanMargins;
      assert.deepEqual(body, await cli("plan", "margins", "--server", server.url, "--revenue", file, "--by", by, "--period", "2026-10", "--json"));
      // revenue is exact: four customers at $1.00
      assert.equal(body.totals.revenue_usd, "4");
      // the total is the sum of the rows to the last digit
      assert.equal(body.rows.reduce((sum, r) => sum.plus(r.cost_usd), new Big(0)).toFixed(), body.totals.cost_usd);
    }
  });

  it("answers 400 naming the line and field, and needs the admin token", async () => {
    await rejects(post("/api/plan/margins", { by: "customer" }), "revenue_csv: required");
    await rejects(
      post("/api/plan/margins", { revenue_csv: "month,customer,revenue_usd\n2026-10,acme,lots\n" }),
      "revenue_csv:2: revenue_usd: expected a non-negative decimal",
    );
    await rejects(post("/api/plan/margins", { revenue_csv: "month,customer,revenue_usd\n", by: "team" }), 'by: expected customer or plan, got "team"');
    await rejects(post("/api/plan/margins", { revenue_csv: "month,customer,revenue_usd\n", period: "2026-13" }), "period: ");
    assert.equal((await post("/api/plan/margins", { revenue_csv: "month,customer,revenue_usd\n" }, keySecret)).status, 403);
  });
});

describe("GET /api/plan/backtest", () => {
  it("answers what plan backtest --json prints; actual is the ledger's total over the test days", async () => {
    const res = await api("/api/plan/backtest?fit_days=20&test_days=10&by=feature");
    assert.equal(res.status, 200);
    const body = (await res.json()) as PlanBacktest;
    assert.equal((Date.parse(body.fit.to) - Date.parse(body.fit.from)) / 86_400_000, 20);
    assert.equal(body.test.from, body.fit.to);
    assert.equal((Date.parse(body.test.to) - Date.parse(body.test.from)) / 86_400_000, 10);
    const report = (await (await api(`/api/report?from=${body.test.from}&to=${body.test.to}`)).json()) as SpendReport;
    assert.equal(body.actual_usd, report.total_usd);
    assert.deepEqual(body, await cli("plan", "backtest", "--server", server.url, "--fit-days", "20", "--test-days", "10", "--json"));
    assert.deepEqual(await (await api("/api/plan/backtest?by=model")).json(), await cli("plan", "backtest", "--server", server.url, "--by", "model", "--json"));
  });

  it("answers 400 naming the parameter, and needs the admin token", async () => {
    await rejects(api("/api/plan/backtest?fit_days=0"), "fit_days: at least 1");
    await rejects(api("/api/plan/backtest?test_days=x"), 'test_days: expected a non-negative whole number, got "x"');
    await rejects(api("/api/plan/backtest?by=nope"), 'by: unknown dimension "nope"');
    assert.equal((await api("/api/plan/backtest", {}, keySecret)).status, 403);
    assert.equal((await api("/api/plan/backtest", {}, "wrong")).status, 401);
  });
});
