import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageEvent } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { GatewayMetrics } from "./metrics.js";

function event(i: number, model: string, resolved: string | null, team: string | undefined, status: string): UsageEvent {
  return {
    id: `e-${i}`,
    ts: "2026-10-01T00:00:00.000Z",
    provider: "openai",
    model,
    usage: usage({ input: 10, output: 5, requests: 1 }),
    attribution: team === undefined ? {} : { team },
    interaction: {},
    // a status no CallStatus has: as a future or a buggy producer might send
    request: { status: status as "ok" },
    source: { kind: "test", convention: "openai-chat", raw_usage: null },
    cost: { priced: resolved !== null, resolved_model: resolved, total_usd: resolved === null ? null : "0.001", breakdown: {}, version_from: null },
  };
}

/** the series of the metrics a client's events can grow */
async function series(m: GatewayMetrics): Promise<number> {
  const all = await m.registry.getMetricsAsJSON();
  return all.filter((x) => /^tokenomics_(tokens|cost_usd|requests)_total$/.test(x.name)).reduce((n, x) => n + x.values.length, 0);
}

describe("GatewayMetrics", () => {
  it("keeps its series bounded whatever models, teams and statuses the events name", async () => {
    const m = new GatewayMetrics({ knownTeam: (t) => t === "search" });
    for (let i = 0; i < 5000; i++) {
      // made-up names: none resolves in the catalog; one event in ten is a real model of a known team
      const real = i % 10 === 0;
      m.onEvent(event(i, real ? "gpt-4o" : `made-up-${i}`, real ? "gpt-4o" : null, real ? "search" : `team-${i}`, i % 7 === 0 ? `weird-${i}` : "ok"));
    }
    // models {gpt-4o, other} × teams {search, other} × statuses {ok, other}: requests ≤ 8, tokens ≤ 8, cost ≤ 4
    assert.ok((await series(m)) <= 20, `got ${await series(m)} series`);
    const text = await m.text();
    assert.doesNotMatch(text, /made-up-|team-\d|weird-/);
    assert.match(text, /tokenomics_requests_total\{model="gpt-4o",team="search",status="ok"\} \d+/);
    assert.match(text, /tokenomics_requests_total\{model="other",team="other",status="other"\} \d+/);
  });

  it("names no team for an event without one, and no team at all without known keys", async () => {
    const m = new GatewayMetrics();
    m.onEvent(event(1, "gpt-4o", "gpt-4o", undefined, "ok"));
    m.onEvent(event(2, "gpt-4o", "gpt-4o", "search", "error"));
    const text = await m.text();
    assert.match(text, /tokenomics_requests_total\{model="gpt-4o",team="",status="ok"\} 1/);
    assert.match(text, /tokenomics_requests_total\{model="gpt-4o",team="other",status="error"\} 1/);
  });

  it("counts calls whose upstream usage was malformed, and those counted with the tokenizer", async () => {
    const m = new GatewayMetrics({ knownProvider: (p) => p === "openai" });
    const bad = event(1, "gpt-4o", "gpt-4o", undefined, "ok");
    bad.request = { status: "ok", usage_invalid: true, estimated: true };
    m.onEvent(bad);
    m.onEvent({ ...bad, id: "e-2", provider: "made-up-upstream" });
    m.onEvent(event(3, "gpt-4o", "gpt-4o", undefined, "ok"));
    const text = await m.text();
    assert.match(text, /tokenomics_usage_invalid_total\{provider="openai",model="gpt-4o"\} 1/);
    assert.match(text, /tokenomics_usage_invalid_total\{provider="other",model="gpt-4o"\} 1/);
    assert.match(text, /tokenomics_usage_estimated_total\{model="gpt-4o"\} 2/);
  });
});
