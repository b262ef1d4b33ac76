import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import { volumeAt } from "./growth.js";
import { lognormalMultiplier, quantile, standardNormal } from "./monte-carlo.js";
import { seededRandom } from "../shared/random.js";
import { addMonths, firstDay, type Month } from "./month.js";
import type { Portfolio, UseCase } from "./portfolio.js";
import type { MeanRequest, RequestCost } from "./request-cost.js";
import { mixCost, mixMean, splitRequests, type RouteShare } from "./routing.js";
import { findScenario, termsAt, type MonthlyTerms } from "./scenario.js";

export interface PlanOptions {
  /** months to forecast from the portfolio's start (default 12) */
  months?: number;
  scenario?: string;
  /** Monte Carlo seed (default 1) and number of paths (default 2000) */
  seed?: number;
  runs?: number;
}

export interface UseCaseMonth {
  month: Month;
  terms: MonthlyTerms;
  /** how the requests split across models (one route of share 1 without routing) */
  routes: RouteShare[];
  /** the token means of a mean request over the routes */
  tokens: MeanRequest;
  /** mean requests, after growth and the scenario's multipliers */
  requests: Big;
  cost: RequestCost;
  /** α · V · cost per request; null when unpriced (left out of the totals) */
  expected: Big | null;
  /** this use case's own percentiles that month (its expected spend without spread); null when unpriced */
  p10: Big | null;
  p50: Big | null;
  p90: Big | null;
}

export interface UseCaseForecast {
  useCase: UseCase;
  months: UseCaseMonth[];
}

export interface MonthForecast {
  month: Month;
  /** the exact mean: Σ α·V·cost over the priced use cases */
  expected: Big;
  p10: Big;
  p50: Big;
  p90: Big;
}

export interface PlanResult {
  scenario: string | null;
  runs: number;
  seed: number;
  months: MonthForecast[];
  useCases: UseCaseForecast[];
}

/**
 * The portfolio's spend month by month: the exact expected spend, and P10 / P50 / P90 from a
 * seeded Monte Carlo over the use cases' spreads (lognormal multipliers with mean 1 on volume,
 * input-side and output-side tokens, drawn independently per use case and month; and a compound
 * rate drawn once per path, `growthRatios`). Without any spread the percentiles equal the expected
 * spend exactly; with a growth spread the expected line stays at the file's rate, and the paths'
 * mean and median run above it, the more so the wider the spread and the longer the horizon,
 * as (1 + g')^(k−1) is convex. Unpriced use-case months are reported
 * with their reason and left out of every total.
 *
 * @example
 * const plan = runPlan(builtinCatalog(), portfolio, { months: 12 });
 * plan.months[0].expected.toFixed(); // "3.69"
 */
export function runPlan(catalog: Catalog, portfolio: Portfolio, options: PlanOptions = {}): PlanResult {
  const horizon = options.months ?? 12;
  const runs = options.runs ?? 2000;
  const seed = options.seed ?? 1;
  const scenario = findScenario(portfolio, options.scenario);
  const months = Array.from({ length: horizon }, (_, i) => addMonths(portfolio.start, i));
  const costs = new Map<string, RequestCost>();

  const useCases: UseCaseForecast[] = portfolio.use_cases.map((useCase) => {
    const mean = { input: useCase.input_tokens, cached_input: useCase.cached_input_tokens, output: useCase.output_tokens, reasoning: useCase.reasoning_tokens };
    const base = new Big(String(useCase.requests_per_month));
    return {
      useCase,
      months: months.map((month, i) => {
        const terms = termsAt(useCase, scenario, month);
        const routes = splitRequests(terms.model, terms.routing, mean);
        const key = JSON.stringify([useCase.name, terms.model, terms.routing, terms.batch, month]);
        let cost = costs.get(key);
        if (cost === undefined) costs.set(key, (cost = mixCost(catalog, routes, firstDay(month), { batch: terms.batch })));
        const requests = volumeAt(base, useCase.growth, i + 1, portfolio.start).times(String(terms.requestsMultiplier));
        const expected = cost.priced ? cost.total.times(requests).times(String(terms.overhead)) : null;
        return { month, terms, routes, tokens: mixMean(routes), requests, cost, expected, p10: expected, p50: expected, p90: expected };
      }),
    };
  });

  const expected = months.map((_, k) => useCases.reduce((sum, u) => (u.months[k]!.expected ? sum.plus(u.months[k]!.expected!) : sum), new Big(0)));
  const spreadOut = useCases.filter((u) => hasSpread(u.useCase));
  const monthly: MonthForecast[] =
    spreadOut.length === 0
      ? months.map((month, k) => ({ month, expected: expected[k]!, p10: expected[k]!, p50: expected[k]!, p90: expected[k]! }))
      : simulate(months, expected, useCases, spreadOut, runs, seed);
  return { scenario: options.scenario ?? null, runs, seed, months: monthly, useCases };
}

/** whether a use case takes part in the Monte Carlo */
export function hasSpread(u: UseCase): boolean {
  const s = u.spread;
  return s !== undefined && ((s.requests ?? 0) > 0 || (s.input_tokens ?? 0) > 0 || (s.output_tokens ?? 0) > 0 || growthSpread(u) > 0);
}

/** the standard deviation of a compound rate, 0 for other growth */
function growthSpread(u: UseCase): number {
  return u.growth?.kind === "compound" ? (u.spread?.growth ?? 0) : 0;
}

/**
 * Per use case (file order) and path, how a path's drawn compound rate g' = g + sd·Z (at least
 * −0.99) compares with the file's: (1 + g') / (1 + g), which month k's volume takes to the
 * power k − 1; null for use cases without a growth spread. From a stream of its own (seed + 1),
 * so the draws of volume and tokens stay what they are without it.
 *
 * @example growthRatios(portfolio.use_cases, 2000, 1)[0]?.[0] // e.g. 1.0213
 */
export function growthRatios(useCases: readonly UseCase[], runs: number, seed: number): (Float64Array | null)[] {
  const random = seededRandom(seed + 1);
  return useCases.map((u) => {
    const sd = growthSpread(u);
    if (sd === 0 || u.growth?.kind !== "compound") return null;
    const g = u.growth.monthly;
    const ratios = new Float64Array(runs);
    for (let r = 0; r < runs; r++) ratios[r] = (1 + Math.max(-0.99, g + sd * standardNormal(random))) / (1 + g);
    return ratios;
  });
}

/**
 * Percentiles of each month's total, and of each use case's month, over `runs` paths; use
 * cases without spread add their exact mean (and keep it as their percentiles).
 */
function simulate(months: Month[], expected: Big[], all: UseCaseForecast[], spreadOut: UseCaseForecast[], runs: number, seed: number): MonthForecast[] {
  const random = seededRandom(seed);
  const fixed = months.map((_, k) => all.filter((u) => !spreadOut.includes(u)).reduce((s, u) => s + Number(u.months[k]!.expected ?? 0), 0));
  const samplers = spreadOut.map(({ useCase: { spread } }) => ({
    requests: lognormalMultiplier(spread?.requests ?? 0, random),
    input: lognormalMultiplier(spread?.input_tokens ?? 0, random),
    output: lognormalMultiplier(spread?.output_tokens ?? 0, random),
  }));
  // per use case and month: α·V, and the cost's input, output and fixed parts, as doubles
  // (the rates, long-context tier included, are those of the mean request)
  const terms = spreadOut.map((u) =>
    u.months.map((m) =>
      m.cost.priced
        ? { volume: Number(m.requests.times(String(m.terms.overhead))), i: Number(m.cost.inputPart), o: Number(m.cost.outputPart), f: Number(m.cost.fixedPart) }
        : null,
    ),
  );
  const ratios = growthRatios(
    spreadOut.map((u) => u.useCase),
    runs,
    seed,
  );
  const totals = new Float64Array(runs);
  const perUse = spreadOut.map(() => new Float64Array(runs));
  const percentiles = (values: Float64Array) => {
    values.sort();
    const q = (p: number) => new Big(quantile(values, p).toFixed(6));
    return { p10: q(0.1), p50: q(0.5), p90: q(0.9) };
  };
  // month by month, so a month's percentiles do not depend on the horizon
  return months.map((month, k) => {
    for (let r = 0; r < runs; r++) {
      let total = fixed[k]!;
      for (let u = 0; u < spreadOut.length; u++) {
        const t = terms[u]![k];
        const s = samplers[u]!;
        const mReq = s.requests();
        const mIn = s.input();
        const mOut = s.output();
        const g = ratios[u];
        const spend = t ? t.volume * (g ? g[r]! ** k : 1) * mReq * (t.i * mIn + t.o * mOut + t.f) : 0;
        perUse[u]![r] = spend;
        total += spend;
      }
      totals[r] = total;
    }
    spreadOut.forEach((u, i) => {
      const m = u.months[k]!;
      if (m.expected !== null) Object.assign(m, percentiles(perUse[i]!));
    });
    return { month, expected: expected[k]!, ...percentiles(totals) };
  });
}
