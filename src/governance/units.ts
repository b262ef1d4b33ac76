/**
 * Money inside governance: bigint counts of 10^-13 USD.
 *
 * Why 10^-13: catalog rates are USD per 1M tokens with up to 6–7 decimals ("0.875", "0.0375"),
 * i.e. 10^-12–10^-13 USD per token, and batch/tier multipliers ("0.5") add a digit. At that scale
 * every real per-call cost in the catalog is an integer, so reserve − settle leaves exactly 0.
 * Why bigint: 2^53 units of 10^-13 USD is only ~$900, so a double would lose cents on any real
 * budget; bigint never does. (A Redis script holds them as decimal strings: INCRBY's int64 ends
 * at ~$922k at this scale.) Costs finer than 10^-13 are rounded up, never down: a reservation
 * may be a femto-dollar high, never low.
 */
import Big from "big.js";

export const USD_SCALE = 13;
const FACTOR = new Big(10).pow(USD_SCALE);

const PLAIN = /^(\d+)(?:\.(\d{1,13}))?$/;

/** an exact decimal USD string as units, rounded up past 10^-13 */
export function usdToUnits(usd: string): bigint {
  // the common case (a catalog cost, a budget amount), without big.js: it runs on every call
  const m = PLAIN.exec(usd);
  if (m) return BigInt(m[1]! + (m[2] ?? "").padEnd(USD_SCALE, "0"));
  const shifted = new Big(usd).times(FACTOR);
  return BigInt(shifted.round(0, Big.roundUp).toFixed(0));
}

/** units as a plain decimal USD string, trailing zeros removed */
export function unitsToUsd(units: bigint): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(USD_SCALE + 1, "0");
  const whole = digits.slice(0, -USD_SCALE);
  const frac = digits.slice(-USD_SCALE).replace(/0+$/, "");
  return (neg ? "-" : "") + whole + (frac ? `.${frac}` : "");
}
