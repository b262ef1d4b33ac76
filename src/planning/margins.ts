import Big from "big.js";
import { costPerSuccess } from "./outcomes.js";
import type { RevenueRow } from "./revenue-csv.js";

/** the ledger's priced cost for one customer in one month (`aggregate` by customer, every month) */
export interface MonthlyCost {
  /** YYYY-MM */
  month: string;
  /** null where events carry no customer */
  customer: string | null;
  /** exact decimal */
  cost_usd: string;
  unpriced_events: number;
}

export type MarginFlag = "unprofitable" | "no revenue recorded" | "zero revenue" | "unpriced events";

export interface MarginRow {
  /** the customer, or the plan when grouped by plan */
  key: string;
  revenue: Big;
  cost: Big;
  margin: Big;
  /** percent of revenue, rounded to 4 places; null where revenue is 0 and cost is not */
  marginPct: Big | null;
  flags: MarginFlag[];
  /** per customer, where the ledger records outcomes for it: its successful outcomes (every kind)… */
  successes?: number;
  /** …and its token cost over them (see `./outcomes.ts`); null where none succeeded */
  costPerSuccess?: Big | null;
}

export interface MarginsResult {
  by: "customer" | "plan";
  rows: MarginRow[];
  totals: Omit<MarginRow, "key" | "flags">;
  /** customers whose tokens cost more than they pay (those with a revenue row) */
  unprofitable: string[];
  unpriced_events: number;
  /** cost of events with no customer, outside the rows */
  unattributed: Big;
}

export const NO_PLAN = "(none)";

/**
 * Join revenue with token cost per customer per month, then sum per customer or per plan.
 * @example margins([{ month: "2026-10", customer: "acme", revenue: new Big("10"), plan: null, line: 2 }], [{ month: "2026-10", customer: "acme", cost_usd: "0.0075", unpriced_events: 0 }]).rows[0].margin.toFixed() // "9.9925"
 */
export function margins(
  revenue: readonly RevenueRow[],
  costs: readonly MonthlyCost[],
  by: "customer" | "plan" = "customer",
  /** successful outcomes per customer (`successesByCustomer`): customers in it get a cost per successful outcome */
  successes?: ReadonlyMap<string, number>,
): MarginsResult {
  interface Cell {
    customer: string;
    month: string;
    revenue: Big;
    cost: Big;
    unpriced: number;
    plan: string | null;
    hasRevenue: boolean;
  }
  const cells = new Map<string, Cell>();
  const cell = (customer: string, month: string): Cell => {
    const key = `${month}\u0000${customer}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { customer, month, revenue: new Big(0), cost: new Big(0), unpriced: 0, plan: null, hasRevenue: false }));
    return c;
  };
  const latestPlan = new Map<string, { month: string; plan: string }>();
  for (const r of revenue) {
    const c = cell(r.customer, r.month);
    c.revenue = c.revenue.plus(r.revenue);
    c.hasRevenue = true;
    c.plan = r.plan;
    const seen = latestPlan.get(r.customer);
    if (r.plan !== null && (!seen || seen.month < r.month)) latestPlan.set(r.customer, { month: r.month, plan: r.plan });
  }
  let unattributed = new Big(0);
  let unpricedEvents = 0;
  for (const k of costs) {
    unpricedEvents += k.unpriced_events;
    if (k.customer === null) {
      unattributed = unattributed.plus(k.cost_usd);
      continue;
    }
    const c = cell(k.customer, k.month);
    c.cost = c.cost.plus(k.cost_usd);
    c.unpriced += k.unpriced_events;
  }
  interface Acc {
    revenue: Big;
    cost: Big;
    unpriced: number;
    missingRevenue: boolean;
    anyRevenue: boolean;
  }
  const sum = (groups: Map<string, Acc>, key: string, c: Cell) => {
    const g = groups.get(key) ?? { revenue: new Big(0), cost: new Big(0), unpriced: 0, missingRevenue: false, anyRevenue: false };
    g.revenue = g.revenue.plus(c.revenue);
    g.cost = g.cost.plus(c.cost);
    g.unpriced += c.unpriced;
    if (!c.hasRevenue && c.cost.gt(0)) g.missingRevenue = true;
    if (c.hasRevenue) g.anyRevenue = true;
    groups.set(key, g);
  };
  // a customer with no revenue row at all is "no revenue recorded", not a loss on what it pays
  const losing = (g: Acc) => g.anyRevenue && g.cost.gt(g.revenue);
  const perCustomer = new Map<string, Acc>();
  const perPlan = new Map<string, Acc>();
  for (const c of cells.values()) {
    sum(perCustomer, c.customer, c);
    sum(perPlan, c.plan ?? latestPlan.get(c.customer)?.plan ?? NO_PLAN, c);
  }
  const toRow = ([key, g]: [string, Acc]): MarginRow => {
    const flags: MarginFlag[] = [];
    if (losing(g)) flags.push("unprofitable");
    if (g.missingRevenue) flags.push("no revenue recorded");
    else if (g.revenue.eq(0) && g.cost.gt(0)) flags.push("zero revenue");
    if (g.unpriced > 0) flags.push("unpriced events");
    const row: MarginRow = { key, revenue: g.revenue, cost: g.cost, ...marginOf(g.revenue, g.cost), flags };
    // the customer's whole token cost in the window over its successes: what each success cost
    const won = by === "customer" ? successes?.get(key) : undefined;
    if (won !== undefined) Object.assign(row, { successes: won, costPerSuccess: costPerSuccess(g.cost, won) });
    return row;
  };
  const rows = [...(by === "plan" ? perPlan : perCustomer)].map(toRow).sort((a, b) => a.margin.cmp(b.margin) || (a.key < b.key ? -1 : 1));
  const revenueTotal = rows.reduce((s, r) => s.plus(r.revenue), new Big(0));
  const costTotal = rows.reduce((s, r) => s.plus(r.cost), new Big(0));
  const unprofitable = [...perCustomer]
    .filter(([, g]) => losing(g))
    .map(([k]) => k)
    .sort();
  return {
    by,
    rows,
    totals: { revenue: revenueTotal, cost: costTotal, ...marginOf(revenueTotal, costTotal) },
    unprofitable,
    unpriced_events: unpricedEvents,
    unattributed,
  };
}

/**
 * Gross margin and margin % (100 % where there is no cost; null where revenue is 0 and cost is not).
 * @example marginOf(new Big("10"), new Big("0.0075")).marginPct?.toFixed() // "99.925"
 */
export function marginOf(revenue: Big, cost: Big): { margin: Big; marginPct: Big | null } {
  const margin = revenue.minus(cost);
  if (cost.eq(0)) return { margin, marginPct: new Big(100) };
  if (revenue.eq(0)) return { margin, marginPct: null };
  return { margin, marginPct: margin.div(revenue).times(100).round(4) };
}

/** months of [from, to) as YYYY-MM bounds for filtering revenue rows; undefined ends are open */
export function inWindow(month: string, from?: string, to?: string): boolean {
  if (from !== undefined && month < from.slice(0, 7)) return false;
  if (to !== undefined && `${month}-01` >= to.slice(0, 10)) return false;
  return true;
}
