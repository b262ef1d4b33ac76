/**
 * `plan fit` against the demo generator's own recipe: the generator's true parameters
 * (src/demo/features.ts, src/demo/calendar.ts) are worked out here by hand, and the fit on 90
 * generated days must find them within the tolerances stated below.
 *
 * Tolerances, from the sampling noise of one 90-day draw (seed 42):
 * - calls per month (last 30 days): ±6% — the smallest feature checked has ~900 traces in
 *   those days, a Poisson sd of ~3.4%;
 * - mean tokens per call: ±5% — thousands of lognormal draws with σ ≤ 0.7 (sd of the mean ≤ 1.5%);
 * - routing shares: ±0.03 absolute;
 * - compound growth a month: ±4 percentage points of the generator's mean rate over the window;
 * - coefficient of variation of daily calls: ±0.05 absolute;
 * - overhead α of a feature without tool calls: between 1 and 1.02 (only timeouts bill a call
 *   that is then retried).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { growth, isWeekend, demoWindow, DAY_MS } from "../src/demo/calendar.js";
import { FEATURES, type Feature } from "../src/demo/features.js";
import { demoRecords } from "../src/demo/generate.js";
import { ingest } from "../src/ingest/pipeline.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { Portfolio, UseCase } from "../src/planning/index.js";
import { fitFromLedger } from "../src/ledger/planning-queries.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";

const END = "2026-10-31";
const DAYS = 90;
const catalog = builtinCatalog();

function feature(name: string): Feature {
  return FEATURES.find((f) => f.name === name)!;
}

/**
 * Expected calls per trace of one step: a first attempt fails with the feature's error rate e,
 * a retry with e₂ = min(0.5, 6e), at most 3 attempts: 1 + e + e·e₂.
 */
function callsPerStep(f: Feature): number {
  const e = f.errorRate;
  return 1 + e + e * Math.min(0.5, 6 * e);
}

/** the share of calls that failed: (e + e·e₂ + e·e₂²) / (1 + e + e·e₂) */
function failedShare(f: Feature): number {
  const e = f.errorRate;
  const e2 = Math.min(0.5, 6 * e);
  return (e + e * e2 + e * e2 * e2) / callsPerStep(f);
}

/** a lognormal's mean from its median and σ: m·e^(σ²/2) */
const lognormalMean = (median: number, sigma: number) => median * Math.exp((sigma * sigma) / 2);

/** expected traces per day over the window, oldest first: tracesPerDay × growth × weekend factor */
function expectedTraces(f: Feature): number[] {
  const w = demoWindow(END, DAYS);
  return Array.from({ length: DAYS }, (_, day) => {
    const back = DAYS - 1 - day;
    return f.tracesPerDay * growth(back) * (isWeekend(w.startMs + day * DAY_MS) ? f.weekend : 1);
  });
}

/** priced calls a month from the last 30 days' expected traces (internal-model calls are unpriced) */
function trueCallsPerMonth(f: Feature): number {
  const traces = expectedTraces(f)
    .slice(-30)
    .reduce((s, t) => s + t, 0);
  return (traces * f.steps.length * callsPerStep(f) * (1 - (f.internalShare ?? 0)) * 30.4375) / 30;
}

/** CV of daily calls: Poisson traces around a moving mean λ_d: √(var λ + mean λ) / mean λ */
function trueRequestsCv(f: Feature): number {
  const l = expectedTraces(f);
  const mean = l.reduce((s, x) => s + x, 0) / l.length;
  const variance = l.reduce((s, x) => s + (x - mean) ** 2, 0) / l.length;
  return Math.sqrt(variance + mean) / mean;
}

/** volume grows 1/(1 + 0.25·back/30): the mean compound rate from the first day to the last, a month */
const TRUE_GROWTH = (1 + (0.25 * (DAYS - 1)) / 30) ** (30.4375 / (DAYS - 1)) - 1; // ≈ 0.2087

function near(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * expected, `${what}: fitted ${actual}, true ${expected.toFixed(4)} (±${relative * 100}%)`);
}

function within(actual: number, expected: number, absolute: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= absolute, `${what}: fitted ${actual}, true ${expected.toFixed(4)} (±${absolute})`);
}

type Fitted = UseCase & { fitted: { calls_per_month: number } };

describe("plan fit on the 90-day demo finds the generator's true parameters", () => {
  let portfolio: Portfolio;
  const store = DuckDbStore.open(":memory:");
  const useCase = (name: string) => portfolio.use_cases.find((u) => u.name === name) as Fitted;

  before(async () => {
    const s = await store;
    await ingest(
      (function* () {
        for (const record of demoRecords({ days: DAYS, end: END })) yield { record };
      })(),
      s,
      catalog,
    );
    const fitted = await fitFromLedger(s, { by: "feature", catalog });
    assert.ok(fitted);
    portfolio = fitted.portfolio;
  });
  after(async () => (await store).close());

  it("names the costliest model of each feature and routes the rest by the recipe's weights", () => {
    // main = the model with the largest cost; the recipe's weights give the others' shares
    const expected: Record<string, { model: string; routes: Record<string, number> }> = {
      "ticket-summary": { model: "gpt-4o-mini", routes: { "gpt-4.1-mini": 0.15 } }, // 85 : 15; the 2% internal calls are unpriced
      "query-rewrite": { model: "gpt-4.1-mini", routes: { "gemini-2.5-flash": 0.4 } }, // 60 : 40
      "email-drafts": { model: "gpt-4.1", routes: { "claude-sonnet-4-5": 0.3 } }, // 70 : 30
      "support-bot": { model: "claude-sonnet-4-5", routes: { "claude-haiku-4-5": 0.45 } }, // 55 : 45
      // one embedding call and one answer per trace; the answer 80 : 20 flash : pro
      "semantic-search": { model: "gemini-2.5-pro", routes: { "text-embedding-3-small": 0.5, "gemini-2.5-flash": 0.4 } },
      "embeddings-backfill": { model: "text-embedding-3-small", routes: {} },
    };
    for (const [name, want] of Object.entries(expected)) {
      const u = useCase(name);
      assert.equal(u.model, want.model, name);
      const routes = Object.fromEntries((u.routing ?? []).map((r) => [r.model, r.share]));
      assert.deepEqual(Object.keys(routes).sort(), Object.keys(want.routes).sort(), name);
      for (const [model, share] of Object.entries(want.routes)) within(routes[model]!, share, 0.03, `${name} → ${model} share`);
    }
  });

  it("measures calls per month and their daily spread", () => {
    for (const name of ["ticket-summary", "query-rewrite", "email-drafts", "semantic-search", "embeddings-backfill"]) {
      const f = feature(name);
      near(useCase(name).fitted.calls_per_month, trueCallsPerMonth(f), 0.06, `${name} calls per month`);
      within(useCase(name).spread!.requests!, trueRequestsCv(f), 0.05, `${name} CV of daily calls`);
    }
  });

  it("measures mean tokens per call of the main model", () => {
    // input side = the prompt (lognormal mean), except on the failed calls that bill nothing
    // (rate-limited and 5xx: 8 in 10 failures); output likewise, timeouts and cancels cut it
    const cases: [string, number, number][] = [
      // ticket-summary: 1700·e^(0.7²/2) = 2171.9 prompt; 160·e^(0.4²/2) = 173.3 output
      ["ticket-summary", lognormalMean(1700, 0.7), lognormalMean(160, 0.4)],
      // query-rewrite: 380·e^(0.4²/2) = 411.6; 45·e^(0.5²/2) = 51.0
      ["query-rewrite", lognormalMean(380, 0.4), lognormalMean(45, 0.5)],
      // email-drafts: 1400·e^(0.5²/2) = 1586.4; 420·e^(0.4²/2) = 455.0
      ["email-drafts", lognormalMean(1400, 0.5), lognormalMean(420, 0.4)],
      // embeddings-backfill: 60000·e^(0.5²/2) = 67,990; no output
      ["embeddings-backfill", lognormalMean(60_000, 0.5), 0],
    ];
    for (const [name, prompt, output] of cases) {
      const u = useCase(name);
      const billed = 1 - 0.8 * failedShare(feature(name));
      near(u.input_tokens + u.cached_input_tokens, prompt * billed, 0.05, `${name} input-side tokens`);
      if (output > 0) near(u.output_tokens, output * billed, 0.05, `${name} output tokens`);
      else assert.equal(u.output_tokens, 0);
    }
  });

  it("measures growth, overhead and the batch price", () => {
    for (const u of portfolio.use_cases) {
      assert.equal(u.growth?.kind, "compound");
      within((u.growth as { monthly: number }).monthly, TRUE_GROWTH, 0.04, `${u.name} monthly growth`);
      // 13 weeks of history leave the rate in some doubt, a few points a month
      const se = u.spread!.growth!;
      assert.ok(se > 0 && se < 0.1, `${u.name} growth se ${se}`);
    }
    for (const name of ["ticket-summary", "query-rewrite", "email-drafts", "embeddings-backfill"]) {
      const alpha = useCase(name).overhead;
      assert.ok(alpha >= 1 && alpha <= 1.02, `${name} α ${alpha}`);
    }
    // tool-calling features re-send the conversation each turn: several calls per answer
    assert.ok(useCase("support-bot").overhead > 1.5 && useCase("onboarding-agent").overhead > 2);
    assert.deepEqual(
      portfolio.use_cases.filter((u) => u.batch).map((u) => u.name),
      ["embeddings-backfill"],
    );
  });
});
