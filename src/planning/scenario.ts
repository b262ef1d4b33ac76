import type { Portfolio, Scenario, UseCase } from "./portfolio.js";
import { monthsBetween, type Month } from "./month.js";

/** what a use case is in one month once a scenario is applied */
export interface MonthlyTerms {
  model: string;
  batch: boolean;
  overhead: number;
  /** scales the use case's volume (scenario multipliers, global times per use case) */
  requestsMultiplier: number;
}

/** the scenario named `name`, or an error listing the known ones */
export function findScenario(portfolio: Portfolio, name: string | undefined): Scenario | undefined {
  if (name === undefined) return undefined;
  const known = Object.keys(portfolio.scenarios ?? {});
  const found = portfolio.scenarios?.[name];
  if (found === undefined) {
    throw new ScenarioError(`unknown scenario "${name}" (known: ${known.length > 0 ? known.join(", ") : "none in this file"})`);
  }
  return found;
}

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

/**
 * A use case's terms in `month` under a scenario: a per-use-case override applies from its
 * `from` month (default: the whole horizon), a global requests multiplier everywhere.
 *
 * @example termsAt(useCase, { use_cases: { bot: { model: "gpt-4.1-mini", from: "2027-03" } } }, "2027-04")
 */
export function termsAt(useCase: UseCase, scenario: Scenario | undefined, month: Month): MonthlyTerms {
  const terms: MonthlyTerms = { model: useCase.model, batch: useCase.batch, overhead: useCase.overhead, requestsMultiplier: scenario?.requests_multiplier ?? 1 };
  const o = scenario?.use_cases?.[useCase.name];
  if (o === undefined || (o.from !== undefined && monthsBetween(o.from, month) < 0)) return terms;
  return {
    model: o.model ?? terms.model,
    batch: o.batch ?? terms.batch,
    overhead: o.overhead ?? terms.overhead,
    requestsMultiplier: terms.requestsMultiplier * (o.requests_multiplier ?? 1),
  };
}
