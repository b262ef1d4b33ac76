import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";
import { ingest } from "../src/ingest/pipeline.js";
import type { ImportItem } from "../src/ingest/importer.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { compoundMonthlyGrowth, coefficientOfVariation, growthStandardError, runPlan, validatePortfolio } from "../src/planning/index.js";
import { fitFromLedger } from "../src/ledger/planning-queries.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import type { CallStatus, UsageRecord } from "../src/usage/event.js";
import { usage } from "../src/usage/usage.js";
import { FEATURES } from "../src/demo/features.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-fit-"));
const catalog = builtinCatalog();

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
function call(
  day: string,
  feature: string,
  model: string,
  u: { input: number; cached_input?: number; output: number },
  trace?: string,
  status: CallStatus = "ok",
  batch = false,
): UsageRecord {
  n++;
  return {
    id: `t:${n}`,
    ts: `${day}T10:${String(n % 60).padStart(2, "0")}:00.000Z`,
    provider: "openai",
    model,
    usage: usage({ requests: 1, ...u }),
    attribution: { feature },
    interaction: trace ? { trace_id: trace } : {},
    request: batch ? { status, batch } : { status },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
  };
}

/** 30 days of October 2026 (1st–30th): chat with retried traces, search with a few growing calls */
function ledger(): UsageRecord[] {
  const records: UsageRecord[] = [];
  for (let d = 1; d <= 30; d++) {
    const day = `2026-10-${String(d).padStart(2, "0")}`;
    // two traces a day, each a failed call and its retry with the same usage: α = 2
    const small = { input: 100, cached_input: 50, output: 20 };
    const large = { input: 300, cached_input: 50, output: 40 };
    records.push(call(day, "chat", "gpt-4o-mini", small, `${day}-a`, "error"), call(day, "chat", "gpt-4o-mini", small, `${day}-a`));
    records.push(call(day, "chat", "gpt-4o-mini", large, `${day}-b`, "error"), call(day, "chat", "gpt-4o-mini", large, `${day}-b`));
    records.push(call(day, "backfill", "gpt-4o-mini", { input: 5000, output: 500 }, undefined, "ok", true));
  }
  // search: 2 calls on the first day, 3 on the last
  for (let i = 0; i < 2; i++) records.push(call("2026-10-01", "search", "gpt-4.1-mini", { input: 1000, output: 100 }));
  for (let i = 0; i < 3; i++) records.push(call("2026-10-30", "search", "gpt-4.1-mini", { input: 1000, output: 100 }));
  return records.sort((a, b) => a.ts.localeCompare(b.ts));
}

describe("plan fit (pure)", () => {
  it("fits compound growth by least squares on ln(daily count)", () => {
    assert.equal(compoundMonthlyGrowth([100, 100, 100]), 0);
    // ln count rises 0.01 a day: e^(0.01 × 30.4375) − 1
    const g = compoundMonthlyGrowth(Array.from({ length: 40 }, (_, i) => Math.exp(0.01 * i)));
    assert.ok(Math.abs(g - (Math.exp(0.304375) - 1)) < 1e-12, String(g));
    // doubling every day is clamped to +100% a month, halving to −50%
    assert.equal(compoundMonthlyGrowth([1, 2, 4, 8]), 1);
    assert.equal(compoundMonthlyGrowth([8, 4, 2, 1]), -0.5);
    assert.equal(compoundMonthlyGrowth([0, 5, 0]), 0);
  });

  it("says how uncertain the growth rate is, from whole weeks", () => {
    // four weeks of an exact 1 %-a-day rise: the weekly sums lie on a line in log space, no doubt
    const exact = Array.from({ length: 28 }, (_, i) => 100 * 1.01 ** i);
    assert.ok(growthStandardError(exact, 0.35) < 1e-9);
    // weekly sums 700, 770, 700, 770, 700, 770: ln alternates ±d, d = ln(770/700)/2 = 0.047655;
    // x = 0…5, Σ(x − x̄)² = 17.5, slope b = 3d / 17.5 = 0.0081694 a week; residuals ±0.027231,
    // ±0.059909, ±0.043570: Σr² = 0.012457; se = √(0.012457 / 4 / 17.5) = 0.013340 a week,
    // / 7 = 0.0019058 a day, × 30.4375 × (1 + 0) = 0.058008 a month
    const wobbly = [700, 770, 700, 770, 700, 770].flatMap((w) => Array(7).fill(w / 7) as number[]);
    const se = growthStandardError(wobbly, 0);
    assert.ok(Math.abs(se - 0.058008) < 1e-5, String(se));
    // too few weeks with calls: from the days; under three days with calls: no figure
    assert.equal(growthStandardError([5, 0, 0], 0), 0);
  });

  it("measures coefficients of variation", () => {
    assert.equal(coefficientOfVariation([5, 15]), 0.5);
    assert.equal(coefficientOfVariation([0, 0]), 0);
  });
});

describe("plan fit on a small ledger", () => {
  it("measures means, volume, growth, spreads and α by hand, and the result runs", async () => {
    const store = await DuckDbStore.open(":memory:");
    try {
      await ingest(
        ledger().map((record): ImportItem => ({ record })),
        store,
        catalog,
      );
      const fitted = await fitFromLedger(store, { by: "feature", catalog });
      assert.ok(fitted);
      const { portfolio } = fitted;
      assert.equal(portfolio.start, "2026-11");
      assert.deepEqual(fitted.input.from, "2026-10-01");
      assert.deepEqual(fitted.input.to, "2026-10-31");
      const [backfill, chat, search] = portfolio.use_cases;
      // the ledger priced backfill at the batch rate: the fit says so
      assert.equal(backfill!.name, "backfill");
      assert.equal(backfill!.batch, true);
      // chat: 4 calls a day, means (100+300)/2, 50, (20+40)/2; 120 calls × 30.4375/30 ÷ α 2
      const { fitted: detail, ...rest } = chat as NonNullable<typeof chat> & { fitted?: unknown };
      // flat: no growth, so no trend from the last 30 days to the start month
      assert.deepEqual(detail, { calls_per_month: 121.75, trend: 1, cost_share: { "gpt-4o-mini": 1 } });
      assert.deepEqual(rest, {
        name: "chat",
        model: "gpt-4o-mini",
        input_tokens: 200,
        cached_input_tokens: 50,
        output_tokens: 30,
        reasoning_tokens: 0,
        requests_per_month: 60.88, // 60.875 rounded to cents of a request
        overhead: 2,
        growth: { kind: "compound", monthly: 0 },
        batch: false,
        spread: { requests: 0, input_tokens: 0, output_tokens: 0, growth: 0 }, // four equal weeks: no doubt about a zero rate
      });
      // search: 2 calls on day 0, 3 on day 29 (too sparse for weekly sums): ln(3/2)/29 a day;
      // 5 calls × 30.4375/30 = 5.0729 a month in the last 30 days, grown from their middle
      // (Oct 16) to the middle of November: 1 + 15 + 30.4375/2 = 31.21875 days at ln(3/2)/29
      // a day: 5.0729 × 1.5^(31.21875/29) = 5.0729 × 1.54727 = 7.849; no interactions
      assert.equal(search!.model, "gpt-4.1-mini");
      assert.equal(search!.requests_per_month, 7.85);
      assert.equal(search!.overhead, 1);
      assert.deepEqual(search!.growth, { kind: "compound", monthly: Math.round((1.5 ** (30.4375 / 29) - 1) * 1e4) / 1e4 });
      const counts = [2, ...Array(28).fill(0), 3];
      assert.equal(search!.spread!.requests, Math.round(coefficientOfVariation(counts) * 1e4) / 1e4);

      // it is a portfolio `plan run` reads, and α·V·cost gives back the measured spend
      const valid = validatePortfolio(JSON.parse(JSON.stringify(portfolio)), "fitted.json");
      const plan = runPlan(catalog, valid, { months: 2 });
      const chatSpend = new Big((await store.aggregate({ by: [], where: [{ dimension: "feature", values: ["chat"] }] })).total_usd);
      const month1 = plan.useCases[1]!.months[0]!.expected!;
      // α·V = 2 × 60.88 = 121.76 mean requests against the 120 calls measured
      assert.equal(month1.times(120).toFixed(12), chatSpend.times(121.76).toFixed(12));
      assert.ok(plan.months[1]!.expected.gt(plan.months[0]!.expected), "search grows");
    } finally {
      await store.close();
    }
  });
});

describe("tokenomics plan fit and plan backtest on the demo", () => {
  const db = join(dir, "demo.duckdb");

  it("fits the 90-day demo into a file plan run evaluates", () => {
    const demo = run("demo", "--days", "90", "--db", db, "--json");
    assert.equal(demo.code, 0, demo.stderr);
    const out = join(dir, "portfolio.json");
    const fit = run("plan", "fit", "--db", db, "--out", out);
    assert.equal(fit.code, 0, fit.stderr);
    const portfolio = JSON.parse(readFileSync(out, "utf8")) as { use_cases: { name: string }[] };
    assert.equal(portfolio.use_cases.length, FEATURES.length);
    const plan = run("plan", "run", out, "--months", "3", "--json");
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal((JSON.parse(plan.stdout) as { months: unknown[] }).months.length, 3);
  });

  it("back-tests 60 days against the next 30: actual is the ledger's total for those days", (t) => {
    const r = run("plan", "backtest", "--db", db, "--fit-days", "60", "--test-days", "30", "--json");
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      fit: { from: string; to: string };
      test: { from: string; to: string };
      predicted_usd: string;
      actual_usd: string;
      error_pct: number;
      mape_pct: number;
      use_cases: { name: string; model: string; predicted_usd: string | null; actual_usd: string; error_pct: number | null }[];
    };
    assert.deepEqual(Object.keys(report), ["fit", "test", "predicted_usd", "actual_usd", "error_pct", "mape_pct", "use_cases"]);
    assert.equal(report.fit.to, report.test.from);
    const days = (w: { from: string; to: string }) => (Date.parse(w.to) - Date.parse(w.from)) / 86_400_000;
    assert.equal(days(report.fit), 60);
    assert.equal(days(report.test), 30);
    const ledgerTotal = JSON.parse(run("report", "--db", db, "--from", report.test.from, "--to", report.test.to, "--json").stdout) as { total_usd: string };
    assert.equal(report.actual_usd, ledgerTotal.total_usd);
    assert.equal(report.use_cases.reduce((s, u) => s.plus(u.actual_usd), new Big(0)).toFixed(), report.actual_usd);
    assert.ok(Number.isFinite(report.error_pct) && Number.isFinite(report.mape_pct));
    t.diagnostic(
      `demo back-test (fit 60, predict 30): predicted $${new Big(report.predicted_usd).toFixed(2)}, actual $${new Big(report.actual_usd).toFixed(2)}, error ${report.error_pct.toFixed(1)}%, MAPE ${report.mape_pct.toFixed(1)}%`,
    );
    const table = run("plan", "backtest", "--db", db);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /total: predicted \$[\d,.]+, actual \$[\d,.]+, error [+-][\d.]+%/);
  });
});
