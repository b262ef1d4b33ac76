import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usage } from "../../usage/usage.js";
import { sourcePath } from "../testing/source-path.js";
import { openaiUsageImporter } from "./openai-usage.js";
import { readAll } from "../testing/read-all.js";

const COMPLETIONS = sourcePath("ingest/fixtures/openai-usage-completions.json");
const MIXED = sourcePath("ingest/fixtures/openai-usage-mixed.jsonl");
const COSTS = sourcePath("ingest/fixtures/openai-costs-buckets.json");

describe("openai-usage importer: completions usage", () => {
  it("turns each bucket × result into an aggregated record, under either convention", async () => {
    const { records } = await readAll(openaiUsageImporter, COMPLETIONS);
    assert.equal(records.length, 4);
    const [legacy, current, modal, ungrouped] = records;

    // older export (no per-modality fields): input 5000 text incl. 4000 cached → 1000 uncached;
    // audio 300 in / 200 out reported apart from the text totals
    assert.deepEqual(legacy!.usage, usage({ input: 1000, cached_input: 4000, output: 1000, audio_input: 300, audio_output: 200, requests: 5 }));
    assert.equal(legacy!.source.convention, "openai-usage-api-text");
    assert.equal(legacy!.ts, "2024-11-01T00:00:00.000Z"); // bucket start 1730419200
    assert.equal(legacy!.model, "gpt-4o-mini-2024-07-18");
    assert.deepEqual(legacy!.attribution, { project: "proj_abc", user: "user-abc", api_key_id: "key_abc" });
    // service_tier "default" is standard: not recorded
    assert.deepEqual(legacy!.request, { status: "ok", batch: false });

    // a real export row: 59200 = 5760 cached + 53440 uncached
    assert.deepEqual(current!.usage, usage({ input: 53440, cached_input: 5760, output: 10646, requests: 10 }));
    assert.equal(current!.source.convention, "openai-usage-api");

    // current export: input 120000 − 80000 cached − 3000 cache writes − 5000 audio = 32000
    // (30000 text + 2000 image, both at the text rate); output 9000 − 1000 audio = 8000 text
    assert.deepEqual(
      modal!.usage,
      usage({ input: 32000, cached_input: 80000, cache_write: 3000, audio_input: 5000, output: 8000, audio_output: 1000, requests: 40 }),
    );
    // a batch at the default tier: batch recorded, tier not
    assert.deepEqual(modal!.request, { status: "ok", batch: true });
    assert.deepEqual(modal!.attribution, { project: "proj_4BhNtYH0z7dWbBtzhibxa65W", api_key_id: "key_OYRZfEkH5R9CNgtY" });

    // api reference example, not grouped: 1000 − 800 cached = 200; no model to price by
    assert.deepEqual(ungrouped!.usage, usage({ input: 200, cached_input: 800, output: 500, requests: 5 }));
    assert.equal(ungrouped!.model, "unknown");
    assert.equal(ungrouped!.ts, "2024-11-02T00:00:00.000Z"); // bucket start 1730505600
    assert.deepEqual(ungrouped!.attribution, {});
    assert.equal(ungrouped!.source.kind, "openai-usage");
    assert.equal(ungrouped!.source.line, 100);
    assert.equal((ungrouped!.source.raw_usage as { input_cached_tokens: number }).input_cached_tokens, 800);
  });

  it("rejects bad results at their line and imports the rest of the bucket", async () => {
    const { rejects } = await readAll(openaiUsageImporter, COMPLETIONS);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason]),
      [
        [75, 'data[1].results[0].input_tokens: expected a non-negative integer, got "many"'],
        [
          87,
          "data[1].results[1]: openai-usage-api-text: reported input 100 is smaller than the parts it should contain (cache read 500); the usage object is inconsistent",
        ],
      ],
    );
  });

  it("gives stable ids, distinct per endpoint, bucket and group", async () => {
    const first = await readAll(openaiUsageImporter, COMPLETIONS);
    const second = await readAll(openaiUsageImporter, COMPLETIONS);
    const ids = first.records.map((r) => r.id);
    assert.deepEqual(
      second.records.map((r) => r.id),
      ids,
    );
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^openai-usage:[0-9a-f]{32}$/.test(id)));
  });
});

describe("openai-usage importer: other endpoints, JSONL of pages", () => {
  it("reads embeddings, images, transcriptions; rejects what a usage record cannot hold", async () => {
    const { records, rejects } = await readAll(openaiUsageImporter, MIXED);
    assert.deepEqual(
      records.map((r) => [r.source.line, r.model, r.usage]),
      [
        // embeddings api reference example: 16 input tokens over 2 requests
        [1, "unknown", usage({ input: 16, requests: 2 })],
        [2, "dall-e-3", usage({ images: 2, requests: 2 })],
        [3, "whisper-1", usage({ audio_seconds: 20, requests: 1 })],
        // a bucket written with the schema's "result" key
        [7, "text-embedding-3-small", usage({ input: 1200, requests: 3 })],
      ],
    );
    assert.deepEqual(records[1]!.attribution, { project: "proj_abc", tags: { size: "1024x1024", source: "image.generation" } });
    assert.deepEqual(
      rejects.map((r) => r.line),
      [3, 4, 5, 6],
    );
    assert.match(rejects[0]!.reason, /^data\[0\]\.results\[1\]: audio speech usage is billed per character/);
    assert.match(rejects[1]!.reason, /^invalid JSON at column \d+/);
    assert.match(rejects[2]!.reason, /^expected a report page/);
    assert.equal(rejects[3]!.reason, "data[0].results: expected an array of results");
  });
});

describe("openai-usage importer: costs", () => {
  it("keeps each cost as a zero-usage record tagged with the exact amount", async () => {
    const { records, rejects } = await readAll(openaiUsageImporter, COSTS);
    assert.deepEqual(
      records.map((r) => [r.ts, r.attribution.tags]),
      [
        // written as 0.8958740000000000: the decimal is kept exactly, trailing zeros dropped
        ["2025-10-05T00:00:00.000Z", { openai_cost_usd: "0.895874", line_item: "gpt-4o-2024-08-06, input" }],
        ["2025-10-05T00:00:00.000Z", { openai_cost_usd: "0.10646", line_item: "gpt-4o-2024-08-06, output" }],
        ["2025-10-06T00:00:00.000Z", { openai_cost_usd: "0.06" }],
      ],
    );
    for (const r of records) {
      assert.deepEqual(r.usage, usage());
      assert.equal(r.model, "unknown");
      assert.equal(r.source.convention, "openai-costs-api");
      assert.match(r.id, /^openai-cost:[0-9a-f]{32}$/);
    }
    assert.equal(records[0]!.attribution.project, "proj_4BhNtYH0z7dWbBtzhibxa65W");
    assert.equal(new Set(records.map((r) => r.id)).size, 3);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason]),
      [[36, '[1].results[1].amount.currency: only usd costs are read, got "eur"']],
    );
  });
});
