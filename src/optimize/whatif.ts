/**
 * The what-if engine: recorded events in (streamed, a page at a time), one change applied to
 * each, and the actual and counterfactual cost summed exactly, in total and per day.
 */
import { BUILTIN_CACHING_RULES } from "../pricing/builtin/caching.js";
import type { CachingRule } from "../pricing/caching.js";
import type { Catalog } from "../pricing/catalog.js";
import type { UsageEvent } from "../usage/event.js";
import { USAGE_FIELDS } from "../usage/usage.js";
import { describeChange, type Change } from "./change.js";
import { events as n, Tally, type Counterfactual } from "./counterfactual.js";
import { ExactSum, percentOf } from "./exact-sum.js";
import { modelSwitch } from "./model-switch.js";
import { promptCaching } from "./prompt-cache.js";
import { noRetries } from "./retries.js";
import { serviceMode } from "./service-mode.js";
import { inputTrim, outputCap } from "./token-limits.js";

export interface WhatIfOptions {
  catalog: Catalog;
  /** prompt-caching rules (default: the built-in ones) */
  cachingRules?: readonly CachingRule[];
}

export interface WhatIfDay {
  /** UTC day of the events */
  day: string;
  events: number;
  actual_usd: string;
  counterfactual_usd: string;
  saving_usd: string;
}

export interface WhatIfResult {
  change: string;
  /** every event read, unpriced ones included */
  events: number;
  actual_usd: string;
  counterfactual_usd: string;
  saving_usd: string;
  /** saving ÷ actual × 100, two places; null when actual is zero */
  saving_pct: string | null;
  assumptions: string[];
  /** excluded from both sides: unpriced as recorded, or not priceable under the change */
  unpriced_events: number;
  unpriced: { model: string; reason: string; events: number }[];
  /** priced differently under the change (removed ones included) */
  changed_events: number;
  removed_events: number;
  /** left at their actual cost */
  unchanged_events: number;
  /** of those, on models that do not offer the change (no batch or flex price, no caching rule) */
  not_eligible_events: number;
  unchanged_reasons: Record<string, number>;
  by_day: WhatIfDay[];
}

/** the change as a counterfactual over events */
export function counterfactualFor(change: Change, options: WhatIfOptions): Counterfactual {
  const { catalog } = options;
  const rules = options.cachingRules ?? BUILTIN_CACHING_RULES;
  switch (change.kind) {
    case "model":
      return modelSwitch(catalog, change, rules);
    case "batch":
    case "flex":
      return serviceMode(catalog, change.kind);
    case "cache":
      return promptCaching(catalog, rules, change.lifetime);
    case "cap-output":
      return outputCap(catalog, change.tokens);
    case "trim-input":
      return inputTrim(catalog, change.percent);
    case "no-retries":
      return noRetries();
  }
}

interface DaySums {
  events: number;
  actual: ExactSum;
  counterfactual: ExactSum;
}

/**
 * A what-if fed one event (or page) at a time, in time order, so a large slice never sits in memory.
 *
 * @example
 * const w = new WhatIf({ kind: "batch" }, { catalog: builtinCatalog() });
 * for (const page of pages) w.addAll(page);
 * w.result().saving_usd; // "12.5"
 */
export class WhatIf {
  private readonly counterfactual: Counterfactual;
  private readonly actual = new ExactSum();
  private readonly cf = new ExactSum();
  private readonly days = new Map<string, DaySums>();
  private readonly unchanged = new Tally();
  private readonly unpriced = new Map<string, { model: string; reason: string; events: number }>();
  private seen = 0;
  private unpricedAsRecorded = 0;
  private unpricedUnderChange = 0;
  private changed = 0;
  private removed = 0;

  constructor(
    readonly change: Change,
    options: WhatIfOptions,
  ) {
    this.counterfactual = counterfactualFor(change, options);
  }

  add(e: UsageEvent): void {
    this.seen++;
    if (!e.cost.priced || e.cost.total_usd === null) {
      this.unpricedAsRecorded++;
      this.skip(e.model, `unpriced as recorded: ${e.cost.unpriced_reason ?? "no price"}`);
      return;
    }
    const actual = e.cost.total_usd;
    if (billedNothing(e)) return this.count(e, actual, actual, "nothing billed");
    const out = this.counterfactual.apply(e);
    switch (out.kind) {
      case "same":
        return this.count(e, actual, actual, out.reason);
      case "removed":
        this.removed++;
        this.changed++;
        return this.count(e, actual, "0");
      case "priced":
        this.changed++;
        return this.count(e, actual, new ExactSum().addScaled(out.total, out.scale));
      case "unpriced":
        this.unpricedUnderChange++;
        return this.skip(out.model, out.reason);
    }
  }

  addAll(events: Iterable<UsageEvent>): this {
    for (const e of events) this.add(e);
    return this;
  }

  result(): WhatIfResult {
    const saving = this.actual.minus(this.cf);
    const reasons = Object.fromEntries(this.unchanged.counts);
    const notEligible = this.counterfactual.notEligible.reduce((s, r) => s + this.unchanged.get(r), 0);
    const assumptions = [
      ...this.counterfactual.assumptions(),
      "actual is each event's cost as stored in the ledger; the counterfactual is priced with the catalog in use, at each event's own date (run `tokenomics reprice` first if the catalog has changed since)",
    ];
    if (this.unpricedAsRecorded + this.unpricedUnderChange > 0) {
      assumptions.push(
        `${n(this.unpricedAsRecorded + this.unpricedUnderChange)} left out of both sides: ${n(this.unpricedAsRecorded)} unpriced as recorded, ${n(this.unpricedUnderChange)} priced as recorded but not priceable under the change (see unpriced)`,
      );
    }
    let unchangedEvents = 0;
    for (const v of this.unchanged.counts.values()) unchangedEvents += v;
    return {
      change: describeChange(this.change),
      events: this.seen,
      actual_usd: this.actual.toString(),
      counterfactual_usd: this.cf.toString(),
      saving_usd: saving.toString(),
      saving_pct: percentOf(saving, this.actual),
      assumptions,
      unpriced_events: this.unpricedAsRecorded + this.unpricedUnderChange,
      unpriced: [...this.unpriced.values()].sort((a, b) => b.events - a.events || a.model.localeCompare(b.model)),
      changed_events: this.changed,
      removed_events: this.removed,
      unchanged_events: unchangedEvents,
      not_eligible_events: notEligible,
      unchanged_reasons: reasons,
      by_day: [...this.days]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([day, d]) => ({
          day,
          events: d.events,
          actual_usd: d.actual.toString(),
          counterfactual_usd: d.counterfactual.toString(),
          saving_usd: d.actual.minus(d.counterfactual).toString(),
        })),
    };
  }

  private count(e: UsageEvent, actual: string, counterfactual: string | ExactSum, unchangedReason?: string): void {
    if (unchangedReason !== undefined) this.unchanged.add(unchangedReason);
    const day = e.ts.slice(0, 10);
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = { events: 0, actual: new ExactSum(), counterfactual: new ExactSum() }));
    d.events++;
    d.actual.add(actual);
    this.actual.add(actual);
    if (typeof counterfactual === "string") {
      d.counterfactual.add(counterfactual);
      this.cf.add(counterfactual);
    } else {
      d.counterfactual.addSum(counterfactual);
      this.cf.addSum(counterfactual);
    }
  }

  private skip(model: string, reason: string): void {
    const key = `${model}\n${reason}`;
    const u = this.unpriced.get(key);
    if (u) u.events++;
    else this.unpriced.set(key, { model, reason, events: 1 });
  }
}

/** a proxy cache hit, or a call that consumed nothing: it costs nothing under any change */
function billedNothing(e: UsageEvent): boolean {
  if (e.request.cache_hit === true) return true;
  for (const f of USAGE_FIELDS) if (f !== "requests" && e.usage[f] !== 0) return false;
  return true;
}

/**
 * Runs a what-if over events or pages of events (sync or async iterables), in time order.
 * @example await whatIf(store pages, { kind: "model", model: "gpt-4o-mini" }, { catalog })
 */
export async function whatIf(
  source: Iterable<UsageEvent | readonly UsageEvent[]> | AsyncIterable<UsageEvent | readonly UsageEvent[]>,
  change: Change,
  options: WhatIfOptions,
): Promise<WhatIfResult> {
  const w = new WhatIf(change, options);
  for await (const item of source) {
    if (Array.isArray(item)) w.addAll(item as readonly UsageEvent[]);
    else w.add(item as UsageEvent);
  }
  return w.result();
}
