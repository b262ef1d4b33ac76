import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Catalog } from "../pricing/catalog.js";
import { fixtureCatalog } from "../pricing/testing/fixture-catalog.js";
import { budgetKey, parseBudget, periodWindow } from "./budget.js";
import { decide, globMatch, rateKeys, refusalForLine, type BudgetInput, type DecideInput, type Policy } from "./decide.js";
import { maxCostFromTokens, type MaxCost } from "./max-cost.js";
import { usdToUnits } from "./units.js";

const catalog = Catalog.from(fixtureCatalog);
const NOW = Date.parse("2026-03-15T12:00:30Z");
const at = new Date(NOW).toISOString();
const reprice = (model: string, out: number | undefined): MaxCost =>
  maxCostFromTokens(catalog, { model, promptTokens: 1000, ...(out !== undefined ? { maxOutputTokens: out } : {}) }, { at });
const attribution = { team: "eng", feature: "chat", api_key_id: "k1", tags: { env: "prod" } };

const budget = (over: Record<string, unknown>, spent = "0", reserved = "0"): BudgetInput => {
  const b = parseBudget({ name: "eng", scope: { team: "eng" }, period: "month", amountUsd: "1", action: "block", ...over });
  return { budget: b, window: periodWindow(b.period, b.tz, NOW), spent: usdToUnits(spent), reserved: usdToUnits(reserved) };
};
const input = (over: Partial<DecideInput> = {}): DecideInput => {
  const model = over.model ?? "claude-sonnet-4-5";
  return {
    attribution,
    model,
    promptTokens: 1000,
    maxOutputTokens: 1000,
    maxCost: reprice(model, over.maxOutputTokens ?? 1000),
    reprice,
    budgets: [],
    policies: [],
    now: NOW,
    ...over,
  };
};

describe("decide: budgets", () => {
  it("admits with a hold of the maximum cost on each block budget", () => {
    // claude-sonnet-4-5: 1,000 × $3 + 1,000 × $15 = $18,000 per 1M = $0.018
    const d = decide(input({ budgets: [budget({}, "0.5", "0.2")] }));
    assert.equal(d.kind, "admit");
    assert.ok(d.kind === "admit");
    assert.deepEqual(d.holds, [
      {
        key: budgetKey("eng", periodWindow("month", "UTC", NOW)),
        limit: usdToUnits("1"),
        periodEnd: Date.parse("2026-04-01T00:00:00Z"),
        amount: usdToUnits("0.018"),
        unit: "usd",
        source: "eng",
      },
    ]);
  });

  it("refuses budget_exceeded with retry-after to the period end", () => {
    // 0.90 + 0.09 reserved + 0.018 = 1.008 > 1
    const d = decide(input({ budgets: [budget({}, "0.90", "0.09")] }));
    assert.ok(d.kind === "refuse");
    assert.deepEqual(d.refusal, {
      code: "budget_exceeded",
      status: 429,
      budget: "eng",
      spent_usd: "0.9",
      reserved_usd: "0.09",
      limit_usd: "1",
      period_end: "2026-04-01T00:00:00.000Z",
      // 2026-03-15T12:00:30Z → 2026-04-01T00:00Z = 16 days 11h 59m 30s
      retry_after_s: 16 * 86400 + 11 * 3600 + 59 * 60 + 30,
      message: d.refusal.message,
    });
  });

  it("never refuses on an alert budget and takes no hold", () => {
    const d = decide(input({ budgets: [budget({ action: "alert" }, "5")] }));
    assert.ok(d.kind === "admit" && d.holds.length === 0);
  });

  it("ignores budgets that do not cover the call", () => {
    const d = decide(input({ budgets: [budget({ scope: { team: "ops" } }, "5"), budget({ scope: { model: "o3" } }, "5")] }));
    assert.equal(d.kind, "admit");
  });

  it("refuses an unpriced model under a block budget, records it under an alert budget", () => {
    const unpriced: MaxCost = { unpriced: 'unknown model "mystery"' };
    const blocked = decide(input({ model: "mystery", maxCost: unpriced, budgets: [budget({})] }));
    assert.ok(blocked.kind === "refuse" && blocked.refusal.code === "unpriced_model" && blocked.refusal.budget === "eng");
    const alerted = decide(input({ model: "mystery", maxCost: unpriced, budgets: [budget({ action: "alert", name: "watch" })] }));
    assert.ok(alerted.kind === "admit");
    assert.deepEqual(alerted.unpricedAlertBudgets, ["watch"]);
  });

  it("bounds a hold by holdCapUsd", () => {
    // max cost $0.018 but cap $0.005: 0.99 + 0.005 ≤ 1 admits
    const d = decide(input({ budgets: [budget({ holdCapUsd: "0.005" }, "0.99")] }));
    assert.ok(d.kind === "admit");
    assert.equal(d.holds[0]!.amount, usdToUnits("0.005"));
  });

  it("downgrades to the named model when the call would cross a downgrade budget", () => {
    // claude: $0.018 → 0.985 + 0.018 = 1.003 > 1; gemini-2.5-pro: 1,000 × $1.25 + 1,000 × $10 = $0.01125 → 0.99625 ≤ 1
    const d = decide(input({ budgets: [budget({ action: "downgrade", downgradeTo: "gemini-2.5-pro" }, "0.985")] }));
    assert.ok(d.kind === "rewrite");
    assert.deepEqual(d.rewrite.model, { from: "claude-sonnet-4-5", to: "gemini-2.5-pro", budget: "eng" });
    assert.equal(d.model, "gemini-2.5-pro");
    assert.equal(d.holds[0]!.amount, usdToUnits("0.01125"));
    // 0.99 + 0.01125 > 1: even the downgrade does not fit
    const r = decide(input({ budgets: [budget({ action: "downgrade", downgradeTo: "gemini-2.5-pro" }, "0.99")] }));
    assert.ok(r.kind === "refuse" && r.refusal.code === "budget_exceeded");
  });

  it("does not downgrade into a model a policy denies", () => {
    const d = decide(
      input({
        budgets: [budget({ action: "downgrade", downgradeTo: "gemini-2.5-pro" }, "0.985")],
        policies: [{ name: "no-google", match: {}, denyModels: ["gemini-*"] }],
      }),
    );
    assert.ok(d.kind === "refuse" && d.refusal.code === "budget_exceeded");
  });
});

describe("decide: policies", () => {
  it("denies and allows models by glob", () => {
    assert.ok(globMatch("claude-*", "Claude-Sonnet-4-5") && globMatch("gpt-4?", "gpt-4o") && !globMatch("gpt-4", "gpt-4o"));
    const deny = decide(input({ policies: [{ name: "cheap", match: { feature: "chat" }, denyModels: ["claude-*"] }] }));
    assert.ok(deny.kind === "refuse" && deny.refusal.code === "policy_denied" && deny.refusal.rule === "deny_models" && deny.refusal.status === 403);
    const allow = decide(input({ policies: [{ name: "cheap", match: {}, allowModels: ["gpt-*", "o3"] }] }));
    assert.ok(allow.kind === "refuse" && allow.refusal.code === "policy_denied" && allow.refusal.rule === "allow_models");
    const other = decide(input({ policies: [{ name: "cheap", match: { feature: "search" }, denyModels: ["*"] }] }));
    assert.equal(other.kind, "admit");
  });

  it("clamps max output and reprices the hold", () => {
    // 1,000 × $3 + 500 × $15 = 3,000 + 7,500 = $10,500 per 1M = $0.0105
    const d = decide(
      input({
        maxOutputTokens: 4000,
        maxCost: reprice("claude-sonnet-4-5", 4000),
        budgets: [budget({})],
        policies: [{ name: "short", match: {}, maxOutputTokens: 500 }],
      }),
    );
    assert.ok(d.kind === "rewrite");
    assert.deepEqual(d.rewrite.maxOutputTokens, { from: 4000, to: 500, policy: "short" });
    assert.equal(d.maxOutputTokens, 500);
    assert.equal(d.holds[0]!.amount, usdToUnits("0.0105"));
    const unset = decide(input({ maxOutputTokens: undefined, policies: [{ name: "short", match: {}, maxOutputTokens: 500 }] }));
    assert.ok(unset.kind === "rewrite" && unset.maxOutputTokens === 500);
  });

  it("refuses too much output when the policy says refuse, and too much input", () => {
    const out = decide(input({ maxOutputTokens: 4000, policies: [{ name: "short", match: {}, maxOutputTokens: 500, outputOverLimit: "refuse" }] }));
    assert.ok(out.kind === "refuse" && out.refusal.code === "policy_denied" && out.refusal.rule === "max_output_tokens");
    const inp = decide(input({ promptTokens: 9000, policies: [{ name: "small", match: {}, maxInputTokens: 8000 }] }));
    assert.ok(inp.kind === "refuse" && inp.refusal.code === "policy_denied" && inp.refusal.rule === "max_input_tokens");
  });

  it("requires the batch or flex tier for offline classes", () => {
    const policies: Policy[] = [{ name: "offline", match: { "tag.env": "prod" }, requireTier: "flex" }];
    const d = decide(input({ policies }));
    assert.ok(d.kind === "refuse" && d.refusal.code === "policy_denied" && d.refusal.rule === "require_tier");
    assert.equal(decide(input({ policies, serviceTier: "flex" })).kind, "admit");
    const batch = decide(input({ policies: [{ name: "offline", match: {}, requireTier: "batch" }], batch: true }));
    assert.equal(batch.kind, "admit");
  });

  it("in dry-run, says what it would have refused without refusing", () => {
    const d = decide(input({ policies: [{ name: "trial", match: {}, denyModels: ["claude-*"], maxOutputTokens: 10, dryRun: true }] }));
    assert.ok(d.kind === "admit");
    assert.equal(d.dryRun.length, 1);
    assert.ok(d.dryRun[0]!.code === "policy_denied" && d.dryRun[0]!.policy === "trial");
    assert.match(d.notes.join(), /would clamp/);
  });
});

describe("decide: rate limits", () => {
  const policies: Policy[] = [{ name: "per-key", match: {}, rateLimit: { requestsPerMinute: 10, tokensPerMinute: 5000, per: "key" } }];
  const keys = rateKeys(policies, attribution, "claude-sonnet-4-5", NOW);

  it("names the counters to read: one per minute window and key", () => {
    assert.deepEqual(keys, ["rate:per-key:rpm:key=k1@2026-03-15T12:00:00.000Z", "rate:per-key:tpm:key=k1@2026-03-15T12:00:00.000Z"]);
  });

  it("reserves a request and the call's maximum tokens", () => {
    const d = decide(input({ policies, rates: [{ key: keys[0]!, spent: 5n, reserved: 0n }] }));
    assert.ok(d.kind === "admit");
    // 1,000 prompt + 1,000 max output = 2,000 tokens
    assert.deepEqual(
      d.holds.map((h) => [h.unit, h.amount, h.limit]),
      [
        ["requests", 1n, 10n],
        ["tokens", 2000n, 5000n],
      ],
    );
  });

  it("refuses rate_limited with retry-after to the minute's end", () => {
    const d = decide(input({ policies, rates: [{ key: keys[0]!, spent: 9n, reserved: 1n }] }));
    assert.ok(d.kind === "refuse" && d.refusal.code === "rate_limited");
    assert.equal(d.refusal.rule, "requests_per_minute");
    assert.equal(d.refusal.retry_after_s, 30);
    // 3,500 used + 2,000 > 5,000 tokens
    const t = decide(input({ policies, rates: [{ key: keys[1]!, spent: 3500n, reserved: 0n }] }));
    assert.ok(t.kind === "refuse" && t.refusal.code === "rate_limited" && t.refusal.rule === "tokens_per_minute");
  });

  it("turns a refused reserve into the same refusal", () => {
    const d = decide(input({ budgets: [budget({})] }));
    assert.ok(d.kind === "admit");
    const r = refusalForLine(d.holds[0]!, { key: d.holds[0]!.key, spent: usdToUnits("0.99"), reserved: 0n }, NOW);
    assert.ok(r.code === "budget_exceeded" && r.spent_usd === "0.99" && r.limit_usd === "1");
  });
});
