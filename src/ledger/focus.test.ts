import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Big from "big.js";
import { FOCUS_COLUMNS, focusDateTime, toFocus, type FocusRow } from "./focus.js";

const base: FocusRow = {
  period_start: "2026-11-03",
  period_end: "2026-11-04",
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  token_class: "cache_write",
  quantity: 2_345_678,
  list_cost: "8.7962925",
  billed_cost: "7.91666325",
  effective_cost: "7.91666325",
  contracted_cost: "7.91666325",
  list_unit_price: "3.75",
  tags: { team: "support", feature: "support-bot" },
};

describe("toFocus", () => {
  it("maps a hand-computed row", () => {
    // 2,345,678 cache-write tokens of claude-sonnet-4-5 at the list $3.75 per 1M:
    //   PricingQuantity = 2,345,678 / 1,000,000 = 2.345678
    //   ListCost = 3.75 × 2.345678 = 7.037034 + 1.7592585 = 8.7962925
    // with a negotiated 10% off: ContractedCost = 8.7962925 × 0.9 = 7.91666325,
    //   ContractedUnitPrice = 7.91666325 / 2.345678 = 3.375 (= 3.75 × 0.9)
    const f = toFocus(base);
    assert.deepEqual(f, {
      BilledCost: "7.91666325",
      BillingAccountId: "anthropic",
      BillingAccountName: null,
      BillingCurrency: "USD",
      BillingPeriodEnd: "2026-12-01T00:00:00Z",
      BillingPeriodStart: "2026-11-01T00:00:00Z",
      ChargeCategory: "Usage",
      ChargeClass: null,
      ChargeDescription: "claude-sonnet-4-5 cache write tokens (5 minutes)",
      ChargeFrequency: "Usage-Based",
      ChargePeriodEnd: "2026-11-04T00:00:00Z",
      ChargePeriodStart: "2026-11-03T00:00:00Z",
      ConsumedQuantity: "2345678",
      ConsumedUnit: "Tokens",
      ContractedCost: "7.91666325",
      ContractedUnitPrice: "3.375",
      EffectiveCost: "7.91666325",
      HostProviderName: "Anthropic",
      InvoiceIssuerName: "Anthropic",
      ListCost: "8.7962925",
      ListUnitPrice: "3.75",
      PricingCategory: "Standard",
      PricingQuantity: "2.345678",
      PricingUnit: "1000000 Tokens",
      ProviderName: "Anthropic",
      PublisherName: "Anthropic",
      RegionId: null,
      RegionName: null,
      ResourceId: null,
      ResourceName: null,
      ServiceCategory: "AI and Machine Learning",
      ServiceName: "Claude API",
      ServiceProviderName: "Anthropic",
      ServiceSubcategory: "Generative AI",
      SkuId: "anthropic:claude-sonnet-4-5:cache_write",
      SkuMeter: "Cache Write Tokens (5 Minutes)",
      SkuPriceDetails: '{"x_Model":"claude-sonnet-4-5","x_TokenClass":"cache_write"}',
      SkuPriceId: "anthropic:claude-sonnet-4-5:cache_write",
      Tags: '{"feature":"support-bot","team":"support"}',
    });
    assert.deepEqual(Object.keys(f), [...FOCUS_COLUMNS]);
    // the spec's invariant: unit price × pricing quantity = cost, exactly
    assert.ok(new Big(f.ListUnitPrice!).times(f.PricingQuantity!).eq(f.ListCost!));
    assert.ok(new Big(f.ContractedUnitPrice!).times(f.PricingQuantity!).eq(f.ContractedCost!));
  });

  it("prices per-unit fees per unit, and gives a price variant its own sku price", () => {
    const f = toFocus({
      ...base,
      token_class: "web_searches",
      quantity: 120,
      list_cost: "1.2",
      billed_cost: "1.2",
      effective_cost: "1.2",
      contracted_cost: undefined,
      list_unit_price: "0.01",
      price_variant: "batch",
    });
    assert.equal(f.PricingUnit, "Searches");
    assert.equal(f.ConsumedUnit, "Searches");
    assert.equal(f.PricingQuantity, "120");
    assert.equal(f.ListUnitPrice, "0.01");
    assert.equal(f.ContractedUnitPrice, "0.01");
    assert.equal(f.ContractedCost, "1.2");
    assert.equal(f.SkuId, "anthropic:claude-sonnet-4-5:web_searches");
    assert.equal(f.SkuPriceId, "anthropic:claude-sonnet-4-5:web_searches:batch");
    assert.equal(f.ChargeDescription, "claude-sonnet-4-5 web searches (batch)");
  });

  it("derives the unit price when it is exact, and leaves it empty when no decimal is", () => {
    const row = { ...base, contracted_cost: undefined, list_unit_price: undefined };
    // 3 tokens for $0.0000045 = $1.50 per 1M
    assert.equal(toFocus({ ...row, quantity: 3, list_cost: "0.0000045" }).ListUnitPrice, "1.5");
    // 3 tokens for $0.000001 would be $0.333… per 1M: not a finite decimal
    assert.equal(toFocus({ ...row, quantity: 3, list_cost: "0.000001" }).ListUnitPrice, null);
    // a stated price that does not match the cost (two prices mixed) gives way to the exact blend
    assert.equal(toFocus({ ...row, quantity: 2_000_000, list_cost: "5", list_unit_price: "3" }).ListUnitPrice, "2.5");
  });

  it("writes decimals plainly, without exponents", () => {
    const f = toFocus({ ...base, quantity: 1, list_cost: "0.00000375", billed_cost: "3.75e-6", effective_cost: "0.00000375", contracted_cost: undefined });
    assert.equal(f.PricingQuantity, "0.000001");
    assert.equal(f.BilledCost, "0.00000375");
    assert.equal(f.ListUnitPrice, "3.75");
  });

  it("lets the caller name the seller, host, account and region", () => {
    const f = toFocus({
      ...base,
      service_provider: "Microsoft",
      host_provider: "Microsoft",
      invoice_issuer: "Microsoft",
      service_name: "Azure OpenAI",
      billing_account_id: "ba-1",
      billing_account_name: "Main",
      region: "eastus",
      provider: "openai",
      model: "gpt-4.1",
    });
    assert.equal(f.ServiceProviderName, "Microsoft");
    assert.equal(f.ProviderName, "Microsoft");
    assert.equal(f.PublisherName, "OpenAI");
    assert.equal(f.ServiceName, "Azure OpenAI");
    assert.equal(f.BillingAccountId, "ba-1");
    assert.equal(f.RegionId, "eastus");
  });

  it("rejects what it cannot map faithfully", () => {
    assert.throws(() => toFocus({ ...base, billed_cost: "1,5" }), /billed_cost/);
    assert.throws(() => toFocus({ ...base, quantity: -1 }), /quantity/);
    assert.throws(() => toFocus({ ...base, period_end: "2026-11-03" }), /not after/);
    assert.throws(() => toFocus({ ...base, billing_period_start: "2026-11-01" }), /both/);
  });
});

describe("focusDateTime", () => {
  it("writes UTC date-times to the second", () => {
    assert.equal(focusDateTime("2026-11-01"), "2026-11-01T00:00:00Z");
    assert.equal(focusDateTime("2026-11-01T05:00:00+02:00"), "2026-11-01T03:00:00Z");
    assert.equal(focusDateTime("2026-12-31T23:00:00.000Z"), "2026-12-31T23:00:00Z");
    assert.throws(() => focusDateTime("2026-11-01T00:00:00.5Z"), /fraction/);
    assert.throws(() => focusDateTime("soon"), /ISO 8601/);
  });

  it("puts a december charge in a billing period ending next january", () => {
    const f = toFocus({ ...base, period_start: "2026-12-31T23:00:00Z", period_end: "2027-01-01T00:00:00Z" });
    assert.equal(f.BillingPeriodStart, "2026-12-01T00:00:00Z");
    assert.equal(f.BillingPeriodEnd, "2027-01-01T00:00:00Z");
  });
});
