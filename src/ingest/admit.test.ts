import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import Big from "big.js";
import fc from "fast-check";
import { newKey } from "../gateway/keys.js";
import { DuckDbStore } from "../ledger/duckdb/store.js";
import { MAX_EVENT_USD } from "../ledger/store.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import type { UsageEvent, UsageRecord } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { admitRecord, admittedEvent, RecordRejected } from "./admit.js";
import type { ImportOptions } from "./importer.js";
import { nativeImport } from "./native.js";
import { openaiImporter } from "./response-bodies/openai.js";
import { openaiLines } from "./testing/openai-lines.js";

const catalog = builtinCatalog();

const call: UsageRecord = {
  id: "t:1",
  ts: "2025-10-01T10:00:00.000Z",
  provider: "openai",
  model: "gpt-4o-mini",
  usage: usage({ input: 1000, output: 50, requests: 1 }),
  attribution: { team: "search" },
  interaction: {},
  request: { status: "ok" },
  source: { kind: "test", convention: "openai-chat", raw_usage: {} },
};

describe("admitRecord", () => {
  it("prices a good record into the event to store", () => {
    const a = admitRecord(catalog, call);
    assert.ok("event" in a);
    // gpt-4o-mini: 1000 × 0.15/M + 50 × 0.60/M
    assert.equal(a.event.cost.total_usd, "0.00018");
    assert.equal(a.event.id, "t:1");
  });

  it("rejects a timestamp that is no instant, before pricing", () => {
    const a = admitRecord(catalog, { ...call, ts: "2025-02-30T00:00:00.000Z" });
    assert.deepEqual(a, { reject: 'ts: not a valid date: "2025-02-30T00:00:00.000Z"' });
  });

  it("fills unset attribution from the defaults, never over the record's own", () => {
    const a = admitRecord(catalog, call, { defaults: { team: "platform", environment: "prod" } });
    assert.ok("event" in a);
    assert.deepEqual(a.event.attribution, { team: "search", environment: "prod" });
  });

  it("binds a caller's key scope over the record's attribution", () => {
    const { key } = newKey({ team: "A" });
    const a = admitRecord(catalog, { ...call, attribution: { team: "B", feature: "chat" } }, { caller: { key } });
    assert.ok("event" in a);
    assert.deepEqual(a.event.attribution, { team: "A", feature: "chat", api_key_id: key.id });
  });

  it("caps one call at what the ledger holds per call", () => {
    const huge = { ...call, model: "gpt-4o", usage: usage({ input: 2 ** 52, requests: 1 }) };
    const a = admitRecord(catalog, huge);
    assert.ok("reject" in a && a.reject.includes(`($${MAX_EVENT_USD})`), JSON.stringify(a));
    assert.throws(() => admittedEvent(catalog, huge), RecordRejected);
  });
});

describe("the native SQL import against admitRecord", () => {
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-admit-"));
  const byId = (a: UsageEvent, b: UsageEvent) => a.id.localeCompare(b.id);

  /** the events the native path stores, and the events admitRecord gives for the same lines */
  async function bothWays(file: string, options: ImportOptions) {
    const nativeStore = await DuckDbStore.open(":memory:");
    const exactStore = await DuckDbStore.open(":memory:");
    try {
      const result = await nativeImport(openaiImporter, nativeStore, catalog, options)!(file);
      assert.ok(result);
      const handedBack = new Set(result.handedBack);
      // every line the native path took, read and admitted one by one
      const writer = exactStore.writer({ replace: false });
      let admitted = 0;
      let total = new Big(0);
      let unpriced = 0;
      for await (const item of openaiImporter.read(file, options)) {
        if ("reject" in item) continue;
        if (handedBack.has(item.record.source.line ?? 0)) continue;
        const a = admitRecord(catalog, item.record, options.defaults ? { defaults: options.defaults } : {});
        assert.ok("event" in a, `line ${item.record.source.line} imported natively, but admission rejects it: ${"reject" in a ? a.reject : ""}`);
        admitted++;
        if (a.event.cost.total_usd === null) unpriced++;
        else total = total.plus(a.event.cost.total_usd);
        writer.add(a.event);
      }
      await writer.flush();
      assert.equal(result.records, admitted);
      assert.equal(result.unpriced, unpriced);
      assert.equal(result.total_usd, total.toFixed());
      const native = (await nativeStore.list({ limit: 1_000_000 })).sort(byId);
      const exact = (await exactStore.list({ limit: 1_000_000 })).sort(byId);
      assert.deepEqual(native, exact);
    } finally {
      await nativeStore.close();
      await exactStore.close();
    }
  }

  it("yields the same events and costs on generated records", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(openaiLines, fc.boolean(), async (ls, withDefaults) => {
        const file = join(dir, `random-${run++}.jsonl`);
        writeFileSync(file, `${ls.join("\n")}\n`);
        await bothWays(file, withDefaults ? { defaults: { team: "platform", environment: "prod" } } : {});
      }),
      { numRuns: 40 },
    );
  });

  it("cleans up", () => rmSync(dir, { recursive: true, force: true }));
});
