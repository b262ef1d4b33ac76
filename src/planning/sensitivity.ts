import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import { runPlan } from "./plan.js";
import type { Growth, Portfolio, UseCase } from "./portfolio.js";

/** the parameters a sensitivity table moves, each use case at a time */
export const SENSITIVITY_PARAMETERS = [
  "requests_per_month",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "reasoning_tokens",
  "overhead",
  "growth",
] as const;
export type SensitivityParameter = (typeof SENSITIVITY_PARAMETERS)[number];

export interface SensitivityOptions {
  /** months from the portfolio's start (default 12) */
  months?: number;
  /** relative move of each parameter, 0 < swing < 1 (default 0.2) */
  swing?: number;
  scenario?: string;
}

export interface SensitivityBar {
  useCase: string;
  parameter: SensitivityParameter;
  /** total expected spend over the horizon with the parameter at −swing and at +swing */
  low: Big;
  high: Big;
  /** high − low (negative where raising the parameter lowers spend) */
  spread: Big;
}

export interface SensitivityResult {
  months: number;
  swing: number;
  /** total expected spend over the horizon, nothing moved */
  base: Big;
  /** ranked by |spread|, largest first; ties keep the file's order */
  bars: SensitivityBar[];
}

/**
 * Tornado data: for each use case and parameter, the portfolio's total expected spend over the
 * horizon with that one parameter scaled by (1 − swing) and (1 + swing), the rest as in the file.
 * Growth scales the compound rate, the linear monthly step, or the s-curve's steepness. Exact
 * expected figures (spreads play no part); unpriced use cases stay out of every total.
 *
 * @example sensitivity(builtinCatalog(), portfolio, { months: 12, swing: 0.2 }).bars[0]
 */
export function sensitivity(catalog: Catalog, portfolio: Portfolio, options: SensitivityOptions = {}): SensitivityResult {
  const months = options.months ?? 12;
  const swing = options.swing ?? 0.2;
  if (!(swing > 0 && swing < 1)) throw new RangeError(`swing must be between 0 and 1, got ${swing}`);
  const plan = (useCases: UseCase[]) =>
    runPlan(catalog, { ...portfolio, use_cases: useCases }, { months, runs: 1, ...(options.scenario !== undefined ? { scenario: options.scenario } : {}) });
  const sum = (ms: readonly { expected: Big | null }[]) => ms.reduce((s, m) => (m.expected ? s.plus(m.expected) : s), new Big(0));
  const exact = portfolio.use_cases.map((u) => ({ ...u, spread: undefined }));
  const all = plan(exact);
  const base = sum(all.months);
  // moving one use case changes only its own months: the base less its total plus its moved
  // total, exactly what re-running the whole portfolio gives (sums of the same exact figures)
  const own = all.useCases.map((u) => sum(u.months));
  const bars: SensitivityBar[] = [];
  exact.forEach((useCase, i) => {
    for (const parameter of SENSITIVITY_PARAMETERS) {
      const at = (factor: string) => base.minus(own[i]!).plus(sum(plan([scaled(useCase, parameter, factor)]).useCases[0]!.months));
      const low = at(new Big(1).minus(String(swing)).toFixed());
      const high = at(new Big(1).plus(String(swing)).toFixed());
      bars.push({ useCase: useCase.name, parameter, low, high, spread: high.minus(low) });
    }
  });
  bars.sort((a, b) => b.spread.abs().cmp(a.spread.abs()));
  return { months, swing, base, bars };
}

/** the use case with one parameter times `factor` (a decimal string, kept exact) */
function scaled(u: UseCase, parameter: SensitivityParameter, factor: string): UseCase {
  const times = (v: number) => Number(new Big(String(v)).times(factor));
  if (parameter === "growth") return u.growth === undefined ? u : { ...u, growth: scaledGrowth(u.growth, times) };
  return { ...u, [parameter]: times(u[parameter]) };
}

function scaledGrowth(g: Growth, times: (v: number) => number): Growth {
  switch (g.kind) {
    case "compound":
      return { ...g, monthly: times(g.monthly) };
    case "linear":
      return { ...g, monthly_requests: times(g.monthly_requests) };
    case "s-curve":
      return { ...g, steepness: times(g.steepness) };
  }
}
