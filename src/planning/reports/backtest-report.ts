import type { BacktestResult } from "../backtest.js";
import { PlanInputError, plainWhole, snakeCase, termText, type FieldName, type RawTerm } from "./input.js";

/** `plan backtest`'s window as the caller gives it: flags' strings or query parameters */
export interface BacktestTerms {
  fit_days?: RawTerm;
  test_days?: RawTerm;
}

/** `plan backtest --json`: money as decimal strings */
export interface BacktestReport {
  fit: { from: string; to: string };
  test: { from: string; to: string };
  predicted_usd: string;
  actual_usd: string;
  error_pct: number | null;
  mape_pct: number | null;
  use_cases: { name: string; model: string; predicted_usd: string | null; actual_usd: string; error_pct: number | null }[];
}

/** fit_days (default 60) and test_days (default 30), checked as `plan backtest` checks its flags */
export function backtestDays(terms: BacktestTerms, name: FieldName = snakeCase): { fitDays: number; testDays: number } {
  const days = (field: keyof BacktestTerms, fallback: number): number => {
    const value = terms[field] ?? String(fallback);
    const text = termText(value);
    if (typeof value === "boolean" || !/^\d+$/.test(text.trim()))
      throw new PlanInputError(field, `${name(field)}: expected a non-negative whole number, got "${text}"`);
    const n = plainWhole(value);
    if (n === null) throw new PlanInputError(field, `${name(field)}: ${text} is too large`);
    return n;
  };
  const fitDays = days("fit_days", 60);
  const testDays = days("test_days", 30);
  if (fitDays < 1) throw new PlanInputError("fit_days", `${name("fit_days")}: at least 1`);
  if (testDays < 1) throw new PlanInputError("test_days", `${name("test_days")}: at least 1`);
  return { fitDays, testDays };
}

/** the report as JSON: money as decimal strings */
export function backtestJson(r: BacktestResult): BacktestReport {
  return {
    fit: r.fit,
    test: r.test,
    predicted_usd: r.predicted.toFixed(),
    actual_usd: r.actual.toFixed(),
    error_pct: r.error_pct,
    mape_pct: r.mape_pct,
    use_cases: r.useCases.map((u) => ({
      name: u.name,
      model: u.model,
      predicted_usd: u.predicted?.toFixed() ?? null,
      actual_usd: u.actual.toFixed(),
      error_pct: u.error_pct,
    })),
  };
}
