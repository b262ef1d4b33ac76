/**
 * What the demo company's interactions achieved: support tickets resolved, code-review
 * suggestions accepted, drafted emails that converted. Drawn from streams of their own (seed,
 * day, feature + ":outcomes"), so the calls of `demoRecords` are exactly what they were without
 * outcomes, and the same options give the same outcomes.
 */
import type { Outcome } from "../ledger/outcome.js";
import { DAY_MS } from "./calendar.js";
import { demoRecords, resolve, type DemoOptions } from "./generate.js";
import { Rng, seedFrom } from "../shared/random.js";

interface Recipe {
  kind: string;
  /** chance that an interaction whose last call succeeded ends in success */
  success: number;
  /** minutes from the last call to the outcome (log-normal median) */
  delayMinutes: number;
  /** order values of a success, equally likely (exact decimals) */
  values?: readonly string[];
}

/** the features that record outcomes; the others (search, summaries, backfills) do not */
export const OUTCOME_RECIPES: Readonly<Record<string, Recipe>> = {
  "support-bot": { kind: "resolved_ticket", success: 0.7, delayMinutes: 20 },
  "code-review": { kind: "accepted_suggestion", success: 0.55, delayMinutes: 45 },
  "email-drafts": { kind: "conversion", success: 0.08, delayMinutes: 360, values: ["49.00", "99.00", "249.00"] },
};

interface TraceSeen {
  feature: string;
  staging: boolean;
  lastMs: number;
  lastOk: boolean;
}

/**
 * One outcome per production interaction of the features in `OUTCOME_RECIPES`, a day at a time,
 * in the order the interactions started. An interaction that gave up (its last call failed)
 * is recorded as a failure: the ticket was not resolved.
 *
 * @example
 * for (const o of demoOutcomes({ days: 30, end: "2026-10-31" })) o.kind; // "resolved_ticket", …
 */
export function* demoOutcomes(options: DemoOptions = {}): Generator<Outcome> {
  const { window, seed } = resolve(options);
  let day = -1;
  let traces = new Map<string, TraceSeen>();
  for (const r of demoRecords(options)) {
    const trace = r.interaction.trace_id;
    const feature = r.attribution.feature;
    if (trace === undefined || feature === undefined || !(feature in OUTCOME_RECIPES)) continue;
    const at = Date.parse(r.ts);
    // traces stop at midnight (see generate.ts), so a day's interactions are whole
    const d = Math.floor((at - window.startMs) / DAY_MS);
    if (d !== day) {
      yield* dayOutcomes(seed, window.days - 1 - day, traces);
      day = d;
      traces = new Map();
    }
    const seen = traces.get(trace) ?? { feature, staging: r.attribution.environment === "staging", lastMs: at, lastOk: false };
    seen.lastMs = at + (r.request.latency_ms ?? 0);
    seen.lastOk = r.request.status === "ok";
    traces.set(trace, seen);
  }
  yield* dayOutcomes(seed, window.days - 1 - day, traces);
}

function* dayOutcomes(seed: number, back: number, traces: ReadonlyMap<string, TraceSeen>): Generator<Outcome> {
  const streams = new Map<string, Rng>();
  for (const [trace_id, t] of traces) {
    if (t.staging) continue; // QA's test runs are nobody's ticket
    const recipe = OUTCOME_RECIPES[t.feature]!;
    let rng = streams.get(t.feature);
    if (!rng) streams.set(t.feature, (rng = new Rng(seedFrom(seed, back, `${t.feature}:outcomes`))));
    // the same draws for every interaction, whatever it gives: one change moves nothing else
    const lucky = rng.chance(recipe.success);
    const delayMs = Math.round(rng.logNormal(recipe.delayMinutes, 0.8) * 60_000);
    const value = recipe.values ? recipe.values[rng.int(0, recipe.values.length - 1)]! : undefined;
    const success = t.lastOk && lucky;
    yield {
      id: `demo:${seed}:outcome:${trace_id}`,
      trace_id,
      kind: recipe.kind,
      at: new Date(t.lastMs + delayMs).toISOString(),
      success,
      ...(success && value !== undefined ? { value_usd: value } : {}),
    };
  }
}
