/**
 * The store queries planning needs, in one place both interfaces call (the `plan` commands and
 * `/api/plan/*`): each reads the rows from a `Store` and hands them to planning's pure functions
 * (src/planning/), which never see a store.
 */
import type { Catalog } from "../pricing/catalog.js";
import type { Dimension } from "../usage/event.js";
import { backtest, backtestWindows, type BacktestOptions, type BacktestResult } from "../planning/backtest.js";
import { fitPortfolio, markBatch, type FitInput } from "../planning/fit.js";
import type { Month } from "../planning/month.js";
import type { Portfolio } from "../planning/portfolio.js";
import type { PricingPlan, PricingResult } from "../planning/pricing-plan.js";
import type { MarginsResult } from "../planning/margins.js";
import type { RevenueRow } from "../planning/revenue-csv.js";
import { backtestJson, type BacktestReport } from "../planning/reports/backtest-report.js";
import { marginsFromRows, type MarginsReport } from "../planning/reports/margins-report.js";
import { pricingFromRows, type PricingReport } from "../planning/reports/pricing-report.js";
import type { Filter, Store } from "./store.js";

export interface FitOptions {
  /** the dimension whose values become use cases (default feature) */
  by?: Dimension;
  /** whole days, [from, to) as YYYY-MM-DD; default the ledger's first to last event's day */
  from?: string;
  to?: string;
  /** with a catalog, use cases priced at the batch rate in the ledger are marked `batch` */
  catalog?: Catalog;
  /** the first month to forecast (default: the month after the window) */
  start?: Month;
  /** only the events every condition holds for (a team, a key's scope), in the fit and its window */
  where?: Filter["where"];
}

/**
 * Reads what `fitPortfolio` needs from a store (three queries) and fits; null when the window
 * holds no events.
 *
 * @example
 * const portfolio = await fitFromLedger(store, { by: "feature" });
 */
export async function fitFromLedger(store: Store, options: FitOptions = {}): Promise<{ portfolio: Portfolio; input: FitInput } | null> {
  const by = options.by ?? "feature";
  const window = await ledgerWindow(store, options);
  if (window === null) return null;
  const filter: Filter = { from: window.from, to: window.to, ...(options.where?.length ? { where: options.where } : {}) };
  const [byModel, daily, interactions] = await Promise.all([
    store.aggregate({ ...filter, by: [by, "model"] }),
    store.aggregate({ ...filter, by: [by], every: "day" }),
    store.interactionSummary({ ...filter, by: [by] }),
  ]);
  if (byModel.events === 0) return null;
  const input: FitInput = {
    dimension: by,
    ...window,
    byModel: byModel.rows,
    daily: daily.rows,
    interactions,
    ...(options.start ? { start: options.start } : {}),
  };
  const portfolio = fitPortfolio(input);
  return { portfolio: options.catalog ? markBatch(portfolio, input, options.catalog) : portfolio, input };
}

/** [from, to) in whole days: the options', else the ledger's first and last events' days */
export async function ledgerWindow(
  store: Store,
  options: { from?: string; to?: string; where?: Filter["where"] } = {},
): Promise<{ from: string; to: string } | null> {
  let from = options.from?.slice(0, 10);
  let to = options.to?.slice(0, 10);
  if (from === undefined || to === undefined) {
    const range = await store.range({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(options.where?.length ? { where: options.where } : {}) });
    if (range.first === null || range.last === null) return null;
    from ??= range.first.slice(0, 10);
    to ??= new Date(Date.parse(`${range.last.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }
  return from < to ? { from, to } : null;
}

/**
 * `plan backtest` on the ledger: fits on its first `fitDays` days, predicts the next `testDays`
 * and compares with what they cost (see `backtest`); null where the fit window has no events.
 */
export async function backtestFromLedger(store: Store, catalog: Catalog, options: BacktestOptions = {}): Promise<BacktestResult | null> {
  const by = options.by ?? "feature";
  const window = await ledgerWindow(store);
  if (window === null) return null;
  const { fit, test } = backtestWindows(window.from, options.fitDays ?? 60, options.testDays ?? 30);
  const fitted = await fitFromLedger(store, { by, ...fit, catalog, start: test.from.slice(0, 7) });
  if (fitted === null) return null;
  const actual = await store.aggregate({ ...test, by: [by] });
  return backtest(catalog, { by, fit, test, portfolio: fitted.portfolio, actual });
}

/** `plan backtest` on the ledger, as the result and as the JSON; null where the fit window has no events */
export async function backtestReport(
  store: Store,
  catalog: Catalog,
  options: { by: Dimension; fitDays: number; testDays: number },
): Promise<{ result: BacktestResult; report: BacktestReport } | null> {
  const result = await backtestFromLedger(store, catalog, options);
  return result === null ? null : { result, report: backtestJson(result) };
}

/** `plan margins`: the revenue against the ledger's cost per customer-month within `filter` (and, by customer, its successes) */
export async function marginsReport(
  store: Store,
  revenue: readonly RevenueRow[],
  options: { filter: Filter; by: "customer" | "plan" },
): Promise<{ result: MarginsResult; report: MarginsReport }> {
  const { filter, by } = options;
  const [costs, outcomes] = await Promise.all([
    store.aggregate({ ...filter, by: ["customer"], every: "month" }),
    // successful outcomes per customer, where the ledger records outcomes: cost per success
    by === "customer" ? store.outcomeSummary({ ...filter, by: ["customer"] }) : Promise.resolve([]),
  ]);
  return marginsFromRows(revenue, { window: filter, by }, costs.rows, outcomes);
}

/** `plan pricing`: the plan simulated on the ledger's customer-months within `filter` (`report --by customer --every month`) */
export async function pricingReport(
  store: Pick<Store, "aggregate">,
  plan: PricingPlan,
  filter: Filter,
): Promise<{ result: PricingResult; report: PricingReport }> {
  const result = await store.aggregate({ ...filter, by: ["customer"], every: "month" });
  return pricingFromRows(plan, result.rows);
}
