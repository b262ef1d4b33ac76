import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync, statSync } from "node:fs";
import { usage } from "../../usage/usage.js";
import { anthropicImporter } from "./anthropic.js";
import { sourcePath } from "../testing/source-path.js";
import { readAll } from "../testing/read-all.js";

const MESSAGES = sourcePath("ingest/fixtures/anthropic-messages.jsonl");
const BATCH = sourcePath("ingest/fixtures/anthropic-batch-results.jsonl");

describe("anthropic importer: message bodies", () => {
  it("reads bare and enveloped messages with hand-checked usage", async () => {
    const { records } = await readAll(anthropicImporter, MESSAGES);
    assert.equal(records.length, 3);
    const [bare, oneHour, search] = records;

    // api reference example: input_tokens 2095 excludes the 2051 read and the 2051 written;
    // the split says 0 + 0 but the flat total says 2051, so 2051 count as 5-minute writes
    assert.equal(bare!.id, "anthropic:msg_013Zva2CMHLNnXjNJJKqJ2EF");
    assert.deepEqual(bare!.usage, usage({ input: 2095, cached_input: 2051, cache_write: 2051, output: 503, requests: 1 }));
    // web_fetch_requests are not web searches; inference_geo is the region
    assert.deepEqual(bare!.request, { status: "ok", region: "global" });
    assert.equal(bare!.source.convention, "anthropic-messages");
    assert.deepEqual(bare!.source.raw_usage, (JSON.parse(readFileSync(MESSAGES, "utf8").split("\n")[0]!) as { usage: unknown }).usage);
    // a message carries no time: the file's stands in, and says so
    assert.equal(bare!.ts, statSync(MESSAGES).mtime.toISOString());
    assert.deepEqual(bare!.attribution, { tags: { ts_source: "file-mtime" } });

    // prompt caching guide, 1-hour writes: 556 written = 456 for 5 minutes + 100 for an hour
    assert.deepEqual(oneHour!.usage, usage({ input: 50, cache_write: 456, cache_write_1h: 100, output: 20, requests: 1 }));
    assert.equal(oneHour!.ts, "2025-10-14T14:03:07.000Z");
    assert.deepEqual(oneHour!.attribution, { team: "support", feature: "ticket-summary", customer: "globex", environment: "prod" });
    assert.deepEqual(oneHour!.interaction, { trace_id: "a1b2c3d4e5f60718293a4b5c6d7e8f90", attempt: 2, is_retry: true });
    assert.deepEqual(oneHour!.request, { status: "ok", latency_ms: 1432.5, ttft_ms: 388 });

    // web search guide: every class reported apart already; one search request
    assert.deepEqual(search!.usage, usage({ input: 105, cached_input: 7123, cache_write: 7345, output: 6039, web_searches: 1, requests: 1 }));
    assert.deepEqual(search!.request, { status: "ok", service_tier: "priority" });
    assert.equal(search!.ts, "2025-10-14T14:03:20.000Z"); // ts 1760450600 alongside, under "body"
    assert.deepEqual(search!.attribution, { team: "research", user: "u_7" });
  });

  it("rejects bad lines with their line numbers; skips error bodies", async () => {
    const { records, rejects } = await readAll(anthropicImporter, MESSAGES);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason]),
      [
        [4, rejects[0]!.reason],
        [6, 'usage.input_tokens: expected a non-negative integer, got "abc"'],
        [7, "id: expected the body's id (the dedupe key), got undefined"],
        [8, 'not an Anthropic message: expected type "message", got "message_start"'],
        [9, 'tags: expected an object of tags, got "vip"'],
      ],
    );
    assert.match(rejects[0]!.reason, /^invalid JSON at column \d+/);
    // line 5, an overloaded error, bills nothing and is neither record nor reject
    assert.deepEqual(
      records.map((r) => r.source.line),
      [1, 2, 3],
    );
  });

  it("gives the same ids on every run", async () => {
    const first = await readAll(anthropicImporter, MESSAGES);
    const second = await readAll(anthropicImporter, MESSAGES);
    assert.deepEqual(
      second.records.map((r) => r.id),
      first.records.map((r) => r.id),
    );
  });
});

describe("anthropic importer: message batch results", () => {
  it("imports succeeded results as batch calls; skips errored, expired and canceled", async () => {
    const { records, rejects } = await readAll(anthropicImporter, BATCH);
    assert.deepEqual(
      records.map((r) => [r.id, r.attribution.tags?.["custom_id"]]),
      [
        ["anthropic:msg_014VwiXbi91y3JMjcpyGBHX5", "my-second-request"],
        ["anthropic:msg_01FqfsLoHwgeFbguDgpz48m7", "my-first-request"],
        ["anthropic:msg_01Batch3cR8pQ2LmX7vN4tYz", "doc-summary-3"],
      ],
    );
    assert.ok(records.every((r) => r.request.batch === true));
    // batch guide example: 11 in, 36 out
    assert.deepEqual(records[0]!.usage, usage({ input: 11, output: 36, requests: 1 }));
    // 1843 uncached beside 24576 read from the cache
    assert.deepEqual(records[2]!.usage, usage({ input: 1843, cached_input: 24576, output: 211, requests: 1 }));
    // lines 4-6 bill nothing; line 7 is cut short
    assert.deepEqual(
      rejects.map((r) => r.line),
      [7],
    );
  });
});
