import type { Portfolio, Route, Scenario, UseCase } from "./portfolio.js";
import { monthsBetween, type Month } from "./month.js";

/** what a use case is in one month once a scenario is applied */
export interface MonthlyTerms {
  model: string;
  /** requests routed to other models (the rest go to `model`) */
  routing: readonly Route[];
  batch: boolean;
  overhead: number;
  /** scales the use case's volume (scenario multipliers, global times per use case) */
  requestsMultiplier: number;
}

/**
 * built-in scenarios, usable with `--scenario` when the file defines none of that name
 * (a file's own scenario wins); they scale every month's volume and leave growth as the file says
 */
export const SCENARIO_PRESETS: Readonly<Record<string, Scenario>> = {
  // a cautious year: 20 % fewer requests than the file says
  conservative: { requests_multiplier: 0.8 },
  // the file as it is
  expected: {},
  // a busy year: 40 % more requests than the file says
  peak: { requests_multiplier: 1.4 },
};

/** the scenario named `name` (the file's, else a preset), or an error listing the known ones */
export function findScenario(portfolio: Portfolio, name: string | undefined): Scenario | undefined {
  if (name === undefined) return undefined;
  const known = Object.keys(portfolio.scenarios ?? {});
  const own = (table: Readonly<Record<string, Scenario>> | undefined) => (table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined);
  const found = own(portfolio.scenarios) ?? own(SCENARIO_PRESETS);
  if (found === undefined) {
    const presets = Object.keys(SCENARIO_PRESETS).join(", ");
    throw new ScenarioError(`unknown scenario "${name}" (known: ${known.length > 0 ? known.join(", ") : "none in this file"}) (built in: ${presets})`);
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
  const terms: MonthlyTerms = {
    model: useCase.model,
    routing: useCase.routing ?? [],
    batch: useCase.batch,
    overhead: useCase.overhead,
    requestsMultiplier: scenario?.requests_multiplier ?? 1,
  };
  const o = scenario?.use_cases?.[useCase.name];
  if (o === undefined || (o.from !== undefined && monthsBetween(o.from, month) < 0)) return terms;
  return {
    model: o.model ?? terms.model,
    routing: o.routing ?? terms.routing,
    batch: o.batch ?? terms.batch,
    overhead: o.overhead ?? terms.overhead,
    requestsMultiplier: terms.requestsMultiplier * (o.requests_multiplier ?? 1),
  };
}
