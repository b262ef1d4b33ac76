import Big from "big.js";

/** one customer in one month from the ledger: its tokens and their exact priced cost */
export interface CustomerMonthUsage {
  /** YYYY-MM */
  month: string;
  /** null where events carry no customer */
  customer: string | null;
  /** sum of the token classes */
  tokens: number;
  /** exact decimal */
  cost_usd: string;
  unpriced_events: number;
}

export interface PricingPlan {
  /** per month, USD */
  fee: Big;
  /** included per month: tokens, or USD of provider cost ("credits") with unit usd */
  allowance: Big;
  /** USD per 1M tokens over the allowance, or per USD of credit over it */
  overage: Big;
  unit: "tokens" | "usd";
  /** hard cap on the monthly bill; null for none */
  cap: Big | null;
}

export interface PricedCustomerMonth {
  month: string;
  customer: string;
  /** tokens, or USD of cost with unit usd */
  usage: Big;
  bill: Big;
  cost: Big;
  margin: Big;
  capped: boolean;
}

/** the largest allowance with total margin ≥ 0: at a value, at any allowance, or at none (even 0 loses) */
export type BreakEven = { kind: "at"; allowance: Big } | { kind: "any" } | { kind: "none" };

export interface PricingResult {
  plan: PricingPlan;
  rows: PricedCustomerMonth[];
  revenue: Big;
  cost: Big;
  margin: Big;
  /** percent of revenue, 4 places; null where revenue is 0 and cost is not */
  marginPct: Big | null;
  /** of the per-customer-month margins; null with no observations */
  marginP10: Big | null;
  marginP50: Big | null;
  marginP90: Big | null;
  /** shares of the customer-months (0..1) */
  capShare: number;
  negativeShare: number;
  breakEven: BreakEven;
  /** customer-months left out because some of their events are unpriced */
  excluded: number;
  unpriced_events: number;
  /** priced cost of events with no customer, left out */
  unattributed: Big;
}

const MILLION = new Big(1_000_000);

/** the overage rate per unit of usage (per token, or per USD) */
const ratePerUnit = (plan: PricingPlan): Big => (plan.unit === "tokens" ? plan.overage.div(MILLION) : plan.overage);

/**
 * One month's bill: fee + overage over the allowance, at most the cap.
 * @example billOf({ fee: new Big(5), allowance: new Big(2e6), overage: new Big(2), unit: "tokens", cap: new Big(15) }, new Big(3e6)).bill.toFixed() // "7"
 */
export function billOf(plan: PricingPlan, usage: Big, allowance: Big = plan.allowance): { bill: Big; capped: boolean } {
  const over = usage.gt(allowance) ? usage.minus(allowance) : new Big(0);
  const bill = plan.fee.plus(ratePerUnit(plan).times(over));
  if (plan.cap !== null && bill.gte(plan.cap)) return { bill: plan.cap, capped: true };
  return { bill, capped: false };
}

/**
 * Simulate a pricing plan on the observed customer-months; months with unpriced events and cost with no customer are left out and counted.
 * @example simulatePricing({ fee: new Big(5), allowance: new Big(0), overage: new Big(0), unit: "tokens", cap: null }, [{ month: "2026-10", customer: "a", tokens: 10, cost_usd: "1", unpriced_events: 0 }]).margin.toFixed() // "4"
 */
export function simulatePricing(plan: PricingPlan, usages: readonly CustomerMonthUsage[]): PricingResult {
  const rows: PricedCustomerMonth[] = [];
  let excluded = 0;
  let unpriced = 0;
  let unattributed = new Big(0);
  for (const u of usages) {
    unpriced += u.unpriced_events;
    if (u.customer === null) {
      unattributed = unattributed.plus(u.cost_usd);
      continue;
    }
    if (u.unpriced_events > 0) {
      excluded++;
      continue;
    }
    const cost = new Big(u.cost_usd);
    const usage = plan.unit === "tokens" ? new Big(u.tokens) : cost;
    const { bill, capped } = billOf(plan, usage);
    rows.push({ month: u.month, customer: u.customer, usage, bill, cost, margin: bill.minus(cost), capped });
  }
  rows.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  const revenue = rows.reduce((s, r) => s.plus(r.bill), new Big(0));
  const cost = rows.reduce((s, r) => s.plus(r.cost), new Big(0));
  const margin = revenue.minus(cost);
  const marginPct = cost.eq(0) ? new Big(100) : revenue.eq(0) ? null : margin.div(revenue).times(100).round(4);
  const sorted = rows.map((r) => r.margin).sort((a, b) => a.cmp(b));
  const n = rows.length;
  return {
    plan,
    rows,
    revenue,
    cost,
    margin,
    marginPct,
    marginP10: bigQuantile(sorted, 0.1),
    marginP50: bigQuantile(sorted, 0.5),
    marginP90: bigQuantile(sorted, 0.9),
    capShare: n === 0 ? 0 : rows.filter((r) => r.capped).length / n,
    negativeShare: n === 0 ? 0 : rows.filter((r) => r.margin.lt(0)).length / n,
    breakEven: breakEvenAllowance(
      plan,
      rows.map((r) => r.usage),
      cost,
    ),
    excluded,
    unpriced_events: unpriced,
    unattributed,
  };
}

/**
 * The p-quantile of sorted decimals, linearly interpolated between order statistics (as `quantile`), exact.
 * @example bigQuantile([new Big(1), new Big(2), new Big(3), new Big(4)], 0.5)?.toFixed() // "2.5"
 */
export function bigQuantile(sorted: readonly Big[], p: number): Big | null {
  if (sorted.length === 0) return null;
  const h = new Big(sorted.length - 1).times(p);
  const lo = Number(h.round(0, Big.roundDown));
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]!.plus(h.minus(lo).times(sorted[hi]!.minus(sorted[lo]!)));
}

/**
 * The largest allowance at which the plan's total margin is still ≥ 0.
 * Total revenue R(A) = Σ min(cap, fee + r·(uᵢ − A)⁺) is continuous, non-increasing and linear in A
 * between the breakpoints uᵢ (overage starts) and uᵢ − (cap − fee)/r (the cap stops binding), so
 * the margin is evaluated exactly at each breakpoint and the root is solved on the segment where it
 * changes sign; rounded down to a whole token (or a millionth of a USD), where the margin is still ≥ 0.
 * @example breakEvenAllowance({ fee: new Big(0), allowance: new Big(0), overage: new Big(1), unit: "usd", cap: null }, [new Big(4)], new Big(3)) // { kind: "at", allowance: Big(1) }
 */
export function breakEvenAllowance(plan: PricingPlan, usages: readonly Big[], cost: Big): BreakEven {
  const n = usages.length;
  const r = ratePerUnit(plan);
  const marginAt = (a: Big) => usages.reduce((s, u) => s.plus(billOf(plan, u, a).bill), new Big(0)).minus(cost);
  const floorFee = plan.cap?.lt(plan.fee) ? plan.cap : plan.fee;
  if (floorFee.times(n).minus(cost).gte(0)) return { kind: "any" };
  if (marginAt(new Big(0)).lt(0)) return { kind: "none" };
  // here r > 0 and n > 0: with no overage the margin would not depend on the allowance
  const points: Big[] = [new Big(0)];
  for (const u of usages) {
    if (u.gt(0)) points.push(u);
    if (plan.cap?.gt(plan.fee)) {
      const b = u.minus(plan.cap.minus(plan.fee).div(r));
      if (b.gt(0)) points.push(b);
    }
  }
  points.sort((a, b) => a.cmp(b));
  let lo = points[0]!;
  let mLo = marginAt(lo);
  for (const p of points.slice(1)) {
    const m = marginAt(p);
    if (m.gte(0)) {
      lo = p;
      mLo = m;
      continue;
    }
    // linear on [lo, p]: the root is lo + mLo·(p − lo)/(mLo − m)
    const root = lo.plus(mLo.times(p.minus(lo)).div(mLo.minus(m)));
    const dp = plan.unit === "tokens" ? 0 : 6;
    let a = root.round(dp, Big.roundDown);
    // guard the 20-place division: step down while it rounded past the root
    const step = new Big(1).div(10 ** dp);
    while (a.gt(lo) && marginAt(a).lt(0)) a = a.minus(step);
    if (a.lt(lo)) a = lo;
    return { kind: "at", allowance: a };
  }
  return { kind: "at", allowance: lo };
}
