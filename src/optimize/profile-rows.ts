/**
 * What the savings scan reads from a ledger: the spend summed per group, split finely enough that
 * every row prices linearly (one model, one day, one pricing mode, one long-context tier), plus
 * when in the day each group calls and how its output lengths spread. The ledger fills these
 * shapes in its own query language (SQL in DuckDB); the scan never sees an event.
 */
import type { Usage } from "../usage/usage.js";

export interface UsageProfileRow {
  /** the group's value for each requested dimension (feature, team…); null where unset */
  dimensions: Record<string, string | null>;
  provider: string;
  /** the catalog model the calls resolved to; the requested name where they did not */
  model: string;
  /** whether the calls were priced (an unpriced row is counted, never re-priced) */
  priced: boolean;
  /** UTC day, YYYY-MM-DD: prices are chosen per day */
  day: string;
  batch: boolean;
  /** the service tier as recorded; "" for standard */
  service_tier: string;
  /** retried attempts and calls that did not end ok */
  wasted: boolean;
  /** how many of the query's prompt thresholds each call's prompt exceeded (all calls of a row exceed the same ones) */
  over_thresholds: number;
  events: number;
  tokens: Usage;
  total_usd: string;
  /** output tokens above the group's (dimensions × model) p95 output, summed: what a cap at p95 removes */
  output_above_p95: number;
  /** calls of the row that already read from the prompt cache */
  cached_events: number;
}

/** per group (dimensions × model): the spread of output lengths over the whole window */
export interface OutputSpreadRow {
  dimensions: Record<string, string | null>;
  model: string;
  events: number;
  /** approximate quantiles of output tokens, floored to whole tokens */
  p50: number;
  p95: number;
  p99: number;
}

/** per group (dimensions only): calls per UTC hour of day, 0–23 */
export interface HourRow {
  dimensions: Record<string, string | null>;
  hours: number[];
}

export interface UsageProfile {
  rows: UsageProfileRow[];
  outputs: OutputSpreadRow[];
  hours: HourRow[];
}
