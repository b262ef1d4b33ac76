/**
 * The contract every change implements: one recorded event in, what it would have cost
 * instead out. The engine (`./whatif.ts`) sums the outcomes; a change keeps its own counts and
 * says what it assumed.
 */
import type { Catalog } from "../pricing/catalog.js";
import type { Scaled } from "../pricing/money.js";
import { priceWith, type PriceOptions } from "../pricing/price.js";
import type { UsageEvent } from "../usage/event.js";
import type { Usage } from "../usage/usage.js";

export type Outcome =
  /** the change does not touch this event: it costs what it cost (`reason` is counted) */
  | { kind: "same"; reason: string }
  /** the call would not have been made */
  | { kind: "removed" }
  /** the counterfactual cost, exactly: 10^-scale USD */
  | { kind: "priced"; total: Scaled; scale: number }
  /** it cannot be priced under the change: excluded from both sides */
  | { kind: "unpriced"; model: string; reason: string };

export interface Counterfactual {
  /** events must come in time order (the cache simulation reads inter-arrival times) */
  apply(event: UsageEvent): Outcome;
  /** what the numbers rest on, with the counts of the events seen */
  assumptions(): string[];
  /** reasons counted as "the model does not offer it" (batch, flex, caching): `not_eligible_events` */
  readonly notEligible: readonly string[];
}

/** the pricing mode the call was recorded with: batch, service tier, customer */
export function recordedMode(e: UsageEvent): PriceOptions {
  const mode: PriceOptions = {};
  if (e.request.batch) mode.batch = true;
  if (e.request.service_tier) mode.tier = e.request.service_tier;
  if (e.attribution.customer) mode.customer = e.attribution.customer;
  return mode;
}

/** a usage priced as an outcome; counts that cannot be priced (fractional, negative) are unpriced */
export function priceOutcome(catalog: Catalog, u: Usage, model: string, at: string, mode: PriceOptions): Outcome {
  try {
    const r = priceWith(catalog, u, model, at, mode);
    return r.priced ? { kind: "priced", total: r.total, scale: r.scale } : { kind: "unpriced", model, reason: r.reason };
  } catch (e) {
    return { kind: "unpriced", model, reason: (e as Error).message };
  }
}

/** a counter of reasons, in first-seen order */
export class Tally {
  readonly counts = new Map<string, number>();
  add(reason: string, n = 1): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
  }
  get(reason: string): number {
    return this.counts.get(reason) ?? 0;
  }
}

/** "3 events" / "1 event" */
export function events(n: number): string {
  return `${n.toLocaleString("en-US")} event${n === 1 ? "" : "s"}`;
}
