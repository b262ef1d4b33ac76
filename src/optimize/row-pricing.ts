/**
 * Pricing a profile row (many calls of one model, one day, one mode, one long-context tier) in
 * one multiplication per token class. Exact: per-call pricing is linear within a row, so the
 * row's sums priced at its rates equal the sum of its calls priced one by one.
 */
import type { Catalog } from "../pricing/catalog.js";
import { formatScaled } from "../pricing/money.js";
import { rateCard } from "../pricing/rate-card.js";
import { USAGE_FIELDS, type Usage } from "../usage/usage.js";

export interface RowToPrice {
  model: string;
  day: string;
  tokens: Usage;
  over_thresholds: number;
}

export interface RowPriceOptions {
  batch?: boolean;
  tier?: string;
}

/**
 * The row's cost as a decimal string, or why it cannot be priced. `thresholds` are the prompt
 * sizes the profile was split at (ascending): a row over k of them pays the model's highest tier
 * at or below the k-th.
 */
export function priceRow(catalog: Catalog, row: RowToPrice, thresholds: readonly number[], options: RowPriceOptions = {}): string | { unpriced: string } {
  const tier = options.tier && options.tier !== "standard" && options.tier !== "default" ? options.tier : undefined;
  const card = rateCard(catalog, row.model, `${row.day}T12:00:00Z`, { ...(options.batch ? { batch: true } : {}), ...(tier ? { tier } : {}) });
  if (!card.priced) return { unpriced: card.reason };
  let rates = card.rates;
  if (row.over_thresholds > 0) {
    const passed = thresholds[row.over_thresholds - 1]!;
    const t = card.tiers.find((x) => x.above <= passed);
    if (t) rates = t.rates;
  }
  let total = 0n;
  for (let i = 0; i < USAGE_FIELDS.length; i++) {
    const n = row.tokens[USAGE_FIELDS[i]!];
    if (n === 0) continue;
    const rate = rates[i];
    if (rate === undefined) return { unpriced: `${card.resolved_model} has no price for ${USAGE_FIELDS[i]}` };
    total += BigInt(n) * rate;
  }
  return formatScaled(total, card.scale);
}

/** every prompt size at which some model in the catalog changes price: the profile is split at these */
export function promptThresholds(catalog: Catalog): number[] {
  const out = new Set<number>();
  for (const m of catalog.models) for (const v of m.prices) for (const t of v.tiers ?? []) out.add(t.above_prompt_tokens);
  return [...out].sort((a, b) => a - b);
}
