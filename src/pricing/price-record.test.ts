import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageRecord } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { Catalog } from "./catalog.js";
import { priceRecord } from "./price-record.js";
import { fixtureCatalog } from "./testing/fixture-catalog.js";

const catalog = Catalog.from(fixtureCatalog);
const record = (model: string, u: Partial<ReturnType<typeof usage>>, request: UsageRecord["request"] = {}): UsageRecord => ({
  id: "r",
  ts: "2025-10-01T00:00:00Z",
  provider: "x",
  model,
  usage: usage(u),
  attribution: {},
  interaction: {},
  request,
  source: { kind: "test", convention: "disjoint", raw_usage: {} },
});

describe("priceRecord", () => {
  it("prices a record with its batch flag", () => {
    // o3 batch: (1,000 × $2 + 1,000 × $8) × 0.5 / 1M = 0.005
    const e = priceRecord(catalog, record("o3", { input: 1000, output: 1000 }, { batch: true }));
    assert.equal(e.cost.total_usd, "0.005");
    assert.equal(e.cost.resolved_model, "o3");
  });

  it("keeps an unknown model unpriced, never zero", () => {
    const e = priceRecord(catalog, record("mystery-9b", { input: 10 }));
    assert.equal(e.cost.priced, false);
    assert.equal(e.cost.total_usd, null);
    assert.match(e.cost.unpriced_reason ?? "", /unknown model/);
  });

  it("costs nothing for a proxy cache hit, which never reached the provider", () => {
    const e = priceRecord(catalog, record("o3", { input: 1000, output: 1000 }, { cache_hit: true }));
    assert.equal(e.cost.total_usd, "0");
  });

  it("costs nothing when nothing billable was consumed, whatever the model", () => {
    const e = priceRecord(catalog, record("unknown", { requests: 1 }));
    assert.equal(e.cost.priced, true);
    assert.equal(e.cost.total_usd, "0");
  });
});
