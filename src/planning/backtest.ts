import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import type { Store } from "../ledger/store.js";
import type { Dimension } from "../usage/event.js";
import { dayList, NONE } from "./fit.js";
import { fitFromLedger, ledgerWindow } from "./fit-ledger.js";
import type { Portfolio } from "./portfolio.js";
import { runPlan } from "./plan.js";

export interface BacktestOptions {
  by?: Dimension;
  /** days fitted on, from the ledger's first day (default 60) */
  fitDays?: number;
  /** days predicted right after them (default 30) */
  testDays?: number;
}

export interface BacktestUseCase {
  name: string;
  model: string;
  /** null when the model is unpriced */
  predicted: Big | null;
  actual: Big;
  /** (predicted − actual) / actual × 100; null when either is missing or actual is 0 */
  error_pct: number | null;
}

export interface BacktestResult {
  fit: { from: string; to: string };
  test: { from: string; to: string };
  portfolio: Portfolio;
  predicted: Big;
  /** the ledger's exact priced total over the test days */
  actual: Big;
  error_pct: number | null;
  /** mean absolute % error over the use cases with an error */
  mape_pct: number | null;
  useCases: BacktestUseCase[];
}

/**
 * Fits a portfolio on the ledger's first `fitDays` days and predicts the next `testDays` with
 * `runPlan`, daily-prorated: the plan starts at the month of the first test day (with the fitted
 * volume as that month's), and each month's expected spend counts by the share of its days that
 * fall in the test window. Actual is the ledger's priced total over the same days.
 *
 * @example
 * const r = await backtest(store, catalog, { fitDays: 60, testDays: 30 });
 * r.error_pct; // e.g. -4.2
 */
export async function backtest(store: Store, catalog: Catalog, options: BacktestOptions = {}): Promise<BacktestResult | null> {
  const by = options.by ?? "feature";
  const fitDays = options.fitDays ?? 60;
  const testDays = options.testDays ?? 30;
  const window = await ledgerWindow(store);
  if (window === null) return null;
  const day = (offset: number) => new Date(Date.parse(`${window.from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const fit = { from: window.from, to: day(fitDays) };
  const test = { from: fit.to, to: day(fitDays + testDays) };
  const fitted = await fitFromLedger(store, { by, ...fit, catalog, start: test.from.slice(0, 7) });
  if (fitted === null) return null;
  const portfolio = fitted.portfolio;
  const testDayList = dayList(test.from, test.to);
  const months = [...new Set(testDayList.map((d) => d.slice(0, 7)))];
  const plan = runPlan(catalog, portfolio, { months: months.length, runs: 1 });
  const actualRows = await store.aggregate({ ...test, by: [by] });
  const actualOf = new Map(actualRows.rows.map((r) => [r.dimensions[by] ?? NONE, new Big(r.total_usd)]));
  const useCases = plan.useCases.map(({ useCase, months: ms }): BacktestUseCase => {
    let predicted: Big | null = new Big(0);
    for (const m of ms) {
      const share = testDayList.filter((d) => d.startsWith(m.month)).length / daysInMonth(m.month);
      if (m.expected === null) predicted = null;
      else if (predicted !== null) predicted = predicted.plus(m.expected.times(share));
    }
    const actual = actualOf.get(useCase.name) ?? new Big(0);
    return { name: useCase.name, model: useCase.model, predicted, actual, error_pct: errorPct(predicted, actual) };
  });
  const predicted = useCases.reduce((s, u) => s.plus(u.predicted ?? 0), new Big(0));
  const actual = new Big(actualRows.total_usd);
  const errors = useCases.flatMap((u) => (u.error_pct === null ? [] : [Math.abs(u.error_pct)]));
  const mape = errors.length > 0 ? errors.reduce((s, e) => s + e, 0) / errors.length : null;
  return { fit, test, portfolio, predicted, actual, error_pct: errorPct(predicted, actual), mape_pct: mape, useCases };
}

function errorPct(predicted: Big | null, actual: Big): number | null {
  if (predicted === null || actual.eq(0)) return null;
  return Number(predicted.minus(actual).div(actual).times(100).toFixed(6));
}

function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
