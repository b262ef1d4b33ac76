import type Big from "big.js";
import type { Catalog } from "../../pricing/catalog.js";
import {
  breakEvenUtilisation,
  commitmentRate,
  costCurve,
  DemandSample,
  effectivePrice,
  newsvendor,
  unitCapacity,
  unitCostPerMonth,
  type CommitmentProduct,
  type SizeCost,
} from "../commit.js";
import { weightedDemand } from "../commit-demand.js";
import { runPlan } from "../plan.js";
import type { Portfolio } from "../portfolio.js";
import { ScenarioError } from "../scenario.js";
import { PlanInputError, plainDecimal, plainWhole, snakeCase, termText, type FieldName, type RawTerm } from "./input.js";

/** `plan commit`'s terms as the caller gives them: flags' strings or an API body's JSON values */
export interface CommitTerms {
  months?: RawTerm;
  runs?: RawTerm;
  seed?: RawTerm;
  scenario?: RawTerm;
  use_case?: RawTerm;
  unit_price?: RawTerm;
  per?: RawTerm;
  unit_tpm?: RawTerm;
  unit_tokens?: RawTerm;
  output_weight?: RawTerm;
  cached_free?: RawTerm;
  min_units?: RawTerm;
  step?: RawTerm;
}

/** the terms, checked */
export interface CommitRequest {
  months: number;
  runs: number;
  seed: number;
  scenario?: string;
  useCase?: string;
  product: CommitmentProduct;
}

/** one point of the cost curve as JSON: money to 6 places (sampled expectations), shares as numbers */
export interface CommitCurveRow {
  units: number;
  capacity_tokens_per_month: string;
  commitment_usd: string;
  expected_spill_usd: string;
  expected_total_usd: string;
  expected_utilisation: number | null;
  p_exceed: number;
}

/** `plan commit --json` */
export interface CommitReport {
  /** the portfolio file; null where the portfolio came in an API body */
  file: string | null;
  scenario: string | null;
  months: number;
  seed: number;
  runs: number;
  use_cases: string[];
  unit_cost_per_month_usd: string;
  unit_capacity_tokens_per_month: string;
  commit_usd_per_token: string;
  payg_usd_per_token: string;
  break_even_utilisation: string;
  critical_fractile: string;
  fractile_units: number;
  expected_tokens_per_month: string[];
  recommended: CommitCurveRow & { effective_usd_per_used_token: string | null; rule_of_thumb_usd_per_used_token: string | null };
  payg_only_usd: string;
  savings_usd: string;
  curve: CommitCurveRow[];
}

/**
 * The terms checked in the order `plan commit` checks its flags; a problem is a PlanInputError
 * naming the field by `name` (flags on the command line, snake_case in the API).
 */
export function commitRequest(terms: CommitTerms, name: FieldName = snakeCase): CommitRequest {
  const whole = (field: keyof CommitTerms, fallback: number, min: number): number => {
    const value = terms[field] ?? String(fallback);
    const n = plainWhole(value);
    if (n === null) throw new PlanInputError(field, `${name(field)}: expected a whole number, got "${termText(value)}"`);
    if (n < min) throw new PlanInputError(field, `${name(field)}: expected at least ${min}, got "${termText(value)}"`);
    return n;
  };
  const decimal = (field: keyof CommitTerms, value: RawTerm): Big => {
    const d = plainDecimal(value);
    if (d === null) throw new PlanInputError(field, `${name(field)}: expected a non-negative decimal number, got "${termText(value)}"`);
    return d;
  };
  const text = (field: keyof CommitTerms): string | undefined => {
    const value = terms[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw new PlanInputError(field, `${name(field)}: expected a name, got ${JSON.stringify(value)}`);
    return value;
  };
  const months = whole("months", 12, 1);
  const runs = whole("runs", 2000, 1);
  const seed = whole("seed", 1, 0);
  const { unit_price, per, unit_tpm, unit_tokens } = terms;
  const absent = (v: RawTerm | undefined) => v === undefined || v === null;
  if (unit_price === undefined || unit_price === null)
    throw new PlanInputError("unit_price", `${name("unit_price")}: required (USD per unit per ${name("per")})`);
  if (per === undefined || per === null) throw new PlanInputError("per", `${name("per")}: required (month or hour)`);
  if (absent(unit_tpm) && absent(unit_tokens))
    throw new PlanInputError("unit_tpm", `${name("unit_tpm")}: required (weighted tokens per minute per unit), or ${name("unit_tokens")} for a token pack`);
  if (!absent(unit_tpm) && !absent(unit_tokens))
    throw new PlanInputError("unit_tokens", `${name("unit_tokens")}: give ${name("unit_tpm")} (throughput) or ${name("unit_tokens")} (a token pack), not both`);
  if (per !== "month" && per !== "hour") throw new PlanInputError("per", `${name("per")}: expected month or hour, got "${termText(per)}"`);
  const unitPrice = decimal("unit_price", unit_price);
  if (unitPrice.lte(0)) throw new PlanInputError("unit_price", `${name("unit_price")}: expected more than 0, got "${termText(unit_price)}"`);
  const capacity = (field: "unit_tpm" | "unit_tokens", value: RawTerm): number => {
    const n = Number(decimal(field, value));
    if (n <= 0) throw new PlanInputError(field, `${name(field)}: expected more than 0, got "${termText(value)}"`);
    return n;
  };
  const perUnit = absent(unit_tokens) ? { unitTpm: capacity("unit_tpm", unit_tpm!) } : { unitTokensPerMonth: capacity("unit_tokens", unit_tokens!) };
  const outputWeight = Number(decimal("output_weight", terms.output_weight ?? "1"));
  const cachedFree = terms.cached_free ?? false;
  if (typeof cachedFree !== "boolean")
    throw new PlanInputError("cached_free", `${name("cached_free")}: expected true or false, got ${JSON.stringify(cachedFree)}`);
  const product: CommitmentProduct = { unitPrice, per, ...perUnit, outputWeight, cachedFree, minUnits: whole("min_units", 1, 1), step: whole("step", 1, 1) };
  const scenario = text("scenario");
  const useCase = text("use_case");
  return { months, runs, seed, product, ...(scenario !== undefined ? { scenario } : {}), ...(useCase !== undefined ? { useCase } : {}) };
}

/**
 * `plan commit`: the plan's Monte Carlo demand in the product's weighted tokens, the newsvendor
 * size and the cost curve, as the command's JSON (`report`) and the curve itself (for tables).
 * `file` is the portfolio's file (null for an API body); `source` names the portfolio in messages.
 */
export function commitReport(
  catalog: Catalog,
  portfolio: Portfolio,
  request: CommitRequest,
  options: { file: string | null; source?: string; name?: FieldName },
): { report: CommitReport; curve: SizeCost[] } {
  const name = options.name ?? snakeCase;
  const source = options.source ?? options.file ?? name("portfolio");
  const { months, runs, seed, product, useCase } = request;
  let plan;
  try {
    plan = runPlan(catalog, portfolio, { months, runs, seed, ...(request.scenario !== undefined ? { scenario: request.scenario } : {}) });
  } catch (e) {
    if (e instanceof ScenarioError) throw new PlanInputError("scenario", `${name("scenario")}: ${e.message}`);
    throw e;
  }
  if (useCase !== undefined && !portfolio.use_cases.some((u) => u.name === useCase)) {
    throw new PlanInputError("use_case", `${name("use_case")}: unknown use case "${useCase}" (known: ${portfolio.use_cases.map((u) => u.name).join(", ")})`);
  }
  const demand = weightedDemand(plan, product, useCase);
  if (demand.payg === null)
    throw new PlanInputError("portfolio", `${source}: no priced demand${useCase ? ` for use case "${useCase}"` : ""} to size a commitment against`);
  const sample = new DemandSample(demand.samples.flat());
  const result = newsvendor(product, sample, demand.payg, months);
  const curve = costCurve(product, sample, demand.payg, months, result, 25);
  const r = commitmentRate(product);
  const u = result.best.expectedUtilisation;
  const eff = u === null ? null : effectivePrice(r, u);
  const report: CommitReport = {
    file: options.file,
    scenario: plan.scenario,
    months,
    seed: plan.seed,
    runs: plan.runs,
    use_cases: demand.useCases,
    unit_cost_per_month_usd: unitCostPerMonth(product).toFixed(),
    unit_capacity_tokens_per_month: unitCapacity(product).toFixed(),
    commit_usd_per_token: r.toFixed(),
    payg_usd_per_token: demand.payg.toFixed(),
    break_even_utilisation: breakEvenUtilisation(r, demand.payg).toFixed(),
    critical_fractile: result.criticalFractile.toFixed(),
    fractile_units: result.fractileUnits,
    expected_tokens_per_month: demand.expected.map((t) => t.round(0).toFixed()),
    recommended: {
      ...commitCurveRow(result.best),
      effective_usd_per_used_token: eff?.exact?.toFixed() ?? null,
      rule_of_thumb_usd_per_used_token: eff?.ruleOfThumb.toFixed() ?? null,
    },
    payg_only_usd: commitMoney(result.paygOnly.expectedTotal),
    savings_usd: commitMoney(result.paygOnly.expectedTotal.minus(result.best.expectedTotal)),
    curve: curve.map(commitCurveRow),
  };
  return { report, curve };
}

/** one size's cost as JSON */
export function commitCurveRow(s: SizeCost): CommitCurveRow {
  return {
    units: s.units,
    capacity_tokens_per_month: s.capacity.toFixed(),
    commitment_usd: commitMoney(s.commitment),
    expected_spill_usd: commitMoney(s.expectedSpill),
    expected_total_usd: commitMoney(s.expectedTotal),
    expected_utilisation: s.expectedUtilisation === null ? null : commitShare(s.expectedUtilisation),
    p_exceed: commitShare(s.pExceed),
  };
}

/** sampled expectations to 6 decimals; fixed amounts are exact anyway */
export const commitMoney = (v: Big): string => v.round(6).toFixed();
/** shares to 6 decimals */
export const commitShare = (x: number): number => Math.round(x * 1e6) / 1e6;
