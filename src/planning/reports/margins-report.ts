import type Big from "big.js";
import type { DayWindow, OutcomeTotalsRow, UsageRow } from "../ledger-rows.js";
import { inWindow, margins, type MarginsResult } from "../margins.js";
import { successesByCustomer } from "../outcomes.js";
import type { RevenueRow } from "../revenue-csv.js";

/** `plan margins --json`: decimals as strings */
export interface MarginsReport {
  /** keyed `customer` or `plan` as grouped */
  rows: ({ customer?: string; plan?: string } & { revenue_usd: string; cost_usd: string; margin_usd: string; margin_pct: string | null; flags: string[] })[];
  totals: { revenue_usd: string; cost_usd: string; margin_usd: string; margin_pct: string | null };
  unprofitable: string[];
  unpriced_events: number;
  unattributed_cost_usd: string;
  /** where outcomes are recorded (by customer only) */
  cost_per_success?: {
    definition: string;
    customers: { customer: string; successes: number; cost_usd: string; cost_per_success_usd: string | null }[];
  };
}

/**
 * `plan margins`: the revenue rows inside the window against the ledger's token cost per customer
 * per month (`costs`: grouped by customer, every month) and, by customer, its successful outcomes
 * (`outcomes`: grouped by customer; empty where none are recorded), as the command's JSON
 * (`report`) and the result itself (for tables).
 */
export function marginsFromRows(
  revenue: readonly RevenueRow[],
  options: { window: DayWindow; by: "customer" | "plan" },
  costs: readonly UsageRow[],
  outcomes: readonly OutcomeTotalsRow[],
): { result: MarginsResult; report: MarginsReport } {
  const { window, by } = options;
  const inside = revenue.filter((r) => inWindow(r.month, window.from, window.to));
  const monthly = costs.map((r) => ({
    month: (r.period ?? "").slice(0, 7),
    customer: r.dimensions.customer ?? null,
    cost_usd: r.total_usd,
    unpriced_events: r.unpriced_events,
  }));
  const result = margins(inside, monthly, by, outcomes.length > 0 ? successesByCustomer(outcomes) : undefined);
  return { result, report: marginsJson(result) };
}

const pct = (v: Big | null) => (v === null ? null : v.toFixed());

/** whether any customer has outcomes recorded in the window */
const withOutcomes = (result: MarginsResult): boolean => result.rows.some((r) => r.successes !== undefined);

/** the result as JSON: decimals as strings */
export function marginsJson(result: MarginsResult): MarginsReport {
  return {
    rows: result.rows.map((r) => ({
      [result.by]: r.key,
      revenue_usd: r.revenue.toFixed(),
      cost_usd: r.cost.toFixed(),
      margin_usd: r.margin.toFixed(),
      margin_pct: pct(r.marginPct),
      flags: r.flags,
    })),
    totals: {
      revenue_usd: result.totals.revenue.toFixed(),
      cost_usd: result.totals.cost.toFixed(),
      margin_usd: result.totals.margin.toFixed(),
      margin_pct: pct(result.totals.marginPct),
    },
    unprofitable: result.unprofitable,
    unpriced_events: result.unpriced_events,
    unattributed_cost_usd: result.unattributed.toFixed(),
    // beside the rows, not in them: the rows' shape stays what CSV and older readers expect
    ...(withOutcomes(result)
      ? {
          cost_per_success: {
            definition: "cost_per_success_usd = the customer's token cost in the window / its successful outcomes (every kind)",
            customers: result.rows
              .filter((r) => r.successes !== undefined)
              .map((r) => ({
                customer: r.key,
                successes: r.successes!,
                cost_usd: r.cost.toFixed(),
                cost_per_success_usd: r.costPerSuccess?.toFixed() ?? null,
              })),
          },
        }
      : {}),
  };
}
