import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Store } from "../ledger/store.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { apiApp } from "./api.js";
import { KeyRing } from "./key-ring.js";
import { GatewayMetrics } from "./metrics.js";

describe("the API's answer to an internal error", () => {
  it("is a generic 500 with nothing of the error in it; the log gets the error", async () => {
    const logged: string[] = [];
    const failing = async (): Promise<never> => {
      throw new Error('Binder Error: table "events" at /var/lib/tokenomics/ledger.duckdb');
    };
    const store = { aggregate: failing, list: failing } as unknown as Store;
    const app = apiApp({
      store,
      catalog: builtinCatalog(),
      keys: new KeyRing(),
      metrics: new GatewayMetrics(),
      adminToken: "t",
      record: () => undefined,
      settle: async () => undefined,
      health: () => ({}),
      maxBodyBytes: 1024,
      log: (l) => logged.push(l),
    });
    for (const path of ["/api/report", "/api/events"]) {
      const res = await app.request(path, { headers: { authorization: "Bearer t" } });
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: { type: "api_error", message: "internal error" } });
    }
    assert.equal(logged.length, 2);
    assert.match(logged[0]!, /^GET \/api\/report failed: Error: Binder Error: table "events"/);
  });
});
