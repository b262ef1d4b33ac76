import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync, statSync } from "node:fs";
import { usage } from "../../usage/usage.js";
import { sourcePath } from "../testing/source-path.js";
import { openaiImporter } from "./openai.js";
import { readAll } from "../testing/read-all.js";

const BODIES = sourcePath("ingest/fixtures/openai-bodies.jsonl");
const BATCH = sourcePath("ingest/fixtures/openai-batch-output.jsonl");

/** the parsed JSON of a fixture line, to compare raw usage against */
function fixtureLine(file: string, line: number): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8").split("\n")[line - 1]!) as Record<string, unknown>;
}

describe("openai importer: response bodies", () => {
  it("reads bare and enveloped chat completions and responses, with hand-checked usage", async () => {
    const { records } = await readAll(openaiImporter, BODIES);
    assert.equal(records.length, 4);
    const [chat, cached, reasoning, search] = records;

    // api reference example: prompt 1117 with 0 cached → 1117 uncached; completion 46, no reasoning
    assert.equal(chat!.id, "openai:chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
    assert.equal(chat!.ts, "2025-03-10T01:31:23.000Z"); // created 1741570283
    assert.equal(chat!.model, "gpt-4o-2024-08-06");
    assert.deepEqual(chat!.usage, usage({ input: 1117, output: 46, requests: 1 }));
    // service_tier "default" is standard pricing: not recorded
    assert.deepEqual(chat!.request, { status: "ok" });
    assert.deepEqual(chat!.attribution, {});

    // prompt 2006 − cached 1920 = 86 uncached; completion 300, no reasoning
    assert.deepEqual(cached!.usage, usage({ input: 86, cached_input: 1920, output: 300, requests: 1 }));
    // the ts alongside wins over created; the requested model alongside, the body's as response_model
    assert.equal(cached!.ts, "2025-03-10T09:15:02.250Z");
    assert.equal(cached!.model, "gpt-4o");
    assert.equal(cached!.response_model, "gpt-4o-2024-08-06");
    assert.deepEqual(cached!.attribution, {
      team: "search",
      feature: "answer",
      customer: "acme",
      user: "u_42",
      environment: "prod",
      tags: { plan: "pro", seats: "5" },
    });
    assert.deepEqual(cached!.interaction, { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" });
    assert.deepEqual(cached!.request, { status: "ok", latency_ms: 812, ttft_ms: 240 });

    // responses reasoning guide: output 1186 − reasoning 1024 = 162 visible
    assert.equal(reasoning!.id, "openai:resp_67ccd7eca01881908ff0b5146584e408072912b2993db808");
    assert.equal(reasoning!.ts, "2025-07-15T12:20:00.000Z"); // created_at 1752582000
    assert.deepEqual(reasoning!.usage, usage({ input: 75, output: 162, reasoning: 1024, requests: 1 }));
    assert.deepEqual(reasoning!.request, { status: "ok", service_tier: "flex" });
    // the body's metadata becomes tags
    assert.deepEqual(reasoning!.attribution, { tags: { team: "research", ticket: "OPS-1182" } });
    assert.equal(reasoning!.source.convention, "openai-responses");

    // input 8345 − cached 4096 = 4249 uncached; one web_search_call item = one search
    assert.deepEqual(search!.usage, usage({ input: 4249, cached_input: 4096, output: 512, web_searches: 1, requests: 1 }));
    assert.equal(search!.ts, "2025-08-17T15:09:55.000Z"); // ts 1755443395 (unix seconds) alongside
    assert.deepEqual(search!.attribution, { team: "support", feature: "triage" });
    assert.deepEqual(search!.request, { status: "ok", latency_ms: 2314 });
  });

  it("keeps the source: importer, convention, raw usage as found, file and line", async () => {
    const { records } = await readAll(openaiImporter, BODIES);
    const chat = records[0]!;
    assert.deepEqual(chat.source, {
      kind: "openai",
      convention: "openai-chat",
      raw_usage: fixtureLine(BODIES, 1)["usage"],
      file: BODIES,
      line: 1,
    });
    const enveloped = records[1]!;
    assert.deepEqual(enveloped.source.raw_usage, (fixtureLine(BODIES, 2)["response"] as Record<string, unknown>)["usage"]);
    assert.equal(enveloped.source.line, 2);
  });

  it("rejects bad lines with their line numbers and goes on; skips lines that bill nothing", async () => {
    const { records, rejects } = await readAll(openaiImporter, BODIES);
    assert.deepEqual(
      rejects.map((r) => r.line),
      [6, 7, 8, 9, 12, 13, 14],
    );
    const reason = (line: number): string => rejects.find((r) => r.line === line)!.reason;
    assert.match(reason(6), /^invalid JSON at column \d+/);
    assert.equal(reason(7), "team: expected a string, got 42");
    assert.match(reason(8), /got "chat\.completion\.chunk"/);
    // prompt 100 cannot contain 1920 cached tokens
    assert.match(reason(9), /reported input 100 is smaller than the parts it should contain \(cache read 1920\)/);
    assert.match(reason(12), /^id: expected the body's id/);
    assert.equal(reason(13), 'ts: not a valid timestamp: "yesterday"');
    assert.equal(reason(14), "expected a JSON object per line");
    assert.ok(rejects.every((r) => r.file === BODIES));
    // line 5 is blank, 10 a failed response with no usage, 11 an api error body: none is a record
    assert.deepEqual(
      records.map((r) => r.source.line),
      [1, 2, 3, 4],
    );
  });

  it("gives the same ids on every run, one per call", async () => {
    const first = await readAll(openaiImporter, BODIES);
    const second = await readAll(openaiImporter, BODIES);
    const ids = first.records.map((r) => r.id);
    assert.deepEqual(
      second.records.map((r) => r.id),
      ids,
    );
    assert.equal(new Set(ids).size, ids.length);
  });

  it("throws only when the file cannot be opened", async () => {
    await assert.rejects(readAll(openaiImporter, sourcePath("ingest/fixtures/no-such-file.jsonl")), /ENOENT/);
  });
});

describe("openai importer: batch output", () => {
  it("reads batch output lines as batch calls tagged with custom_id", async () => {
    const { records, rejects } = await readAll(openaiImporter, BATCH);
    assert.deepEqual(
      records.map((r) => [r.id, r.attribution.tags?.["custom_id"]]),
      [
        ["openai:chatcmpl-123", "request-2"],
        ["openai:chatcmpl-abc", "request-1"],
        // an embeddings body has no id: the batch request's stands in
        ["openai:batch_req_emb1", "doc-17"],
        ["openai:resp_batch0a1b2c3d4e5f60718", "q-9"],
      ],
    );
    assert.ok(records.every((r) => r.request.batch === true));
    // batch guide example: prompt 22, completion 2
    assert.deepEqual(records[0]!.usage, usage({ input: 22, output: 2, requests: 1 }));
    assert.equal(records[0]!.ts, "2024-03-28T19:06:35.000Z"); // created 1711652795
    // embeddings: prompt 8, nothing generated; nothing dates it, so the file's time stands in
    assert.deepEqual(records[2]!.usage, usage({ input: 8, requests: 1 }));
    assert.equal(records[2]!.ts, statSync(BATCH).mtime.toISOString());
    assert.equal(records[2]!.attribution.tags?.["ts_source"], "file-mtime");
    // responses in a batch: input 1200 − cached 1024 = 176 uncached
    assert.deepEqual(records[3]!.usage, usage({ input: 176, cached_input: 1024, output: 300, requests: 1 }));
    // line 3 (status 400) and line 4 (expired, error file shape) bill nothing; line 7 is cut short
    assert.deepEqual(
      rejects.map((r) => r.line),
      [7],
    );
    assert.match(rejects[0]!.reason, /^invalid JSON/);
  });
});
