import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { builtinCatalog } from "../../pricing/builtin/index.js";
import { priceRecord } from "../../pricing/price-record.js";
import { usage } from "../../usage/usage.js";
import { governanceCases } from "../testing/governance.case.js";
import { storeCases } from "../testing/store.case.js";
import { DuckDbStore } from "./store.js";
import { parseEventLines, ThreadStore } from "./thread-store.js";

const dir = mkdtempSync(join(tmpdir(), "tokenomics-thread-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeCases("DuckDB on a thread of its own", () => ThreadStore.open(join(dir, `ledger-${n++}.duckdb`)), { reprice: false });

const catalog = builtinCatalog();
const event = (i: number) =>
  priceRecord(catalog, {
    id: `gateway:t-${i}`,
    ts: "2025-10-01T12:00:00.000Z",
    provider: "openai",
    model: "gpt-4o-mini",
    usage: usage({ input: 1000, output: 100, requests: 1 }),
    attribution: { team: "search", tags: { plan: "pro" } },
    interaction: {},
    request: { status: "ok", latency_ms: 1.5 },
    source: { kind: "gateway", convention: "openai-chat", raw_usage: { prompt_tokens: 1000 } },
  });

describe("ThreadStore", () => {
  it("stores events sent as JSON lines, exactly as append would, and ignores ids already stored", async () => {
    const path = join(dir, "lines.duckdb");
    const store = await ThreadStore.open(path);
    const lines = [0, 1, 2].map((i) => `${JSON.stringify(event(i))}\n`).join("");
    assert.deepEqual(await store.appendEventLines(lines), { inserted: 3, duplicates: 0 });
    assert.deepEqual(await store.appendEventLines(lines + JSON.stringify(event(3))), { inserted: 1, duplicates: 3 });
    assert.deepEqual(await store.list({ limit: 10 }), [0, 1, 2, 3].map(event));
    await store.close();
    // the file is whole and its own again once the thread has closed it
    const reopened = await DuckDbStore.open(path);
    assert.equal(await reopened.count(), 4);
    await reopened.close();
  });

  it("passes the store's errors back and goes on answering; once closed, says so", async () => {
    const path = join(dir, "held.duckdb");
    const store = await ThreadStore.open(path);
    await assert.rejects(store.appendEventLines("{not json\n"), SyntaxError);
    await assert.rejects(store.append([{ ...event(9), ts: "yesterday" }]), { name: "RangeError", message: 'ts: not a timestamp: "yesterday"' });
    assert.equal(await store.count(), 0, "still answering after a failed call");
    await store.close();
    await assert.rejects(store.count(), /ledger thread stopped/);
  });

  it("refuses a file it cannot open, with DuckDB's reason", async () => {
    await assert.rejects(ThreadStore.open(join(dir, "no-such-dir", "\0bad")), Error);
  });

  it("parses JSON lines with or without a final newline, skipping empty lines", () => {
    assert.deepEqual(parseEventLines('{"id":"a"}\n\n{"id":"b"}'), [{ id: "a" }, { id: "b" }]);
    assert.deepEqual(parseEventLines(""), []);
  });
});

governanceCases("DuckDB on a thread of its own", () => ThreadStore.open(join(dir, `ledger-${n++}.duckdb`)));
