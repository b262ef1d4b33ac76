import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Catalog } from "../../pricing/catalog.js";
import { priceRecord } from "../../pricing/price-record.js";
import { fixtureCatalog } from "../../pricing/testing/fixture-catalog.js";
import type { UsageEvent, UsageRecord } from "../../usage/event.js";
import { usage, type Usage } from "../../usage/usage.js";
import type { Store } from "../store.js";

/**
 * The behaviour every Store implementation must have. Each implementation's test file calls
 * this with a factory for a fresh, empty store; one that cannot re-price (its pricer would have
 * to cross a thread or a network) says so with `reprice: false`.
 */
export function storeCases(name: string, fresh: () => Promise<Store>, options: { reprice?: boolean } = {}): void {
  const catalog = Catalog.from(fixtureCatalog);
  const event = (id: string, ts: string, model: string, u: Partial<Usage>, extra: Partial<UsageRecord> = {}): UsageEvent =>
    priceRecord(catalog, {
      id,
      ts,
      provider: "openai",
      model,
      usage: usage({ requests: 1, ...u }),
      attribution: {},
      interaction: {},
      request: { status: "ok" },
      source: { kind: "test", convention: "disjoint", raw_usage: u },
      ...extra,
    });

  // o3 after 2025-06-10: $2 in, $8 out per 1M. claude-sonnet-4-5: $3 in, $15 out.
  const events = (): UsageEvent[] => [
    // 1,000 × $2/M + 500 × $8/M = 0.002 + 0.004 = 0.006
    event(
      "a",
      "2025-10-01T10:00:00Z",
      "o3",
      { input: 1000, output: 500 },
      { attribution: { team: "search", feature: "rewrite", tags: { env: "prod" } }, interaction: { trace_id: "t1", attempt: 1 }, request: { status: "error" } },
    ),
    // retry of the same interaction: 0.006 again
    event(
      "b",
      "2025-10-01T10:00:05Z",
      "o3",
      { input: 1000, output: 500 },
      { attribution: { team: "search", feature: "rewrite", tags: { env: "prod" } }, interaction: { trace_id: "t1", attempt: 2, is_retry: true } },
    ),
    // 2,000 × $3/M + 1,000 × $15/M = 0.006 + 0.015 = 0.021
    event(
      "c",
      "2025-10-02T23:30:00Z",
      "claude-sonnet-4-5",
      { input: 2000, output: 1000 },
      {
        provider: "anthropic",
        attribution: { team: "support", feature: "bot", tags: { env: "staging" } },
        prompt_prefixes: [
          { boundary: "system", tokens: 1500, hash: "9f86d081884c7d659a2feaa0c55ad015" },
          { boundary: "messages:1", tokens: 2000, hash: "a3bd1cde4b2b1c4e8d2e0f5a6b7c8d9e" },
        ],
      },
    ),
    // unpriced: unknown model, kept and flagged
    event("d", "2025-10-03T08:00:00Z", "acme-internal-7b", { input: 5000, output: 100 }, { attribution: { team: "support", feature: "bot" } }),
  ];

  describe(`Store: ${name}`, () => {
    it("appends, counts, and is idempotent", async () => {
      const store = await fresh();
      try {
        assert.deepEqual(await store.append(events()), { inserted: 4, duplicates: 0 });
        assert.deepEqual(await store.append(events()), { inserted: 0, duplicates: 4 });
        assert.equal(await store.count(), 4);
      } finally {
        await store.close();
      }
    });

    it("replaces restated events when asked, and only then", async () => {
      const store = await fresh();
      try {
        await store.append(events());
        const restated = event("a", "2025-10-01T10:00:00Z", "o3", { input: 2000, output: 500 });
        await store.append([restated]);
        assert.equal((await store.list({ limit: 1 }))[0]!.usage.input, 1000);
        await store.append([restated], { replace: true });
        // 2,000 × $2/M + 500 × $8/M = 0.004 + 0.004 = 0.008
        const [a] = await store.list({ limit: 1 });
        assert.equal(a!.usage.input, 2000);
        assert.equal(a!.cost.total_usd, "0.008");
        assert.equal(await store.count(), 4);
      } finally {
        await store.close();
      }
    });

    it("aggregates by a dimension with exact totals that equal the sum of the rows", async () => {
      const store = await fresh();
      try {
        await store.append(events());
        const r = await store.aggregate({ by: ["team"], costs: true });
        // support: 0.021 (+ one unpriced); search: 0.006 + 0.006 = 0.012; total 0.033
        assert.deepEqual(
          r.rows.map((x) => [x.dimensions.team, x.total_usd, x.events, x.unpriced_events]),
          [
            ["support", "0.021", 2, 1],
            ["search", "0.012", 2, 0],
          ],
        );
        assert.equal(r.total_usd, "0.033");
        assert.equal(r.unpriced_events, 1);
        assert.equal(r.unpriced[0]?.model, "acme-internal-7b");
        const search = r.rows.find((x) => x.dimensions.team === "search")!;
        assert.equal(search.tokens.input, 2000);
        assert.deepEqual(search.costs, { input: "0.004", output: "0.008", requests: "0" });
      } finally {
        await store.close();
      }
    });

    it("groups by UTC day, or by day in another time zone", async () => {
      const store = await fresh();
      try {
        await store.append(events());
        const utc = await store.aggregate({ by: [], every: "day" });
        assert.deepEqual(
          utc.rows.map((x) => [x.period, x.total_usd]),
          [
            ["2025-10-01", "0.012"],
            ["2025-10-02", "0.021"],
            ["2025-10-03", "0"],
          ],
        );
        // 2025-10-02T23:30Z is 2025-10-03 in Berlin (UTC+2)
        const berlin = await store.aggregate({ by: [], every: "day", tz: "Europe/Berlin" });
        assert.deepEqual(
          berlin.rows.map((x) => [x.period, x.total_usd]),
          [
            ["2025-10-01", "0.012"],
            ["2025-10-03", "0.021"],
          ],
        );
      } finally {
        await store.close();
      }
    });

    it("filters by dimensions, tags and time", async () => {
      const store = await fresh();
      try {
        await store.append(events());
        const prod = await store.aggregate({ by: ["feature"], where: [{ dimension: "tag.env", values: ["prod"] }] });
        assert.deepEqual(
          prod.rows.map((x) => [x.dimensions.feature, x.total_usd]),
          [["rewrite", "0.012"]],
        );
        const late = await store.aggregate({ by: [], from: "2025-10-02", to: "2025-10-03" });
        assert.equal(late.total_usd, "0.021");
        assert.equal(await store.count({ where: [{ dimension: "model", values: ["o3", "acme-internal-7b"] }] }), 3);
      } finally {
        await store.close();
      }
    });

    it("keeps the top N groups and folds the rest into (other), same total", async () => {
      const store = await fresh();
      try {
        await store.append(events());
        const r = await store.aggregate({ by: ["model"], top: 1 });
        assert.deepEqual(
          r.rows.map((x) => [x.dimensions.model, x.total_usd]),
          [
            ["claude-sonnet-4-5", "0.021"],
            ["(other)", "0.012"],
          ],
        );
        assert.equal(r.total_usd, "0.033");
      } finally {
        await store.close();
      }
    });

    it("lists events back exactly as stored", async () => {
      const store = await fresh();
      try {
        const written = events();
        await store.append(written);
        const read = await store.list({ limit: 10 });
        assert.deepEqual(
          read.map((e) => e.id),
          ["a", "b", "c", "d"],
        );
        assert.deepEqual(read[2], { ...written[2], ts: "2025-10-02T23:30:00.000Z" });
        assert.equal(read[3]!.cost.total_usd, null);
        assert.equal((await store.list({ trace_id: "t1" })).length, 2);
      } finally {
        await store.close();
      }
    });

    it("measures interactions: calls, retries and the final successful call", async () => {
      const store = await fresh();
      try {
        await store.append(events());
        const [t1] = await store.interactions({});
        assert.equal(t1?.trace_id, "t1");
        assert.equal(t1?.calls, 2);
        assert.equal(t1?.retries, 1);
        assert.equal(t1?.errors, 1);
        // α = interaction cost / final successful call = 0.012 / 0.006 = 2
        assert.equal(t1?.total_usd, "0.012");
        assert.equal(t1?.final_call_usd, "0.006");
        const [byFeature] = await store.interactionSummary({ by: ["feature"] });
        assert.deepEqual(byFeature, {
          dimensions: { feature: "rewrite" },
          interactions: 1,
          calls: 2,
          retries: 1,
          tool_calls: 0,
          errors: 1,
          total_usd: "0.012",
          completed_usd: "0.012",
          final_calls_usd: "0.006",
        });
      } finally {
        await store.close();
      }
    });

    it("re-prices after a catalog change and says what moved", { skip: options.reprice === false && "this store does not re-price" }, async () => {
      const store = await fresh();
      try {
        await store.append(events());
        // a contract makes o3 half price and prices the internal model at $1/M in, $2/M out
        const contract = Catalog.from(fixtureCatalog, {
          adjustments: [{ name: "half", kind: "multiplier", value: "0.5", match: { models: ["o3"] } }],
          models: [
            {
              id: "acme-internal-7b",
              provider: "acme",
              mode: "chat",
              prices: [{ from: "2025-01-01", rates: { input: "1", output: "2" }, source: "x", retrieved: "2025-01-01" }],
            },
          ],
        });
        const r = await store.reprice({}, (e) => priceRecord(contract, e));
        assert.equal(r.events, 4);
        assert.equal(r.changed, 3);
        assert.equal(r.newly_priced, 1);
        // before 0.033; after 0.006 + 0.021 + (5,000 × $1 + 100 × $2)/1M = 0.006 + 0.021 + 0.0052 = 0.0322
        assert.equal(r.before_usd, "0.033");
        assert.equal(r.after_usd, "0.0322");
        assert.equal((await store.aggregate({ by: [] })).total_usd, "0.0322");
        assert.equal(await store.count(), 4);
      } finally {
        await store.close();
      }
    });
  });
}
