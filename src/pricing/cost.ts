import { promptTokens, USAGE_FIELDS, type Usage, type UsageField } from "../usage/usage.js";
import type { PriceSheet, SheetRates } from "./sheet.js";
import type { Scaled } from "./money.js";

/** the rates a call is billed at: the highest long-context tier its prompt passes, else base */
export function ratesFor(sheet: PriceSheet, u: Usage): { rates: SheetRates; tier: number | undefined } {
  const tiers = sheet.tiers;
  if (tiers.length > 0) {
    const prompt = promptTokens(u);
    for (const t of tiers) if (prompt > t.above) return { rates: t.rates, tier: t.above };
  }
  return { rates: sheet.base, tier: undefined };
}

export class MissingRateError extends Error {
  constructor(readonly fields: UsageField[]) {
    super(`no price for ${fields.join(", ")}`);
  }
}

/**
 * Total cost of a usage in the sheet's scaled units. Integer arithmetic on doubles while every
 * product and the sum stay below 2^53 (exact there), bigint otherwise.
 */
export function totalCost(rates: SheetRates, u: Usage): Scaled {
  if (!rates.fitsDouble || !isWellFormed(u)) return totalCostSlow(rates, u);
  const r = rates.perUnit;
  // unrolled over USAGE_FIELDS (TOKEN_CLASSES then UNIT_CLASSES): the hot path of bulk pricing
  let t = 0;
  if (u.input !== 0) t += u.input * r[0]!;
  if (u.cached_input !== 0) t += u.cached_input * r[1]!;
  if (u.cache_write !== 0) t += u.cache_write * r[2]!;
  if (u.cache_write_1h !== 0) t += u.cache_write_1h * r[3]!;
  if (u.output !== 0) t += u.output * r[4]!;
  if (u.reasoning !== 0) t += u.reasoning * r[5]!;
  if (u.audio_input !== 0) t += u.audio_input * r[6]!;
  if (u.audio_output !== 0) t += u.audio_output * r[7]!;
  if (u.images !== 0) t += u.images * r[8]!;
  if (u.audio_seconds !== 0) t += u.audio_seconds * r[9]!;
  if (u.web_searches !== 0) t += u.web_searches * r[10]!;
  if (u.requests !== 0) t += u.requests * r[11]!;
  if (Number.isSafeInteger(t)) return t;
  return totalCostSlow(rates, u);
}

const ok = (n: number): boolean => Number.isInteger(n) && n >= 0;

function isWellFormed(u: Usage): boolean {
  return (
    ok(u.input) &&
    ok(u.cached_input) &&
    ok(u.cache_write) &&
    ok(u.cache_write_1h) &&
    ok(u.output) &&
    ok(u.reasoning) &&
    ok(u.audio_input) &&
    ok(u.audio_output) &&
    ok(u.images) &&
    ok(u.audio_seconds) &&
    ok(u.web_searches) &&
    ok(u.requests)
  );
}

function totalCostSlow(rates: SheetRates, u: Usage): bigint {
  const amounts = costByField(rates, u);
  let t = 0n;
  for (const a of amounts) t += BigInt(a);
  return t;
}

/** cost per usage field (USAGE_FIELDS order); throws on invalid counts or a missing rate */
export function costByField(rates: SheetRates, u: Usage): Scaled[] {
  const missing: UsageField[] = [];
  const out = USAGE_FIELDS.map((field, i): Scaled => {
    const n = u[field];
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`${field}: expected a non-negative integer, got ${String(n)}`);
    }
    if (n === 0) return 0;
    const rate = rates.big[i];
    if (rate === undefined) {
      missing.push(field);
      return 0;
    }
    const product = n * rates.perUnit[i]!;
    return rates.fitsDouble && Number.isSafeInteger(product) ? product : BigInt(n) * rate;
  });
  if (missing.length > 0) throw new MissingRateError(missing);
  return out;
}
