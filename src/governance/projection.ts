/**
 * Where a budget's spend is heading: the burn so far (USD per day of the period elapsed) and
 * the projection to the period's end at that burn. A DST week is 167 or 169 real hours, so days
 * are real elapsed time (86,400,000 ms each), not wall-clock dates.
 *
 * Money here is exact: sums and differences stay exact; the two divided figures are rounded
 * half-up to MONEY_PLACES (13, the ledger's 10^-13 USD), once, from the exact quotient.
 */
import Big from "big.js";
import type { PeriodWindow } from "./budget.js";

export const MONEY_PLACES = 13;
const DAY_MS = 86_400_000;

// a constructor of its own, so that division rounds once, to MONEY_PLACES, half-up
const Money = Big();
Money.DP = MONEY_PLACES;
Money.RM = Big.roundHalfUp;

/** a decimal in plain notation, trailing zeros removed ("-0" as "0") */
export function plainUsd(x: Big): string {
  const s = x.toFixed();
  return s === "-0" ? "0" : s;
}

export interface Projection {
  /** spent / days elapsed (0 before any time has elapsed) */
  burn_usd_per_day: string;
  /** spent + burn × days left: spent × period length / time elapsed; spent itself once the period is over */
  projected_usd: string;
  /** the elapsed part of the period, in ms (clamped to the period) */
  elapsed_ms: number;
}

/**
 * @example
 * // $30 spent 3 days into a 30-day month: $10/day, projected $300
 * project("30", { start: 0, end: 30 * 86_400_000 }, 3 * 86_400_000)
 */
export function project(spentUsd: string, window: PeriodWindow, now: number): Projection {
  const total = window.end - window.start;
  const elapsed = Math.min(Math.max(now - window.start, 0), total);
  const spent = new Money(spentUsd);
  if (elapsed === 0) return { burn_usd_per_day: "0", projected_usd: plainUsd(spent), elapsed_ms: 0 };
  return {
    burn_usd_per_day: plainUsd(spent.times(DAY_MS).div(elapsed)),
    projected_usd: plainUsd(spent.times(total).div(elapsed)),
    elapsed_ms: elapsed,
  };
}
