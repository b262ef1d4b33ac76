import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import type { Dimension } from "../usage/event.js";
import { dayList, NONE } from "./fit.js";
import type { UsageTotals } from "./ledger-rows.js";
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

/** the fit window (`fitDays` from the ledger's first day) and the test window right after it */
export function backtestWindows(
  firstDay: string,
  fitDays: number,
  testDays: number,
): { fit: { from: string; to: string }; test: { from: string; to: string } } {
  const day = (offset: number) => new Date(Date.parse(`${firstDay}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const fit = { from: firstDay, to: day(fitDays) };
  return { fit, test: { from: fit.to, to: day(fitDays + testDays) } };
}

/** what a back-test compares: the portfolio fitted on `fit`, and the ledger's actual sums over `test` by the same dimension */
export interface BacktestInput {
  by: Dimension;
  fit: { from: string; to: string };
  test: { from: string; to: string };
  /** fitted on the fit window, starting at the test window's first month */
  portfolio: Portfolio;
  /** the ledger's sums over the test window, grouped `by` */
  actual: UsageTotals;
}

/**
 * Predicts the test window with `runPlan`, daily-prorated: the plan starts at the month of the
 * first test day (with the fitted volume as that month's), and each month's expected spend counts
 * by the share of its days that fall in the test window. Actual is the ledger's priced total over
 * the same days. (src/ledger/planning-queries.ts reads the ledger and fits.)
 *
 * @example
 * const r = backtest(catalog, { by: "feature", fit, test, portfolio, actual });
 * r.error_pct; // e.g. -4.2
 */
export function backtest(catalog: Catalog, input: BacktestInput): BacktestResult {
  const { by, fit, test, portfolio } = input;
  const testDayList = dayList(test.from, test.to);
  const months = [...new Set(testDayList.map((d) => d.slice(0, 7)))];
  const plan = runPlan(catalog, portfolio, { months: months.length, runs: 1 });
  const actualOf = new Map(input.actual.rows.map((r) => [r.dimensions[by] ?? NONE, new Big(r.total_usd)]));
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
  const actual = new Big(input.actual.total_usd);
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
