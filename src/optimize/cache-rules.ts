/** the caching rule a model follows on a day, resolved for pricing, and who shares a cache */
import { cachingRuleFor, lifetimeOf, type CacheLifetime, type CachingRule } from "../pricing/caching.js";
import type { ModelEntry, PriceVersion } from "../pricing/catalog-schema.js";
import type { UsageEvent } from "../usage/event.js";

export interface ResolvedCaching {
  rule: CachingRule;
  lifetime: CacheLifetime;
  /** the class a write bills at; undefined: writing is free */
  writeClass: "cache_write" | "cache_write_1h" | undefined;
}

/**
 * The model's caching rule on the call's date and the lifetime used (the one named where the
 * rule has it, else its default); undefined when the model does not cache.
 */
export function caching(
  rules: readonly CachingRule[],
  model: ModelEntry,
  version: PriceVersion,
  at: string,
  lifetimeName?: string,
): ResolvedCaching | undefined {
  const rule = cachingRuleFor(rules, model.provider, model.id, at, version.rates.cached_input !== undefined);
  if (!rule) return undefined;
  // a lifetime the rule does not offer (1h on an automatic cache): its default
  const lifetime = lifetimeOf(rule, lifetimeName) ?? rule.lifetimes[0]!;
  return { rule, lifetime, writeClass: lifetime.write_class };
}

/** a cache is shared by calls of one provider and model, sent by one org with one API key */
export function cacheScope(model: ModelEntry, e: UsageEvent): string {
  return JSON.stringify([model.provider, model.id, e.attribution.org ?? null, e.attribution.api_key_id ?? null]);
}
