/**
 * `compute breakeven`: where self-hosting a deployment beats an API's per-token price. The
 * deployment is paid for every hour of the month (HOURS_PER_MONTH); the API per token used.
 */
import BigBase from "big.js";
import type { ApiRates } from "./api-rates.js";
import { blendedRate } from "./api-rates.js";
import type { CostReport } from "./cost.js";
import { D, HOURS_PER_MONTH, money, usdPerMillion } from "./money.js";

export interface BreakevenPoint {
  tokens_per_month: number;
  /** ⌈volume ÷ capacity⌉ deployments (at least one) for the month */
  self_host_usd: string;
  api_usd: string;
}

export interface BreakevenReport {
  model: string;
  gpu: string;
  gpus: number;
  precision: string;
  against: string;
  input_share: string;
  tokens_per_second_used: number;
  source: string;
  api_usd_per_million_tokens: string;
  /** at full utilisation */
  self_host_usd_per_million_tokens: string;
  self_host_usd_per_month: string;
  /** tokens one deployment serves in a month at full utilisation */
  capacity_tokens_per_month: number;
  /** the utilisation above which self-hosting is cheaper; null when even full use is not */
  breakeven_utilization: string | null;
  /** the monthly volume above which one deployment is cheaper than the API; null when above capacity */
  breakeven_tokens_per_month: number | null;
  /** the month at the requested utilisation */
  at_utilization: { utilization: string; tokens_per_month: number; self_host_usd: string; api_usd: string; cheaper: "self-host" | "api" };
  /** self-host and API monthly cost from 0 to twice the capacity (for a chart) */
  curve: BreakevenPoint[];
}

/**
 * @example breakeven(cost, { model: "gpt-4o", input: "2.5", output: "10" }, "0.75")
 */
export function breakeven(cost: CostReport, api: Pick<ApiRates, "model" | "input" | "output">, inputShare: string, points = 20): BreakevenReport {
  const apiRate = new D(blendedRate(api, inputShare));
  const monthly = new D(cost.usd_per_hour).times(HOURS_PER_MONTH);
  const capacity = Math.floor(cost.tokens_per_second_used * 3600 * HOURS_PER_MONTH);
  const full = usdPerMillion(cost.usd_per_gpu_hour, cost.gpus, cost.tokens_per_second_used, "1");
  const apiZero = apiRate.eq(0);
  const u = apiZero ? null : full.div(apiRate);
  const volume = apiZero ? null : monthly.times(1e6).div(apiRate).round(0, BigBase.roundUp);
  const within = u?.lte(1) ?? false;

  const apiCost = (tokens: number): string => money(apiRate.times(tokens).div(1e6));
  const selfCost = (tokens: number): string => money(monthly.times(Math.max(1, Math.ceil(tokens / capacity))));
  const atTokens = Math.floor(Number(cost.utilization) * capacity);
  const at = { utilization: cost.utilization, tokens_per_month: atTokens, self_host_usd: selfCost(atTokens), api_usd: apiCost(atTokens) };
  const top = 2 * capacity;
  const curve = Array.from({ length: points + 1 }, (_, i) => {
    const tokens = Math.round((top * i) / points);
    return { tokens_per_month: tokens, self_host_usd: selfCost(tokens), api_usd: apiCost(tokens) };
  });

  return {
    model: cost.model,
    gpu: cost.gpu,
    gpus: cost.gpus,
    precision: cost.precision,
    against: api.model,
    input_share: inputShare,
    tokens_per_second_used: cost.tokens_per_second_used,
    source: cost.source,
    api_usd_per_million_tokens: apiRate.toString(),
    self_host_usd_per_million_tokens: money(full),
    self_host_usd_per_month: money(monthly),
    capacity_tokens_per_month: capacity,
    breakeven_utilization: within ? money(u!) : null,
    breakeven_tokens_per_month: within ? Number(volume!.toString()) : null,
    at_utilization: { ...at, cheaper: new D(at.self_host_usd).lt(at.api_usd) ? "self-host" : "api" },
    curve,
  };
}
