import Big from "big.js";
import type { InteractionTotalsRow, UsageRow } from "./ledger-rows.js";
import type { Catalog } from "../pricing/catalog.js";
import { requestCost } from "./request-cost.js";
import { addMonths, type Month } from "./month.js";
import type { Portfolio, Route, UseCase } from "./portfolio.js";

const DAY_MS = 86_400_000;
/** days in an average month (365.25 / 12) */
export const DAYS_PER_MONTH = 30.4375;
/** fitted compound rates outside this range are clamped: a few weeks of data say little more */
export const GROWTH_CLAMP = { min: -0.5, max: 1 } as const;

/** what `fitPortfolio` reads, all from `Store.aggregate` / `Store.interactionSummary` */
export interface FitInput {
  /** the dimension whose values become use cases (e.g. "feature") */
  dimension: string;
  /** the window's whole days, [from, to) as YYYY-MM-DD */
  from: string;
  to: string;
  /** sums per value and model over the window (`by: [dimension, "model"]`) */
  byModel: readonly UsageRow[];
  /** sums per value and day (`by: [dimension], every: "day"`) */
  daily: readonly UsageRow[];
  /** interactions per value (`by: [dimension]`); empty when the ledger has none */
  interactions: readonly InteractionTotalsRow[];
  /** the first month forecast (default: the month after the window) */
  start?: Month;
}

/** the name a missing dimension value gets as a use case */
export const NONE = "(none)";

/**
 * A portfolio fitted from the ledger: one use case per value of the dimension, with
 * - model: the value's costliest priced model; `routing`: the other priced models' shares of the
 *   priced calls, each with its own token means (calls on unpriced models are counted under
 *   `fitted.unpriced_calls_per_month` and left out: a forecast never prices them at zero);
 * - token means per call, per class (input — cache writes priced as input —, cached_input,
 *   output, reasoning; disjoint);
 * - growth: compound, from a least-squares fit of ln(calls) on the day — over 7-day moving sums
 *   when there are two weeks or more and every week has calls, so the weekly rhythm does not
 *   tilt the slope; over the days with calls otherwise —,
 *   e^(30.4375·slope) − 1 a month, clamped to [−50%, +100%];
 * - overhead α = completed interactions' cost / their final calls' cost (1 without interactions),
 *   and requests_per_month = the priced calls of the window's last 30 days, per month
 *   (`fitted.calls_per_month`), grown at the fitted rate from the middle of those days to the
 *   middle of the start month, ÷ α, so that α · V · mean call cost gives back the spend;
 * - spread: coefficients of variation of the daily calls, and of the daily mean input-side
 *   (input + cached) and output-side (output + reasoning) tokens per call; and the standard error
 *   of the growth rate (`growthStandardError`), so the forecast's band widens as far as the
 *   history leaves the rate in doubt;
 * - start: the month after the window ends (or `input.start`).
 *
 * @example
 * fitPortfolio({ dimension: "feature", from: "2026-10-01", to: "2026-11-01", byModel, daily, interactions }).use_cases[0].name; // "chat"
 */
export function fitPortfolio(input: FitInput): Portfolio {
  const days = dayList(input.from, input.to);
  const last30 = new Set(days.slice(-30));
  const start = input.start ?? addMonths(monthOf(input.to, -1), 1);
  // from the middle of the last 30 days to the middle of the start month
  const ahead = (Date.parse(`${start}-01T00:00:00Z`) - Date.parse(`${input.to}T00:00:00Z`)) / DAY_MS + DAYS_PER_MONTH / 2 + Math.min(30, days.length) / 2;
  const names = [...new Set(input.byModel.map((r) => nameOf(r, input.dimension)))].sort();
  const useCases = names.map((name): UseCase => {
    const rows = input.byModel.filter((r) => nameOf(r, input.dimension) === name);
    // a model counts as priced when most of its calls are (zero-token failures price at 0 anywhere)
    const priced = rows.filter((r) => r.unpriced_events * 2 < r.events);
    const main = costliest(priced.length > 0 ? priced : rows);
    const model = main.dimensions.model ?? "unknown";
    const perDay = new Map<string, UsageRow>();
    for (const r of input.daily) if (nameOf(r, input.dimension) === name && r.period !== undefined) perDay.set(r.period.slice(0, 10), r);
    const counts = days.map((d) => perDay.get(d)?.events ?? 0);
    const recent = days.reduce((n, d, i) => n + (last30.has(d) ? counts[i]! : 0), 0);
    const calls = rows.reduce((n, r) => n + r.events, 0);
    const pricedCalls = priced.length > 0 ? priced.reduce((n, r) => n + r.events, 0) : calls;
    const alpha = overhead(input.interactions.find((r) => (r.dimensions[input.dimension] ?? NONE) === name));
    const weekly = days.length >= 14 ? movingSums(counts, 7) : [];
    const monthly = compoundMonthlyGrowth(weekly.length > 0 && weekly.every((c) => c > 0) ? weekly : counts);
    const active = [...perDay.values()].filter((r) => r.events > 0);
    const spread = {
      requests: round(coefficientOfVariation(counts), 4),
      input_tokens: round(coefficientOfVariation(active.map((r) => inputSide(r.tokens) / r.events)), 4),
      output_tokens: round(coefficientOfVariation(active.map((r) => (r.tokens.output + r.tokens.reasoning) / r.events)), 4),
      growth: round(growthStandardError(counts, monthly), 4),
    };
    const perMonth = (n: number) => (n * DAYS_PER_MONTH) / Math.min(30, days.length);
    const callsPerMonth = perMonth((recent * pricedCalls) / calls);
    const trend = (1 + monthly) ** (ahead / DAYS_PER_MONTH);
    const cost = priced.reduce((s, r) => s.plus(r.total_usd), new Big(0));
    const unpricedCalls = calls - pricedCalls;
    const fitted = {
      calls_per_month: round(callsPerMonth, 2),
      ...(unpricedCalls > 0 ? { unpriced_calls_per_month: round(perMonth((recent * unpricedCalls) / calls), 2) } : {}),
      trend: round(trend, 4),
      cost_share: Object.fromEntries(
        priced.filter(() => cost.gt(0)).map((r) => [r.dimensions.model ?? "unknown", round(Number(new Big(r.total_usd).div(cost).toFixed(6)), 4)]),
      ),
    };
    const routing = routesOf(
      priced.filter((r) => r !== main),
      pricedCalls,
    );
    return {
      name,
      model,
      ...(routing.length > 0 ? { routing } : {}),
      ...meansOf(main),
      requests_per_month: round((callsPerMonth * trend) / alpha, 2),
      overhead: round(alpha, 4),
      growth: { kind: "compound", monthly: round(monthly, 4) },
      batch: false,
      spread,
      fitted,
    } as UseCase;
  });
  return { start, use_cases: useCases };
}

/** per-call token means of one model's row, as a use case (or route) writes them */
function meansOf(row: UsageRow) {
  const mean = (n: number) => round(n / row.events, 2);
  const t = row.tokens;
  return {
    input_tokens: mean(t.input + t.cache_write + t.cache_write_1h),
    cached_input_tokens: mean(t.cached_input),
    output_tokens: mean(t.output),
    reasoning_tokens: mean(t.reasoning),
  };
}

/** the other priced models as routes: their share of the priced calls (4 places), their means */
function routesOf(rows: readonly UsageRow[], pricedCalls: number): Route[] {
  const routes = [...rows]
    .sort((a, b) => b.events - a.events)
    .map((r) => ({ model: r.dimensions.model ?? "unknown", share: round(r.events / pricedCalls, 4), ...meansOf(r) }))
    .filter((r) => r.share > 0);
  // rounding must not take the routes past the whole: trim the largest
  const excess = routes.reduce((s, r) => s + r.share, 0) - 1;
  if (excess > 0 && routes.length > 0) routes[0]!.share = round(routes[0]!.share - excess, 4);
  return routes;
}

/**
 * Sums over each run of `width` consecutive days.
 * @example movingSums([1, 2, 3, 4], 2) // [3, 5, 7]
 */
export function movingSums(counts: readonly number[], width: number): number[] {
  const sums: number[] = [];
  let sum = 0;
  counts.forEach((c, i) => {
    sum += c - (i >= width ? counts[i - width]! : 0);
    if (i >= width - 1) sums.push(sum);
  });
  return sums;
}

/**
 * Marks `batch` on the use cases whose main model's measured cost per call is nearer the batch
 * price of their mean request than the standard price (aggregates do not carry the batch flag).
 *
 * @example
 * markBatch(fitPortfolio(input), input, builtinCatalog());
 */
export function markBatch(portfolio: Portfolio, input: FitInput, catalog: Catalog): Portfolio {
  const at = `${input.to.slice(0, 10)}T00:00:00Z`;
  const useCases = portfolio.use_cases.map((u) => {
    const rows = input.byModel.filter((r) => nameOf(r, input.dimension) === u.name && (r.dimensions.model ?? "unknown") === u.model);
    const main = rows[0];
    if (main === undefined || main.events === 0 || main.unpriced_events > 0) return u;
    const mean = { input: u.input_tokens, cached_input: u.cached_input_tokens, output: u.output_tokens, reasoning: u.reasoning_tokens };
    const standard = requestCost(catalog, u.model, at, mean);
    const batch = requestCost(catalog, u.model, at, mean, { batch: true });
    if (!standard.priced || !batch.priced || batch.total.eq(standard.total)) return u;
    const measured = new Big(main.total_usd).div(main.events);
    return measured.minus(batch.total).abs().lt(measured.minus(standard.total).abs()) ? { ...u, batch: true } : u;
  });
  return { ...portfolio, use_cases: useCases };
}

/**
 * Compound monthly growth from daily counts: least squares of ln(count) on the day index over
 * the days with a count, slope b per day, e^(30.4375·b) − 1, clamped to `GROWTH_CLAMP`; 0 with
 * fewer than two such days.
 *
 * @example compoundMonthlyGrowth([100, 100, 100]) // 0
 */
export function compoundMonthlyGrowth(counts: readonly number[]): number {
  const fit = logLinear(counts);
  if (fit === null) return 0;
  const g = Math.exp(fit.slope * DAYS_PER_MONTH) - 1;
  return Math.min(GROWTH_CLAMP.max, Math.max(GROWTH_CLAMP.min, g));
}

/**
 * How uncertain a fitted compound rate g is: the standard error of the slope of ln(calls) on
 * time, from whole weeks (7-day sums ending with the last day, so weekends and the overlap of
 * moving sums do not fake precision) when there are at least four with calls, else from the days
 * with calls; as a monthly rate by the delta method, 30.4375·se·(1 + g). 0 without enough points.
 *
 * @example growthStandardError(Array.from({ length: 28 }, (_, i) => 100 * 1.01 ** i), 0.35) // 0
 */
export function growthStandardError(counts: readonly number[], monthly: number): number {
  const weeks: number[] = [];
  for (let end = counts.length; end - 7 >= 0; end -= 7) weeks.unshift(counts.slice(end - 7, end).reduce((s, c) => s + c, 0));
  const weekly = weeks.length >= 4 && weeks.every((w) => w > 0) ? logLinear(weeks) : null;
  const perDay = weekly !== null ? { se: weekly.se / 7 } : logLinear(counts);
  if (perDay === null || !Number.isFinite(perDay.se)) return 0;
  return DAYS_PER_MONTH * perDay.se * (1 + monthly);
}

/** least squares of ln(value) on the index over the positive values: slope and its standard error (NaN under three points) */
function logLinear(values: readonly number[]): { slope: number; se: number } | null {
  const points = values.flatMap((c, i) => (c > 0 ? [[i, Math.log(c)] as const] : []));
  if (points.length < 2) return null;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxy / sxx;
  const residuals = points.reduce((s, [x, y]) => s + (y - my - slope * (x - mx)) ** 2, 0);
  const se = points.length > 2 ? Math.sqrt(residuals / (points.length - 2) / sxx) : NaN;
  return { slope, se };
}

/**
 * Population standard deviation over the mean; 0 when the mean is 0 or there are no values.
 * @example coefficientOfVariation([5, 15]) // 0.5
 */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

/** α = completed cost / final calls' cost, 1 without (priced) interactions */
function overhead(row: InteractionTotalsRow | undefined): number {
  if (row === undefined) return 1;
  const final = new Big(row.final_calls_usd);
  if (final.lte(0)) return 1;
  return Math.max(1, Number(new Big(row.completed_usd).div(final).toFixed(6)));
}

/** the row with the largest priced cost; the most calls among unpriced ones */
function costliest(rows: readonly UsageRow[]): UsageRow {
  return [...rows].sort((a, b) => new Big(b.total_usd).cmp(a.total_usd) || b.events - a.events)[0]!;
}

/** input and cache writes (priced here as input), and cached reads */
function inputSide(t: UsageRow["tokens"]): number {
  return t.input + t.cache_write + t.cache_write_1h + t.cached_input;
}

function nameOf(row: UsageRow, dimension: string): string {
  return row.dimensions[dimension] ?? NONE;
}

/** YYYY-MM-DD of each day in [from, to) */
export function dayList(from: string, to: string): string[] {
  const start = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  const days: string[] = [];
  for (let t = start; t < end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** the month of a day shifted by `days` */
function monthOf(day: string, days: number): Month {
  return new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 7);
}

function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}
