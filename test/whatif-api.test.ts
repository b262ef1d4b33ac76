/**
 * `GET /api/whatif` on a running server: the same JSON as `tokenomics whatif --json` on the same
 * ledger (test/support/whatif-ledger.ts), scoped to a key's calls, and 400s naming bad parameters.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { newKey } from "../src/gateway/keys.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { WhatIfResult } from "../src/optimize/index.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { whatIfLedger } from "./support/whatif-ledger.js";

const ADMIN = "whatif-api-admin";
let dir: string;
let server: RunningServer;
let key: string;

const get = (query: string, token = ADMIN) => fetch(`${server.url}/api/whatif${query}`, { headers: { authorization: `Bearer ${token}` } });
async function ok(query: string, token = ADMIN): Promise<WhatIfResult> {
  const res = await get(query, token);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as WhatIfResult;
}
async function bad(query: string, message: RegExp): Promise<void> {
  const res = await get(query);
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { type: string; message: string } };
  assert.equal(body.error.type, "invalid_request_error");
  assert.match(body.error.message, message);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-whatif-api-"));
  const store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  const made = newKey({ feature: "summarise" }, "summariser");
  key = made.secret;
  await store.saveKey(made.key);
  const events = whatIfLedger();
  // the summariser's own call, made with its key
  events[5]!.attribution.api_key_id = made.key.id;
  await store.append(events);
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: [],
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
  });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/whatif", () => {
  it("answers what the CLI answers", async () => {
    const r = await ok("?model=gpt-4o-mini");
    assert.equal(r.actual_usd, "0.114");
    assert.equal(r.counterfactual_usd, "0.0047028");
    assert.equal(r.unpriced_events, 1);
    assert.equal(r.by_day.length, 3);
    assert.equal((await ok("?no_retries=true")).saving_usd, "0.0025");
    assert.equal((await ok("?batch=1&period=2024-10")).counterfactual_usd, "0.0285");
    const cascade = await ok("?model=gpt-4o-mini&escalate=0.5&escalate_to=gpt-4o&from=2024-09-01&to=2024-10-01");
    assert.equal(cascade.counterfactual_usd, "0.0346");
    assert.equal((await ok("?cap_output=500")).saving_usd, "0.0125");
  });

  it("scopes a key to its own calls", async () => {
    // claude-2.1, 1,000 in: 0.008 → 952 tokens on gpt-4o-mini: 0.0001428
    const r = await ok("?model=gpt-4o-mini", key);
    assert.equal(r.events, 1);
    assert.equal(r.counterfactual_usd, "0.0001428");
  });

  it("refuses bad parameters with a 400 that names them", async () => {
    await bad("", /no change given: give exactly one of model, batch, flex, cache, cap_output, trim_input, no_retries/);
    await bad("?batch=true&flex=true", /batch and flex given together/);
    await bad("?batch=yes", /^batch: expected true or false or 1 or 0/);
    await bad("?model=a&escalate=0.2", /escalate SHARE and escalate_to MODEL/);
    await bad("?cap_output=lots", /^cap_output: expected a whole number/);
    await bad("?trim_input=150", /^trim_input: expected a percentage/);
    await bad("?batch=true&from=2024-02-30", /^from: expected a date/);
    await bad("?batch=true&cache_ttl=1h", /^cache_ttl: goes with cache=true/);
  });
});
