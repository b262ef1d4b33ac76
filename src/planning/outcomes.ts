import Big from "big.js";
import type { OutcomeTotalsRow } from "./ledger-rows.js";

/**
 * Cost per successful outcome, the seeds' unit economics of value: what a resolved ticket, an
 * accepted suggestion or a conversion costs in tokens.
 *
 * Definition: the token cost of *every* interaction in the group (successful, failed and those
 * with no outcome recorded) divided by the successful outcomes of the kind — as cost per
 * acquisition is all spend over conversions, because the failures are part of the price of each
 * success. Null, never zero or infinity, where nothing succeeded.
 */

/** quotients rounded once, half-even, at the ledger's money precision (13 places) */
const Money = Big();
Money.DP = 13;
Money.RM = Big.roundHalfEven;

/**
 * @example costPerSuccess("0.12", 3)?.toFixed() // "0.04"
 * @example costPerSuccess("0.12", 0) // null
 */
export function costPerSuccess(cost: string | Big, successes: number): Big | null {
  if (successes <= 0) return null;
  return new Big(new Money(cost.toString()).div(successes));
}

/** successes / outcomes as a share rounded to 4 places (a number: it is not money); null without outcomes */
export function successRate(successes: number, outcomes: number): number | null {
  return outcomes > 0 ? Number(new Big(successes).div(outcomes).round(4, Big.roundHalfEven)) : null;
}

export interface OutcomeCostRow {
  dimensions: Record<string, string | null>;
  kind: string;
  interactions: number;
  outcomes: number;
  successes: number;
  success_rate: number | null;
  /** every interaction's token cost in the group, exact */
  interactions_usd: string;
  /** the token cost of the interactions that succeeded, exact */
  successful_usd: string;
  value_usd: string;
  /** interactions_usd / successes, rounded half-even to 13 places; null where nothing succeeded */
  cost_per_success_usd: string | null;
  unpriced_calls: number;
}

/** a row of `outcomes report --json`: an OutcomeCostRow with each `by` dimension's value (null where unset) keyed by its name */
export type OutcomeReportRow = Omit<OutcomeCostRow, "dimensions"> & { [dimension: string]: unknown };

/** `outcomes report --json` and `GET /api/outcomes/summary` */
export interface OutcomeReport {
  rows: OutcomeReportRow[];
  /** the definition of cost per success, in words */
  definition: string;
}

/** the summary rows with success rate and cost per successful outcome */
export function outcomeCosts(rows: readonly OutcomeTotalsRow[]): OutcomeCostRow[] {
  return rows.map((r) => ({
    dimensions: r.dimensions,
    kind: r.kind,
    interactions: r.interactions,
    outcomes: r.outcomes,
    successes: r.successes,
    success_rate: successRate(r.successes, r.outcomes),
    interactions_usd: r.interactions_usd,
    successful_usd: r.successful_usd,
    value_usd: r.value_usd,
    cost_per_success_usd: costPerSuccess(r.interactions_usd, r.successes)?.toFixed() ?? null,
    unpriced_calls: r.unpriced_calls,
  }));
}

/**
 * The JSON of `outcomes report --json` and `GET /api/outcomes/summary`: each row's dimensions
 * flattened by name (as `report --json` does), decimals as strings.
 */
export function outcomeReportJson(rows: readonly OutcomeTotalsRow[]): OutcomeReport {
  return {
    rows: outcomeCosts(rows).map(({ dimensions, ...rest }) => ({ ...dimensions, ...rest })),
    definition: "cost_per_success_usd = interactions_usd (every interaction in the group) / successes",
  };
}

/** successful outcomes (of every kind) per customer, from a summary grouped by customer */
export function successesByCustomer(rows: readonly OutcomeTotalsRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const customer = r.dimensions.customer;
    if (customer === null || customer === undefined) continue;
    out.set(customer, (out.get(customer) ?? 0) + r.successes);
  }
  return out;
}
