/**
 * The typed client of the HTTP API of `tokenomics serve`: every answer is typed by the server's
 * own definitions (src/server/api-types.ts). A 401 anywhere sends the app back to the token screen.
 */
import type {
  ApiErrorBody,
  BudgetBurn,
  BudgetStatusReport,
  CatalogList,
  ComputeBreakeven,
  ComputeCards,
  ComputeCost,
  EventsPage,
  InteractionDetail,
  InteractionsList,
  LedgerRange,
  Me,
  PlanBacktest,
  PlanCommit,
  OutcomeSummary,
  PlanMargins,
  PlanPricing,
  PlanRun,
  PlanSensitivity,
  SpendReport,
  WorkloadComparison,
} from "../../src/server/api-types.js";
import { getToken } from "./auth.js";

export type * from "../../src/server/api-types.js";
export type { UsageEvent } from "../../src/usage/event.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type QueryValue = string | number | readonly string[] | undefined | null;
export type Query = Record<string, QueryValue>;

const unauthorized = new Set<() => void>();

/** called on any 401: the token is missing, wrong or revoked */
export function onUnauthorized(listener: () => void): () => void {
  unauthorized.add(listener);
  return () => unauthorized.delete(listener);
}

/** the query string, repeated keys for arrays, empty values left out */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v == null || v === "") continue;
    if (typeof v === "object") for (const one of v) params.append(k, one);
    else params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** one call to the API: the token attached, the JSON answer, or an ApiError with the server's message */
async function call<T>(path: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
  const token = getToken();
  const response = await fetch(path, {
    ...init,
    headers: { accept: "application/json", ...(init.headers as Record<string, string> | undefined), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (body as Partial<ApiErrorBody> | undefined)?.error;
    if (response.status === 401) for (const listener of unauthorized) listener();
    throw new ApiError(response.status, error?.type ?? "http_error", error?.message ?? `${path}: HTTP ${response.status}`);
  }
  if (body === undefined) throw new ApiError(response.status, "api_error", `${path}: the answer is not JSON`);
  return body as T;
}

function get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return call<T>(path + queryString(query), {}, signal);
}

function post<T>(path: string, payload: unknown, signal?: AbortSignal): Promise<T> {
  return call<T>(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) }, signal);
}

/** a portfolio as `plan fit` writes it: the API passes it back to `/api/plan/run` unchanged */
export interface FittedPortfolio {
  start: string;
  use_cases: { name: string; model: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

export interface ReportQuery {
  by?: readonly string[];
  from?: string;
  to?: string;
  period?: string;
  every?: "day" | "week" | "month";
  where?: readonly string[];
  top?: number;
  tz?: string;
}

export const api = {
  me: (signal?: AbortSignal) => get<Me>("/api/me", {}, signal),
  range: (signal?: AbortSignal) => get<LedgerRange>("/api/range", {}, signal),
  report: (q: ReportQuery, signal?: AbortSignal) =>
    // the dashboard shows totals and token classes, never per-class costs: the server skips summing them
    get<SpendReport>("/api/report", { ...q, by: q.by?.join(","), where: q.where, costs: "false" }, signal),
  events: (q: { limit?: number; offset?: number; from?: string; to?: string; where?: readonly string[] }, signal?: AbortSignal) =>
    get<EventsPage>("/api/events", q, signal),
  interactions: (q: { from?: string; to?: string; limit?: number }, signal?: AbortSignal) => get<InteractionsList>("/api/interactions", q, signal),
  interaction: (traceId: string, signal?: AbortSignal) => get<InteractionDetail>(`/api/interactions/${encodeURIComponent(traceId)}`, {}, signal),
  catalog: (search: string, signal?: AbortSignal) => get<CatalogList>("/api/catalog", { search }, signal),
  compare: (q: { input?: number; cached_input?: number; output?: number; reasoning?: number; models?: string }, signal?: AbortSignal) =>
    get<WorkloadComparison>("/api/compare", q, signal),
  planFit: (q: { by?: string; from?: string; to?: string }, signal?: AbortSignal) => get<FittedPortfolio>("/api/plan/fit", q, signal),
  planRun: (portfolio: FittedPortfolio, q: { months?: number; scenario?: string; seed?: number; runs?: number }, signal?: AbortSignal) =>
    post<PlanRun>("/api/plan/run", { ...portfolio, ...q }, signal),
  planSensitivity: (portfolio: FittedPortfolio, q: PlanSensitivityQuery, signal?: AbortSignal) =>
    post<PlanSensitivity>("/api/plan/sensitivity", { ...portfolio, ...q }, signal),
  planCommit: (portfolio: FittedPortfolio, q: PlanCommitQuery, signal?: AbortSignal) => post<PlanCommit>("/api/plan/commit", { ...portfolio, ...q }, signal),
  /** admin: simulates the pricing plan on the ledger's customer-months */
  planPricing: (q: PlanPricingQuery, signal?: AbortSignal) => post<PlanPricing>("/api/plan/pricing", q, signal),
  /** outcomes and cost per success per group and kind (a key: its own scope) */
  outcomes: (q: { by?: string; from?: string; to?: string }, signal?: AbortSignal) => get<OutcomeSummary>("/api/outcomes/summary", q, signal),
  /** admin: revenue (a CSV's text) against every customer's token cost */
  planMargins: (q: { revenue_csv: string; by?: "customer" | "plan"; from?: string; to?: string; period?: string }, signal?: AbortSignal) =>
    post<PlanMargins>("/api/plan/margins", q, signal),
  /** admin: fits on the ledger's first fit_days, predicts the next test_days */
  planBacktest: (q: { by?: string; fit_days?: number; test_days?: number }, signal?: AbortSignal) => get<PlanBacktest>("/api/plan/backtest", q, signal),
  /** where each budget stands this period (a key: the budgets that cover it) */
  budgets: (signal?: AbortSignal) => get<BudgetStatusReport>("/api/budgets/status", {}, signal),
  /** one budget's cumulative spend so far this period, and its projection */
  budgetBurn: (name: string, signal?: AbortSignal) => get<BudgetBurn>(`/api/budgets/${encodeURIComponent(name)}/burn`, {}, signal),
  /** the built-in model and GPU cards */
  computeCards: (signal?: AbortSignal) => get<ComputeCards>("/api/compute/cards", {}, signal),
  /** `tokenomics compute cost`: the flags as snake_case parameters */
  computeCost: (q: Query, signal?: AbortSignal) => get<ComputeCost>("/api/compute/cost", q, signal),
  /** `tokenomics compute breakeven` against a catalog model (`against`) */
  computeBreakeven: (q: Query, signal?: AbortSignal) => get<ComputeBreakeven>("/api/compute/breakeven", q, signal),
};

/** `plan sensitivity`'s options, posted beside the portfolio's fields */
export interface PlanSensitivityQuery {
  months?: number;
  /** between 0 and 1 (default 0.2) */
  swing?: number;
  scenario?: string;
}

/** `plan commit`'s terms, posted beside the portfolio's fields; decimals as numbers or strings */
export interface PlanCommitQuery {
  unit_price: number | string;
  per: "month" | "hour";
  /** one of unit_tpm (throughput) or unit_tokens (a token pack, per month) */
  unit_tpm?: number | string;
  unit_tokens?: number | string;
  output_weight?: number | string;
  cached_free?: boolean;
  min_units?: number;
  step?: number;
  use_case?: string;
  months?: number;
  scenario?: string;
  seed?: number;
  runs?: number;
}

/** `plan pricing`'s plan and window; decimals as numbers or strings */
export interface PlanPricingQuery {
  fee: number | string;
  allowance: number | string;
  overage: number | string;
  unit?: "tokens" | "usd";
  cap?: number | string;
  from?: string;
  to?: string;
  period?: string;
}
