import type Big from "big.js";
import type { UsageRow } from "../ledger-rows.js";
import { TOKEN_CLASSES } from "../../usage/usage.js";
import { simulatePricing, type CustomerMonthUsage, type PricingPlan, type PricingResult } from "../pricing-plan.js";
import { PlanInputError, plainDecimal, snakeCase, termText, type FieldName, type RawTerm } from "./input.js";

/** `plan pricing`'s plan as the caller gives it: flags' strings or an API body's JSON values */
export interface PricingTerms {
  fee?: RawTerm;
  allowance?: RawTerm;
  overage?: RawTerm;
  unit?: RawTerm;
  cap?: RawTerm;
}

/** `plan pricing --json`: decimals as strings, shares as numbers */
export interface PricingReport {
  plan: { fee_usd: string; allowance: string; unit: "tokens" | "usd"; overage_usd: string; cap_usd: string | null };
  customer_months: number;
  revenue_usd: string;
  cost_usd: string;
  margin_usd: string;
  margin_pct: string | null;
  margin_p10_usd: string | null;
  margin_p50_usd: string | null;
  margin_p90_usd: string | null;
  cap_share: number;
  negative_margin_share: number;
  break_even: "at" | "any" | "none";
  break_even_allowance: string | null;
  rows: { month: string; customer: string; usage: string; bill_usd: string; cost_usd: string; margin_usd: string; capped: boolean }[];
  excluded_customer_months: number;
  unpriced_events: number;
  unattributed_cost_usd: string;
}

/**
 * The plan checked as `plan pricing` checks its flags (unit, fee, allowance, overage, cap; unit
 * defaults to tokens, cap to none); a problem is a PlanInputError naming the field by `name`.
 */
export function pricingPlan(terms: PricingTerms, name: FieldName = snakeCase): PricingPlan {
  const unit = terms.unit ?? "tokens";
  if (unit !== "tokens" && unit !== "usd") throw new PlanInputError("unit", `${name("unit")}: expected tokens or usd, got "${termText(unit)}"`);
  const decimal = (field: keyof PricingTerms): Big => {
    const value = terms[field];
    if (value === undefined || value === null) throw new PlanInputError(field, `${name(field)}: required`);
    const d = plainDecimal(value);
    if (d === null) throw new PlanInputError(field, `${name(field)}: expected a non-negative decimal, got "${termText(value)}"`);
    return d;
  };
  return {
    fee: decimal("fee"),
    allowance: decimal("allowance"),
    overage: decimal("overage"),
    unit,
    cap: terms.cap === undefined || terms.cap === null ? null : decimal("cap"),
  };
}

/** each customer's months (rows of `report --by customer --every month`): tokens and exact cost */
export function customerMonthUsages(rows: readonly UsageRow[]): CustomerMonthUsage[] {
  return rows.map((r) => ({
    month: (r.period ?? "").slice(0, 7),
    customer: r.dimensions.customer ?? null,
    tokens: TOKEN_CLASSES.reduce((s, c) => s + (r.tokens[c] ?? 0), 0),
    cost_usd: r.total_usd,
    unpriced_events: r.unpriced_events,
  }));
}

/** `plan pricing`: the plan simulated on customer-months (grouped by customer, every month), as the result and as the JSON */
export function pricingFromRows(plan: PricingPlan, rows: readonly UsageRow[]): { result: PricingResult; report: PricingReport } {
  const result = simulatePricing(plan, customerMonthUsages(rows));
  return { result, report: pricingJson(result) };
}

const dec = (v: Big | null): string | null => (v === null ? null : v.toFixed());

/** the result as JSON: decimals as strings */
export function pricingJson(r: PricingResult): PricingReport {
  return {
    plan: {
      fee_usd: r.plan.fee.toFixed(),
      allowance: r.plan.allowance.toFixed(),
      unit: r.plan.unit,
      overage_usd: r.plan.overage.toFixed(),
      cap_usd: dec(r.plan.cap),
    },
    customer_months: r.rows.length,
    revenue_usd: r.revenue.toFixed(),
    cost_usd: r.cost.toFixed(),
    margin_usd: r.margin.toFixed(),
    margin_pct: dec(r.marginPct),
    margin_p10_usd: dec(r.marginP10),
    margin_p50_usd: dec(r.marginP50),
    margin_p90_usd: dec(r.marginP90),
    cap_share: r.capShare,
    negative_margin_share: r.negativeShare,
    break_even: r.breakEven.kind,
    break_even_allowance: r.breakEven.kind === "at" ? r.breakEven.allowance.toFixed() : null,
    rows: r.rows.map((x) => ({
      month: x.month,
      customer: x.customer,
      usage: x.usage.toFixed(),
      bill_usd: x.bill.toFixed(),
      cost_usd: x.cost.toFixed(),
      margin_usd: x.margin.toFixed(),
      capped: x.capped,
    })),
    excluded_customer_months: r.excluded,
    unpriced_events: r.unpriced_events,
    unattributed_cost_usd: r.unattributed.toFixed(),
  };
}
