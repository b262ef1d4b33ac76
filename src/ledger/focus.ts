import Big from "big.js";
import { TOKEN_CLASSES, type UsageField } from "../usage/usage.js";

/**
 * Maps the ledger's spend onto the FinOps Open Cost and Usage Specification (FOCUS 1.3, Cost
 * and Usage dataset), one row per model × token class × charge period, so LLM spend can sit in
 * the same FinOps tools as the cloud bill.
 *
 * Units: providers publish token prices per million tokens, and FOCUS requires PricingUnit to
 * match the price list's unit, written in its UnitFormat as `<unit-quantity> <plural-units>`
 * with an integer quantity (its own example: "1000 Tokens"). So PricingUnit is
 * "1000000 Tokens" ("1M Tokens" is not a valid UnitFormat) and PricingQuantity is tokens / 10^6,
 * which keeps ListUnitPrice × PricingQuantity = ListCost exact; ConsumedUnit is "Tokens" and
 * ConsumedQuantity the token count. Per-unit fees (images, searches, audio seconds, requests)
 * are priced per single unit, as the catalog stores them.
 */

/** one row to export: the spend of one model's token class over one charge period */
export interface FocusRow {
  /** inclusive start of the charge period: an ISO 8601 date or UTC date-time */
  period_start: string;
  /** exclusive end of the charge period */
  period_end: string;
  /** catalog provider id, e.g. "openai" */
  provider: string;
  /** catalog model id, e.g. "gpt-4o-mini" */
  model: string;
  token_class: UsageField;
  /** tokens (or units, for the per-unit classes) consumed in the period */
  quantity: number;
  /** exact decimal strings in the billing currency; never floating point */
  list_cost: string;
  billed_cost: string;
  effective_cost: string;
  /** cost under negotiated terms; defaults to `list_cost` (no negotiated terms) */
  contracted_cost?: string;
  /** list price per PricingUnit (per 1M tokens, or per unit); derived from the costs if absent */
  list_unit_price?: string;
  /** a priced variant with its own rate: "batch", "flex", "priority", "long-context"… */
  price_variant?: string;
  /** ISO 4217; default "USD" */
  currency?: string;
  /** default: the UTC calendar month `period_start` falls in */
  billing_period_start?: string;
  billing_period_end?: string;
  /** default: the provider id */
  billing_account_id?: string;
  billing_account_name?: string;
  /** who sold it (default: the model's provider); e.g. "Microsoft" for Azure OpenAI */
  service_provider?: string;
  /** whose infrastructure ran it (default: the service provider) */
  host_provider?: string;
  /** who invoices it (default: the service provider) */
  invoice_issuer?: string;
  /** default "<provider> API" */
  service_name?: string;
  /** default "Generative AI" */
  service_subcategory?: string;
  region?: string;
  resource_id?: string;
  resource_name?: string;
  /** attribution dimensions, e.g. { team: "search", feature: "query-rewrite" } */
  tags?: Readonly<Record<string, string>>;
}

/** the FOCUS columns written, in the specification's (alphabetical) order */
export const FOCUS_COLUMNS = [
  "BilledCost",
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodEnd",
  "BillingPeriodStart",
  "ChargeCategory",
  "ChargeClass",
  "ChargeDescription",
  "ChargeFrequency",
  "ChargePeriodEnd",
  "ChargePeriodStart",
  "ConsumedQuantity",
  "ConsumedUnit",
  "ContractedCost",
  "ContractedUnitPrice",
  "EffectiveCost",
  "HostProviderName",
  "InvoiceIssuerName",
  "ListCost",
  "ListUnitPrice",
  "PricingCategory",
  "PricingQuantity",
  "PricingUnit",
  // ProviderName and PublisherName are deprecated in 1.3 but still mandatory
  "ProviderName",
  "PublisherName",
  "RegionId",
  "RegionName",
  "ResourceId",
  "ResourceName",
  "ServiceCategory",
  "ServiceName",
  "ServiceProviderName",
  "ServiceSubcategory",
  "SkuId",
  "SkuMeter",
  "SkuPriceDetails",
  "SkuPriceId",
  "Tags",
] as const;

export type FocusColumn = (typeof FOCUS_COLUMNS)[number];

/** one FOCUS row; null is an empty cell */
export type FocusRecord = Record<FocusColumn, string | null>;

const TOKENS_PER_PRICING_UNIT = new Big(1_000_000);

/** what each class meters (SkuMeter) and, for the per-unit classes, its unit */
const METERS: Readonly<Record<UsageField, { meter: string; unit?: string }>> = {
  input: { meter: "Input Tokens" },
  cached_input: { meter: "Cached Input Tokens" },
  cache_write: { meter: "Cache Write Tokens (5 Minutes)" },
  cache_write_1h: { meter: "Cache Write Tokens (1 Hour)" },
  output: { meter: "Output Tokens" },
  reasoning: { meter: "Reasoning Tokens" },
  audio_input: { meter: "Audio Input Tokens" },
  audio_output: { meter: "Audio Output Tokens" },
  images: { meter: "Images", unit: "Images" },
  audio_seconds: { meter: "Audio Transcription", unit: "Seconds" },
  web_searches: { meter: "Web Searches", unit: "Searches" },
  requests: { meter: "Requests", unit: "Requests" },
};

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google",
  mistral: "Mistral AI",
  deepseek: "DeepSeek",
  xai: "xAI",
  cohere: "Cohere",
  amazon: "Amazon Web Services",
  meta: "Meta",
};

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  openai: "OpenAI API",
  anthropic: "Claude API",
  google: "Gemini API",
  amazon: "Amazon Bedrock",
};

// a constructor of its own, so the wide division precision never leaks into other money code
const Exact = Big();
Exact.DP = 60;

/**
 * One export row in FOCUS terms.
 *
 * @example
 * toFocus({ period_start: "2026-11-01", period_end: "2026-11-02", provider: "openai", model: "gpt-4o-mini",
 *   token_class: "input", quantity: 2_500_000, list_cost: "0.375", billed_cost: "0.375", effective_cost: "0.375" });
 * // { PricingQuantity: "2.5", PricingUnit: "1000000 Tokens", ListUnitPrice: "0.15", ListCost: "0.375", … }
 */
export function toFocus(row: FocusRow): FocusRecord {
  const meter = METERS[row.token_class];
  if (!meter) throw new RangeError(`focus: unknown token class ${String(row.token_class)}`);
  if (!Number.isFinite(row.quantity) || row.quantity < 0) throw new RangeError(`focus: quantity must be a non-negative number, got ${row.quantity}`);
  const isToken = (TOKEN_CLASSES as readonly string[]).includes(row.token_class);
  const quantity = new Big(row.quantity);
  const pricingQuantity = isToken ? quantity.div(TOKENS_PER_PRICING_UNIT) : quantity;
  const listCost = decimal(row.list_cost, "list_cost");
  const contractedCost = row.contracted_cost === undefined ? listCost : decimal(row.contracted_cost, "contracted_cost");
  const listUnitPrice = unitPrice(listCost, pricingQuantity, row.list_unit_price);
  const contractedUnitPrice = contractedCost.eq(listCost) ? listUnitPrice : unitPrice(contractedCost, pricingQuantity, undefined);

  const start = focusDateTime(row.period_start, "period_start");
  const end = focusDateTime(row.period_end, "period_end");
  if (end <= start) throw new RangeError(`focus: period_end ${end} is not after period_start ${start}`);
  const billing = billingPeriod(row, start);

  const publisher = PROVIDER_NAMES[row.provider] ?? row.provider;
  const serviceProvider = row.service_provider ?? publisher;
  const skuId = `${row.provider}:${row.model}:${row.token_class}`;
  const variant = row.price_variant ? ` (${row.price_variant})` : "";
  return {
    BilledCost: decimal(row.billed_cost, "billed_cost").toFixed(),
    BillingAccountId: row.billing_account_id ?? row.provider,
    BillingAccountName: row.billing_account_name ?? null,
    BillingCurrency: row.currency ?? "USD",
    BillingPeriodEnd: billing.end,
    BillingPeriodStart: billing.start,
    ChargeCategory: "Usage",
    // null: these rows are never corrections to a closed billing period
    ChargeClass: null,
    ChargeDescription: `${row.model} ${meter.meter.toLowerCase()}${variant}`,
    ChargeFrequency: "Usage-Based",
    ChargePeriodEnd: end,
    ChargePeriodStart: start,
    ConsumedQuantity: quantity.toFixed(),
    ConsumedUnit: isToken ? "Tokens" : meter.unit!,
    ContractedCost: contractedCost.toFixed(),
    ContractedUnitPrice: contractedUnitPrice,
    EffectiveCost: decimal(row.effective_cost, "effective_cost").toFixed(),
    HostProviderName: row.host_provider ?? serviceProvider,
    InvoiceIssuerName: row.invoice_issuer ?? serviceProvider,
    ListCost: listCost.toFixed(),
    ListUnitPrice: listUnitPrice,
    PricingCategory: "Standard",
    PricingQuantity: pricingQuantity.toFixed(),
    PricingUnit: isToken ? "1000000 Tokens" : meter.unit!,
    ProviderName: serviceProvider,
    PublisherName: publisher,
    RegionId: row.region ?? null,
    RegionName: row.region ?? null,
    ResourceId: row.resource_id ?? null,
    ResourceName: row.resource_name ?? row.resource_id ?? null,
    ServiceCategory: "AI and Machine Learning",
    ServiceName: row.service_name ?? SERVICE_NAMES[row.provider] ?? `${publisher} API`,
    ServiceProviderName: serviceProvider,
    ServiceSubcategory: row.service_subcategory ?? "Generative AI",
    SkuId: skuId,
    SkuMeter: meter.meter,
    SkuPriceDetails: keyValue({ x_Model: row.model, x_TokenClass: row.token_class, ...(row.price_variant ? { x_PriceVariant: row.price_variant } : {}) }),
    // the variant is a different price of the same sku (batch halves every rate)
    SkuPriceId: row.price_variant ? `${skuId}:${row.price_variant}` : skuId,
    Tags: row.tags && Object.keys(row.tags).length > 0 ? keyValue(row.tags) : null,
  };
}

function decimal(value: string, what: string): Big {
  try {
    return new Big(value);
  } catch {
    throw new RangeError(`focus: ${what} is not a decimal number: ${JSON.stringify(value)}`);
  }
}

/**
 * The unit price that makes price × quantity equal the cost exactly: the given one when it
 * does, else the exact quotient; null when no finite decimal does (the row mixes prices, e.g.
 * a price change inside the period, and should be split).
 */
function unitPrice(cost: Big, pricingQuantity: Big, given: string | undefined): string | null {
  const stated = given === undefined ? undefined : decimal(given, "list_unit_price");
  if (stated?.times(pricingQuantity).eq(cost)) return stated.toFixed();
  if (pricingQuantity.eq(0)) return stated && cost.eq(0) ? stated.toFixed() : null;
  const q = new Exact(cost).div(pricingQuantity);
  return q.times(pricingQuantity).eq(cost) ? q.toFixed() : null;
}

/**
 * An ISO 8601 date or date-time as FOCUS wants it: UTC, whole seconds, "YYYY-MM-DDTHH:mm:ssZ".
 *
 * @example
 * focusDateTime("2026-11-01"); // "2026-11-01T00:00:00Z"
 */
export function focusDateTime(value: string, what = "date"): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new RangeError(`focus: ${what} is not an ISO 8601 date: ${JSON.stringify(value)}`);
  // the format has no fractions of a second; periods start on whole seconds anyway
  if (ms % 1000 !== 0) throw new RangeError(`focus: ${what} has a fraction of a second: ${value}`);
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function billingPeriod(row: FocusRow, chargeStart: string): { start: string; end: string } {
  if (row.billing_period_start !== undefined || row.billing_period_end !== undefined) {
    if (row.billing_period_start === undefined || row.billing_period_end === undefined)
      throw new RangeError("focus: give both billing_period_start and billing_period_end, or neither");
    return { start: focusDateTime(row.billing_period_start, "billing_period_start"), end: focusDateTime(row.billing_period_end, "billing_period_end") };
  }
  const y = Number(chargeStart.slice(0, 4));
  const m = Number(chargeStart.slice(5, 7)) - 1;
  return { start: new Date(Date.UTC(y, m, 1)).toISOString().replace(".000Z", "Z"), end: new Date(Date.UTC(y, m + 1, 1)).toISOString().replace(".000Z", "Z") };
}

/** a FOCUS key-value column: a JSON object, keys sorted so equal tag sets compare equal */
function keyValue(obj: Readonly<Record<string, string>>): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(obj).sort()) sorted[k] = obj[k]!;
  return JSON.stringify(sorted);
}
