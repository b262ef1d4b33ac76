import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { storeCases } from "../store.case.js";
import { DuckDbStore } from "./store.js";

storeCases("DuckDB (in memory)", () => DuckDbStore.open(":memory:"));

const dir = mkdtempSync(join(tmpdir(), "tokenomics-store-"));
let n = 0;
storeCases("DuckDB (file)", () => DuckDbStore.open(join(dir, `ledger-${n++}.duckdb`)));

it("DuckDB: a ledger file survives closing and reopening", async () => {
  const path = join(dir, "reopen.duckdb");
  const a = await DuckDbStore.open(path);
  await a.append([
    {
      id: "x",
      ts: "2025-10-01T00:00:00Z",
      provider: "openai",
      model: "o3",
      usage: { input: 1, cached_input: 0, cache_write: 0, cache_write_1h: 0, output: 0, reasoning: 0, audio_input: 0, audio_output: 0, images: 0, audio_seconds: 0, web_searches: 0, requests: 1 },
      attribution: {},
      interaction: {},
      request: {},
      source: { kind: "test", convention: "disjoint", raw_usage: {} },
      cost: { priced: true, resolved_model: "o3", total_usd: "0.000002", breakdown: { input: "0.000002" }, version_from: "2025-06-10" },
    },
  ]);
  await a.close();
  const b = await DuckDbStore.open(path);
  assert.equal(await b.count(), 1);
  assert.equal((await b.aggregate({ by: [] })).total_usd, "0.000002");
  await b.close();
});
