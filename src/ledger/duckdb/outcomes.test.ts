import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import type { UsageEvent } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import type { Outcome } from "../outcome.js";
import { SCHEMA_VERSION } from "./schema.js";
import { DuckDbStore } from "./store.js";

const dir = mkdtempSync(join(tmpdir(), "tokenomics-outcomes-"));

/** a call with its cost given (null: unpriced) */
function call(id: string, ts: string, trace: string | undefined, feature: string, customer: string, usd: string | null): UsageEvent {
  return {
    id,
    ts,
    provider: "openai",
    model: "gpt-4o-mini",
    usage: usage({ requests: 1, input: 10 }),
    attribution: { feature, customer },
    interaction: trace ? { trace_id: trace } : {},
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    cost:
      usd === null
        ? { priced: false, resolved_model: null, total_usd: null, breakdown: {}, version_from: null, unpriced_reason: "unknown model" }
        : { priced: true, resolved_model: "gpt-4o-mini", total_usd: usd, breakdown: { input: usd }, version_from: "2024-07-18" },
  };
}

const calls = (): UsageEvent[] => [
  // t1 (bot, acme): 0.01 + 0.02 = 0.03
  call("c1", "2026-10-01T10:00:00Z", "t1", "bot", "acme", "0.01"),
  call("c2", "2026-10-01T10:00:05Z", "t1", "bot", "acme", "0.02"),
  // t2 (bot, beta): 0.05
  call("c3", "2026-10-02T10:00:00Z", "t2", "bot", "beta", "0.05"),
  // t3 (bot, acme): 0.04
  call("c4", "2026-10-03T10:00:00Z", "t3", "bot", "acme", "0.04"),
  // t4 (mail, acme): 0.1, plus one unpriced call
  call("c5", "2026-10-03T11:00:00Z", "t4", "mail", "acme", "0.1"),
  call("c6", "2026-10-03T11:00:01Z", "t4", "mail", "acme", null),
  // no trace: not an interaction, in no outcome's cost
  call("c7", "2026-10-03T12:00:00Z", undefined, "bot", "acme", "1"),
];

const outcome = (id: string, trace_id: string, kind: string, success = true, value_usd?: string): Outcome => ({
  id,
  trace_id,
  kind,
  at: "2026-10-04T00:00:00.000Z",
  success,
  ...(value_usd ? { value_usd } : {}),
});

const outcomes = (): Outcome[] => [
  outcome("o1", "t1", "resolved_ticket"),
  outcome("o2", "t2", "resolved_ticket", false),
  outcome("o3", "t3", "resolved_ticket"),
  outcome("o3b", "t3", "resolved_ticket"),
  outcome("o4", "t4", "conversion", true, "49.90"),
  outcome("o5", "t4", "conversion", true, "0.1"),
  // a trace with no calls: recorded, in no group
  outcome("o6", "t-none", "resolved_ticket"),
  // repeated in the batch: the first one stays
  outcome("o1", "t2", "conversion"),
];

async function filled(): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(":memory:");
  await store.append(calls());
  assert.deepEqual(await store.appendOutcomes(outcomes()), { inserted: 7, duplicates: 1 });
  return store;
}

describe("DuckDB outcomes", () => {
  it("stores outcomes once: a repeat of the batch is all duplicates", async () => {
    const store = await filled();
    try {
      assert.deepEqual(await store.appendOutcomes(outcomes()), { inserted: 0, duplicates: 8 });
      assert.deepEqual(await store.appendOutcomes([]), { inserted: 0, duplicates: 0 });
    } finally {
      await store.close();
    }
  });

  it("sums outcomes per feature and kind with the cost of every interaction in the group", async () => {
    const store = await filled();
    try {
      const rows = await store.outcomeSummary({ by: ["feature"] });
      assert.deepEqual(rows, [
        {
          // bot: t1 0.03 + t2 0.05 + t3 0.04 = 0.12 over 3 interactions (c7 has no trace);
          // outcomes o1, o2, o3, o3b = 4, of which 3 succeeded, in t1 and t3: 0.03 + 0.04 = 0.07
          dimensions: { feature: "bot" },
          kind: "resolved_ticket",
          interactions: 3,
          interactions_usd: "0.12",
          unpriced_calls: 0,
          interactions_with_outcome: 3,
          outcomes: 4,
          successes: 3,
          successful_interactions: 2,
          successful_usd: "0.07",
          value_usd: "0",
        },
        {
          // mail: t4 = 0.1 (its unpriced call is counted apart); o4 + o5 worth 49.90 + 0.1 = 50
          dimensions: { feature: "mail" },
          kind: "conversion",
          interactions: 1,
          interactions_usd: "0.1",
          unpriced_calls: 1,
          interactions_with_outcome: 1,
          outcomes: 2,
          successes: 2,
          successful_interactions: 1,
          successful_usd: "0.1",
          value_usd: "50",
        },
      ]);
    } finally {
      await store.close();
    }
  });

  it("groups by customer, one row per kind, and follows the filter", async () => {
    const store = await filled();
    try {
      const rows = await store.outcomeSummary({ by: ["customer"] });
      // acme: t1 0.03 + t3 0.04 + t4 0.1 = 0.17, tickets o1, o3, o3b all resolved; beta: t2 0.05, o2 not resolved
      assert.deepEqual(
        rows.map((r) => [r.dimensions.customer, r.kind, r.interactions, r.interactions_usd, r.outcomes, r.successes]),
        [
          ["acme", "conversion", 3, "0.17", 2, 2],
          ["acme", "resolved_ticket", 3, "0.17", 3, 3],
          ["beta", "resolved_ticket", 1, "0.05", 1, 0],
        ],
      );
      // from 2026-10-03: t3 and t4 only; the bot group is t3 alone (0.04)
      const later = await store.outcomeSummary({ by: ["feature"], from: "2026-10-03" });
      assert.deepEqual(
        later.map((r) => [r.dimensions.feature, r.interactions, r.interactions_usd, r.outcomes, r.successes]),
        [
          ["mail", 1, "0.1", 2, 2],
          ["bot", 1, "0.04", 2, 2],
        ],
      );
      const beta = await store.outcomeSummary({ by: [], where: [{ dimension: "customer", values: ["beta"] }] });
      assert.deepEqual(
        beta.map((r) => [r.kind, r.interactions, r.interactions_usd, r.successes]),
        [["resolved_ticket", 1, "0.05", 0]],
      );
    } finally {
      await store.close();
    }
  });

  it("writes all of a batch or none of it", async () => {
    const store = await DuckDbStore.open(":memory:");
    try {
      await store.append(calls());
      // more than one INSERT's worth of rows, the last one broken: the first statement is rolled back too
      const batch = Array.from({ length: 700 }, (_, i) => outcome(`ok-${i}`, "t1", "resolved_ticket"));
      batch.push({ ...outcome("bad", "t1", "resolved_ticket"), at: "not a time" });
      await assert.rejects(store.appendOutcomes(batch));
      assert.deepEqual(await store.outcomeSummary({ by: [] }), []);
      assert.deepEqual(await store.appendOutcomes(batch.slice(0, 700)), { inserted: 700, duplicates: 0 });
      assert.equal((await store.outcomeSummary({ by: [] }))[0]!.outcomes, 700);
    } finally {
      await store.close();
    }
  });

  it("migrates a version 2 ledger in place: events and keys kept, outcomes added", async () => {
    const path = join(dir, "v2.duckdb");
    const a = await DuckDbStore.open(path);
    await a.append(calls());
    await a.close();
    // make it what version 2 wrote: no outcomes table
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run("DROP TABLE outcomes");
    await conn.run("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
    conn.closeSync();
    instance.closeSync();

    const b = await DuckDbStore.open(path);
    try {
      assert.equal(await b.count(), 7);
      assert.deepEqual(await b.appendOutcomes(outcomes()), { inserted: 7, duplicates: 1 });
      assert.equal((await b.outcomeSummary({ by: [] })).length, 2);
    } finally {
      await b.close();
    }
    const check = await DuckDBInstance.create(path);
    const c = await check.connect();
    const version = (await c.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'")).getRowObjectsJS();
    assert.deepEqual(version, [{ value: String(SCHEMA_VERSION) }]);
    c.closeSync();
    check.closeSync();
  });
});
