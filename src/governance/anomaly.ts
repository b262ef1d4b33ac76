/**
 * Spend spike detection for a scope.
 *
 * Rule: compare the spend of the last window (the hour, or the day, ending now) with the mean of
 * the `baselineWindows` windows of the same length just before it (default 24 hours, or 7 days).
 * It is an anomaly when
 *     current ≥ factor × baseline   (default factor 3)
 * and current − baseline ≥ minIncreaseUsd (default $1), so a scope going from $0.01 to $0.05
 * does not page anyone; with no baseline spend at all, the minimum increase alone decides.
 * Exact arithmetic on bigint units of 10^-13 USD.
 */
import Big from "big.js";
import { unitsToUsd, usdToUnits } from "./units.js";

export interface SpendPoint {
  /** epoch ms */
  ts: number;
  units: bigint;
}

export interface AnomalyRule {
  window: "hour" | "day";
  baselineWindows?: number;
  factor?: string;
  minIncreaseUsd?: string;
}

export interface AnomalyResult {
  anomalous: boolean;
  current_usd: string;
  baseline_usd: string;
  /** current ÷ baseline, 2 decimals; null when the baseline is 0 */
  ratio: string | null;
  rule: string;
}

export function detectSpike(points: readonly SpendPoint[], now: number, rule: AnomalyRule): AnomalyResult {
  const len = rule.window === "hour" ? 3_600_000 : 86_400_000;
  const n = rule.baselineWindows ?? (rule.window === "hour" ? 24 : 7);
  const factor = rule.factor ?? "3";
  const minIncrease = usdToUnits(rule.minIncreaseUsd ?? "1");
  let current = 0n;
  let past = 0n;
  for (const p of points) {
    const age = now - p.ts;
    if (age < 0) continue;
    if (age < len) current += p.units;
    else if (age < len * (n + 1)) past += p.units;
  }
  // the mean of n windows, exact (big.js division to 20 places is far below a unit)
  const baseline = new Big(past.toString()).div(n);
  const anomalous = new Big(current.toString()).gte(baseline.times(factor)) && new Big(current.toString()).minus(baseline).gte(minIncrease.toString());
  return {
    anomalous,
    current_usd: unitsToUsd(current),
    baseline_usd: unitsToUsd(BigInt(baseline.round(0, Big.roundHalfUp).toFixed(0))),
    ratio: past === 0n ? null : new Big(current.toString()).div(baseline).round(2, Big.roundHalfUp).toFixed(2),
    rule: `last ${rule.window} ≥ ${factor}× the mean of the previous ${n} and ≥ $${rule.minIncreaseUsd ?? "1"} above it`,
  };
}
