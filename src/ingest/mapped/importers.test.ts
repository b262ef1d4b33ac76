import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { UsageRecord } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import type { Importer, ImportItem, Reject } from "../importer.js";
import { sourcePath } from "../testing/source-path.js";
import { parseMapping } from "./mapping.js";
import { csvImporter, jsonlImporter } from "./importers.js";

const CSV = sourcePath("ingest/fixtures/mapped/calls.csv");
const CSV_MAPPING = JSON.parse(readFileSync(sourcePath("ingest/fixtures/mapped/calls.mapping.json"), "utf8")) as unknown;
const JSONL = sourcePath("ingest/fixtures/mapped/calls.jsonl");
const JSONL_MAPPING = JSON.parse(readFileSync(sourcePath("ingest/fixtures/mapped/calls.jsonl.mapping.json"), "utf8")) as unknown;

async function collect(importer: Importer, file: string, mapping: unknown): Promise<{ records: UsageRecord[]; rejects: Reject[] }> {
  const records: UsageRecord[] = [];
  const rejects: Reject[] = [];
  for await (const item of importer.read(file, { mapping }) as AsyncIterable<ImportItem>) {
    if ("record" in item) records.push(item.record);
    else rejects.push(item.reject);
  }
  return { records, rejects };
}

describe("csv importer", () => {
  it("reads rows through the mapping, with the mapped convention", async () => {
    const { records } = await collect(csvImporter, CSV, CSV_MAPPING);
    assert.deepEqual(
      records.map((r) => [r.id, r.source.line]),
      [
        ["gateway:req_a1", 2],
        ["gateway:req_a2", 3],
        // a quoted field with a line break: the record starts on line 4
        ["gateway:req_a3", 4],
        // the export repeats req_a1: same id, the ledger keeps one
        ["gateway:req_a1", 10],
        ["gateway:req_a7", 11],
      ],
    );
    const [a1, a2, a3, , a7] = records;
    // openai convention: prompt 2006 contains the 1920 cached → 86 uncached
    assert.deepEqual(a1?.usage, usage({ input: 86, cached_input: 1920, output: 300, requests: 1 }));
    // completion 1186 contains 1024 reasoning → 162 visible
    assert.deepEqual(a2?.usage, usage({ input: 75, output: 162, reasoning: 1024, requests: 1 }));
    // an empty reasoning cell is 0
    assert.deepEqual(a3?.usage, usage({ input: 1500, output: 220, requests: 1 }));
    assert.deepEqual(a7?.usage, usage({ input: 1200, output: 87, requests: 1 }));
    assert.equal(a1?.source.convention, "openai-chat");
    assert.equal(a1?.source.kind, "csv");
    assert.deepEqual(a1?.source.raw_usage, { prompt_tokens: "2006", cached: "1920", completion_tokens: "300", reasoning: "0" });
  });

  it("maps attribution, request facts, tags and defaults", async () => {
    const { records } = await collect(csvImporter, CSV, CSV_MAPPING);
    const [a1, a2, a3, , a7] = records;
    assert.equal(a1?.ts, "2025-10-14T09:00:00.000Z");
    // no offset: utc
    assert.equal(a2?.ts, "2025-10-14T09:05:00.000Z");
    // +02:00 → utc
    assert.equal(a3?.ts, "2025-10-14T07:07:30.250Z");
    assert.equal(a1?.provider, "openai");
    assert.equal(a1?.model, "gpt-4o");
    assert.deepEqual(a1?.attribution, {
      team: "support",
      customer: "acme",
      environment: "prod",
      tags: { region: "eu-west-1", app_version: "1.4.2" },
    });
    // a quoted comma stays in the value
    assert.equal(a2?.attribution.customer, "Globex, Inc.");
    assert.deepEqual(a1?.request, { latency_ms: 1230, status: "ok" });
    assert.equal(a2?.request.status, "ok");
    assert.equal(a3?.request.status, "error");
    // an empty vendor cell takes the default
    assert.equal(a3?.provider, "openai");
    // quotes and the line break survive, as RFC 4180 says
    assert.equal(a3?.attribution.tags?.["note"], 'retry after "429"\r\nfrom upstream');
    // http 500
    assert.equal(a7?.request.status, "error");
    assert.equal(a7?.provider, "anthropic");
  });

  it("rejects bad rows with the line and the column", async () => {
    const { rejects } = await collect(csvImporter, CSV, CSV_MAPPING);
    assert.deepEqual(rejects, [
      { file: CSV, line: 6, reason: 'prompt_tokens: expected a non-negative integer, got "abc"' },
      { file: CSV, line: 7, reason: "expected 15 fields (as in the header), got 6" },
      {
        file: CSV,
        line: 8,
        reason: "openai-chat: reported input 10 is smaller than the parts it should contain (cache read 20); the usage object is inconsistent",
      },
      { file: CSV, line: 9, reason: 'created_at: not a valid timestamp: "14/10/2025"' },
      // line 12 is blank
      { file: CSV, line: 13, reason: "model_name: missing model" },
    ]);
  });

  it("rejects a file whose header lacks a mapped column, once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "csv-"));
    try {
      const file = join(dir, "x.csv");
      writeFileSync(file, "created_at,model_name\n2025-10-14T00:00:00Z,gpt-4o\n");
      const { records, rejects } = await collect(csvImporter, file, CSV_MAPPING);
      assert.equal(records.length, 0);
      assert.equal(rejects.length, 1);
      assert.equal(rejects[0]?.line, 1);
      assert.equal(
        rejects[0]?.reason,
        'header: no column "vendor" (fields.provider), "prompt_tokens" (fields.input), "cached" (fields.cached_input), ' +
          '"completion_tokens" (fields.output), "reasoning" (fields.reasoning), "team" (fields.team), "account" (fields.customer), ' +
          '"duration_ms" (fields.latency_ms), "status" (fields.status), "region" (tags.region), "app_version" (tags.app_version), ' +
          '"note" (tags.note), "request_id" (id[0])',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same ids on every run, hashing the row when no id column is mapped", async () => {
    const { id: _id, name: _name, ...anonymous } = CSV_MAPPING as Record<string, unknown>;
    const ids = async (): Promise<string[]> => (await collect(csvImporter, CSV, anonymous)).records.map((r) => r.id);
    const first = await ids();
    assert.deepEqual(first, await ids());
    assert.match(first[0] ?? "", /^csv:h:[0-9a-f]{32}$/);
    // identical rows (lines 2 and 10) hash alike
    assert.equal(first[0], first[3]);
  });
});

describe("jsonl importer", () => {
  it("reads dotted paths, unix seconds and the anthropic convention", async () => {
    const { records } = await collect(jsonlImporter, JSONL, JSONL_MAPPING);
    assert.deepEqual(
      records.map((r) => r.source.line),
      [1, 2, 8],
    );
    const [first, retry, haiku] = records;
    // anthropic: input excludes the cache, so nothing is subtracted
    assert.deepEqual(first?.usage, usage({ input: 50, cached_input: 100000, cache_write: 556, output: 20, requests: 1 }));
    assert.equal(first?.ts, "2025-10-14T09:12:00.000Z");
    // 1760433180.5 s
    assert.equal(retry?.ts, "2025-10-14T09:13:00.500Z");
    assert.deepEqual(first?.attribution, { team: "search", feature: "rerank", tags: { tenant: "t-42" } });
    assert.deepEqual(first?.interaction, { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" });
    assert.deepEqual(retry?.interaction, { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", is_retry: true });
    assert.equal(haiku?.interaction.is_retry, false);
    assert.equal(haiku?.provider, "anthropic");
    assert.equal(haiku?.model, "claude-haiku-4-5");
    assert.equal(first?.source.convention, "anthropic-messages");
    assert.deepEqual(first?.source.raw_usage, {
      "usage.input_tokens": 50,
      "usage.cache_read_input_tokens": 100000,
      "usage.cache_creation_input_tokens": 556,
      "usage.output_tokens": 20,
    });
    assert.match(first?.id ?? "", /^jsonl:h:[0-9a-f]{32}$/);
  });

  it("rejects bad lines with the line and the field", async () => {
    const { rejects } = await collect(jsonlImporter, JSONL, JSONL_MAPPING);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason.startsWith("not JSON: ") ? "not JSON" : r.reason]),
      [
        [3, "not JSON"],
        [4, "usage.output_tokens: expected a non-negative integer, got -3"],
        [5, 'expected a JSON object, got "just a string"'],
        [6, "time: missing timestamp"],
      ],
    );
  });

  it("gives the same ids on every run", async () => {
    const ids = async (): Promise<string[]> => (await collect(jsonlImporter, JSONL, JSONL_MAPPING)).records.map((r) => r.id);
    assert.deepEqual(await ids(), await ids());
  });
});

describe("mapping file", () => {
  it("names what is wrong", () => {
    assert.throws(() => parseMapping({ fields: { model: "m" } }), { message: "mapping.fields.ts: required: the column with each call's time" });
    assert.throws(() => parseMapping({ fields: { ts: "t" } }), { message: "mapping.fields.model: required (or defaults.model)" });
    assert.throws(() => parseMapping({ fields: { ts: "t", model: "m", tokens: "x" } }), /^Error: mapping\.fields\.tokens: unknown field; expected one of ts, /);
    assert.throws(
      () => parseMapping({ fields: { ts: "t", model: "m" }, convention: "mistral" }),
      /^Error: mapping\.convention: expected one of disjoint, openai/,
    );
    assert.throws(() => parseMapping({ fields: { ts: "t", model: "m" }, timestamp_format: "rfc" }), {
      message: 'mapping.timestamp_format: expected iso, unix_s or unix_ms, got "rfc"',
    });
    assert.throws(() => parseMapping({ fields: { ts: "t", model: 5 } }), { message: "mapping.fields.model: expected a column name, got 5" });
    assert.throws(() => parseMapping({ fields: { ts: "t", model: "m" }, colums: {} }), { message: "mapping.colums: unknown key" });
  });

  it("takes a model from defaults, and disjoint columns by default", () => {
    const m = parseMapping({ fields: { ts: "t" }, defaults: { model: "gpt-4o" }, id: "rid" });
    assert.equal(m.convention.name, "disjoint");
    assert.deepEqual(m.id, ["rid"]);
    assert.equal(m.timestampFormat, "iso");
  });

  it("is required", async () => {
    await assert.rejects(collect(csvImporter, CSV, undefined), { message: "the csv importer needs a mapping file (--mapping FILE)" });
  });
});
