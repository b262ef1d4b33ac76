/**
 * The planning Monte Carlo at the size: 10,000 paths × 12 months × 50 use cases, every use
 * case with spreads on volume, input and output (and the compound ones on their rate), priced with the real catalog (exact expected
 * spend, sampled percentiles).
 */
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { runPlan, validatePortfolio } from "../src/planning/index.js";

export interface PlanningResult {
  useCases: number;
  months: number;
  runs: number;
  /** median of 3 runs, ms */
  ms: number;
}

const MODELS = ["gpt-4o-mini", "gpt-4.1", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-flash", "o3"];

export function benchPlanning(useCases = 50, months = 12, runs = 10_000): PlanningResult {
  const portfolio = validatePortfolio(
    {
      start: "2027-01",
      use_cases: Array.from({ length: useCases }, (_, i) => ({
        name: `use-case-${i}`,
        model: MODELS[i % MODELS.length],
        input_tokens: 500 + 37 * i,
        cached_input_tokens: 200 * (i % 4),
        output_tokens: 150 + 11 * i,
        reasoning_tokens: i % 6 === 5 ? 400 : 0,
        requests_per_month: 10_000 + 1_000 * i,
        overhead: 1 + (i % 5) / 10,
        growth:
          i % 3 === 0
            ? { kind: "compound", monthly: 0.05 }
            : i % 3 === 1
              ? { kind: "linear", monthly_requests: 500 }
              : { kind: "s-curve", ceiling: 100_000, midpoint: "2027-06", steepness: 0.8 },
        // compound use cases also draw their rate per path, as fitted portfolios do
        spread: { requests: 0.2, input_tokens: 0.1, output_tokens: 0.15, ...(i % 3 === 0 ? { growth: 0.03 } : {}) },
      })),
    },
    "bench portfolio",
  );
  const catalog = builtinCatalog();
  runPlan(catalog, portfolio, { months, runs: 200 }); // warm
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    runPlan(catalog, portfolio, { months, runs, seed: i + 1 });
    samples.push(performance.now() - start);
  }
  return { useCases, months, runs, ms: samples.sort((a, b) => a - b)[1]! };
}
