import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { maxCost, parseBudget, type Budget, type Policy } from "../governance/index.js";
import { admittedEvent } from "../ingest/admit.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import type { UsageEvent } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { Governor, type CallToAdmit } from "./governor.js";

const catalog = builtinCatalog();
const NOON = Date.parse("2026-12-04T12:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "tokenomics-governor-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** a governor on a clock the test moves */
function governor(budgets: Budget[], policies: Policy[] = [], extra: { journal?: string; ttlMs?: number } = {}) {
  const clock = { now: NOON };
  const g = new Governor({
    catalog,
    now: () => clock.now,
    ...(extra.journal ? { journal: extra.journal } : {}),
    ...(extra.ttlMs ? { reservationTtlMs: extra.ttlMs } : {}),
  });
  for (const b of g.setRules(budgets, policies)) void g.warm(b, "0");
  return { g, clock };
}

// "Hello there, gateway!" is 12 prompt tokens with gpt-4o-mini's tokenizer (o200k, chat framing)
const HELLO = [{ role: "user", content: "Hello there, gateway!" }];
let ids = 0;
function call(model: string, extra: Record<string, unknown> = {}, attribution: CallToAdmit["attribution"] = { team: "search" }): CallToAdmit {
  return { callId: `c${++ids}`, attribution, model, json: { model, messages: HELLO, ...extra }, endpoint: "chat", provider: "openai" };
}

/** the event the recorder would hand back for a call: input and output tokens as the provider reported them */
function eventFor(c: CallToAdmit, input: number, output: number, at = NOON, model = c.model!): UsageEvent {
  return admittedEvent(catalog, {
    id: `gateway:${c.callId}`,
    ts: new Date(at).toISOString(),
    provider: "openai",
    model,
    usage: usage({ input, output, requests: 1 }),
    attribution: c.attribution,
    interaction: {},
    request: {},
    source: { kind: "gateway", convention: "disjoint", raw_usage: null },
  });
}

const block = (amountUsd: string, extra: Record<string, unknown> = {}) =>
  parseBudget({ name: "search-daily", scope: { team: "search" }, period: "day", amountUsd, action: "block", ...extra });

describe("Governor: budgets reserved before the call, settled with its event", () => {
  it("refuses the call that would go over a block budget, counting the other call's hold, then its real cost", async () => {
    const { g } = governor([block("0.001")]);
    // max cost of each: 12 input × $0.15/M + 1,000 output × $0.60/M = $0.0000018 + $0.0006 = $0.0006018
    const a = call("gpt-4o-mini", { max_tokens: 1000 });
    assert.equal((await g.admit(a)).kind, "forward");
    // spent 0 + reserved 0.0006018 + 0.0006018 = 0.0012036 > 0.001
    const b = await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }));
    assert.equal(b.kind, "refuse");
    assert.equal(b.kind === "refuse" && b.refusal.code, "budget_exceeded");
    assert.deepEqual(b.kind === "refuse" && b.refusal.code === "budget_exceeded" && [b.refusal.spent_usd, b.refusal.reserved_usd, b.refusal.limit_usd], [
      "0",
      "0.0006018",
      "0.001",
    ]);
    // a's real use: 14 input × $0.15/M + 100 output × $0.60/M = $0.0000021 + $0.00006 = $0.0000621; the rest of its hold is released
    g.onEvent(eventFor(a, 14, 100));
    const c = await g.counters(g.budgets[0]!);
    assert.deepEqual([c?.spent, c?.reserved], [621_000_000n, 0n]);
    // now 0.0000621 + 0.0006018 = 0.0006639 ≤ 0.001: admitted
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "forward");
    assert.equal((await g.live("search-daily")).refused_calls, 1);
    g.close();
  });

  it("starts a new day at zero on the boundary, with no job run", async () => {
    const { g, clock } = governor([block("0.001")]);
    const a = call("gpt-4o-mini", { max_tokens: 1000 });
    await g.admit(a);
    // 14 × 0.15/M + 1,600 × 0.60/M = 0.0000021 + 0.00096 = 0.0009621 spent of 0.001
    g.onEvent(eventFor(a, 14, 1600));
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "refuse");
    clock.now = Date.parse("2026-12-05T00:00:00Z");
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "forward");
    g.close();
  });

  it("lets a hold that never settles expire after its TTL: no false refusals", async () => {
    const { g, clock } = governor([block("0.001")], [], { ttlMs: 60_000 });
    await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }));
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "refuse");
    clock.now += 60_001;
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "forward");
    g.close();
  });

  it("refuses a model it cannot price under a block budget, never holding $0", async () => {
    const { g } = governor([block("10")]);
    const r = await g.admit(call("acme-private-llm", { max_tokens: 10 }));
    assert.equal(r.kind === "refuse" && r.refusal.code, "unpriced_model");
    assert.equal(r.kind === "refuse" && r.refusal.status, 403);
    g.close();
  });

  it("downgrades to the named model when the budget cannot take the call, and rewrites the body", async () => {
    const budget = parseBudget({
      name: "search-down",
      scope: { team: "search" },
      period: "day",
      amountUsd: "0.005",
      action: "downgrade",
      downgradeTo: "gpt-4o-mini",
    });
    const { g } = governor([budget]);
    // gpt-4o: 12 × $2.50/M + 1,000 × $10/M = $0.01003 > $0.005; gpt-4o-mini: $0.0006018 fits
    const r = await g.admit(call("gpt-4o", { max_tokens: 1000 }));
    assert.equal(r.kind, "forward");
    assert.equal(r.kind === "forward" && r.downgradedFrom, "gpt-4o");
    assert.equal(r.kind === "forward" && JSON.parse(r.body!.toString()).model, "gpt-4o-mini");
    assert.equal(r.kind === "forward" && r.tags?.["governance.downgraded_from"], "gpt-4o");
    assert.equal((await g.live("search-down")).downgraded_calls, 1);
    g.close();
  });

  it("leaves calls no budget or policy covers alone, and charges alert budgets from events whatever their source", async () => {
    const alert = parseBudget({ name: "all-alert", scope: {}, period: "month", amountUsd: "100", action: "alert" });
    const { g } = governor([block("0.001"), alert]);
    const other = call("gpt-4o-mini", { max_tokens: 1000 }, { team: "ads" });
    assert.deepEqual(await g.admit(other), { kind: "forward" });
    // an imported event (not a gateway call): 1M input × $0.15/M = $0.15
    const imported = { ...eventFor(other, 1_000_000, 0), id: "import:1" };
    g.onEvent(imported);
    assert.equal((await g.counters(alert))?.spent, 1_500_000_000_000n);
    g.close();
  });
});

describe("Governor: the max cost it holds", () => {
  it("prices a prompt asking for a cache write at the cache-write rate, found in the bytes as sent", async () => {
    const budget = parseBudget({ name: "anthropic-day", scope: {}, period: "day", amountUsd: "10", action: "block" });
    const body = {
      model: "claude-haiku-4-5",
      max_tokens: 100,
      system: [{ type: "text", text: "You are a careful assistant. ".repeat(20), cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: "Hello there, gateway!" }],
    };
    const held = async (json: Record<string, unknown>) => {
      const { g } = governor([budget]);
      const c: CallToAdmit = {
        callId: `m${++ids}`,
        attribution: {},
        model: "claude-haiku-4-5",
        json,
        endpoint: "messages",
        provider: "anthropic",
        raw: Buffer.from(JSON.stringify(json)),
      };
      assert.equal((await g.admit(c)).kind, "forward");
      const reserved = (await g.counters(budget))!.reserved;
      g.close();
      return reserved;
    };
    const expected = await maxCost(catalog, "claude-haiku-4-5", body, { at: new Date(NOON).toISOString(), provider: "anthropic" });
    assert.ok(!("unpriced" in expected));
    assert.equal(await held(body), "units" in expected ? expected.units : -1n);
    // the same prompt without cache_control holds less: input at $1/M instead of the cache write's $1.25/M
    const plain = { ...body, system: [{ type: "text", text: body.system[0]!.text }] };
    assert.ok((await held(plain)) < (await held(body)));
  });
});

describe("Governor: policies", () => {
  const clampPolicy: Policy = { name: "short-summaries", match: { feature: "summaries" }, maxOutputTokens: 50 };
  it("clamps max_tokens to the policy's limit", async () => {
    const { g } = governor([], [clampPolicy]);
    const r = await g.admit(call("gpt-4o-mini", { max_tokens: 500 }, { team: "search", feature: "summaries" }));
    assert.equal(r.kind === "forward" && JSON.parse(r.body!.toString()).max_tokens, 50);
    // no cap set on a chat call: the clamp goes in max_completion_tokens
    const r2 = await g.admit(call("gpt-4o-mini", {}, { feature: "summaries" }));
    assert.equal(r2.kind === "forward" && JSON.parse(r2.body!.toString()).max_completion_tokens, 50);
    g.close();
  });

  it("denies a model by glob, and a dry-run policy only tags the call and counts it", async () => {
    const deny: Policy = { name: "no-big-models", match: { feature: "chat-ui" }, denyModels: ["gpt-4o", "o1*"] };
    const { g } = governor([], [deny, { ...deny, name: "trial", match: { feature: "trial" }, dryRun: true }]);
    const r = await g.admit(call("o1-mini", {}, { feature: "chat-ui" }));
    assert.equal(r.kind === "refuse" && r.refusal.code, "policy_denied");
    const d = await g.admit(call("gpt-4o", { max_tokens: 5 }, { feature: "trial" }));
    assert.equal(d.kind, "forward");
    assert.equal(d.kind === "forward" && d.tags?.["governance.dry_run"], "trial:deny_models");
    assert.equal(g.dryRunCounts.get("trial:deny_models"), 1);
    g.close();
  });

  it("limits requests per minute per key, and the next minute is open again", async () => {
    const limited: Policy = { name: "bulk", match: { feature: "bulk" }, rateLimit: { requestsPerMinute: 2, per: "key" } };
    const { g, clock } = governor([], [limited]);
    const who = { feature: "bulk", api_key_id: "k1" };
    const a = call("gpt-4o-mini", { max_tokens: 5 }, who);
    assert.equal((await g.admit(a)).kind, "forward");
    g.onEvent(eventFor(a, 14, 5));
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 5 }, who))).kind, "forward");
    const third = await g.admit(call("gpt-4o-mini", { max_tokens: 5 }, who));
    assert.equal(third.kind === "refuse" && third.refusal.code, "rate_limited");
    // another key has its own count
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 5 }, { ...who, api_key_id: "k2" }))).kind, "forward");
    clock.now += 60_000;
    assert.equal((await g.admit(call("gpt-4o-mini", { max_tokens: 5 }, who))).kind, "forward");
    g.close();
  });
});

describe("Governor: holds survive a restart", () => {
  it("holds again, at start, what calls in flight at a kill had reserved, until their TTL", async () => {
    const journal = join(dir, "spool.jsonl.holds");
    const first = governor([block("0.001")], [], { journal, ttlMs: 120_000 });
    await first.g.admit(call("gpt-4o-mini", { max_tokens: 1000 }));
    const settled = call("gpt-4o-mini", { max_tokens: 10 });
    await first.g.admit(settled);
    first.g.onEvent(eventFor(settled, 14, 10));
    first.g.close(); // as a kill leaves it: one hold open, one ended

    const second = governor([block("0.001")], [], { journal, ttlMs: 120_000 });
    assert.equal(await second.g.replayHolds(), 1);
    assert.equal((await second.g.counters(second.g.budgets[0]!))?.reserved, 6_018_000_000n);
    assert.equal((await second.g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "refuse");
    second.clock.now += 120_001;
    assert.equal((await second.g.admit(call("gpt-4o-mini", { max_tokens: 1000 }))).kind, "forward");
    second.g.close();
  });
});

describe("Governor: the race", () => {
  it("1,000 concurrent calls on one block budget never settle above its limit, and nothing stays reserved", async () => {
    const { g } = governor([block("0.01")]);
    const calls = Array.from({ length: 1000 }, () => call("gpt-4o-mini", { max_tokens: 1000 }));
    const admitted = await Promise.all(calls.map((c) => g.admit(c)));
    const through = calls.filter((_, i) => admitted[i]!.kind === "forward");
    // each holds $0.0006018: floor(0.01 / 0.0006018) = 16 fit
    assert.equal(through.length, 16);
    // each really used all of its 1,000 output tokens and 14 input: $0.0006021 (a little over its hold)
    for (const c of through) g.onEvent(eventFor(c, 14, 1000));
    const c = await g.counters(g.budgets[0]!);
    // 16 × 0.0006021 = 0.0096336 ≤ 0.01
    assert.deepEqual([c?.spent, c?.reserved], [96_336_000_000n, 0n]);
    // what is left (0.0003664) is below one call's hold: refused, and not because of a leaked hold
    const r = await g.admit(call("gpt-4o-mini", { max_tokens: 100 }));
    // 12 × 0.15/M + 100 × 0.6/M = 0.0000618 fits in the 0.0003664 left
    assert.equal(r.kind, "forward");
    g.close();
  });
});
