import Big from "big.js";
import type { CommitmentProduct } from "./commit.js";
import { weightedTokens } from "./commit.js";
import { lognormalMultiplier } from "./monte-carlo.js";
import { seededRandom } from "../shared/random.js";
import { growthRatios, hasSpread, type PlanResult } from "./plan.js";

export interface WeightedDemand {
  /** monthly demand in weighted tokens, `runs` paths per month, months in order */
  samples: number[][];
  /** exact expected weighted tokens per month */
  expected: Big[];
  /** exact expected pay-as-you-go spend per month (priced use-case months in scope) */
  spend: Big[];
  /** the blended pay-as-you-go price per weighted token: Σ spend / Σ expected tokens */
  payg: Big | null;
  useCases: string[];
}

/**
 * A plan's monthly demand in the product's weighted tokens, per Monte Carlo path: the same
 * seeded draws as runPlan (lognormal multipliers on requests, input side and output side, per use
 * case and month), over the priced months of the use cases in scope (all, or `only`).
 *
 * @example weightedDemand(runPlan(catalog, portfolio), product).samples[0].length // runs
 */
export function weightedDemand(plan: PlanResult, product: Pick<CommitmentProduct, "outputWeight" | "cachedFree">, only?: string): WeightedDemand {
  const inScope = plan.useCases.filter((u) => only === undefined || u.useCase.name === only);
  const months = plan.months.map((m) => m.month);
  // a mean request's tokens are those of its routing mix that month
  const terms = plan.useCases.map((u) =>
    u.months.map((m) => {
      if (!m.cost.priced || !inScope.includes(u)) return null;
      const input = m.tokens.input + (product.cachedFree ? 0 : m.tokens.cached_input);
      const output = product.outputWeight * (m.tokens.output + m.tokens.reasoning);
      return { volume: Number(m.requests.times(String(m.terms.overhead))), input, output };
    }),
  );
  const expected = months.map((_, k) =>
    inScope.reduce((sum, u) => {
      const m = u.months[k]!;
      return m.cost.priced ? sum.plus(m.requests.times(String(m.terms.overhead)).times(String(weightedTokens(m.tokens, product)))) : sum;
    }, new Big(0)),
  );
  const spend = months.map((_, k) => inScope.reduce((sum, u) => sum.plus(u.months[k]!.expected ?? 0), new Big(0)));
  const tokens = expected.reduce((a, b) => a.plus(b), new Big(0));
  const payg = tokens.gt(0) ? spend.reduce((a, b) => a.plus(b), new Big(0)).div(tokens) : null;

  // draw exactly as runPlan does: one sampler triple per use case with spread, in file order, and
  // the same compound rate per path
  const random = seededRandom(plan.seed);
  const spread = plan.useCases.map((u, i) => ({ i, s: u.useCase.spread })).filter(({ i }) => hasSpread(plan.useCases[i]!.useCase));
  const ratios = growthRatios(
    plan.useCases.map((u) => u.useCase),
    plan.runs,
    plan.seed,
  );
  const samplers = spread.map(({ i, s }) => ({
    i,
    requests: lognormalMultiplier(s?.requests ?? 0, random),
    input: lognormalMultiplier(s?.input_tokens ?? 0, random),
    output: lognormalMultiplier(s?.output_tokens ?? 0, random),
  }));
  const spreadSet = new Set(spread.map((s) => s.i));
  const samples = months.map((_, k) => {
    const fixed = terms.reduce((sum, t, i) => (spreadSet.has(i) || !t[k] ? sum : sum + t[k]!.volume * (t[k]!.input + t[k]!.output)), 0);
    const runs = samplers.length === 0 ? 1 : plan.runs;
    const out: number[] = [];
    for (let r = 0; r < runs; r++) {
      let total = fixed;
      for (const s of samplers) {
        const mReq = s.requests();
        const mIn = s.input();
        const mOut = s.output();
        const t = terms[s.i]![k];
        const g = ratios[s.i];
        if (t) total += t.volume * (g ? g[r]! ** k : 1) * mReq * (t.input * mIn + t.output * mOut);
      }
      out.push(total);
    }
    return out;
  });
  return { samples, expected, spend, payg, useCases: inScope.map((u) => u.useCase.name) };
}
