import type { EventCost, UsageEvent, UsageRecord } from "../usage/event.js";
import { USAGE_FIELDS } from "../usage/usage.js";
import type { Catalog } from "./catalog.js";
import { priceWith, type PriceOptions } from "./price.js";

/**
 * Price a usage record into a ledger event. Unpriceable records are kept and flagged — with
 * `total_usd: null` and the reason — never priced at zero.
 *
 * @example
 * const event = priceRecord(builtinCatalog(), record);
 * event.cost.total_usd; // "0.0075", or null with event.cost.unpriced_reason
 */
export function priceRecord(catalog: Catalog, record: UsageRecord, options: PriceOptions = {}): UsageEvent {
  return { ...record, cost: costOf(catalog, record, options) };
}

export function costOf(catalog: Catalog, record: UsageRecord, options: PriceOptions = {}): EventCost {
  // nothing billed (a cost-export line, a call that failed before any token, a cache hit): it
  // costs nothing whatever the model — that is not pricing an unknown model at zero
  // a proxy cache hit (LiteLLM's response cache, the gateway's) never reached the provider
  if (!consumedAnything(record.usage) || record.request.cache_hit === true) {
    const resolved = catalog.resolve(record.model, record.ts);
    return {
      priced: true,
      resolved_model: resolved.ok ? resolved.model.id : null,
      total_usd: "0",
      breakdown: {},
      version_from: resolved.ok ? resolved.version.from : null,
    };
  }
  const mode: PriceOptions = { ...options };
  if (record.request.batch) mode.batch = true;
  if (record.request.service_tier) mode.tier = record.request.service_tier;
  if (record.attribution.customer) mode.customer = record.attribution.customer;
  let r;
  try {
    r = priceWith(catalog, record.usage, record.model, record.ts, mode);
  } catch (e) {
    return unpriced(null, (e as Error).message);
  }
  if (!r.priced) {
    const resolved = catalog.resolve(record.model, record.ts);
    return unpriced(resolved.ok ? resolved.model.id : null, r.reason);
  }
  return { priced: true, resolved_model: r.model.id, total_usd: r.total_usd, breakdown: r.breakdown, version_from: r.version.from };
}

function consumedAnything(u: UsageRecord["usage"]): boolean {
  for (const f of USAGE_FIELDS) if (f !== "requests" && u[f] !== 0) return true;
  return false;
}

function unpriced(resolved: string | null, reason: string): EventCost {
  return { priced: false, resolved_model: resolved, total_usd: null, breakdown: {}, version_from: null, unpriced_reason: reason };
}
