/**
 * Budget alerts: which thresholds fire, the webhook body, its signature and retry schedule.
 *
 * A threshold fires once per budget period: the caller keeps the thresholds already sent for
 * the period's key (`budgetKey`), so a new period starts with none sent, with no reset job. All
 * thresholds crossed at once fire together (a jump from 40% to 85% sends 50 and 80). The body
 * carries a one-line `text`, so a Slack incoming webhook shows it as it is; the signature lets a
 * receiver check the body came from this server. Delivery (the POST) is the server's job.
 */
import { createHmac } from "node:crypto";
import Big from "big.js";
import type { PeriodWindow } from "./budget.js";
import { unitsToUsd } from "./units.js";

/** thresholds (percent) reached by spent/limit and not yet sent this period, ascending */
export function thresholdsToFire(thresholds: readonly number[], spent: bigint, limit: bigint, alreadySent: readonly number[]): number[] {
  if (limit <= 0n) return [];
  const sent = new Set(alreadySent);
  // spent / limit ≥ t / 100, in exact arithmetic
  const reached = (t: number) => new Big(spent.toString()).times(100).gte(new Big(limit.toString()).times(t));
  return [...new Set(thresholds)].filter((t) => !sent.has(t) && reached(t)).sort((a, b) => a - b);
}

export interface AlertBody {
  budget: string;
  threshold: number;
  spent_usd: string;
  limit_usd: string;
  period_start: string;
  period_end: string;
  text: string;
}

export function alertBody(budget: string, threshold: number, spent: bigint, limit: bigint, window: PeriodWindow): AlertBody {
  const spentUsd = unitsToUsd(spent);
  const limitUsd = unitsToUsd(limit);
  const start = new Date(window.start).toISOString();
  const end = new Date(window.end).toISOString();
  const pct = new Big(spent.toString()).times(100).div(limit.toString()).round(1, Big.roundDown).toFixed();
  return {
    budget,
    threshold,
    spent_usd: spentUsd,
    limit_usd: limitUsd,
    period_start: start,
    period_end: end,
    text: `Budget "${budget}" passed ${threshold}%: $${spentUsd} of $${limitUsd} (${pct}%) spent in the period ${start.slice(0, 10)} to ${end.slice(0, 10)}`,
  };
}

export const SIGNATURE_HEADER = "x-tokenomics-signature";

/** `sha256=<hex>` of HMAC-SHA256(secret, the exact body bytes sent) */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/**
 * Delays (ms) before each retry: base × factor^n, capped, for `retries` retries after the first try.
 * @example backoffSchedule(5) // [1000, 2000, 4000, 8000, 16000]
 */
export function backoffSchedule(retries: number, baseMs = 1000, factor = 2, maxMs = 300_000): number[] {
  const out: number[] = [];
  for (let n = 0; n < retries; n++) out.push(Math.min(maxMs, baseMs * factor ** n));
  return out;
}
