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

/** `POST /api/plan/run`: the same JSON as `tokenomics plan run --json`; decimals as strings */
export interface PlanRun {
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

/** every error: a 4xx/5xx status with this body */
export interface ApiErrorBody {
  error: { type: string; message: string };
}

/** `POST /api/plan/sensitivity`: the same JSON as `tokenomics plan sensitivity --json`; decimals as strings */
export interface PlanSensitivity {
  scenario: string | null;
  months: number;
  swing: number;
  /** total expected spend over the horizon, nothing moved */
  base_usd: string;
  /** ranked by |spread_usd|, largest first */
  bars: { use_case: string; parameter: string; low_usd: string; high_usd: string; spread_usd: string }[];
}

/** one size of a commitment: money to 6 places, shares 0..1 */
export interface PlanCommitSize {
  units: number;
  capacity_tokens_per_month: string;
  commitment_usd: string;
  expected_spill_usd: string;
  expected_total_usd: string;
  expected_utilisation: number | null;
  p_exceed: number;
}

/** `POST /api/plan/commit`: the same JSON as `tokenomics plan commit --json` (`file` is null: the portfolio came in the body) */
export interface PlanCommit {
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
  recommended: PlanCommitSize & { effective_usd_per_used_token: string | null; rule_of_thumb_usd_per_used_token: string | null };
  payg_only_usd: string;
  savings_usd: string;
  curve: PlanCommitSize[];
}

/** `POST /api/plan/pricing`: the same JSON as `tokenomics plan pricing --json`; decimals as strings, shares as numbers */
export interface PlanPricing {
  plan: { fee_usd: string; allowance: string; unit: "tokens" | "usd"; overage_usd: string; cap_usd: string | null };
  customer_months: number;
  revenue_usd: string;
  cost_usd: string;
  margin_usd: string;
  margin_pct: string | null;
  margin_p10_usd: string | null;
  margin_p50_usd: string | null;
  margin_p90_usd: string | null;
  cap_share: number;
  negative_margin_share: number;
  break_even: "at" | "any" | "none";
  break_even_allowance: string | null;
  rows: { month: string; customer: string; usage: string; bill_usd: string; cost_usd: string; margin_usd: string; capped: boolean }[];
  excluded_customer_months: number;
  unpriced_events: number;
  unattributed_cost_usd: string;
}

/** `POST /api/plan/margins`: the same JSON as `tokenomics plan margins --json`; decimals as strings */
export interface PlanMargins {
  /** keyed `customer` or `plan` as grouped */
  rows: ({ customer?: string; plan?: string } & { revenue_usd: string; cost_usd: string; margin_usd: string; margin_pct: string | null; flags: string[] })[];
  totals: { revenue_usd: string; cost_usd: string; margin_usd: string; margin_pct: string | null };
  unprofitable: string[];
  unpriced_events: number;
  unattributed_cost_usd: string;
  /** where outcomes are recorded (by customer only) */
  cost_per_success?: { definition: string; customers: { customer: string; successes: number; cost_usd: string; cost_per_success_usd: string | null }[] };
}

/** `GET /api/plan/backtest`: the same JSON as `tokenomics plan backtest --json`; money as decimal strings */
export interface PlanBacktest {
  fit: { from: string; to: string };
  test: { from: string; to: string };
  predicted_usd: string;
  actual_usd: string;
  error_pct: number | null;
  mape_pct: number | null;
  use_cases: { name: string; model: string; predicted_usd: string | null; actual_usd: string; error_pct: number | null }[];
}

/** `POST /api/outcomes`: how many outcomes were new, and how many were already recorded */
export interface OutcomesRecorded {
  inserted: number;
  duplicates: number;
}

/**
 * `GET /api/outcomes/summary`: the same JSON as `tokenomics outcomes report --json`, one row per
 * group and outcome kind; `cost_per_success_usd` = `interactions_usd` / `successes` (null where
 * none succeeded), decimals as strings.
 */
export interface OutcomeSummary {
  rows: OutcomeSummaryRow[];
  /** the definition of cost per success, in words */
  definition: string;
}

export interface OutcomeSummaryRow {
  kind: string;
  interactions: number;
  outcomes: number;
  successes: number;
  /** successes / outcomes, 4 places; null without outcomes */
  success_rate: number | null;
  interactions_usd: string;
  successful_usd: string;
  value_usd: string;
  cost_per_success_usd: string | null;
  unpriced_calls: number;
  /** each `by` dimension's value (null where unset), keyed by the dimension's name */
  [dimension: string]: unknown;
}
