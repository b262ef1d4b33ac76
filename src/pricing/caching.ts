import { z } from "zod";

/**
 * Prompt-caching rules as data: when a provider caches a prompt prefix, how long it lives, how
 * small a prefix it refuses, and which rate class a write and a read bill at. Dated like price
 * versions, with their sources. The rates themselves stay in the catalog (`cached_input`,
 * `cache_write`, `cache_write_1h`); a rule only says which of them apply.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const decimalString = z.string().regex(/^\d+(\.\d+)?$/);

/** one lifetime a cache entry can be written with, and what the write bills at */
export const CacheLifetimeSchema = z.strictObject({
  /** "5m", "1h", "auto" */
  name: z.string().min(1),
  /** an entry unused this long is gone (each hit refreshes it) */
  ttl_seconds: z.number().int().positive(),
  /** the catalog rate class a write bills at; absent: writing is free (the tokens bill as plain input) */
  write_class: z.enum(["cache_write", "cache_write_1h"]).optional(),
  /** the write price as a multiple of the input price, as published (the catalog's rate is what prices it) */
  write_multiplier: decimalString.optional(),
});

export const CachingRuleSchema = z.strictObject({
  provider: z.string().min(1),
  /** catalog model ids it covers; absent: every model of the provider whose price has a `cached_input` rate */
  models: z.array(z.string().min(1)).optional(),
  from: isoDate,
  /** explicit: the caller marks breakpoints (cache_control); automatic: every long-enough prompt is cached */
  mode: z.enum(["explicit", "automatic"]),
  /** a prefix shorter than this is never cached */
  min_prefix_tokens: z.number().int().positive(),
  /** cached token counts come in multiples of this (OpenAI: 128) */
  step_tokens: z.number().int().positive().optional(),
  /** explicit mode: breakpoints a request may carry */
  max_breakpoints: z.number().int().positive().optional(),
  /** a read as a multiple of the input price, as published */
  read_multiplier: decimalString.optional(),
  /** the first is the default */
  lifetimes: z.array(CacheLifetimeSchema).min(1),
  /** who shares a cache entry, in words */
  scope: z.string().min(1),
  source: z.string().min(1),
  retrieved: isoDate,
  note: z.string().optional(),
});

export type CacheLifetime = z.infer<typeof CacheLifetimeSchema>;
export type CachingRule = z.infer<typeof CachingRuleSchema>;

/**
 * The rule in force for a model on a day: a rule naming the model beats a provider-wide one;
 * among those, the latest `from` not after the day. A provider-wide rule covers only models
 * whose price has a read rate (`hasReadRate`).
 *
 * @example
 * cachingRuleFor(BUILTIN_CACHING_RULES, "anthropic", "claude-sonnet-4-5", "2025-10-01")?.min_prefix_tokens; // 1024
 */
export function cachingRuleFor(rules: readonly CachingRule[], provider: string, modelId: string, at: string, hasReadRate = true): CachingRule | undefined {
  const day = at.slice(0, 10);
  const p = provider.toLowerCase();
  const id = modelId.toLowerCase();
  let named: CachingRule | undefined;
  let wide: CachingRule | undefined;
  for (const r of rules) {
    if (r.provider.toLowerCase() !== p || r.from > day) continue;
    if (r.models) {
      if (r.models.some((m) => m.toLowerCase() === id) && (!named || r.from >= named.from)) named = r;
    } else if (hasReadRate && (!wide || r.from >= wide.from)) wide = r;
  }
  return named ?? wide;
}

/** a rule's lifetime by name (the default, the first, when no name is given); undefined when it has none of that name */
export function lifetimeOf(rule: CachingRule, name?: string): CacheLifetime | undefined {
  return name === undefined ? rule.lifetimes[0] : rule.lifetimes.find((l) => l.name === name);
}
