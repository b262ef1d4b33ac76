import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageRecord } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import type { ImportItem, Reject } from "../importer.js";
import { sourcePath } from "../testing/source-path.js";
import { litellmImporter } from "./litellm-spend-logs.js";

const CSV = sourcePath("ingest/fixtures/litellm/spend_logs.csv");
const JSON_ARRAY = sourcePath("ingest/fixtures/litellm/spend_logs.json");
const JSONL = sourcePath("ingest/fixtures/litellm/spend_logs.jsonl");

async function collect(file: string): Promise<{ records: UsageRecord[]; rejects: Reject[] }> {
  const records: UsageRecord[] = [];
  const rejects: Reject[] = [];
  for await (const item of litellmImporter.read(file, {}) as AsyncIterable<ImportItem>) {
    if ("record" in item) records.push(item.record);
    else rejects.push(item.reject);
  }
  return { records, rejects };
}

const IDS = [
  "litellm:chatcmpl-9f8e7d6c-5b4a-4392-8170-aa11bb22cc33",
  "litellm:chatcmpl-2b7e1f0a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
  "litellm:req-old-embed-1",
  "litellm:chatcmpl-failed-429",
  "litellm:chatcmpl-o3-0001",
];

describe("litellm importer", () => {
  for (const [format, file] of [
    ["csv", CSV],
    ["json array", JSON_ARRAY],
    ["jsonl", JSONL],
  ] as const) {
    it(`reads the same calls from ${format}`, async () => {
      const { records } = await collect(file);
      assert.deepEqual(
        records.map((r) => r.id),
        IDS,
      );
      const [chat, claude, embed, failed, o3] = records;
      // usage_object: prompt 2006 contains 1920 cached → 86 uncached
      assert.deepEqual(chat?.usage, usage({ input: 86, cached_input: 1920, output: 300, requests: 1 }));
      // prompt 14573 contains 7123 read + 7345 written (1000 of them for 1 hour): 14573 − 7123 − 7345 = 105
      assert.deepEqual(claude?.usage, usage({ input: 105, cached_input: 7123, cache_write: 6345, cache_write_1h: 1000, output: 6039, requests: 1 }));
      // no usage_object: the columns
      assert.deepEqual(embed?.usage, usage({ input: 512, requests: 1 }));
      assert.deepEqual(failed?.usage, usage({ requests: 1 }));
      // completion 1186 contains 1024 reasoning → 162 visible
      assert.deepEqual(o3?.usage, usage({ input: 75, output: 162, reasoning: 1024, requests: 1 }));
    });
  }

  it("maps attribution, tags and request facts", async () => {
    const { records } = await collect(CSV);
    const [chat, claude, embed, failed, o3] = records;
    assert.equal(chat?.ts, "2025-10-14T09:12:00.150Z");
    assert.equal(chat?.provider, "openai");
    assert.equal(chat?.model, "gpt-4o-2024-08-06");
    assert.deepEqual(chat?.attribution, {
      // the key's team alias wins over team_id
      team: "support",
      customer: "acme",
      user: "u_123",
      api_key_id: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      tags: {
        jobID: "214590dsff09fds",
        prod: "true",
        ticket: "T-1001",
        priority: "2",
        model_group: "gpt-4o",
        call_type: "acompletion",
        // litellm's own price, for cross-checks only
        litellm_spend: "0.005615",
      },
    });
    assert.deepEqual(chat?.interaction, { session_id: "sess-77" });
    // duration 1230 ms; first token 09:12:00.610 − 09:12:00.150 = 460 ms
    assert.deepEqual(chat?.request, { latency_ms: 1230, ttft_ms: 460, status: "ok", cache_hit: false });
    // no team alias: team_id; endTime − startTime = 41 s; first token after 2.25 s
    assert.equal(claude?.attribution.team, "team-docs");
    assert.deepEqual(claude?.request, { latency_ms: 41000, ttft_ms: 2250, status: "ok", cache_hit: false });
    assert.equal(claude?.provider, "anthropic");
    assert.equal(embed?.attribution.team, "search");
    assert.equal(embed?.request.cache_hit, true);
    assert.equal(embed?.attribution.tags?.["call_type"], "aembedding");
    assert.equal(failed?.request.status, "error");
    // python's "None" for the flag: left unset, not a reject
    assert.equal(failed?.request.cache_hit, undefined);
    // "+02" (as postgres writes offsets) → utc
    assert.equal(o3?.ts, "2025-10-14T09:20:00.000Z");
    assert.equal(o3?.request.latency_ms, 8800);
    assert.deepEqual(o3?.attribution.tags, {
      feature: "deep-research",
      // a tag with a space becomes a usable tag name
      team_lead: "true",
      model_group: "o3-mini",
      call_type: "acompletion",
      litellm_spend: "0.0052965",
    });
    assert.equal(chat?.source.kind, "litellm");
    assert.equal(chat?.source.convention, "openai-chat");
    assert.deepEqual(embed?.source.raw_usage, { prompt_tokens: 512, completion_tokens: 0, total_tokens: 512 });
    assert.deepEqual((claude?.source.raw_usage as Record<string, unknown> | undefined)?.["cache_creation_input_tokens"], 7345);
  });

  it("rejects bad rows in csv by line", async () => {
    const { rejects } = await collect(CSV);
    // the second row spans lines 3–12 (a pretty-printed json cell)
    assert.deepEqual(rejects, [
      { file: CSV, line: 15, reason: 'prompt_tokens: expected a non-negative integer, got "abc"' },
      { file: CSV, line: 16, reason: 'metadata: not JSON: "{\\"user_api_key_team_alias\\": \\"sea"' },
      { file: CSV, line: 17, reason: "startTime: missing timestamp" },
      { file: CSV, line: 19, reason: "expected 32 fields (as in the header), got 4" },
    ]);
  });

  it("rejects bad rows in a json array by index, and in jsonl by line", async () => {
    assert.deepEqual(
      (await collect(JSON_ARRAY)).rejects.map((r) => [r.line, r.reason.split(":")[0]]),
      [
        [5, "prompt_tokens"],
        [6, "metadata"],
        [7, "startTime"],
      ],
    );
    assert.deepEqual(
      (await collect(JSONL)).rejects.map((r) => [r.line, r.reason.split(":")[0]]),
      [
        [4, "not JSON"],
        [6, "prompt_tokens"],
        [7, "metadata"],
        [8, "startTime"],
      ],
    );
  });

  it("gives the same ids on every run", async () => {
    const ids = async (): Promise<string[]> => (await collect(CSV)).records.map((r) => r.id);
    assert.deepEqual(await ids(), await ids());
  });
});
