import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readReportResults, reportId, type ReportItem } from "./report-pages.js";

const dir = mkdtempSync(join(tmpdir(), "tokenomics-report-pages-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function walk(path: string): Promise<ReportItem[]> {
  const items: ReportItem[] = [];
  for await (const item of readReportResults(path)) items.push(item);
  return items;
}

const bucket = (start: number, n: number): object => ({
  object: "bucket",
  start_time: start,
  end_time: start + 86400,
  results: Array.from({ length: n }, (_, i) => ({ object: "organization.usage.embeddings.result", input_tokens: i })),
});

describe("readReportResults", () => {
  it("walks a pretty-printed page, giving each result its own line", async () => {
    const path = file("page.json", JSON.stringify({ object: "page", data: [bucket(0, 2)], has_more: false }, null, 2));
    const items = await walk(path);
    const results = items.map((i) => ("result" in i ? [i.result.path, i.result.line] : i.reject.reason));
    // line 1 "{", 2 "object", 3 "data": [, 4 "{", 5-7 object/start/end, 8 "results": [, 9 "{" first result
    assert.deepEqual(results, [
      ["data[0].results[0]", 9],
      ["data[0].results[1]", 13],
    ]);
  });

  it("walks an array of pages and an array of buckets", async () => {
    const pages = file("pages.json", JSON.stringify([{ data: [bucket(0, 1)] }, { data: [bucket(86400, 1)] }]));
    assert.deepEqual(
      (await walk(pages)).map((i) => ("result" in i ? i.result.path : "reject")),
      ["[0].data[0].results[0]", "[1].data[0].results[0]"],
    );
    const buckets = file("buckets.json", JSON.stringify([bucket(0, 1), bucket(86400, 2)], null, 1));
    assert.deepEqual(
      (await walk(buckets)).map((i) => ("result" in i ? i.result.path : "reject")),
      ["[0].results[0]", "[1].results[0]", "[1].results[1]"],
    );
  });

  it("reports a broken document once, at the line of the error", async () => {
    const path = file("broken.json", '{\n  "data": [\n    {"results": [}\n  ]\n}\n');
    const items = await walk(path);
    assert.equal(items.length, 1);
    assert.ok("reject" in items[0]!);
    assert.equal(items[0].reject.line, 3);
    assert.match(items[0].reject.reason, /^invalid JSON at line 3, column \d+/);
  });

  it("reads JSONL whose first line is broken, line by line", async () => {
    const good = JSON.stringify({ data: [bucket(0, 1)] });
    const path = file("first-broken.jsonl", `{"data": [\n${good}\n\n${good}\n`);
    const items = await walk(path);
    assert.deepEqual(
      items.map((i) => ("result" in i ? i.result.line : `reject ${i.reject.line}`)),
      ["reject 1", 2, 4],
    );
  });

  it("yields nothing for an empty file and throws for a missing one", async () => {
    assert.deepEqual(await walk(file("empty.json", "\n\n")), []);
    await assert.rejects(walk(join(dir, "missing.json")), /ENOENT/);
  });

  it("gives the source text of numbers, before float rounding", async () => {
    const path = file("amount.json", '{"data":[{"results":[{"amount":{"value":0.30000000000000000001}}]}]}');
    const [item] = await walk(path);
    assert.ok(item !== undefined && "result" in item);
    assert.equal(item.result.literal(["amount", "value"]), "0.30000000000000000001");
    assert.equal(item.result.literal(["amount", "currency"]), undefined);
  });
});

describe("reportId", () => {
  it("is stable, ignores null and absent values, and tells values apart", () => {
    const a = reportId("x", [
      ["start", "2025-08-01"],
      ["model", "m"],
      ["batch", null],
    ]);
    assert.equal(
      a,
      reportId("x", [
        ["start", "2025-08-01"],
        ["model", "m"],
      ]),
    );
    assert.notEqual(
      a,
      reportId("x", [
        ["start", "2025-08-01"],
        ["model", "n"],
      ]),
    );
    assert.notEqual(
      a,
      reportId("x", [
        ["start", "2025-08-01"],
        ["model", "m"],
        ["batch", false],
      ]),
    );
    assert.match(a, /^x:[0-9a-f]{32}$/);
  });
});
