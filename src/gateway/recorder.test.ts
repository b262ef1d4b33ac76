import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DuckDbStore } from "../ledger/duckdb/store.js";
import { parseEventLines } from "../ledger/duckdb/thread-store.js";
import type { AppendResult, Store } from "../ledger/store.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { priceRecord } from "../pricing/price-record.js";
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

/** a store that takes JSON lines (as one on another thread does), keeping each batch it was given */
function linesStore(store: Store): Store & { batches: string[]; down: boolean } {
  const wrapper = Object.create(store) as Store & { batches: string[]; down: boolean };
  wrapper.batches = [];
  wrapper.down = false;
  wrapper.appendEventLines = (lines: string): Promise<AppendResult> => {
    if (wrapper.down) return Promise.reject(new Error("ledger unavailable"));
    wrapper.batches.push(lines);
    return store.append(parseEventLines(lines));
  };
  return wrapper;
}

const spooled = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith("spool.jsonl"));
const spooledIds = (dir: string): string[] =>
  spooled(dir)
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n"))
    .filter((l) => l !== "")
    .map((l) => (JSON.parse(l) as { id: string }).id)
    .sort();

describe("Recorder", () => {
  it("keeps events in the spool while the ledger is down, and stores them once it is back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-recorder-"));
    const spool = join(dir, "spool.jsonl");
    const store = flaky(await DuckDbStore.open(":memory:"));
    const errors: string[] = [];
    const recorder = await Recorder.start(store, catalog, { spool, intervalMs: 60_000, onError: (e) => errors.push(e.message) });
    for (let i = 0; i < 3; i++) recorder.record(call(i));
    assert.deepEqual(spooledIds(dir), ["gateway:test-0", "gateway:test-1", "gateway:test-2"], "on disk as soon as recorded");
    await recorder.flush();
    recorder.record(call(3));
    await recorder.flush();
    assert.deepEqual(errors, ["ledger unavailable", "ledger unavailable"]);
    assert.equal(spooledIds(dir).length, 4, "all four spooled");
    assert.equal(recorder.pending, 4);
    assert.equal(await store.count(), 0);
    store.down = false;
    await recorder.flush();
    assert.equal(await store.count(), 4);
    assert.equal(recorder.stored, 4);
    assert.equal(recorder.pending, 0);
    assert.deepEqual(spooled(dir), ["spool.jsonl"], "every segment removed once stored");
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
    const stored = readFileSync(spool, "utf8");
    await first.flush();
    first.record(call(1));
    first.record(call(2));
    // the stored event's segment left behind (a crash between storing and removing it), and a torn line
    writeFileSync(`${spool}.1`, stored);
    appendFileSync(spool, '{"id":"gateway:torn');
    const second = await Recorder.start(store, catalog, { spool, intervalMs: 60_000 });
    assert.equal(await store.count(), 3);
    // 3 × (1000 × $0.15/M + 100 × $0.60/M) = 3 × 0.00021 = 0.00063
    assert.equal((await store.aggregate({ by: [] })).total_usd, "0.00063");
    assert.deepEqual(spooled(dir), ["spool.jsonl"]);
    second.record(call(3));
    await second.close();
    assert.equal(await store.count(), 4);
    assert.deepEqual(spooled(dir), []);
    rmSync(dir, { recursive: true, force: true });
  });

  it("hands a store that takes JSON lines the spooled lines, in order, batches that waited merged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenomics-recorder-"));
    const spool = join(dir, "spool.jsonl");
    const store = linesStore(await DuckDbStore.open(":memory:"));
    const recorder = await Recorder.start(store, catalog, { spool, intervalMs: 60_000, batchSize: 3, onError: () => undefined });
    const ids = (lines: string) => parseEventLines(lines).map((e) => e.id);
    for (let i = 0; i < 3; i++) recorder.record(call(i));
    // the third call fills a batch: it is cut at once
    await recorder.flush();
    assert.deepEqual(store.batches.map(ids), [["gateway:test-0", "gateway:test-1", "gateway:test-2"]]);
    assert.equal(store.batches[0], [0, 1, 2].map((i) => `${JSON.stringify(priceRecord(catalog, call(i)))}\n`).join(""), "the lines exactly as spooled");
    store.down = true;
    recorder.record(call(3));
    await recorder.flush();
    recorder.record(call(4));
    await recorder.flush();
    assert.equal(recorder.failures, 2);
    store.down = false;
    await recorder.flush();
    assert.deepEqual(store.batches.slice(1).map(ids), [["gateway:test-3", "gateway:test-4"]], "one call for both batches, oldest first");
    assert.equal(await store.count(), 5);
    await recorder.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
