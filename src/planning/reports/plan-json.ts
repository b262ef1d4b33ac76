import type { PlanResult } from "../plan.js";

/** `plan run --json`: decimals as strings; a use case's month carries `routes` only when split */
export interface PlanJson {
  scenario: string | null;
  seed: number;
  runs: number;
  months: { month: string; expected_usd: string; p10_usd: string; p50_usd: string; p90_usd: string }[];
  use_cases: {
    name: string;
    model: string;
    resolved_model: string | null;
    priced: boolean;
    cost_per_request_usd: string | null;
    reason?: string;
    months: {
      month: string;
      model: string;
      resolved_model: string | null;
      /** present when requests are split across models */
      routes?: { model: string; share: string }[];
      requests: string;
      cost_per_request_usd: string | null;
      expected_usd: string | null;
      /** this use case's own percentiles; null when unpriced */
      p10_usd: string | null;
      p50_usd: string | null;
      p90_usd: string | null;
      reason?: string;
    }[];
  }[];
}

/** the plan as the JSON: decimals as strings */
export function planJson(result: PlanResult): PlanJson {
  return {
    scenario: result.scenario,
    seed: result.seed,
    runs: result.runs,
    months: result.months.map((m) => ({
      month: m.month,
      expected_usd: m.expected.toFixed(),
      p10_usd: m.p10.toFixed(),
      p50_usd: m.p50.toFixed(),
      p90_usd: m.p90.toFixed(),
    })),
    use_cases: result.useCases.map(({ useCase, months }) => {
      const first = months[0]!;
      return {
        name: useCase.name,
        model: useCase.model,
        resolved_model: first.cost.resolved_model,
        priced: months.every((m) => m.cost.priced),
        cost_per_request_usd: first.cost.priced ? first.cost.total.toFixed() : null,
        ...(first.cost.priced ? {} : { reason: first.cost.reason }),
        months: months.map((m) => ({
          month: m.month,
          model: m.terms.model,
          resolved_model: m.cost.resolved_model,
          requests: m.requests.toFixed(),
          ...(m.routes.length > 1 || m.routes[0]?.model !== m.terms.model
            ? { routes: m.routes.map((r) => ({ model: r.model, share: r.share.toFixed() })) }
            : {}),
          cost_per_request_usd: m.cost.priced ? m.cost.total.toFixed() : null,
          expected_usd: m.expected?.toFixed() ?? null,
          p10_usd: m.p10?.toFixed() ?? null,
          p50_usd: m.p50?.toFixed() ?? null,
          p90_usd: m.p90?.toFixed() ?? null,
          ...(m.cost.priced ? {} : { reason: m.cost.reason }),
        })),
      };
    }),
  };
}
