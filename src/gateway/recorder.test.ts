import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DuckDbStore } from "../ledger/duckdb/store.js";
import type { Store } from "../ledger/store.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import type { UsageRecord } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { Recorder } from "./recorder.js";

const catalog = builtinCatalog();

const call = (i: number): UsageRecord => ({
  id: `gateway:test-${i}`,
  ts: "2025-10-01T12:00:00.000Z",
  provider: "openai",
  model: "gpt-4o-mini",
  usage: usage({ input: 1000, output: 100, requests: 1 }),
  attribution: { team: "search" },
  interaction: {},
  request: { status: "ok" },
  source: { kind: "gateway", convention: "openai-chat", raw_usage: null },
});

/** a ledger that refuses writes while `down` is true */
function flaky(store: Store): Store & { down: boolean } {
  const wrapper = Object.create(store) as Store & { down: boolean };
  wrapper.down = true;
  wrapper.append = (events, options) => (wrapper.down ? Promise.reject(new Error("ledger unavailable")) : store.append(events, options));
  return wrapper;
}

describe("Recorder", () => {
  it("keeps events in the spool while the ledger is down, and stores them once it is back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-recorder-"));
    const spool = join(dir, "spool.jsonl");
    const store = flaky(await DuckDbStore.open(":memory:"));
    const errors: string[] = [];
    const recorder = await Recorder.start(store, catalog, { spool, intervalMs: 60_000, onError: (e) => errors.push(e.message) });
    for (let i = 0; i < 3; i++) recorder.record(call(i));
    await recorder.flush();
    assert.deepEqual(errors, ["ledger unavailable"]);
    assert.equal(readFileSync(spool, "utf8").trim().split("\n").length, 3, "all three spooled");
    assert.equal(await store.count(), 0);
    store.down = false;
    await recorder.flush();
    assert.equal(await store.count(), 3);
    assert.equal(readFileSync(spool, "utf8"), "", "the spool is emptied once stored");
    await recorder.close();
    assert.equal(existsSync(spool), false);
    rmSync(dir, { recursive: true, force: true });
  });

  it("replays a spool left by a crash, without storing anything twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-recorder-"));
    const spool = join(dir, "spool.jsonl");
    const store = await DuckDbStore.open(":memory:");
    // a first run that stored one event and died with two more spooled (and a torn last line)
    const first = await Recorder.start(store, catalog, { spool, intervalMs: 60_000 });
    first.record(call(0));
    await first.flush();
    first.record(call(1));
    first.record(call(2));
    // the stored event spooled again (a crash between storing and emptying the spool), and a torn line
    const { appendFileSync } = await import("node:fs");
    appendFileSync(spool, readFileSync(spool, "utf8").split("\n")[0] + "\n" + '{"id":"gateway:torn');
    const second = await Recorder.start(store, catalog, { spool, intervalMs: 60_000 });
    assert.equal(await store.count(), 3);
    // 3 × (1000 × $0.15/M + 100 × $0.60/M) = 3 × 0.00021 = 0.00063
    assert.equal((await store.aggregate({ by: [] })).total_usd, "0.00063");
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
