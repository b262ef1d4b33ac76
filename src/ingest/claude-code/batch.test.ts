import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { UsageRecord } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import { claudeCodeImporter } from "./importer.js";
import { claudeCodeItems } from "./read-log.js";
import { decodeItems, encodeItems } from "./batch.js";
import { writeSyntheticClaudeLogs } from "./testing/synth.js";
import { sourcePath } from "../testing/source-path.js";
import { expandPaths } from "../pipeline.js";

const FILE = "/h/.claude/projects/-h-app/s.jsonl";

function record(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    id: "cc:m:r",
    ts: "2025-10-14T00:00:00.000Z",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    // every field its own value, so that a field read from the wrong place shows
    usage: usage({
      input: 1,
      cached_input: 2,
      cache_write: 3,
      cache_write_1h: 4,
      output: 5,
      reasoning: 6,
      audio_input: 7,
      audio_output: 8,
      images: 9,
      audio_seconds: 10,
      web_searches: 11,
      requests: 12,
    }),
    attribution: { project: "/h/app", tags: { cwd: "/h/app", version: "2.0.14" } },
    interaction: { session_id: "s" },
    request: { status: "ok", service_tier: "priority" },
    source: { kind: "claude-code", convention: "anthropic-messages", raw_usage: { input_tokens: 1, nested: { a: [1, null] } }, file: FILE, line: 7 },
    ...overrides,
  };
}

describe("encodeItems / decodeItems", () => {
  it("give back every record and reject of the fixtures and of synthetic logs", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-batch-"));
    try {
      const synthetic = writeSyntheticClaudeLogs({ dir, bytes: 500_000, seed: 3 }).files;
      const fixtures = expandPaths(claudeCodeImporter, [sourcePath("ingest/fixtures/claude-code/projects")]);
      for (const file of [...fixtures, ...synthetic]) {
        const items = [...claudeCodeItems(file)];
        const text = encodeItems(file, items);
        assert.deepStrictEqual(decodeItems(text), items);
        // the records went packed: much shorter than as objects
        if (items.some((i) => "record" in i)) assert.ok(text.length < JSON.stringify(items).length * 0.75, file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps optional fields absent", () => {
    const bare = record({ interaction: {}, request: { status: "error" } });
    assert.deepStrictEqual(decodeItems(encodeItems(FILE, [{ record: bare }])), [{ record: bare }]);
  });

  it("passes records of any other shape as they are", () => {
    const others: UsageRecord[] = [
      record({ response_model: "x" }),
      record({ provider: "openai" }),
      record({ attribution: { project: "p", tags: {}, team: "t" } }),
      record({ request: { status: "ok", latency_ms: 3 } }),
      record({ source: { kind: "claude-code", convention: "c", raw_usage: {}, file: "/other.jsonl", line: 1 } }),
    ];
    for (const r of others) assert.deepStrictEqual(decodeItems(encodeItems(FILE, [{ record: r }])), [{ record: r }]);
  });
});
