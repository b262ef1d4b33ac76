/**
 * Money of the compute formulas, exact: decimal strings in, big.js inside, decimal strings out.
 * Physics (tokens/s) enters rounded to 3 decimal places, as printed, so any figure can be redone
 * by hand from the output; a quotient is rounded half-up to 6 decimal places.
 */
import BigBase, { type Big } from "big.js";

/** big.js without exponent notation in strings */
export const D = BigBase();
D.NE = -40;
D.PE = 40;
D.DP = 30;

/** decimal places money quotients are rounded to (half-up) */
export const MONEY_DP = 6;

/** hours in the average month (8,760 ÷ 12) */
export const HOURS_PER_MONTH = 730;

/** a float as the decimal printed for it: 3 decimal places, half-up */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** a decimal string, rounded half-up to MONEY_DP places, trailing zeros dropped */
export function money(x: Big): string {
  return x.round(MONEY_DP, BigBase.roundHalfUp).toString();
}

/**
 * USD per million tokens of a deployment at utilisation u:
 * ($/h per GPU × GPUs) ÷ (tokens/s × 3600 × u) × 10⁶, tokens/s the whole deployment's.
 *
 * @example usdPerMillion("2.99", 2, 1000, "0.5") // 5.98 ÷ 1,800,000 × 10⁶ = "3.322222"
 */
export function usdPerMillion(usdPerGpuHour: string, gpus: number, tokensPerSecond: number, utilization: string): Big {
  const perHour = new D(usdPerGpuHour).times(gpus);
  return perHour.times(1e6).div(new D(round3(tokensPerSecond)).times(3600).times(utilization));
}
