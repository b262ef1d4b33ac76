import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { openaiLines as lines } from "./testing/openai-lines.js";
import { DuckDbStore } from "../ledger/duckdb/store.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import type { Reject } from "./importer.js";
import { sourcePath } from "./testing/source-path.js";
import { openaiImporter } from "./response-bodies/openai.js";
import type { RunImportOptions } from "./importer.js";
import { runImport } from "./pipeline.js";

const catalog = builtinCatalog();

/** import `file` into a fresh in-memory ledger: natively where the store can, or all in JavaScript */
async function importWith(native: boolean, file: string, options: RunImportOptions = {}) {
  const store = await DuckDbStore.open(":memory:");
  try {
    const rejects: Reject[] = [];
    const summary = await runImport(openaiImporter, [file], store, catalog, { ...options, native, onReject: (r) => rejects.push(r) });
    const events = (await store.list({ limit: 1_000_000 })).sort((a, b) => a.id.localeCompare(b.id));
    return { summary, events, rejects: rejects.sort((a, b) => a.line - b.line) };
  } finally {
    await store.close();
  }
}

/** both ways of importing give the same summary, the same rejects and the very same events */
async function assertSameBothWays(file: string, options: RunImportOptions = {}): Promise<void> {
  const exact = await importWith(false, file, options);
  const native = await importWith(true, file, options);
  assert.deepEqual(native.summary, exact.summary);
  assert.deepEqual(native.rejects, exact.rejects);
  assert.deepEqual(native.events, exact.events);
}

describe("native import (DuckDB) against the exact reading", () => {
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-native-"));

  it("gives the same events, summary and rejects on random lines of every shape", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(lines, async (ls) => {
        const file = join(dir, `random-${run++}.jsonl`);
        writeFileSync(file, `${ls.join("\n")}\n`);
        await assertSameBothWays(file);
      }),
      { numRuns: 60 },
    );
  });

  it("gives the same on the documentation fixtures, and with attribution defaults", async () => {
    await assertSameBothWays(sourcePath("ingest/fixtures/openai-bodies.jsonl"));
    await assertSameBothWays(sourcePath("ingest/fixtures/openai-batch-output.jsonl"));
    await assertSameBothWays(sourcePath("ingest/fixtures/openai-bodies.jsonl"), { defaults: { team: "platform", environment: "prod" } });
  });

  it("imports plain lines natively: priced exactly, re-import changes nothing", async () => {
    const file = join(dir, "plain.jsonl");
    // gpt-4o-mini on 2025-10-01: $0.15/M input, $0.075/M cached, $0.60/M output
    // line 1: (2000 − 1500) × 0.15/M + 1500 × 0.075/M + 300 × 0.60/M = 0.000075 + 0.0001125 + 0.00018 = 0.0003675
    // line 2: 1000 × 0.15/M + 50 × 0.60/M = 0.00015 + 0.00003 = 0.00018
    const usage1 = { prompt_tokens: 2000, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1500 } };
    const usage2 = { prompt_tokens: 1000, completion_tokens: 50 };
    writeFileSync(
      file,
      [
        JSON.stringify({
          ts: "2025-10-01T10:00:00.000Z",
          team: "search",
          response: { id: "c1", object: "chat.completion", created: 1759312800, model: "gpt-4o-mini", usage: usage1 },
        }),
        JSON.stringify({ id: "c2", object: "chat.completion", created: 1759312801, model: "gpt-4o-mini", usage: usage2 }),
      ].join("\n"),
    );
    const store = await DuckDbStore.open(":memory:");
    try {
      const first = await runImport(openaiImporter, [file], store, catalog);
      assert.equal(first.inserted, 2);
      assert.equal(first.total_usd, "0.0005475"); // 0.0003675 + 0.00018
      const events = (await store.list({})).sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(events[0]!.cost.breakdown, { input: "0.000075", cached_input: "0.0001125", output: "0.00018", requests: "0" });
      assert.equal(events[0]!.source.line, 1);
      assert.equal(events[1]!.source.line, 2);
      const again = await runImport(openaiImporter, [file], store, catalog);
      assert.deepEqual([again.inserted, again.duplicates], [0, 2]);
      assert.equal(await store.count(), 2);
    } finally {
      await store.close();
    }
  });

  it("numbers lines across the pieces of a big file", async () => {
    const file = join(dir, "big.jsonl");
    const body = (i: number) =>
      JSON.stringify({
        id: `p${i}`,
        object: "chat.completion",
        created: 1759312800 + i,
        model: "gpt-4o-mini",
        usage: { prompt_tokens: 10, completion_tokens: 1 },
        pad: "x".repeat(200),
      });
    writeFileSync(file, `${Array.from({ length: 3000 }, (_, i) => (i === 1234 ? "{broken" : body(i))).join("\n")}\n`);
    const store = await DuckDbStore.open(":memory:");
    try {
      const rejects: Reject[] = [];
      // pieces of ~64 KB: about 250 lines each
      const summary = await runImport(openaiImporter, [file], store, catalog, { onReject: (r) => rejects.push(r), nativePieceBytes: 64 << 10 });
      assert.equal(summary.inserted, 2999);
      assert.deepEqual(
        rejects.map((r) => r.line),
        [1235],
      );
      const all = await store.list({ limit: 5000 });
      const p2000 = all.find((e) => e.id === "openai:p2000");
      assert.equal(p2000?.source.line, 2001);
    } finally {
      await store.close();
    }
  });

  it("cleans up", () => rmSync(dir, { recursive: true, force: true }));
});
