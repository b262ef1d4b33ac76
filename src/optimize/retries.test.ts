import assert from "node:assert/strict";
import { test } from "node:test";
import { call, catalog } from "./testing/calls.js";
import { whatIf } from "./whatif.js";

// gpt-4o-mini 0.15 in / 0.60 out per 1M: 1,000 in + 1,000 out = 0.00075 a call
test("--no-retries removes failed attempts; a retry that succeeded stands for the first try", async () => {
  const u = { input: 1_000, output: 1_000 };
  const events = [
    call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:00Z", usage: u, attempt: 1, status: "error" }),
    call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:01Z", usage: u, attempt: 2, status: "timeout" }),
    call({ model: "gpt-4o-mini", ts: "2025-03-01T10:00:02Z", usage: u, attempt: 3, status: "ok" }),
    call({ model: "gpt-4o-mini", ts: "2025-03-01T11:00:00Z", usage: u }),
    call({ model: "gpt-4o-mini", ts: "2025-03-01T12:00:00Z", usage: u, status: "cancelled" }),
  ];
  const r = await whatIf(events, { kind: "no-retries" }, { catalog });
  assert.equal(r.actual_usd, "0.00375");
  assert.equal(r.counterfactual_usd, "0.0015"); // the successful retry and the plain call
  assert.equal(r.removed_events, 3);
  assert.equal(r.saving_pct, "60.00");
  assert.ok(r.assumptions[0]!.startsWith("1 event failed retries"), r.assumptions[0]);
});
