/**
 * The savings scan: every opportunity a ledger's profile shows, priced exactly on the recorded
 * traffic and ranked by USD per month. Each comes with its assumptions and the `tokenomics
 * whatif` command that reproduces its saving on the same slice.
 *
 * Kinds found here:
 * - `model`: a feature on a model whose outputs are short (p95 ≤ 256 tokens: classifying, extracting, routing) where the same
 *   provider has a cheaper model with the same tokenizer (see `cheaperModel`);
 * - `batch`: latency-tolerant work not on batch: a feature whose calls come in bulk (≥ 80% of
 *   them inside 3 hours of the day, at least 100 calls), on a model with a batch price;
 * - `output-tail`: a long tail of output lengths (p99 ≥ 3 × p50), capped at the p95;
 * - `retries`: the cost of retried attempts and failed calls.
 */
import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import { sumDecimals } from "../shared/decimal.js";
import { cheaperModel } from "./cheaper-model.js";
import type { HourRow, OutputSpreadRow, UsageProfile, UsageProfileRow } from "./profile-rows.js";
import { priceRow } from "./row-pricing.js";

export type OpportunityKind = "model" | "batch" | "output-tail" | "retries";

export interface Opportunity {
  kind: OpportunityKind;
  /** the slice it applies to: dimension → value (and `resolved_model` where the change is per model) */
  scope: Record<string, string>;
  events: number;
  actual_usd: string;
  saving_usd: string;
  saving_usd_per_month: string;
  assumptions: string[];
  /** the `tokenomics whatif` command that reproduces the saving */
  whatif: string;
  /** what was measured to find it (the model suggested, output quantiles, the busiest hours…) */
  evidence: Record<string, string | number>;
}

export interface SavingsReport {
  opportunities: Opportunity[];
  total_saving_usd_per_month: string;
  /** days the scan covers (the per-month figures are its savings × 30.4375 ÷ days) */
  days: number;
  events: number;
  unpriced_events: number;
}

export interface SavingsOptions {
  /** the prompt thresholds the profile was split at (`promptThresholds(catalog)`) */
  thresholds: readonly number[];
  /** days the window covers */
  days: number;
  /** the window as `whatif` flags ("--period 2026-11" or "--from … --to …"), for the reproducing command */
  windowFlags: string;
  /** the --where conditions the scan ran with, repeated in each reproducing command */
  whereFlags?: readonly string[];
  /** drop opportunities saving less than this per month (decimal USD) */
  minUsdPerMonth?: string;
}

/** average days per month (365.25 / 12): per-month figures are the window's saving scaled by it */
const DAYS_PER_MONTH = "30.4375";
const SHORT_OUTPUT_P95 = 256;
const BULK_SHARE = 0.8;
const BULK_HOURS = 3;
const BULK_MIN_CALLS = 100;
const TAIL_RATIO = 3;

export function findSavings(catalog: Catalog, profile: UsageProfile, options: SavingsOptions): SavingsReport {
  const found: Omit<Opportunity, "saving_usd_per_month" | "whatif">[] = [];
  const whatifs = new Map<Omit<Opportunity, "saving_usd_per_month" | "whatif">, string>();
  const groups = groupBy(profile.rows, (r) => key(r.dimensions));
  const modelGroups = groupBy(profile.rows, (r) => key(r.dimensions, r.model));
  const spreads = new Map(profile.outputs.map((o) => [key(o.dimensions, o.model), o]));
  const hours = new Map(profile.hours.map((h) => [key(h.dimensions), h]));
  const flags = (scope: Record<string, string>, change: string): string =>
    [
      "tokenomics whatif",
      ...[...new Set([...(options.whereFlags ?? []), ...Object.entries(scope).map(([k, v]) => `${k}=${v}`)])].map((w) => `--where ${shellWord(w)}`),
      options.windowFlags,
      change,
    ]
      .filter((p) => p !== "")
      .join(" ");
  const add = (o: Omit<Opportunity, "saving_usd_per_month" | "whatif">, change: string): void => {
    if (new Big(o.saving_usd).lte(0)) return;
    found.push(o);
    whatifs.set(o, flags(o.scope, change));
  };

  // a group with an unset dimension has no --where that selects exactly it: it is not reported
  const selectable = (r: UsageProfileRow): boolean => Object.values(r.dimensions).every((v) => v !== null);
  for (const rows of modelGroups.values()) {
    const first = rows[0]!;
    if (!selectable(first)) continue;
    const priced = rows.filter((r) => r.priced);
    if (priced.length === 0) continue;
    const scope = { ...scopeOf(first.dimensions), resolved_model: first.model };
    const spread = spreads.get(key(first.dimensions, first.model));
    const model = modelOpportunity(catalog, priced, spread, scope, options);
    if (model) add(model.opportunity, `--model ${model.to}`);
    const tail = tailOpportunity(catalog, priced, spread, scope, options);
    if (tail) add(tail.opportunity, `--cap-output ${tail.cap}`);
  }
  for (const rows of groups.values()) {
    const first = rows[0]!;
    if (!selectable(first)) continue;
    const scope = scopeOf(first.dimensions);
    const batch = batchOpportunity(catalog, rows, hours.get(key(first.dimensions)), scope, options);
    if (batch) add(batch, "--batch");
    const retries = retryOpportunity(rows, scope);
    if (retries) add(retries, "--no-retries");
  }

  const perMonth = (usd: string): string => new Big(usd).times(DAYS_PER_MONTH).div(options.days).round(6, Big.roundHalfEven).toFixed();
  let opportunities: Opportunity[] = found.map((o) => ({ ...o, saving_usd_per_month: perMonth(o.saving_usd), whatif: whatifs.get(o)! }));
  if (options.minUsdPerMonth !== undefined) {
    const min = new Big(options.minUsdPerMonth);
    opportunities = opportunities.filter((o) => new Big(o.saving_usd_per_month).gte(min));
  }
  opportunities.sort(
    (a, b) => new Big(b.saving_usd_per_month).cmp(a.saving_usd_per_month) || a.kind.localeCompare(b.kind) || key(a.scope).localeCompare(key(b.scope)),
  );
  return {
    opportunities,
    total_saving_usd_per_month: sumDecimals(opportunities.map((o) => o.saving_usd_per_month)),
    days: options.days,
    events: profile.rows.reduce((n, r) => n + r.events, 0),
    unpriced_events: profile.rows.filter((r) => !r.priced).reduce((n, r) => n + r.events, 0),
  };
}

function modelOpportunity(
  catalog: Catalog,
  rows: readonly UsageProfileRow[],
  spread: OutputSpreadRow | undefined,
  scope: Record<string, string>,
  options: SavingsOptions,
): { opportunity: Omit<Opportunity, "saving_usd_per_month" | "whatif">; to: string } | undefined {
  if (!spread || spread.p95 > SHORT_OUTPUT_P95) return undefined;
  const lastDay = rows
    .map((r) => r.day)
    .sort()
    .at(-1)!;
  const to = cheaperModel(catalog, rows[0]!.model, lastDay);
  if (!to) return undefined;
  const actual: string[] = [];
  const counterfactual: string[] = [];
  let events = 0;
  let left = 0;
  for (const r of rows) {
    const priced = priceRow(catalog, { ...r, model: to.id }, options.thresholds, { batch: r.batch, tier: r.service_tier });
    // a row the other model cannot price the same way (not yet released that day, no batch price) stays as it is
    if (typeof priced !== "string") {
      left += r.events;
      continue;
    }
    actual.push(r.total_usd);
    counterfactual.push(priced);
    events += r.events;
  }
  if (events === 0) return undefined;
  const a = sumDecimals(actual);
  const c = sumDecimals(counterfactual);
  return {
    to: to.id,
    opportunity: {
      kind: "model",
      scope,
      events,
      actual_usd: a,
      saving_usd: new Big(a).minus(c).toFixed(),
      assumptions: [
        `the same calls on ${to.id}, priced at each call's date with its batch or tier mode`,
        `token counts carried over: ${rows[0]!.model} and ${to.id} share a tokenizer`,
        `outputs are short (p95 ${spread.p95} tokens): check quality on this feature before switching`,
        ...(left > 0 ? [`${left} calls left as they are: ${to.id} has no price for them at their date or mode`] : []),
      ],
      evidence: { from_model: rows[0]!.model, to_model: to.id, output_p50: spread.p50, output_p95: spread.p95 },
    },
  };
}

function tailOpportunity(
  catalog: Catalog,
  rows: readonly UsageProfileRow[],
  spread: OutputSpreadRow | undefined,
  scope: Record<string, string>,
  options: SavingsOptions,
): { opportunity: Omit<Opportunity, "saving_usd_per_month" | "whatif">; cap: number } | undefined {
  if (!spread || spread.p95 <= 0 || spread.p99 < TAIL_RATIO * Math.max(1, spread.p50)) return undefined;
  const savings: string[] = [];
  const actual: string[] = [];
  let events = 0;
  for (const r of rows) {
    actual.push(r.total_usd);
    events += r.events;
    if (r.output_above_p95 === 0) continue;
    const tokens = { ...zero(r.tokens), output: r.output_above_p95 };
    const priced = priceRow(catalog, { ...r, tokens }, options.thresholds, { batch: r.batch, tier: r.service_tier });
    if (typeof priced === "string") savings.push(priced);
  }
  const saving = sumDecimals(savings);
  return {
    cap: spread.p95,
    opportunity: {
      kind: "output-tail",
      scope,
      events,
      actual_usd: sumDecimals(actual),
      saving_usd: saving,
      assumptions: [
        `output above ${spread.p95} tokens (this slice's p95) priced as ${spread.p95}: an upper bound, since answers cut there may be truncated`,
        "set max_tokens near the p95, or ask for shorter answers",
      ],
      evidence: { output_p50: spread.p50, output_p95: spread.p95, output_p99: spread.p99 },
    },
  };
}

function batchOpportunity(
  catalog: Catalog,
  rows: readonly UsageProfileRow[],
  hours: HourRow | undefined,
  scope: Record<string, string>,
  options: SavingsOptions,
): Omit<Opportunity, "saving_usd_per_month" | "whatif"> | undefined {
  if (!hours) return undefined;
  const bulk = busiestHours(hours.hours, BULK_HOURS);
  const calls = hours.hours.reduce((a, b) => a + b, 0);
  if (calls < BULK_MIN_CALLS || bulk.calls < BULK_SHARE * calls) return undefined;
  const actual: string[] = [];
  const counterfactual: string[] = [];
  let events = 0;
  let without = 0;
  for (const r of rows) {
    if (!r.priced || r.batch) continue;
    const priced = priceRow(catalog, r, options.thresholds, { batch: true });
    if (typeof priced !== "string") {
      without += r.events;
      continue;
    }
    actual.push(r.total_usd);
    counterfactual.push(priced);
    events += r.events;
  }
  if (events === 0) return undefined;
  const a = sumDecimals(actual);
  return {
    kind: "batch",
    scope,
    events,
    actual_usd: a,
    saving_usd: new Big(a).minus(sumDecimals(counterfactual)).toFixed(),
    assumptions: [
      `${Math.round((bulk.calls / calls) * 100)}% of the calls come between ${pad(bulk.start)}:00 and ${pad((bulk.start + BULK_HOURS) % 24)}:00 UTC: work that can wait for a batch (up to 24 h)`,
      "priced at each model's batch rates; calls on models without a batch price are left as they are",
      ...(without > 0 ? [`${without} calls are on models without a batch price`] : []),
    ],
    evidence: { bulk_share: Math.round((bulk.calls / calls) * 1000) / 1000, bulk_from_hour_utc: bulk.start, calls_without_batch_price: without },
  };
}

function retryOpportunity(rows: readonly UsageProfileRow[], scope: Record<string, string>): Omit<Opportunity, "saving_usd_per_month" | "whatif"> | undefined {
  const wasted = rows.filter((r) => r.wasted && r.priced);
  if (wasted.length === 0) return undefined;
  const saving = sumDecimals(wasted.map((r) => r.total_usd));
  return {
    kind: "retries",
    scope,
    events: rows.reduce((n, r) => n + r.events, 0),
    actual_usd: sumDecimals(rows.filter((r) => r.priced).map((r) => r.total_usd)),
    saving_usd: saving,
    assumptions: [
      "the cost of retried attempts and calls that did not end ok, removed: what each interaction would cost if its first try succeeded (α → 1)",
      "fewer retries need the failures' causes fixed (timeouts, rate limits, bad requests): the saving is the ceiling",
    ],
    evidence: { wasted_calls: wasted.reduce((n, r) => n + r.events, 0) },
  };
}

/** the `width` consecutive hours of the day (wrapping at midnight) with the most calls */
export function busiestHours(hours: readonly number[], width: number): { start: number; calls: number } {
  let best = { start: 0, calls: -1 };
  for (let start = 0; start < 24; start++) {
    let calls = 0;
    for (let i = 0; i < width; i++) calls += hours[(start + i) % 24] ?? 0;
    if (calls > best.calls) best = { start, calls };
  }
  return best;
}

const pad = (h: number): string => String(h).padStart(2, "0");

function zero<T extends object>(tokens: T): T {
  return Object.fromEntries(Object.keys(tokens).map((k) => [k, 0])) as T;
}

function scopeOf(dimensions: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(dimensions)) if (v !== null) out[k] = v;
  return out;
}

function key(dimensions: Record<string, string | null>, model?: string): string {
  return JSON.stringify(model === undefined ? dimensions : [dimensions, model]);
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = keyOf(t);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(t);
  }
  return out;
}

/** a word a POSIX shell reads back as itself */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_.,:=/@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
