import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usage } from "../../usage/usage.js";
import { anthropicUsageImporter, centsToUsd } from "./anthropic-usage.js";
import { sourcePath } from "../testing/source-path.js";
import { readAll } from "../testing/read-all.js";

const USAGE_REPORT = sourcePath("ingest/fixtures/anthropic-usage-report.json");
const COST_REPORT = sourcePath("ingest/fixtures/anthropic-cost-report.jsonl");

describe("anthropic-usage importer: usage report", () => {
  it("turns each bucket × result into an aggregated record with disjoint classes", async () => {
    const { records } = await readAll(anthropicUsageImporter, USAGE_REPORT);
    assert.equal(records.length, 3);
    const [example, batch, flat] = records;

    // api reference example: classes already disjoint, so each lands as reported;
    // the report counts no requests
    assert.deepEqual(example!.usage, usage({ input: 1500, cached_input: 200, cache_write: 500, cache_write_1h: 1000, output: 500, web_searches: 10 }));
    assert.equal(example!.ts, "2025-08-01T00:00:00.000Z");
    assert.equal(example!.model, "claude-sonnet-4-20250514");
    assert.deepEqual(example!.attribution, {
      project: "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
      api_key_id: "apikey_01Rj2N8SVvo6BePZj99NhmiT",
      tags: { context_window: "0-200k" },
    });
    // "standard" is the default tier: not recorded
    assert.deepEqual(example!.request, { status: "ok" });
    assert.equal(example!.source.kind, "anthropic-usage");
    assert.equal(example!.source.convention, "anthropic-usage-report");
    assert.equal(example!.source.line, 7);

    // the batch tier marks a batch; inference_geo is the region; a null workspace is left out
    assert.deepEqual(batch!.usage, usage({ input: 20000, cached_input: 150000, output: 8000 }));
    assert.deepEqual(batch!.request, { status: "ok", batch: true, region: "us" });
    assert.equal(batch!.attribution.project, undefined);

    // the split written flat (cache_creation_5m/1h_input_tokens) reads the same
    assert.deepEqual(flat!.usage, usage({ input: 250000, cached_input: 65536, cache_write: 2048, cache_write_1h: 4096, output: 3000 }));
    assert.deepEqual(flat!.request, { status: "ok", service_tier: "priority" });
    assert.equal(flat!.ts, "2025-08-02T00:00:00.000Z");
  });

  it("rejects bad results at their line", async () => {
    const { rejects } = await readAll(anthropicUsageImporter, USAGE_REPORT);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason]),
      [
        [42, "data[0].results[2].uncached_input_tokens: expected a non-negative integer, got -5"],
        [75, 'data[1].results[1].server_tool_use: expected an object, got "none"'],
      ],
    );
  });

  it("gives stable, distinct ids", async () => {
    const first = await readAll(anthropicUsageImporter, USAGE_REPORT);
    const second = await readAll(anthropicUsageImporter, USAGE_REPORT);
    const ids = first.records.map((r) => r.id);
    assert.deepEqual(
      second.records.map((r) => r.id),
      ids,
    );
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^anthropic-usage:[0-9a-f]{32}$/.test(id)));
  });
});

describe("anthropic-usage importer: cost report", () => {
  it("keeps each cost as a zero-usage record tagged with the amount in dollars", async () => {
    const { records, rejects } = await readAll(anthropicUsageImporter, COST_REPORT);
    assert.deepEqual(
      records.map((r) => [r.source.line, r.model, r.attribution.tags?.["anthropic_cost_usd"]]),
      [
        // api reference example: "123.78912" cents = $1.2378912
        [1, "claude-sonnet-4-20250514", "1.2378912"],
        // "10.0" cents = $0.1
        [1, "unknown", "0.1"],
        // "4500" cents = $45
        [2, "claude-opus-4-20250514", "45"],
      ],
    );
    assert.deepEqual(records[0]!.attribution, {
      project: "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",
      tags: {
        anthropic_cost_usd: "1.2378912",
        description: "Claude Sonnet 4 Usage - Input Tokens",
        cost_type: "tokens",
        token_type: "uncached_input_tokens",
        context_window: "0-200k",
      },
    });
    for (const r of records) {
      assert.deepEqual(r.usage, usage());
      assert.equal(r.source.convention, "anthropic-cost-report");
    }
    assert.equal(records[2]!.request.batch, true);
    assert.equal(new Set(records.map((r) => r.id)).size, 3);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason]),
      [
        [2, "data[0].results[1].amount: expected an amount in cents as a decimal string, got 12.5"],
        [2, 'data[0].results[2].currency: only USD costs are read, got "EUR"'],
        [3, rejects[2]!.reason],
      ],
    );
    assert.match(rejects[2]!.reason, /^invalid JSON at column 1/);
  });

  it("converts cents to dollars exactly", () => {
    assert.equal(centsToUsd("123.45", "amount"), "1.2345");
    assert.equal(centsToUsd("0.001", "amount"), "0.00001");
    assert.equal(centsToUsd("-250", "amount"), "-2.5");
    assert.throws(() => centsToUsd("1e3", "amount"), /expected an amount in cents/);
  });
});
