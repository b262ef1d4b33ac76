import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { USAGE_FIELDS } from "../usage/usage.js";
import { IMPORTERS, expandPaths } from "./index.js";
import type { ImportItem, ImportOptions } from "./importer.js";
import { sourcePath } from "./testing/source-path.js";

/** every importer and a fixture it reads (with the options it needs) */
const FIXTURES: Record<string, { paths: string[]; options?: ImportOptions }> = {
  "claude-code": { paths: ["ingest/fixtures/claude-code/projects"] },
  openai: { paths: ["ingest/fixtures/openai-bodies.jsonl", "ingest/fixtures/openai-batch-output.jsonl"] },
  anthropic: { paths: ["ingest/fixtures/anthropic-messages.jsonl", "ingest/fixtures/anthropic-batch-results.jsonl"] },
  "openai-usage": {
    paths: ["ingest/fixtures/openai-usage-completions.json", "ingest/fixtures/openai-usage-mixed.jsonl", "ingest/fixtures/openai-costs-buckets.json"],
  },
  "anthropic-usage": { paths: ["ingest/fixtures/anthropic-usage-report.json", "ingest/fixtures/anthropic-cost-report.jsonl"] },
  litellm: { paths: ["ingest/fixtures/litellm/spend_logs.csv", "ingest/fixtures/litellm/spend_logs.json", "ingest/fixtures/litellm/spend_logs.jsonl"] },
  otel: { paths: ["ingest/fixtures/otel/traces.json", "ingest/fixtures/otel/traces.jsonl"] },
  csv: {
    paths: ["ingest/fixtures/mapped/calls.csv"],
    options: { mapping: JSON.parse(readFileSync(sourcePath("ingest/fixtures/mapped/calls.mapping.json"), "utf8")) },
  },
  jsonl: {
    paths: ["ingest/fixtures/mapped/calls.jsonl"],
    options: { mapping: JSON.parse(readFileSync(sourcePath("ingest/fixtures/mapped/calls.jsonl.mapping.json"), "utf8")) },
  },
};

async function readAll(name: string): Promise<ImportItem[]> {
  const importer = IMPORTERS.find((i) => i.name === name)!;
  const { paths, options = {} } = FIXTURES[name]!;
  const items: ImportItem[] = [];
  for (const file of expandPaths(importer, paths.map(sourcePath))) for await (const item of importer.read(file, options)) items.push(item);
  return items;
}

// the contract every importer keeps, whatever its format
describe("importers: the shared contract", () => {
  it("every importer has a fixture here", () => {
    assert.deepEqual(Object.keys(FIXTURES).sort(), IMPORTERS.map((i) => i.name).sort());
  });

  for (const importer of IMPORTERS) {
    it(`${importer.name}: valid records, located rejects, stable ids`, async () => {
      const first = await readAll(importer.name);
      const records = first.flatMap((i) => ("record" in i ? [i.record] : []));
      assert.ok(records.length > 0, "the fixture yields records");
      for (const r of records) {
        assert.ok(r.id && typeof r.id === "string", "an id");
        assert.ok(!Number.isNaN(Date.parse(r.ts)), `a timestamp: ${r.ts}`);
        assert.equal(r.source.kind, importer.name);
        assert.ok(r.source.convention, "the convention it was read with");
        assert.ok(r.source.raw_usage !== undefined, "the raw usage object");
        for (const f of USAGE_FIELDS) assert.ok(Number.isSafeInteger(r.usage[f]) && r.usage[f] >= 0, `${r.id}: ${f} = ${r.usage[f]}`);
      }
      for (const i of first) {
        if ("reject" in i) {
          assert.ok(i.reject.file && i.reject.line > 0 && i.reject.reason, JSON.stringify(i.reject));
        }
      }
      // reading the same files again gives the same ids: re-imports are deduplicated
      const again = (await readAll(importer.name)).flatMap((i) => ("record" in i ? [i.record.id] : []));
      assert.deepEqual(
        again,
        records.map((r) => r.id),
      );
    });
  }
});
