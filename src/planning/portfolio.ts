import { z } from "zod";
import { MONTH_PATTERN } from "./month.js";

const month = z.string().regex(MONTH_PATTERN, "expected a month like 2027-01");
const mean = z.number().finite().nonnegative();
const cv = z.number().finite().nonnegative();

const growth = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("compound"), monthly: z.number().finite().gt(-1) }),
  z.object({ kind: z.literal("linear"), monthly_requests: z.number().finite() }),
  z.object({ kind: z.literal("s-curve"), ceiling: mean, midpoint: month, steepness: z.number().finite().positive() }),
]);

/**
 * coefficients of variation of lognormal multipliers (mean 1) on a use case's volume and tokens,
 * drawn per month; and the standard deviation of a compound growth rate (absolute: 0.05 is ±5
 * points a month), drawn once per path, since a rate that is off stays off
 */
const spread = z.object({ requests: cv.optional(), input_tokens: cv.optional(), output_tokens: cv.optional(), growth: cv.optional() });

/** token means of one request on a route; any left out are the use case's */
const routeTokens = {
  input_tokens: mean.optional(),
  cached_input_tokens: mean.optional(),
  output_tokens: mean.optional(),
  reasoning_tokens: mean.optional(),
};

/**
 * A routing mix: each route takes `share` of the requests to its model; whatever share the
 * routes leave goes to the use case's own `model`.
 */
const routing = z.array(z.object({ model: z.string().min(1), share: z.number().finite().gt(0).lte(1), ...routeTokens })).superRefine((routes, ctx) => {
  const total = routes.reduce((s, r) => s + r.share, 0);
  // shares are written with a few decimals: allow their binary rounding, not a real excess
  if (total > 1 + 1e-9) ctx.addIssue({ code: "custom", message: `the routes' shares add up to ${total}; at most 1 (the rest goes to model)` });
});

const useCase = z.object({
  name: z.string().min(1),
  model: z.string().min(1),
  routing: routing.optional(),
  input_tokens: mean.default(0),
  cached_input_tokens: mean.default(0),
  output_tokens: mean.default(0),
  reasoning_tokens: mean.default(0),
  requests_per_month: mean,
  overhead: z.number().finite().positive().default(1),
  growth: growth.optional(),
  batch: z.boolean().default(false),
  spread: spread.optional(),
});

const useCaseOverride = z.object({
  from: month.optional(),
  model: z.string().min(1).optional(),
  routing: routing.optional(),
  batch: z.boolean().optional(),
  overhead: z.number().finite().positive().optional(),
  requests_multiplier: z.number().finite().nonnegative().optional(),
});

const scenario = z.object({
  requests_multiplier: z.number().finite().nonnegative().optional(),
  use_cases: z.record(z.string(), useCaseOverride).optional(),
});

export const portfolioSchema = z.object({
  start: month,
  use_cases: z.array(useCase).min(1),
  scenarios: z.record(z.string(), scenario).optional(),
});

export type Portfolio = z.infer<typeof portfolioSchema>;
export type UseCase = Portfolio["use_cases"][number];
export type Growth = NonNullable<UseCase["growth"]>;
export type Spread = NonNullable<UseCase["spread"]>;
export type Route = NonNullable<UseCase["routing"]>[number];
export type Scenario = NonNullable<Portfolio["scenarios"]>[string];

/** a portfolio file that cannot be read as one; the message names file, use case and field */
export class PortfolioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortfolioError";
  }
}

/**
 * A portfolio from parsed JSON (or YAML) data, validated; extra fields are allowed and ignored.
 *
 * @example
 * const p = validatePortfolio({ start: "2027-01", use_cases: [{ name: "chat", model: "gpt-4o-mini", requests_per_month: 1000 }] }, "plan.json");
 */
export function validatePortfolio(data: unknown, file: string): Portfolio {
  const parsed = portfolioSchema.safeParse(data);
  if (parsed.success) {
    checkScenarios(parsed.data, file);
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  throw new PortfolioError(`${file}: ${where(issue.path, data)}${issue.message}`);
}

/** "use case 2 (support-bot), field growth.monthly: " from a zod path */
function where(path: readonly PropertyKey[], data: unknown): string {
  if (path[0] === "use_cases" && typeof path[1] === "number") {
    const raw = (data as { use_cases?: unknown[] }).use_cases?.[path[1]] as { name?: unknown } | undefined;
    const name = typeof raw?.name === "string" ? ` (${raw.name})` : "";
    const field = path.slice(2).join(".");
    return `use case ${path[1] + 1}${name}${field ? `, field ${field}` : ""}: `;
  }
  return path.length > 0 ? `field ${path.join(".")}: ` : "";
}

function checkScenarios(p: Portfolio, file: string): void {
  p.use_cases.forEach((u, i) => {
    if ((u.spread?.growth ?? 0) > 0 && u.growth?.kind !== "compound") {
      throw new PortfolioError(
        `${file}: use case ${i + 1} (${u.name}), field spread.growth: applies to compound growth only (this use case's growth is ${u.growth?.kind ?? "none"})`,
      );
    }
  });
  const names = new Set(p.use_cases.map((u) => u.name));
  for (const [scenarioName, s] of Object.entries(p.scenarios ?? {})) {
    for (const name of Object.keys(s.use_cases ?? {})) {
      if (!names.has(name)) throw new PortfolioError(`${file}: scenario ${scenarioName}: no use case named "${name}" (known: ${[...names].join(", ")})`);
    }
  }
}
