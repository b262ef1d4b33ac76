import type { Catalog } from "../../pricing/catalog.js";
import type { Portfolio } from "../portfolio.js";
import { ScenarioError } from "../scenario.js";
import { sensitivity, type SensitivityParameter, type SensitivityResult } from "../sensitivity.js";
import { PlanInputError, snakeCase, termText, type FieldName, type RawTerm } from "./input.js";

/** `plan sensitivity`'s options as the caller gives them: flags' strings or an API body's JSON values */
export interface SensitivityTerms {
  months?: RawTerm;
  swing?: RawTerm;
  scenario?: RawTerm;
}

/** `plan sensitivity --json`: decimals as strings */
export interface SensitivityReport {
  scenario: string | null;
  months: number;
  swing: number;
  base_usd: string;
  bars: { use_case: string; parameter: SensitivityParameter; low_usd: string; high_usd: string; spread_usd: string }[];
}

/** the options, checked */
export interface SensitivityRequest {
  months: number;
  swing: number;
  scenario?: string;
}

/**
 * Tornado data for a portfolio (options from sensitivityRequest), as the result and as the JSON;
 * an unknown scenario is a PlanInputError naming the field by `name`.
 */
export function sensitivityReport(
  catalog: Catalog,
  portfolio: Portfolio,
  request: SensitivityRequest,
  name: FieldName = snakeCase,
): { result: SensitivityResult; report: SensitivityReport } {
  const { months, swing, scenario } = request;
  let result: SensitivityResult;
  try {
    result = sensitivity(catalog, portfolio, { months, swing, ...(scenario !== undefined ? { scenario } : {}) });
  } catch (e) {
    if (e instanceof ScenarioError) throw new PlanInputError("scenario", `${name("scenario")}: ${e.message}`);
    throw e;
  }
  return { result, report: sensitivityJson(result, scenario ?? null) };
}

/** the options checked as `plan sensitivity` checks its flags: months (default 12), swing (default 0.2), scenario */
export function sensitivityRequest(terms: SensitivityTerms, name: FieldName = snakeCase): SensitivityRequest {
  const monthsText = termText(terms.months ?? "12");
  if (typeof terms.months === "boolean" || !/^\d+$/.test(monthsText.trim()) || Number(monthsText) < 1 || !Number.isSafeInteger(Number(monthsText))) {
    throw new PlanInputError("months", `${name("months")}: expected a whole number of at least 1, got "${monthsText}"`);
  }
  const swingText = termText(terms.swing ?? "0.2");
  const swing = Number(swingText);
  if (typeof terms.swing === "boolean" || !/^\d*\.?\d+$/.test(swingText.trim()) || !(swing > 0 && swing < 1)) {
    throw new PlanInputError("swing", `${name("swing")}: expected a fraction between 0 and 1, got "${swingText}"`);
  }
  const scenario = terms.scenario ?? undefined;
  if (scenario !== undefined && typeof scenario !== "string")
    throw new PlanInputError("scenario", `${name("scenario")}: expected a name, got ${JSON.stringify(scenario)}`);
  return { months: Number(monthsText), swing, ...(scenario !== undefined ? { scenario } : {}) };
}

/** the result as JSON: decimals as strings */
export function sensitivityJson(result: SensitivityResult, scenario: string | null): SensitivityReport {
  return {
    scenario,
    months: result.months,
    swing: result.swing,
    base_usd: result.base.toFixed(),
    bars: result.bars.map((b) => ({
      use_case: b.useCase,
      parameter: b.parameter,
      low_usd: b.low.toFixed(),
      high_usd: b.high.toFixed(),
      spread_usd: b.spread.toFixed(),
    })),
  };
}
