import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import type { UsageEvent } from "../../usage/event.js";
import { governanceCases } from "../testing/governance.case.js";
import { storeCases } from "../testing/store.case.js";
import { DuckDbStore } from "./store.js";

storeCases("DuckDB (in memory)", () => DuckDbStore.open(":memory:"));

const dir = mkdtempSync(join(tmpdir(), "tokenomics-store-"));
let n = 0;
storeCases("DuckDB (file)", () => DuckDbStore.open(join(dir, `ledger-${n++}.duckdb`)));

const oneEvent = (request: UsageEvent["request"] = {}): UsageEvent => ({
  id: "x",
  ts: "2025-10-01T00:00:00Z",
  provider: "openai",
  model: "o3",
  usage: {
    input: 1,
    cached_input: 0,
    cache_write: 0,
    cache_write_1h: 0,
    output: 0,
    reasoning: 0,
    audio_input: 0,
    audio_output: 0,
    images: 0,
    audio_seconds: 0,
    web_searches: 0,
    requests: 1,
  },
  attribution: {},
  interaction: {},
  request,
  source: { kind: "test", convention: "disjoint", raw_usage: {} },
  cost: { priced: true, resolved_model: "o3", total_usd: "0.000002", breakdown: { input: "0.000002" }, version_from: "2025-06-10" },
});

it("DuckDB: a ledger file survives closing and reopening", async () => {
  const path = join(dir, "reopen.duckdb");
  const a = await DuckDbStore.open(path);
  await a.append([oneEvent()]);
  await a.close();
  const b = await DuckDbStore.open(path);
  assert.equal(await b.count(), 1);
  assert.equal((await b.aggregate({ by: [] })).total_usd, "0.000002");
  await b.close();
});

it("DuckDB: a version 3 ledger gains the gateway's call columns (http_status, response_id, usage_invalid) in place", async () => {
  const path = join(dir, "v3.duckdb");
  const a = await DuckDbStore.open(path);
  await a.append([oneEvent()]);
  await a.close();
  // make it what version 3 wrote: no v4 columns
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  for (const c of ["http_status", "response_id", "usage_invalid", "prompt_prefixes"]) await conn.run(`ALTER TABLE events DROP COLUMN ${c}`);
  await conn.run("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
  conn.closeSync();
  instance.closeSync();

  const b = await DuckDbStore.open(path);
  try {
    assert.equal(await b.count(), 1);
    await b.append([{ ...oneEvent({ status: "timeout", http_status: 504, response_id: "chatcmpl-same", usage_invalid: true }), id: "y" }]);
    const y = (await b.list({ limit: 10 })).find((e) => e.id === "y")!;
    assert.deepEqual(y.request, { status: "timeout", http_status: 504, response_id: "chatcmpl-same", usage_invalid: true });
    assert.equal((await b.aggregate({ by: [] })).total_usd, "0.000004");
  } finally {
    await b.close();
  }
});

governanceCases("DuckDB (in memory)", () => DuckDbStore.open(":memory:"));
governanceCases("DuckDB (file)", () => DuckDbStore.open(join(dir, `ledger-${n++}.duckdb`)));
