import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { claudeCodeImporter } from "./importer.js";
import { readClaudeCodeLog } from "./read-log.js";
import { readClaudeCodeLogs, type ParallelOptions } from "./parallel.js";
import { writeSyntheticClaudeLogs } from "./testing/synth.js";
import type { ImportItem } from "../importer.js";
import { sourcePath } from "../testing/source-path.js";
import { expandPaths } from "../pipeline.js";

const FIXTURES = expandPaths(claudeCodeImporter, [sourcePath("ingest/fixtures/claude-code/projects")]);
/** workers whatever the size */
const PARALLEL: ParallelOptions = { threads: 2, minBytes: 0 };

async function sequential(files: readonly string[]): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for (const file of files) for await (const item of readClaudeCodeLog(file)) items.push(item);
  return items;
}

async function parallel(files: readonly string[], options: ParallelOptions): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of readClaudeCodeLogs(files, options)) items.push(item);
  return items;
}

describe("readClaudeCodeLogs", () => {
  let dir = "";
  let synthetic: string[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cc-parallel-"));
    synthetic = writeSyntheticClaudeLogs({ dir, bytes: 10_000_000, seed: 11 }).files;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gives the fixtures' items, rejects included, in the same order as one thread", async () => {
    const expected = await sequential(FIXTURES);
    assert.ok(expected.some((i) => "reject" in i) && expected.some((i) => "record" in i));
    assert.deepStrictEqual(await parallel(FIXTURES, PARALLEL), expected);
    assert.deepStrictEqual(await parallel(FIXTURES, { ...PARALLEL, threads: 1 }), expected);
  });

  it("gives the same records as one thread on synthetic logs, in small batches too", async () => {
    assert.ok(synthetic.length >= 3);
    const expected = await sequential(synthetic);
    assert.deepStrictEqual(await parallel(synthetic, PARALLEL), expected);
    // batches of 3 items: many per file, and workers wait for the reader to take them
    assert.deepStrictEqual(await parallel(synthetic, { ...PARALLEL, batch: 3 }), expected);
  });

  it("is the importer's readAll", async () => {
    const items: ImportItem[] = [];
    for await (const item of claudeCodeImporter.readAll!(synthetic, {})) items.push(item);
    assert.deepStrictEqual(items, await sequential(synthetic));
  });

  it("reads on this thread below the size that pays for workers", async () => {
    // no worker would start for these few kilobytes: the same items either way
    assert.deepStrictEqual(await parallel(FIXTURES, {}), await sequential(FIXTURES));
    assert.deepStrictEqual(await parallel(FIXTURES, { threads: 0, minBytes: 0 }), await sequential(FIXTURES));
  });

  it("fails where one thread would: after the items of the files before", async () => {
    const missing = join(dir, "projects", "-gone", "missing.jsonl");
    const files = [...FIXTURES, missing, ...synthetic];
    const before = await sequential(FIXTURES);
    for (const options of [PARALLEL, { threads: 0 }]) {
      const items: ImportItem[] = [];
      await assert.rejects(
        async () => {
          for await (const item of readClaudeCodeLogs(files, options)) items.push(item);
        },
        (e: NodeJS.ErrnoException) => e.code === "ENOENT" && e.message.includes("missing.jsonl"),
      );
      assert.deepStrictEqual(items, before);
    }
  });

  it("stops its workers when the reader stops early", async () => {
    let n = 0;
    for await (const item of readClaudeCodeLogs(synthetic, { ...PARALLEL, batch: 5 })) {
      assert.ok(item);
      if (++n === 7) break;
    }
    // the test runner would hang on a worker left running
    assert.equal(n, 7);
  });

  it("reads a file of bad lines the same way", async () => {
    const file = join(dir, "projects", "bad.jsonl");
    writeFileSync(file, '{"message":{"usage":1}}\nnot json "usage"\n{"usage":\n');
    const files = [file, ...FIXTURES];
    assert.deepStrictEqual(await parallel(files, PARALLEL), await sequential(files));
  });
});
