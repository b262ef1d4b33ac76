import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AggregateRow } from "../../ledger/store.js";
import { usage } from "../../usage/usage.js";
import { focusRows } from "./export.js";

describe("focusRows", () => {
  it("never lets a tag named like an attribution field stand in for the field in FOCUS Tags", () => {
    const { requests: _r, ...tokens } = usage({ input: 1000 });
    const row: AggregateRow = {
      period: "2026-10-01",
      dimensions: { provider: "openai", resolved_model: "gpt-4o", team: "A", "tag.team": "B", "tag.plan": "pro" },
      events: 1,
      unpriced_events: 0,
      tokens: { ...tokens, requests: 1 },
      costs: { input: "0.0025" },
      total_usd: "0.0025",
    };
    const [focus] = focusRows([row], "day", ["team", "tag.team", "tag.plan"]);
    assert.deepEqual(focus?.tags, { team: "A", "tag.team": "B", plan: "pro" });
  });
});
