import type { JsonLinesOptions, JsonLinesPlan, JsonLinesResult } from "./native-import-plan.js";
import type { UsageField } from "../usage/usage.js";
import type { Dimension, UsageEvent } from "../usage/event.js";
import type { Outcome } from "./outcome.js";
import type { InteractionTotalsRow, OutcomeTotalsRow } from "../planning/ledger-rows.js";
import type { Budget, Policy } from "../governance/index.js";
import type { UsageProfile } from "../optimize/profile-rows.js";

/**
 * What the rest of the code asks of a ledger. Queries are structured data, never SQL, so that
 * another engine (ClickHouse, at scale) can implement the same interface without touching
 * callers. Times are ISO 8601; `from` is inclusive and `to` exclusive.
 */
export interface Store {
  /**
   * add events; an id already stored is left alone (imports are idempotent), or replaced with
   * `replace` (for sources that restate the same record with newer numbers)
   */
  append(events: readonly UsageEvent[], options?: { replace?: boolean }): Promise<AppendResult>;
  /**
   * Optional: `append` for events that are already JSON lines (one `JSON.stringify(event)` a
   * line, as the gateway spools them), parsed where the store runs: a store on another thread
   * takes a batch as one string instead of a structured clone per event.
   */
  appendEventLines?(lines: string): Promise<AppendResult>;
  /** a streaming batch writer for bulk imports: `add` events, then `flush` stores them as one batch */
  writer(options?: { replace?: boolean }): EventWriter;
  /** sums of tokens and exact cost, grouped by dimensions and optionally by period */
  aggregate(query: AggregateQuery): Promise<AggregateResult>;
  /** events in time order, paged */
  list(query: ListQuery): Promise<UsageEvent[]>;
  /** one row per interaction (trace): calls, retries, tool calls, cost, and the final call's cost */
  interactions(query: InteractionQuery): Promise<InteractionRow[]>;
  /** interactions summed per group (by the values of their first call): the seeds' overhead α */
  interactionSummary(query: InteractionSummaryQuery): Promise<InteractionSummaryRow[]>;
  /** spend split so each row prices linearly, call hours and output spreads, per group: what the savings scan reads */
  usageProfile(query: UsageProfileQuery): Promise<UsageProfile>;
  /** re-price stored events with a new pricer, and say what moved */
  reprice(query: Filter, price: (event: UsageEvent) => UsageEvent, onProgress?: (done: number) => void): Promise<RepriceResult>;
  /** how many events match */
  count(query?: Filter): Promise<number>;
  /** how many events match, and the first and last one's time (null when none) */
  range(query?: Filter): Promise<{ events: number; first: string | null; last: string | null }>;
  /**
   * Optional: import a JSON-lines file natively by a plan (see `./native-import-plan.ts`), handing back
   * the lines the plan does not cover; `undefined` when the store cannot read the file this way
   * at all (then the importer reads all of it).
   */
  importJsonLines?(file: string, plan: JsonLinesPlan, options: JsonLinesOptions): Promise<JsonLinesResult | undefined>;
  /**
   * record what interactions achieved (see `./outcome.ts`), atomically: all of them or none; an id
   * already stored, or repeated in the batch, is left alone and counted as a duplicate
   */
  appendOutcomes(outcomes: readonly Outcome[]): Promise<AppendResult>;
  /** outcomes per group (by the values of an interaction's first call) and kind, with the interactions' token cost */
  outcomeSummary(query: OutcomeSummaryQuery): Promise<OutcomeSummaryRow[]>;
  /** virtual API keys of the gateway: stored hashed, looked up by hash */
  saveKey(key: VirtualKey): Promise<void>;
  listKeys(): Promise<VirtualKey[]>;
  /** marks a key revoked; false when there is no such key */
  revokeKey(id: string, at: string): Promise<boolean>;
  /** the governance rules the gateway enforces, by name (see src/governance/) */
  listBudgets(): Promise<Budget[]>;
  /** stores a budget under its name; "unchanged" when the same definition is already stored */
  saveBudget(budget: Budget): Promise<RuleChange>;
  /** false when there is no budget of that name */
  deleteBudget(name: string): Promise<boolean>;
  listPolicies(): Promise<Policy[]>;
  savePolicy(policy: Policy): Promise<RuleChange>;
  deletePolicy(name: string): Promise<boolean>;
  /** the alert thresholds already sent for a budget's period (its start, ISO 8601) */
  alertsSent(budget: string, periodStart: string): Promise<{ threshold: number; sent_at: string }[]>;
  /**
   * records an alert as sent, atomically: false when that budget, period and threshold was
   * recorded already (another process sent it), so each threshold fires once per period
   */
  recordAlert(alert: BudgetAlert): Promise<boolean>;
  close(): Promise<void>;
}

/** what saving a rule did */
export type RuleChange = "created" | "updated" | "unchanged";

export interface BudgetAlert {
  budget: string;
  /** the period's start, ISO 8601 UTC */
  period_start: string;
  /** percent of the limit */
  threshold: number;
  sent_at: string;
}

/** a gateway key as stored: never the secret itself */
export interface VirtualKey {
  id: string;
  /** SHA-256 of the secret, hex */
  hash: string;
  /** the secret's first and last characters, to recognise it */
  hint: string;
  name: string | null;
  /** the attribution every call made with the key carries */
  scope: Readonly<Record<string, string>>;
  created_at: string;
  revoked_at: string | null;
}

/** the largest cost one call may carry in a ledger (a store keeps per-call money in 64-bit decimals) */
export const MAX_EVENT_USD = "99999.9999999999";

export interface EventWriter {
  add(event: UsageEvent): void;
  /** events added since the last flush */
  readonly pending: number;
  /** store what was added, atomically; events added meanwhile go to the next batch */
  flush(): Promise<AppendResult>;
}

export interface AppendResult {
  inserted: number;
  duplicates: number;
}

export interface Filter {
  from?: string;
  to?: string;
  /** every condition must hold; within one, any of the values */
  where?: readonly { dimension: Dimension; values: readonly string[] }[];
}

export type Period = "day" | "week" | "month";

export interface AggregateQuery extends Filter {
  by: readonly Dimension[];
  every?: Period;
  /** IANA time zone for period boundaries (default UTC) */
  tz?: string;
  /** keep the N costliest groups (over the whole range); the rest are summed into one "(other)" group */
  top?: number;
  /** also sum the cost of each field (`AggregateRow.costs`); off, a report scans less */
  costs?: boolean;
}

export interface AggregateRow {
  /** start of the period (YYYY-MM-DD) when grouped by time */
  period?: string;
  /** the group's value for each requested dimension; null where unset */
  dimensions: Record<string, string | null>;
  events: number;
  unpriced_events: number;
  tokens: Record<UsageField, number>;
  /** exact cost per field over the priced events (when the query asked for `costs`) */
  costs: Partial<Record<UsageField, string>>;
  /** exact cost of the priced events */
  total_usd: string;
}

export interface AggregateResult {
  rows: AggregateRow[];
  events: number;
  unpriced_events: number;
  /** the exact sum of the rows' totals */
  total_usd: string;
  /** which models could not be priced, and how often */
  unpriced: { model: string; reason: string; events: number }[];
}

export interface ListQuery extends Filter {
  limit?: number;
  offset?: number;
  /** restrict to one interaction */
  trace_id?: string;
}

export interface InteractionQuery extends Filter {
  /** group interactions by this dimension's value of their first call (e.g. feature) */
  limit?: number;
  /** "cost" (default) or "calls" */
  order?: "cost" | "calls";
}

export interface InteractionRow {
  trace_id: string;
  started: string;
  feature: string | null;
  team: string | null;
  customer: string | null;
  calls: number;
  retries: number;
  tool_calls: number;
  errors: number;
  unpriced_calls: number;
  total_usd: string;
  /** cost of the last successful call: the call the user's answer came from */
  final_call_usd: string | null;
}

export interface InteractionSummaryQuery extends Filter {
  by: readonly Dimension[];
}

/** the planning domain declares the shape (src/planning/ledger-rows.ts); the store fills it */
export type InteractionSummaryRow = InteractionTotalsRow;

export interface UsageProfileQuery extends Filter {
  by: readonly Dimension[];
  /** prompt sizes where prices change (a catalog's long-context tiers): rows split by how many a call's prompt exceeds */
  promptThresholds?: readonly number[];
}

export interface RepriceResult {
  events: number;
  changed: number;
  before_usd: string;
  after_usd: string;
  newly_priced: number;
  newly_unpriced: number;
  /** per resolved model: how its cost moved */
  moves: { model: string; events: number; before_usd: string; after_usd: string }[];
}

/**
 * The filter selects calls, as in every other query; an interaction is in a group by its first
 * selected call, and its outcomes count with it whenever they were recorded.
 */
export interface OutcomeSummaryQuery extends Filter {
  by: readonly Dimension[];
}

/**
 * One group and outcome kind. Cost per successful outcome is `interactions_usd / successes`: the
 * cost of every interaction in the group, failed and unrecorded ones included, carried by the
 * successes (as cost per acquisition is all spend over conversions).
 */
export type OutcomeSummaryRow = OutcomeTotalsRow;
