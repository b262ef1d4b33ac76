import Big from "big.js";
import { TOKEN_CLASSES, UNIT_CLASSES, type TokenClass, type UnitClass } from "../usage/usage.js";
import type { Fees, Modifier, PriceVersion, Rates } from "./catalog-schema.js";
import { decimalPlaces, toScaled } from "./money.js";

/**
 * A price version compiled for one pricing mode into integer rates at one common scale, so
 * that pricing a call is a handful of integer multiply-adds (see `money.ts`).
 */
export interface PriceSheet {
  /** amounts are counted in 10^-scale USD (or the sheet's currency) */
  readonly scale: number;
  readonly base: SheetRates;
  /** long-context tiers, highest threshold first */
  readonly tiers: readonly { readonly above: number; readonly rates: SheetRates }[];
}

export interface SheetRates {
  /** per token, indexed like TOKEN_CLASSES then UNIT_CLASSES; NaN where the catalog has no rate */
  readonly perUnit: Float64Array;
  /** the same rates as bigint (undefined where there is none), for amounts past 2^53 */
  readonly big: readonly (bigint | undefined)[];
  /** false when some rate itself exceeds 2^53 at this scale: price with `big` only */
  readonly fitsDouble: boolean;
  /** the decimal rate each integer came from (USD per 1M tokens, or per unit), for display */
  readonly decimals: readonly (string | undefined)[];
}

/** a token class with no rate of its own is billed at another's, as providers do */
const RATE_FALLBACK: Partial<Record<TokenClass, TokenClass>> = {
  cached_input: "input",
  cache_write: "input",
  cache_write_1h: "cache_write",
  reasoning: "output",
};

const FEE_OF_UNIT: Record<UnitClass, keyof Fees> = {
  images: "per_image",
  audio_seconds: "per_audio_second",
  web_searches: "per_web_search",
  requests: "per_request",
};

/**
 * Every call counts one request, and most models charge nothing for it: a missing per-request
 * fee is zero. A missing fee for images, searches or audio seconds leaves the call unpriced.
 */
const FEE_WHEN_UNLISTED: Partial<Record<UnitClass, string>> = { requests: "0" };

export interface SheetMode {
  /** batch or a service tier: scales (and may replace) token rates, never fees */
  modifier?: Modifier | undefined;
  /** adjustments and currency conversion: scale everything */
  multipliers?: readonly string[] | undefined;
}

/** compile a price version for one mode */
export function compileSheet(version: PriceVersion, mode: SheetMode = {}): PriceSheet {
  const variants = [version.rates, ...(version.tiers ?? []).map((t) => ({ ...version.rates, ...t.rates }))];
  const decimalVariants = variants.map((rates) => effectiveDecimals(rates, version.fees ?? {}, mode));
  let scale = 0;
  for (const decimals of decimalVariants) {
    decimals.forEach((d, i) => {
      if (d === undefined) return;
      const places = decimalPlaces(d) + (i < TOKEN_CLASSES.length ? 6 : 0);
      if (places > scale) scale = places;
    });
  }
  const [base, ...tierRates] = decimalVariants.map((decimals) => toSheetRates(decimals, scale));
  const tiers = (version.tiers ?? []).map((t, i) => ({ above: t.above_prompt_tokens, rates: tierRates[i]! })).sort((a, b) => b.above - a.above);
  return { scale, base: base!, tiers };
}

/** the decimal rate per class after fallbacks, modifier and multipliers */
function effectiveDecimals(rates: Rates, fees: Fees, mode: SheetMode): (string | undefined)[] {
  const factor = (mode.multipliers ?? []).reduce((acc, m) => acc.times(m), new Big(1));
  const tokenRates = TOKEN_CLASSES.map((cls) => {
    const rate = rateOf(rates, cls);
    if (rate === undefined) return undefined;
    const override = mode.modifier?.rates ? rateOf(mode.modifier.rates, cls) : undefined;
    let value = new Big(override ?? rate);
    if (override === undefined && mode.modifier?.multiplier !== undefined) value = value.times(mode.modifier.multiplier);
    return value.times(factor).toFixed();
  });
  const unitFees = UNIT_CLASSES.map((unit) => {
    const fee = fees[FEE_OF_UNIT[unit]] ?? FEE_WHEN_UNLISTED[unit];
    return fee === undefined ? undefined : new Big(fee).times(factor).toFixed();
  });
  return [...tokenRates, ...unitFees];
}

function rateOf(rates: Rates, cls: TokenClass): string | undefined {
  let current: TokenClass | undefined = cls;
  while (current !== undefined) {
    const r = rates[current];
    if (r !== undefined) return r;
    current = RATE_FALLBACK[current];
  }
  return undefined;
}

function toSheetRates(decimals: (string | undefined)[], scale: number): SheetRates {
  const perUnit = new Float64Array(decimals.length);
  let fitsDouble = true;
  const big = decimals.map((d, i) => {
    if (d === undefined) {
      perUnit[i] = NaN;
      return undefined;
    }
    // token rates are per million tokens: per token they need six more places
    const scaled = toScaled(d, i < TOKEN_CLASSES.length ? scale - 6 : scale);
    perUnit[i] = Number(scaled);
    if (!Number.isSafeInteger(perUnit[i])) fitsDouble = false;
    return scaled;
  });
  return { perUnit, big, decimals, fitsDouble };
}
