import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateDemo } from "./generate.js";
import { demoOutcomes } from "./outcomes.js";

const END = "2026-11-30";
const outcomes = [...demoOutcomes({ end: END, seed: 42 })];

describe("demoOutcomes", () => {
  it("is deterministic for a seed, and differs between seeds", () => {
    assert.deepEqual([...demoOutcomes({ end: END, seed: 42 })], outcomes);
    assert.notDeepEqual([...demoOutcomes({ end: END, seed: 43, days: 3 })].slice(0, 20), outcomes.slice(0, 20));
  });

  it("gives each production interaction of support-bot, code-review and email-drafts one outcome", () => {
    const records = generateDemo({ end: END, seed: 42 });
    const traces = new Map<string, { feature: string; environment: string }>();
    for (const r of records)
      if (r.interaction.trace_id) traces.set(r.interaction.trace_id, { feature: r.attribution.feature!, environment: r.attribution.environment! });
    const wanted = [...traces].filter(([, t]) => t.environment === "prod" && ["support-bot", "code-review", "email-drafts"].includes(t.feature));
    assert.equal(outcomes.length, wanted.length);
    assert.equal(new Set(outcomes.map((o) => o.id)).size, outcomes.length);
    for (const o of outcomes) assert.ok(traces.has(o.trace_id), o.trace_id);
  });

  it("resolves about 70 % of tickets, accepts about 55 % of suggestions and converts about 8 % of emails", () => {
    const rate = (kind: string) => {
      const of = outcomes.filter((o) => o.kind === kind);
      return of.filter((o) => o.success).length / of.length;
    };
    // the recipe's chance, less the interactions whose last call failed
    assert.ok(Math.abs(rate("resolved_ticket") - 0.7) < 0.03, String(rate("resolved_ticket")));
    assert.ok(Math.abs(rate("accepted_suggestion") - 0.55) < 0.06, String(rate("accepted_suggestion")));
    assert.ok(Math.abs(rate("conversion") - 0.08) < 0.03, String(rate("conversion")));
    for (const o of outcomes) assert.equal(o.value_usd !== undefined, o.kind === "conversion" && o.success, o.id);
  });
});
