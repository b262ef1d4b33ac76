import Big from "big.js";
import type { Growth } from "./portfolio.js";
import { monthsBetween, type Month } from "./month.js";

/**
 * Mean requests in month k (1-based from `start`) for base volume V:
 * - compound: V·(1+g)^(k−1), exact
 * - linear: max(0, V + (k−1)·Δ), exact
 * - s-curve: V + (C − V)·(L(k) − L(1)) / (1 − L(1)), with L(k) = 1 / (1 + e^(−s·(k − m))),
 *   C the ceiling, s the steepness, m the midpoint's month number (so month 1 gives V and the
 *   volume tends to C); the logistic factor is computed in floating point and rounded to 12
 *   decimal places before the exact multiply
 *
 * @example volumeAt(new Big(1000), { kind: "compound", monthly: 0.1 }, 3, "2027-01") // 1210
 */
export function volumeAt(base: Big, growth: Growth | undefined, k: number, start: Month): Big {
  if (growth === undefined || k === 1) return base;
  switch (growth.kind) {
    case "compound":
      return base.times(new Big(1).plus(String(growth.monthly)).pow(k - 1));
    case "linear": {
      const v = base.plus(new Big(String(growth.monthly_requests)).times(k - 1));
      return v.lt(0) ? new Big(0) : v;
    }
    case "s-curve": {
      const m = monthsBetween(start, growth.midpoint) + 1;
      const logistic = (x: number) => 1 / (1 + Math.exp(-growth.steepness * (x - m)));
      const l1 = logistic(1);
      const f = l1 >= 1 ? 0 : (logistic(k) - l1) / (1 - l1);
      return base.plus(new Big(String(growth.ceiling)).minus(base).times(f.toFixed(12)));
    }
  }
}
