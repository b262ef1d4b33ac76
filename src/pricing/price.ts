import Big from "big.js";
import { USAGE_FIELDS, type Usage, type UsageField } from "../usage/usage.js";
import type { Adjustment, ModelEntry, Modifier, PriceVersion } from "./catalog-schema.js";
import { today, type Catalog } from "./catalog.js";
import { costByField, MissingRateError, ratesFor, totalCost } from "./cost.js";
import { formatScaled, type Scaled } from "./money.js";
import type { ResolvedVia } from "./names.js";
import { compileSheet, type PriceSheet, type SheetRates } from "./sheet.js";

export interface PriceOptions {
  /** priced with the provider's batch discount */
  batch?: boolean;
  /** a service tier the model offers, e.g. "flex" or "priority" ("standard" = none) */
  tier?: string;
  /** the customer the call is for, matched by per-customer adjustments */
  customer?: string;
  /** discount or markup layers on top of the catalog's own */
  adjustments?: readonly Adjustment[];
  /** convert to this currency with `fxRates` (units of the currency per 1 USD) */
  currency?: string;
  fxRates?: Readonly<Record<string, string>>;
}

export interface UnpricedCall {
  readonly priced: false;
  readonly requested: string;
  readonly reason: string;
  readonly candidates: readonly string[];
}

export type PriceOutcome = PricedCall | UnpricedCall;

/** a priced call: exact scaled integers inside, decimal strings on demand */
export class PricedCall {
  readonly priced = true as const;
  constructor(
    readonly requested: string,
    readonly model: ModelEntry,
    readonly version: PriceVersion,
    readonly via: ResolvedVia,
    readonly usage: Usage,
    readonly options: PriceOptions,
    readonly adjustments: readonly string[],
    private readonly sheet: PriceSheet,
    private readonly rates: SheetRates,
    readonly longContextTier: number | undefined,
    /** total in 10^-scale USD */
    readonly total: Scaled,
    private readonly conversion?: { currency: string; rate: string; sheet: PriceSheet },
  ) {}

  get scale(): number {
    return this.sheet.scale;
  }

  /** exact total in USD as a decimal string */
  get total_usd(): string {
    return formatScaled(this.total, this.sheet.scale);
  }

  /** exact cost per billed field (only fields the call used), summing to `total_usd` */
  get breakdown(): Partial<Record<UsageField, string>> {
    return breakdownOf(this.rates, this.usage, this.sheet.scale);
  }

  /** the decimal rate (USD per 1M tokens, or per unit) applied to each used field */
  get appliedRates(): Partial<Record<UsageField, string>> {
    const out: Partial<Record<UsageField, string>> = {};
    USAGE_FIELDS.forEach((f, i) => {
      if (this.usage[f] !== 0) out[f] = this.rates.decimals[i]!;
    });
    return out;
  }

  /** the same call in the requested currency, if one was asked for */
  get converted(): { currency: string; rate: string; breakdown: Partial<Record<UsageField, string>>; total: string } | undefined {
    const c = this.conversion;
    if (!c) return undefined;
    const { rates } = ratesFor(c.sheet, this.usage);
    return {
      currency: c.currency,
      rate: c.rate,
      breakdown: breakdownOf(rates, this.usage, c.sheet.scale),
      total: formatScaled(totalCost(rates, this.usage), c.sheet.scale),
    };
  }

  toJSON(): Record<string, unknown> {
    return {
      model: this.model.id,
      provider: this.model.provider,
      requested: this.requested,
      resolved_via: this.via,
      version_from: this.version.from,
      batch: this.options.batch ?? false,
      service_tier: this.options.tier ?? "standard",
      long_context_tier: this.longContextTier ?? null,
      adjustments: this.adjustments,
      rates_per_million: this.appliedRates,
      breakdown: this.breakdown,
      total_usd: this.total_usd,
      ...(this.conversion ? { converted: this.converted } : {}),
    };
  }
}

function breakdownOf(rates: SheetRates, u: Usage, scale: number): Partial<Record<UsageField, string>> {
  const amounts = costByField(rates, u);
  const out: Partial<Record<UsageField, string>> = {};
  USAGE_FIELDS.forEach((f, i) => {
    if (u[f] !== 0) out[f] = formatScaled(amounts[i]!, scale);
  });
  return out;
}

const sheets = new WeakMap<PriceVersion, Map<string, PriceSheet>>();

/**
 * Price one call's usage with a catalog: resolve the model at the call's date, pick the price
 * version, mode and long-context tier, and compute each class's cost exactly.
 *
 * @example
 * const r = priceWith(catalog, usage({ input: 1000, output: 500 }), "gpt-4o", "2025-01-01");
 * if (r.priced) r.total_usd; // "0.0075"  (1000 × $2.50/M + 500 × $10/M)
 */
export function priceWith(catalog: Catalog, u: Usage, model: string, at: string = today(), options: PriceOptions = {}): PriceOutcome {
  const chosen = chooseSheet(catalog, model, at, options);
  if (!chosen.priced) return chosen;
  const { found, sheet, layers, modifier, multipliers, key } = chosen;
  const { rates, tier } = ratesFor(sheet, u);
  let total: Scaled;
  try {
    total = totalCost(rates, u);
  } catch (e) {
    if (e instanceof MissingRateError) return unpriced(model, `${found.model.id} has no price for ${e.fields.join(", ")}`);
    throw e;
  }

  let conversion: { currency: string; rate: string; sheet: PriceSheet } | undefined;
  if (options.currency && options.currency.toUpperCase() !== "USD") {
    const currency = options.currency.toUpperCase();
    const rate = options.fxRates?.[currency];
    if (rate === undefined) return unpriced(model, `no exchange rate for ${currency} (give one per USD)`);
    conversion = { currency, rate, sheet: sheetFor(found.version, `${key}|${currency}=${rate}`, modifier, [...multipliers, rate]) };
  }
  const names = layers.map((l) => l.name);
  return new PricedCall(model, found.model, found.version, found.via, u, options, names, sheet, rates, tier, total, conversion);
}

/** the model, price version and compiled sheet that price a call of `model` at `at` in a mode */
export interface ChosenSheet {
  readonly priced: true;
  readonly found: { model: ModelEntry; version: PriceVersion; via: ResolvedVia };
  readonly sheet: PriceSheet;
  readonly layers: readonly Adjustment[];
  readonly modifier: Modifier | undefined;
  readonly multipliers: readonly string[];
  readonly key: string;
}

/**
 * Resolve the model at the call's date, pick the price version, the batch or service-tier
 * modifier and the adjustments, and compile (once, cached) the sheet. Shared by `priceWith` and
 * by bulk pricing (`rateCard`), so both price with the very same rates.
 */
export function chooseSheet(catalog: Catalog, model: string, at: string, options: PriceOptions): ChosenSheet | UnpricedCall {
  const found = catalog.resolve(model, at);
  if (!found.ok) return { priced: false, requested: model, reason: found.reason, candidates: found.candidates };
  const { version } = found;
  const modifier = modifierFor(found.model, version, options);
  if (typeof modifier === "string") return unpriced(model, modifier);
  const layers = applicableAdjustments(catalog, options, found.model, at);
  const multipliers = layers.map(multiplierOf);
  const key = modeKey(options, layers);
  return { priced: true, found, sheet: sheetFor(version, key, modifier, multipliers), layers, modifier, multipliers, key };
}

function unpriced(requested: string, reason: string): UnpricedCall {
  return { priced: false, requested, reason, candidates: [] };
}

function sheetFor(version: PriceVersion, key: string, modifier: Modifier | undefined, multipliers: string[]): PriceSheet {
  let byMode = sheets.get(version);
  if (!byMode) sheets.set(version, (byMode = new Map()));
  let sheet = byMode.get(key);
  if (!sheet) byMode.set(key, (sheet = compileSheet(version, { modifier, multipliers })));
  return sheet;
}

function modeKey(options: PriceOptions, layers: readonly Adjustment[]): string {
  if (!options.batch && !options.tier && layers.length === 0) return "";
  return `${options.batch ? "batch" : ""}|${options.tier ?? ""}|${layers.map((l) => `${l.name}:${l.kind}:${l.value}`).join(",")}`;
}

/** the batch or service-tier modifier, or why the model cannot be priced that way */
function modifierFor(model: ModelEntry, version: PriceVersion, options: PriceOptions): Modifier | undefined | string {
  const tier = options.tier && options.tier !== "standard" && options.tier !== "default" ? options.tier : undefined;
  if (options.batch && tier) return "batch and a service tier cannot be combined";
  if (options.batch) return version.batch ?? `${model.id} has no batch price`;
  if (tier) {
    const mod = version.service_tiers?.[tier];
    const offered = Object.keys(version.service_tiers ?? {});
    return mod ?? `${model.id} has no "${tier}" tier${offered.length ? ` (offers: ${offered.join(", ")})` : ""}`;
  }
  return undefined;
}

function applicableAdjustments(catalog: Catalog, options: PriceOptions, model: ModelEntry, at: string): Adjustment[] {
  const all = options.adjustments ? [...catalog.adjustments, ...options.adjustments] : catalog.adjustments;
  if (all.length === 0) return [];
  const day = at.slice(0, 10);
  return all.filter((a) => {
    if (a.from && day < a.from) return false;
    if (a.to && day > a.to) return false;
    const m = a.match;
    if (!m) return true;
    if (m.provider && m.provider.toLowerCase() !== model.provider.toLowerCase()) return false;
    if (m.models && !m.models.some((id) => id.toLowerCase() === model.id.toLowerCase())) return false;
    if (m.customer && m.customer !== options.customer) return false;
    return true;
  });
}

function multiplierOf(a: Adjustment): string {
  if (a.kind === "discount") return new Big(1).minus(a.value).toFixed();
  if (a.kind === "markup") return new Big(1).plus(a.value).toFixed();
  return a.value;
}
