import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseBudget } from "../../governance/index.js";
import type { Attribution, UsageEvent } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import { DuckDbStore } from "../duckdb/store.js";
import { budgetBurn } from "./budget-burn.js";
import { budgetStatus } from "./budget-status.js";

function ev(id: string, ts: string, usd: string | null, attribution: Attribution = {}, model = "gpt-4o-mini"): UsageEvent {
  return {
    id,
    ts,
    provider: "openai",
    model,
    usage: usage({ requests: 1, input: 10 }),
    attribution,
    interaction: {},
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    cost:
      usd === null
        ? { priced: false, resolved_model: null, total_usd: null, breakdown: {}, version_from: null, unpriced_reason: "unknown model" }
        : { priced: true, resolved_model: model, total_usd: usd, breakdown: { input: usd }, version_from: "2024-07-18" },
  };
}

const budget = (fields: Record<string, unknown>) => parseBudget({ name: "b", period: "month", amountUsd: "10", action: "block", ...fields });
const at = Date.parse;

describe("budgetStatus", () => {
  it("sums a Berlin week across the spring DST change, counting unpriced calls apart", async () => {
    const store = await DuckDbStore.open(":memory:");
    await store.append([
      // Sunday 23:30 in Berlin: the week before
      ev("before", "2026-03-22T22:30:00Z", "5", { team: "search" }),
      // Monday 00:00 in Berlin, the week's first instant: counted
      ev("first", "2026-03-22T23:00:00Z", "1", { team: "search" }),
      ev("sunday", "2026-03-29T09:00:00Z", "0.55", { team: "search" }),
      ev("unpriced", "2026-03-29T09:30:00Z", null, { team: "search" }, "acme-7b"),
      ev("other-team", "2026-03-25T12:00:00Z", "7", { team: "ops" }),
    ]);
    await store.recordAlert({ budget: "b", period_start: "2026-03-22T23:00:00Z", threshold: 10, sent_at: "2026-03-23T00:00:00Z" });
    const b = budget({ scope: { team: "search" }, period: "week", tz: "Europe/Berlin", amountUsd: "10", alerts: [10, 50] });
    const { budgets } = await budgetStatus(store, [b], at("2026-03-29T10:00:00Z"));
    // window 2026-03-22T23:00Z (CET) .. 2026-03-29T22:00Z (CEST): 167 h; 155 h elapsed at 10:00Z
    // spent 1 + 0.55 = 1.55; burn 1.55 × 24 / 155 = 0.24/day; projected 1.55 × 167 / 155 = 1.67; remaining 10 − 1.55 = 8.45
    assert.deepEqual(budgets[0], {
      name: "b",
      scope: { team: "search" },
      action: "block",
      period: "week",
      tz: "Europe/Berlin",
      period_start: "2026-03-22T23:00:00.000Z",
      period_end: "2026-03-29T22:00:00.000Z",
      limit_usd: "10",
      spent_usd: "1.55",
      reserved_usd: "0",
      remaining_usd: "8.45",
      burn_usd_per_day: "0.24",
      projected_usd: "1.67",
      thresholds: [10, 50],
      alerts_sent: [10],
      calls: 3,
      unpriced_calls: 1,
      refused_calls: 0,
      downgraded_calls: 0,
    });
    const burn = await budgetBurn(store, b, at("2026-03-29T10:00:00Z"));
    // one point per local day, at its end (Sunday's at now); Monday holds the $1, Sunday the $0.55
    assert.deepEqual(
      burn.points.map((p) => [p.at, p.spent_usd]),
      [
        ["2026-03-23T23:00:00.000Z", "1"],
        ["2026-03-24T23:00:00.000Z", "1"],
        ["2026-03-25T23:00:00.000Z", "1"],
        ["2026-03-26T23:00:00.000Z", "1"],
        ["2026-03-27T23:00:00.000Z", "1"],
        ["2026-03-28T23:00:00.000Z", "1"],
        ["2026-03-29T10:00:00.000Z", "1.55"],
      ],
    );
    assert.equal(burn.projected_usd, "1.67");
    await store.close();
  });

  it("counts a START..END range as it stands, with live reservations, and lets an alert budget go negative", async () => {
    const store = await DuckDbStore.open(":memory:");
    await store.append([ev("a", "2026-03-01T00:00:00Z", "1.25"), ev("b", "2026-03-10T23:59:59Z", "1.75"), ev("c", "2026-03-11T00:00:00Z", "9")]);
    const range = budget({ name: "launch", period: "2026-03-01..2026-03-10", amountUsd: "5" });
    const alert = budget({ name: "watch", period: "2026-03-01..2026-03-10", amountUsd: "2", action: "alert" });
    const live = (name: string) => (name === "launch" ? { reserved_usd: "0.5", refused_calls: 3, downgraded_calls: 0 } : undefined);
    const { budgets } = await budgetStatus(store, [range, alert], at("2026-03-20T00:00:00Z"), live);
    // [03-01, 03-11): 1.25 + 1.75 = 3 over 10 days, all elapsed: burn 0.3/day, projected = spent = 3
    // launch: remaining 5 − 3 − 0.5 = 1.5; watch: 2 − 3 = −1 (an alert budget never refuses)
    assert.deepEqual(
      budgets.map((s) => [s.name, s.period_end, s.spent_usd, s.reserved_usd, s.remaining_usd, s.burn_usd_per_day, s.projected_usd, s.refused_calls]),
      [
        ["launch", "2026-03-11T00:00:00.000Z", "3", "0.5", "1.5", "0.3", "3", 3],
        ["watch", "2026-03-11T00:00:00.000Z", "3", "0", "-1", "0.3", "3", 0],
      ],
    );
    await store.close();
  });

  it("starts a new period at zero on its boundary, with no job run", async () => {
    const store = await DuckDbStore.open(":memory:");
    await store.append([ev("feb", "2026-02-28T23:59:59.999Z", "4")]);
    await store.recordAlert({ budget: "b", period_start: "2026-02-01T00:00:00Z", threshold: 50, sent_at: "2026-02-20T00:00:00Z" });
    const b = budget({ alerts: [50] });
    const [feb] = (await budgetStatus(store, [b], at("2026-02-28T12:00:00Z"))).budgets;
    assert.deepEqual([feb!.spent_usd, feb!.alerts_sent], ["4", [50]]);
    const [march] = (await budgetStatus(store, [b], at("2026-03-01T00:00:00Z"))).budgets;
    assert.deepEqual(
      [march!.period_start, march!.spent_usd, march!.remaining_usd, march!.burn_usd_per_day, march!.projected_usd, march!.alerts_sent],
      ["2026-03-01T00:00:00.000Z", "0", "10", "0", "0", []],
    );
    assert.deepEqual((await budgetBurn(store, b, at("2026-03-01T00:00:00Z"))).points, []);
    await store.close();
  });

  it("filters by every scope key: the attribution dimensions, key, model and tags", async () => {
    const target: Attribution = {
      org: "o",
      team: "t",
      project: "p",
      feature: "f",
      customer: "c",
      user: "u",
      api_key_id: "k",
      environment: "e",
      tags: { plan: "pro" },
    };
    const scope = { org: "o", team: "t", project: "p", feature: "f", customer: "c", user: "u", key: "k", environment: "e", model: "m", "tag.plan": "pro" };
    // one decoy per scope key, differing from the target in that key alone ($2 each); the target costs $1
    const decoys = Object.keys(scope).map((key, i) => {
      if (key === "model") return ev(`d${i}`, "2026-03-02T00:00:00Z", "2", target, "other-model");
      if (key === "tag.plan") return ev(`d${i}`, "2026-03-02T00:00:00Z", "2", { ...target, tags: { plan: "free" } }, "m");
      const dimension = key === "key" ? "api_key_id" : key;
      return ev(`d${i}`, "2026-03-02T00:00:00Z", "2", { ...target, [dimension]: "other" }, "m");
    });
    const store = await DuckDbStore.open(":memory:");
    await store.append([ev("target", "2026-03-02T00:00:00Z", "1", target, "m"), ...decoys]);
    const now = at("2026-03-15T00:00:00Z");
    // all ten keys at once: only the target
    assert.equal((await budgetStatus(store, [budget({ scope })], now)).budgets[0]!.spent_usd, "1");
    // one key at a time: the target and the nine decoys that differ elsewhere, 1 + 9 × 2 = 19
    for (const [key, value] of Object.entries(scope)) {
      const [s] = (await budgetStatus(store, [budget({ scope: { [key]: value } })], now)).budgets;
      assert.equal(s!.spent_usd, "19", key);
    }
    await store.close();
  });

  it("draws a day budget hour by hour", async () => {
    const store = await DuckDbStore.open(":memory:");
    await store.append([ev("a", "2026-03-02T00:30:00Z", "0.1"), ev("b", "2026-03-02T02:15:00Z", "0.2")]);
    const burn = await budgetBurn(store, budget({ period: "day" }), at("2026-03-02T03:00:00Z"));
    // three whole hours: 0.1 after the first, still 0.1 after the second, 0.3 after the third; projected 0.3 × 24 / 3 = 2.4
    assert.deepEqual(
      burn.points.map((p) => p.spent_usd),
      ["0.1", "0.1", "0.3"],
    );
    assert.equal(burn.projected_usd, "2.4");
    await store.close();
  });
});
