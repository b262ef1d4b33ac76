/**
 * The rows planning is fed: the shapes of the ledger's report rows, declared here so that
 * planning depends on no store. The ledger's `InteractionSummaryRow` and `OutcomeSummaryRow` are
 * these types, and its `AggregateRow` fits `UsageRow` as it is; the queries that fetch them
 * live beside the callers, in src/ledger/planning-queries.ts.
 */
import type { Dimension } from "../usage/event.js";
import type { UsageField } from "../usage/usage.js";

/** sums over one group (and period): `Store.aggregate`'s row */
export interface UsageRow {
  /** start of the period (YYYY-MM-DD) when grouped by time */
  period?: string;
  /** the group's value for each dimension; null where unset */
  dimensions: Record<string, string | null>;
  events: number;
  unpriced_events: number;
  tokens: Record<UsageField, number>;
  costs?: Partial<Record<UsageField, string>>;
  /** exact cost of the priced events */
  total_usd: string;
}

/** sums over one group and all its periods: `Store.aggregate`'s result */
export interface UsageTotals {
  rows: readonly UsageRow[];
  events: number;
  /** the exact sum of the rows' totals */
  total_usd: string;
}

/** interactions summed per group: `Store.interactionSummary`'s row */
export interface InteractionTotalsRow {
  dimensions: Record<string, string | null>;
  interactions: number;
  calls: number;
  retries: number;
  tool_calls: number;
  errors: number;
  total_usd: string;
  /** over the interactions that ended in a successful call: their whole cost… */
  completed_usd: string;
  /** …and the cost of that final successful call; α = completed_usd / final_calls_usd */
  final_calls_usd: string;
}

/** outcomes per group and kind, with the interactions' token cost: `Store.outcomeSummary`'s row */
export interface OutcomeTotalsRow {
  dimensions: Record<string, string | null>;
  kind: string;
  /** every interaction in the group, with or without an outcome */
  interactions: number;
  /** exact token cost of those interactions (priced calls only) */
  interactions_usd: string;
  /** calls in the group's interactions that could not be priced (not in the cost) */
  unpriced_calls: number;
  /** interactions with at least one outcome of this kind */
  interactions_with_outcome: number;
  outcomes: number;
  successes: number;
  /** interactions with at least one successful outcome of this kind, and their exact token cost */
  successful_interactions: number;
  successful_usd: string;
  /** exact sum of the successful outcomes' value_usd */
  value_usd: string;
}

/** [from, to) as ISO dates or instants: `from` inclusive, `to` exclusive */
export interface DayWindow {
  from?: string;
  to?: string;
}

/** conditions on dimensions, every one must hold: a team, a key's scope */
export type Conditions = readonly { dimension: Dimension; values: readonly string[] }[];
