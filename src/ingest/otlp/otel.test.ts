import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { UsageRecord } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import type { ImportItem, Reject } from "../importer.js";
import { sourcePath } from "../testing/source-path.js";
import { otelImporter } from "./otel.js";

const DOC = sourcePath("ingest/fixtures/otel/traces.json");
const JSONL = sourcePath("ingest/fixtures/otel/traces.jsonl");

async function collect(file: string): Promise<{ records: UsageRecord[]; rejects: Reject[] }> {
  const records: UsageRecord[] = [];
  const rejects: Reject[] = [];
  for await (const item of otelImporter.read(file, {}) as AsyncIterable<ImportItem>) {
    if ("record" in item) records.push(item.record);
    else rejects.push(item.reject);
  }
  return { records, rejects };
}

describe("otel importer", () => {
  it("reads the gen_ai spans of a pretty-printed export and skips the others", async () => {
    const { records } = await collect(DOC);
    // the http server span carries no usage; the agent span's usage sums calls: not counted again
    assert.deepEqual(
      records.map((r) => r.id),
      [
        "otel:4bf92f3577b34da6a3ce929d0e0e4736:b7ad6b7169203331",
        "otel:4bf92f3577b34da6a3ce929d0e0e4736:c8be7c1a2f0d4e55",
        "otel:4bf92f3577b34da6a3ce929d0e0e4736:d4c3b2a1f0e9d8c7",
        "otel:0af7651916cd43dd8448eb211c80319c:a1b2c3d4e5f60718",
        "otel:0af7651916cd43dd8448eb211c80319c:0718a1b2c3d4e5f6",
      ],
    );
    const [chat, failed, reasoning, anthropic, embeddings] = records;
    // input 2006 includes the 1920 cache reads: 2006 − 1920 = 86 uncached
    assert.deepEqual(chat?.usage, usage({ input: 86, cached_input: 1920, output: 300, requests: 1 }));
    assert.deepEqual(failed?.usage, usage({ input: 2006, requests: 1 }));
    // output 1186 includes 1024 reasoning: 1186 − 1024 = 162 visible
    assert.deepEqual(reasoning?.usage, usage({ input: 75, output: 162, reasoning: 1024, requests: 1 }));
    // deprecated names: prompt 14573 = 105 uncached + 7123 read + 7345 written
    assert.deepEqual(anthropic?.usage, usage({ input: 105, cached_input: 7123, cache_write: 7345, output: 6039, requests: 1 }));
    assert.deepEqual(embeddings?.usage, usage({ input: 512, requests: 1 }));
  });

  it("keeps the trace structure, timing, status and models", async () => {
    const { records } = await collect(DOC);
    const [chat, failed, , anthropic] = records;
    assert.deepEqual(chat?.interaction, {
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "b7ad6b7169203331",
      parent_span_id: "00f067aa0ba902b7",
      session_id: "conv_77",
    });
    // start 09:12:00 + 150 ms; the span lasted 1230 ms
    assert.equal(chat?.ts, "2025-10-14T09:12:00.150Z");
    assert.deepEqual(chat?.request, { status: "ok", latency_ms: 1230 });
    assert.equal(failed?.request.status, "error");
    // priced on the model that answered; the requested name stays as a tag
    assert.equal(chat?.model, "gpt-4o-2024-08-06");
    assert.equal(chat?.provider, "openai");
    assert.equal(failed?.model, "gpt-4o");
    assert.equal(anthropic?.provider, "anthropic");
    assert.equal(anthropic?.interaction.parent_span_id, undefined);
    assert.equal(chat?.source.convention, "otel-genai");
    assert.deepEqual(chat?.source.raw_usage, {
      "gen_ai.usage.input_tokens": { intValue: "2006" },
      "gen_ai.usage.cache_read.input_tokens": { intValue: "1920" },
      "gen_ai.usage.output_tokens": { intValue: "300" },
    });
  });

  it("maps association properties and resource attributes to attribution", async () => {
    const { records } = await collect(DOC);
    const [chat, , reasoning, anthropic] = records;
    assert.deepEqual(chat?.attribution, {
      team: "support",
      feature: "triage",
      customer: "acme",
      user: "u_123",
      project: "support-bot",
      environment: "prod",
      tags: { ticket_priority: "high", request_model: "gpt-4o" },
    });
    assert.deepEqual(reasoning?.attribution, { project: "support-bot", environment: "prod", tags: { request_model: "o3-mini" } });
    // the association's project wins over service.name; the old deployment.environment is read
    assert.deepEqual(anthropic?.attribution, {
      project: "kb",
      environment: "staging",
      tags: { run_id: "42", request_model: "claude-sonnet-4-5" },
    });
  });

  it("rejects bad spans by their position in a document", async () => {
    const { rejects } = await collect(DOC);
    assert.deepEqual(rejects, [
      { file: DOC, line: 7, reason: 'span e1e2e3e4e5e6e7e8: gen_ai.usage.output_tokens: expected a non-negative integer, got "lots"' },
      { file: DOC, line: 8, reason: 'span f1f2f3f4f5f6f7f8: traceId: expected 32 hex digits, got "xyz"' },
    ]);
  });

  it("reads jsonl exports line by line, with rejects by line", async () => {
    const { records, rejects } = await collect(JSONL);
    assert.deepEqual(
      records.map((r) => [r.id, r.source.line]),
      [
        // upper-case hex is lowered
        ["otel:5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174", 1],
        ["otel:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f:2b3c4d5e6f7a8b9c", 4],
      ],
    );
    assert.deepEqual(records[0]?.usage, usage({ input: 40, output: 9, requests: 1 }));
    // gemini through otel: output 856 includes 438 thoughts → 418 visible
    assert.deepEqual(records[1]?.usage, usage({ input: 34, output: 418, reasoning: 438, requests: 1 }));
    assert.equal(records[1]?.attribution.environment, "dev");
    // line 3 holds metrics: not spans, not rejected
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason.replace(/: .*$/s, "")]),
      [
        [2, "not JSON"],
        [4, "span 3c4d5e6f7a8b9c0d"],
        [5, "expected an OTLP export object, got []"],
      ],
    );
    assert.match(rejects[1]?.reason ?? "", /gen_ai\.usage\.input_tokens: expected a non-negative integer, got "-5"$/);
  });

  it("treats a jsonl file whose first line is broken as jsonl", async () => {
    const dir = mkdtempSync(join(tmpdir(), "otel-"));
    try {
      const file = join(dir, "t.jsonl");
      const good = readFileSync(JSONL, "utf8").split("\n")[0] ?? "";
      writeFileSync(file, `{"resourceSpans":[\n${good}\n`);
      const { records, rejects } = await collect(file);
      assert.equal(records.length, 1);
      assert.deepEqual(
        rejects.map((r) => r.line),
        [1],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same ids on every run", async () => {
    const ids = async (): Promise<string[]> => (await collect(DOC)).records.map((r) => r.id);
    assert.deepEqual(await ids(), await ids());
  });
});
