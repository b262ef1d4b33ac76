import { USAGE_FIELDS } from "../usage/usage.js";
import type { Catalog } from "./catalog.js";
import { chooseSheet, type PriceOptions } from "./price.js";

/**
 * What one token (or unit) of each class costs for calls of one model on one day in one mode:
 * the linear part of pricing, for engines that price many calls at once (a database pricing a
 * whole file in SQL). A call is priced by a card exactly as `priceWith` prices it when its
 * prompt stays at or below `linearUpTo` and every class it uses has a rate.
 */
export type RateCard =
  | {
      readonly priced: true;
      readonly resolved_model: string;
      readonly version_from: string;
      /** amounts are counted in 10^-scale USD */
      readonly scale: number;
      /** per token or unit, in 10^-scale USD, in USAGE_FIELDS order; undefined where there is no rate */
      readonly rates: readonly (bigint | undefined)[];
      /** prompt tokens above this switch to a long-context tier: such calls need `priceWith` or `tiers` */
      readonly linearUpTo: number;
      /** the long-context tiers, highest first: a call whose prompt exceeds `above` is billed at `rates` */
      readonly tiers: readonly { readonly above: number; readonly rates: readonly (bigint | undefined)[] }[];
    }
  | {
      readonly priced: false;
      /** the catalog model it resolved to, when it did */
      readonly resolved_model: string | null;
      readonly reason: string;
    };

/**
 * The rate card for `model` at instant `at` (only its UTC day matters) in a pricing mode.
 *
 * @example
 * const card = rateCard(builtinCatalog(), "gpt-4o-mini", "2025-10-01T12:00:00Z");
 * // card.rates[0] = input rate per token at card.scale: 150000n at scale 12 ($0.15 / 1M)
 */
export function rateCard(catalog: Catalog, model: string, at: string, options: PriceOptions = {}): RateCard {
  const chosen = chooseSheet(catalog, model, at, options);
  if (!chosen.priced) {
    const resolved = catalog.resolve(model, at);
    return { priced: false, resolved_model: resolved.ok ? resolved.model.id : null, reason: chosen.reason };
  }
  const { sheet, found } = chosen;
  const lowestTier = sheet.tiers.length > 0 ? Math.min(...sheet.tiers.map((t) => t.above)) : Number.MAX_SAFE_INTEGER;
  return {
    priced: true,
    resolved_model: found.model.id,
    version_from: found.version.from,
    scale: sheet.scale,
    rates: USAGE_FIELDS.map((_, i) => sheet.base.big[i]),
    linearUpTo: lowestTier,
    tiers: sheet.tiers.map((t) => ({ above: t.above, rates: USAGE_FIELDS.map((_, i) => t.rates.big[i]) })),
  };
}
