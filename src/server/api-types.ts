/**
 * The HTTP API's answers, as types: the server builds them, the dashboard (web/) imports them, so
 * the client is typed by the very definitions the server compiles against. Types only: nothing
 * here runs.
 */
import type { InteractionRow } from "../ledger/store.js";
import type { UsageEvent } from "../usage/event.js";
import type { TokenClass, UsageField } from "../usage/usage.js";

/** `GET /api/report`: the same JSON as `tokenomics report --json` */
export interface SpendReport {
  rows: SpendRow[];
  /** exact decimal, the sum of the rows' */
  total_usd: string;
  events: number;
  unpriced_events: number;
  unpriced: { model: string; events: number }[];
}

export interface SpendRow {
  /** YYYY-MM-DD, when the report has `every` */
  period?: string;
  events: number;
  unpriced_events: number;
  tokens: Record<TokenClass, number>;
  requests: number;
  costs: Partial<Record<UsageField, string>>;
  total_usd: string;
  /** each `by` dimension's value (null where unset), keyed by the dimension's name */
  [dimension: string]: unknown;
}

/** `GET /api/events` */
export interface EventsPage {
  events: UsageEvent[];
  limit: number;
  offset: number;
  next_offset: number | null;
}

/** `GET /api/interactions`: the costliest interactions first */
export interface InteractionsList {
  interactions: InteractionRow[];
}

/** `GET /api/interactions/:trace_id` */
export interface InteractionDetail {
  trace_id: string;
  /** the interaction's calls, oldest first */
  calls: UsageEvent[];
  total_usd: string;
  unpriced_calls: number;
}

/** `GET /api/catalog` */
export interface CatalogList {
  models: CatalogModel[];
}

export interface CatalogModel {
  id: string;
  provider: string;
  aliases: string[];
  /** price versions, oldest first; rates are USD per 1M tokens as decimal strings */
  prices: {
    from: string;
    rates: Partial<Record<TokenClass, string>>;
    context_window?: number;
    [more: string]: unknown;
  }[];
}

/** `GET /api/compare?input=…&cached_input=…&output=…&reasoning=…[&models=a,b]`: one workload priced on many models */
export interface WorkloadComparison {
  workload: Partial<Record<TokenClass, number>>;
  /** cheapest first; unpriceable models last, with the reason */
  rows: { model: string; provider: string; total_usd: string | null; reason?: string }[];
}

/** `GET /api/me`: who the token is */
export interface Me {
  admin: boolean;
  /** a virtual key's fixed attribution */
  scope?: Record<string, string>;
}

/** `GET /api/range`: the ledger's extent, for default periods and empty states */
export interface LedgerRange {
  events: number;
  /** ISO instants of the first and last event; null in an empty ledger */
  first: string | null;
  last: string | null;
}

/** every error: a 4xx/5xx status with this body */
export interface ApiErrorBody {
  error: { type: string; message: string };
}

/** `POST /api/outcomes`: how many outcomes were new, and how many were already recorded */
export interface OutcomesRecorded {
  inserted: number;
  duplicates: number;
}

// the plan and outcome reports' answers, as `--json` prints them and the API returns them: one
// definition each, beside the code that builds them
export type { PlanJson as PlanRun } from "../planning/reports/plan-json.js";
export type { SensitivityReport as PlanSensitivity } from "../planning/reports/sensitivity-report.js";
export type { CommitCurveRow as PlanCommitSize, CommitReport as PlanCommit } from "../planning/reports/commit-report.js";
export type { PricingReport as PlanPricing } from "../planning/reports/pricing-report.js";
export type { MarginsReport as PlanMargins } from "../planning/reports/margins-report.js";
export type { BacktestReport as PlanBacktest } from "../planning/reports/backtest-report.js";
export type { OutcomeReport as OutcomeSummary, OutcomeReportRow as OutcomeSummaryRow } from "../planning/outcomes.js";

/** `GET /api/budgets/status`: the same JSON as `tokenomics budget status --json` */
export type { BudgetStatus, BudgetStatusReport } from "../ledger/reports/budget-status.js";
/** `GET /api/budgets/:name/burn`: the burn-down chart's points */
export type { BudgetBurn } from "../ledger/reports/budget-burn.js";
/** `POST /api/budgets/apply`'s `changes` */
export type { AppliedChange } from "../ledger/apply-rules.js";

/** `GET /api/compute/cost`, `/breakeven`, `/price`, `/calibration`: what `tokenomics compute … --json` prints */
export type {
  BreakevenReport as ComputeBreakeven,
  CalibrationReport as ComputeCalibration,
  CostReport as ComputeCost,
  PriceReport as ComputePrice,
} from "../compute/index.js";

/** `GET /api/compute/cards`: the built-in model and GPU cards */
export interface ComputeCards {
  models: import("../compute/index.js").ModelCard[];
  gpus: import("../compute/index.js").GpuCard[];
}
