import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PromptPrefix } from "../usage/event.js";
import { call, catalog } from "./testing/calls.js";
import { whatIf } from "./whatif.js";

const at = (minutes: number) => new Date(Date.UTC(2025, 9, 1, 10, 0) + minutes * 60_000).toISOString();
const prefixes = (system: string, systemTokens: number, all: string, allTokens: number): PromptPrefix[] => [
  { boundary: "system", tokens: systemTokens, hash: system },
  { boundary: "messages:1", tokens: allTokens, hash: all },
];

describe("--cache", () => {
  it("replays Anthropic's explicit caching: writes at 1.25×, reads at 0.1×, a 5-minute life refreshed by hits", async () => {
    // claude-sonnet-4-5 per 1M: 3 in, 3.75 write, 0.30 read, 15 out; minimum prefix 1,024.
    // each call: a shared 3,000-token system prompt, 3,200 tokens in all, 100 out
    // actual each: 3,200 × 3 + 100 × 15 = 0.0111
    // minute 0: cold, writes 3,200: 3,200 × 3.75 + 1,500 = 0.0135
    // minute 2: reads 3,000, writes the 200 after it: 900 + 750 + 1,500 = 0.00315
    // minute 10: 8 minutes since the last use, gone: 0.0135 again; minute 12: 0.00315
    const u = { input: 3_200, output: 100 };
    const events = [0, 2, 10, 12].map((m, i) =>
      call({ model: "claude-sonnet-4-5", ts: at(m), usage: u, org: "acme", key: "k1", prefixes: prefixes("sys", 3_000, `all${i}`, 3_200) }),
    );
    // no prefix data: left as it is (0.0111)
    events.push(call({ model: "claude-sonnet-4-5", ts: at(13), usage: u, org: "acme", key: "k1" }));
    const r = await whatIf(events, { kind: "cache" }, { catalog });
    assert.equal(r.actual_usd, "0.0555");
    assert.equal(r.counterfactual_usd, "0.0444"); // 0.0135 × 2 + 0.00315 × 2 + 0.0111
    assert.equal(r.saving_usd, "0.0111");
    assert.equal(r.unchanged_reasons["no prompt prefix data"], 1);
    assert.ok(
      r.assumptions.some((a) => /1 event carry no prompt prefix hashes.*lacks data/.test(a)),
      r.assumptions.join("\n"),
    );
    assert.ok(r.assumptions.some((a) => /anthropic claude-sonnet-4-5: .*1,024 tokens.*5 min.*cache_write \(1\.25× input\)/.test(a)));
  });

  it("replays OpenAI's automatic caching: no write charge, hits in 128-token steps, per scope", async () => {
    // gpt-4o-mini per 1M: 0.15 in, 0.075 cached. 2,000 tokens in, a 1,500-token shared system prompt
    // actual each: 2,000 × 0.15 = 0.0003; first call cold (same); a minute later, same key:
    // 1,500 → 1,408 cached (11 × 128): 592 × 0.15 + 1,408 × 0.075 = 0.0001944
    // another key is another cache: cold (0.0003)
    const u = { input: 2_000 };
    const p = (i: number) => prefixes("sys", 1_500, `m${i}`, 2_000);
    const events = [
      call({ model: "gpt-4o-mini", ts: at(0), usage: u, org: "acme", key: "k1", prefixes: p(0) }),
      call({ model: "gpt-4o-mini", ts: at(1), usage: u, org: "acme", key: "k1", prefixes: p(1) }),
      call({ model: "gpt-4o-mini", ts: at(2), usage: u, org: "acme", key: "k2", prefixes: p(2) }),
      // already reading from the cache: kept (1,000 × 0.15 + 1,000 × 0.075 = 0.000225)
      call({ model: "gpt-4o-mini", ts: at(3), usage: { input: 1_000, cached_input: 1_000 }, org: "acme", key: "k2", prefixes: p(3) }),
      // under the minimum: 500 × 0.15 = 0.000075
      call({ model: "gpt-4o-mini", ts: at(4), usage: { input: 500 }, org: "acme", key: "k1", prefixes: [{ boundary: "system", tokens: 500, hash: "short" }] }),
    ];
    const r = await whatIf(events, { kind: "cache" }, { catalog });
    assert.equal(r.actual_usd, "0.0012");
    assert.equal(r.counterfactual_usd, "0.0010944");
    assert.equal(r.changed_events, 1);
    assert.equal(r.unchanged_reasons["already caching"], 1);
    assert.equal(r.unchanged_reasons["prefix under the minimum"], 1);
  });

  it("leaves models without a caching rule as they are, and counts them", async () => {
    // claude-2.1 never had prompt caching: it stays at 2,000 × 8 = 0.016
    const events = [call({ model: "claude-2.1", ts: at(0), usage: { input: 2_000 }, prefixes: prefixes("s", 2_000, "a", 2_000) })];
    const r = await whatIf(events, { kind: "cache" }, { catalog });
    assert.equal(r.saving_usd, "0");
    assert.equal(r.not_eligible_events, 1);
  });

  it("refuses events out of time order", async () => {
    const events = [call({ model: "gpt-4o-mini", ts: at(5), usage: { input: 1 } }), call({ model: "gpt-4o-mini", ts: at(1), usage: { input: 1 } })];
    await assert.rejects(whatIf(events, { kind: "cache" }, { catalog }), /time order/);
  });
});
