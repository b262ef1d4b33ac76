import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { UsageRecord } from "../usage/event.js";
import { builtinCatalog } from "../pricing/builtin/index.js";
import { priceWith } from "../pricing/price.js";
import { USAGE_FIELDS } from "../usage/usage.js";
import { DAY_MS } from "./calendar.js";
import { FEATURES } from "./features.js";
import { demoRange, demoRecords, generateDemo } from "./generate.js";
import { INTERNAL_MODEL } from "./models.js";

const END = "2026-11-30";
const month = generateDemo({ end: END, seed: 42 });

/** a record without the parts that legitimately move with the window */
function content(r: UsageRecord): Omit<UsageRecord, "id" | "ts"> {
  const { id: _id, ts: _ts, ...rest } = r;
  return rest;
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe("generateDemo", () => {
  it("is deterministic for a seed, and differs between seeds", () => {
    assert.deepEqual(generateDemo({ end: END, seed: 42 }), month);
    const other = generateDemo({ end: END, seed: 43 });
    assert.notDeepEqual(other.slice(0, 50).map(content), month.slice(0, 50).map(content));
    assert.equal(other[0]!.id, "demo:43:1");
  });

  it("gives the same records with dates moved when the end moves by whole weeks", () => {
    const later = generateDemo({ end: "2026-12-14", seed: 42 });
    assert.equal(later.length, month.length);
    for (let i = 0; i < month.length; i++) {
      const a = month[i]!;
      const b = later[i]!;
      assert.equal(b.id, a.id);
      assert.equal(Date.parse(b.ts) - Date.parse(a.ts), 14 * DAY_MS);
      assert.deepEqual(content(b), content(a));
    }
  });

  it("keeps every call inside the window of whole UTC days ending with `end`", () => {
    const range = demoRange({ end: END });
    assert.deepEqual(range, { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
    for (const r of month) {
      assert.match(r.ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.ok(r.ts >= range.from && r.ts < range.to, r.ts);
    }
    // every day has traffic, and the records come in time order
    assert.equal(countBy(month, (r) => r.ts.slice(0, 10)).size, 30);
    for (let i = 1; i < month.length; i++) assert.ok(month[i - 1]!.ts <= month[i]!.ts, month[i]!.id);
  });

  it("produces 20–40k calls a month at scale 1, with stable sequential ids", () => {
    assert.ok(month.length > 20_000 && month.length < 40_000, `${month.length}`);
    for (const [i, r] of month.entries()) assert.equal(r.id, `demo:42:${i + 1}`);
  });

  it("counts only non-negative integers, one request per call, and keeps the usage as raw", () => {
    for (const r of month) {
      for (const f of USAGE_FIELDS) assert.ok(Number.isInteger(r.usage[f]) && r.usage[f] >= 0, `${r.id} ${f}=${r.usage[f]}`);
      assert.equal(r.usage.requests, 1);
      assert.deepEqual(r.source, { kind: "demo", convention: "disjoint", raw_usage: r.usage });
      // prompt-cache reads are billed (at the cached rate); cache_hit means a proxy answered, unbilled
      assert.equal(r.request.cache_hit, undefined);
    }
  });

  it("prices every call with the built-in catalog except ~0.5% to a model the catalog lacks", () => {
    const catalog = builtinCatalog();
    let unpriced = 0;
    for (const r of month) {
      const outcome = priceWith(catalog, r.usage, r.model, r.ts.slice(0, 10), { batch: r.request.batch === true });
      if (outcome.priced) continue;
      assert.equal(r.model, INTERNAL_MODEL, `${r.model}: ${outcome.reason}`);
      assert.equal(r.attribution.tags?.experiment, "internal-llm");
      unpriced++;
    }
    const share = unpriced / month.length;
    assert.ok(share > 0.0025 && share < 0.01, `unpriced share ${share}`);
  });

  it("retries failed calls within their trace", () => {
    const retries = month.filter((r) => r.interaction.is_retry);
    assert.ok(retries.length > 100, `${retries.length} retries`);
    const byTrace = new Map<string, UsageRecord[]>();
    for (const r of month) byTrace.set(r.interaction.trace_id!, [...(byTrace.get(r.interaction.trace_id!) ?? []), r]);
    for (const retry of retries) {
      const attempt = retry.interaction.attempt!;
      assert.ok(attempt >= 2);
      const trace = byTrace.get(retry.interaction.trace_id!)!;
      const failed = trace.find((r) => r.interaction.attempt === attempt - 1 && r.request.status === "error" && r.ts <= retry.ts);
      assert.ok(failed, `retry ${retry.id} has no failed attempt before it`);
    }
    assert.ok(month.some((r) => r.request.status === "cancelled"));
  });

  it("fans agents out into tool-call turns that reuse the cached conversation", () => {
    const tools = month.filter((r) => r.interaction.is_tool_call);
    assert.ok(tools.length / month.length > 0.1, `${tools.length} tool calls`);
    const agents = new Set(tools.map((r) => r.attribution.feature));
    assert.ok(agents.has("support-bot") && agents.has("onboarding-agent") && agents.has("code-review"));
    // every call of a trace hangs off the same parent span
    const parents = new Map<string, string>();
    for (const r of month) {
      const p = parents.get(r.interaction.trace_id!);
      if (p === undefined) parents.set(r.interaction.trace_id!, r.interaction.parent_span_id!);
      else assert.equal(r.interaction.parent_span_id, p);
    }
    const cachedTools = tools.filter((r) => r.usage.cached_input > 0).length;
    assert.ok(cachedTools / tools.length > 0.5);
  });

  it("uses each provider's cache classes and thinks only on reasoning models", () => {
    const anthropic = month.filter((r) => r.provider === "anthropic");
    assert.ok(anthropic.some((r) => r.usage.cache_write > 0));
    assert.ok(anthropic.some((r) => r.usage.cache_write_1h > 0));
    assert.ok(anthropic.every((r) => r.usage.reasoning === 0));
    const openai = month.filter((r) => r.provider === "openai");
    assert.ok(openai.some((r) => r.usage.cached_input > 0));
    assert.ok(openai.every((r) => r.usage.cache_write === 0 && r.usage.cached_input % 128 === 0));
    assert.ok(month.filter((r) => r.model === "o3").some((r) => r.usage.reasoning > r.usage.output));
    assert.ok(month.filter((r) => r.model === "gpt-4o-mini").every((r) => r.usage.reasoning === 0));
  });

  it("sends the embeddings backfill through the batch api at night", () => {
    const batch = month.filter((r) => r.request.batch);
    assert.ok(batch.length > 0);
    for (const r of batch) {
      assert.equal(r.attribution.feature, "embeddings-backfill");
      assert.equal(r.model, "text-embedding-3-small");
      assert.ok(["01", "02", "03"].includes(r.ts.slice(11, 13)));
    }
  });

  it("spreads customers heavy-tailed, and covers every team, feature and environment", () => {
    const calls = [...countBy(month, (r) => r.attribution.customer).values()].sort((a, b) => b - a);
    assert.equal(calls.length, 25);
    const median = calls[12]!;
    assert.ok(calls[0]! > 5 * median, `top ${calls[0]} vs median ${median}`);
    assert.deepEqual(new Set(month.map((r) => r.attribution.team)), new Set(["support", "search", "growth", "platform"]));
    assert.deepEqual(new Set(month.map((r) => r.attribution.feature)), new Set(FEATURES.map((f) => f.name)));
    const envs = countBy(month, (r) => r.attribution.environment);
    assert.ok(envs.get("staging")! > 0 && envs.get("staging")! < envs.get("prod")! / 5);
  });

  it("is busier on weekdays than weekends, and grows towards the end", () => {
    const perDay = countBy(month, (r) => r.ts.slice(0, 10));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const weekend = [...perDay].filter(([d]) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())).map(([, n]) => n);
    const weekday = [...perDay].filter(([d]) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())).map(([, n]) => n);
    assert.ok(mean(weekday) > 1.4 * mean(weekend));
    const days = [...perDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, n]) => n);
    assert.ok(mean(days.slice(-7)) > mean(days.slice(0, 7)));
  });

  it("backtests on 90 days: the last 30 are exactly the 30-day demo", () => {
    const quarter = generateDemo({ end: END, days: 90, seed: 42 });
    assert.ok(quarter.length > 2.5 * month.length);
    assert.equal(quarter[0]!.ts.slice(0, 10), "2026-09-02");
    const tail = quarter.slice(quarter.length - month.length);
    assert.deepEqual(tail.map(content), month.map(content));
    assert.deepEqual(
      tail.map((r) => r.ts),
      month.map((r) => r.ts),
    );
  });

  it("streams a year one day at a time", () => {
    let n = 0;
    let first = "";
    let last = "";
    for (const r of demoRecords({ end: END, days: 365, scale: 0.05 })) {
      if (n++ === 0) first = r.ts;
      last = r.ts;
    }
    assert.ok(n > 3_000, `${n}`);
    assert.equal(first.slice(0, 10), "2025-12-01");
    assert.equal(last.slice(0, 10), END);
  });

  it("scales the traffic", () => {
    const small = generateDemo({ end: END, days: 7, scale: 0.5 }).length;
    const large = generateDemo({ end: END, days: 7, scale: 2 }).length;
    assert.ok(large > 3 * small && large < 5 * small, `${small} vs ${large}`);
  });

  it("rejects bad options", () => {
    assert.throws(() => generateDemo({ days: 0 }), RangeError);
    assert.throws(() => generateDemo({ days: 1.5 }), RangeError);
    assert.throws(() => generateDemo({ scale: 0 }), RangeError);
    assert.throws(() => generateDemo({ seed: 0.5 }), RangeError);
    assert.throws(() => generateDemo({ end: "yesterday" }), RangeError);
  });
});
