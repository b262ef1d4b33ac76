import Big from "big.js";

/**
 * Exact money without binary floating point.
 *
 * Amounts are integers counted in units of 10^-scale USD (a *scaled* amount). A price sheet
 * fixes one scale for all its rates, so costs are integer products and sums: exact, and fast
 * while they fit in a double's 53-bit integer range; past that, the same arithmetic runs on
 * bigint. Decimal strings (the catalog's and the output's) are converted with big.js, which
 * multiplies exactly.
 */
export type Scaled = number | bigint;

/** digits after the decimal point of a decimal string ("2.50" → 2) */
export function decimalPlaces(value: string | Big): number {
  const s = typeof value === "string" ? value : value.toFixed();
  const dot = s.indexOf(".");
  if (dot < 0) return 0;
  let end = s.length;
  while (end > dot + 1 && s[end - 1] === "0") end--;
  return end - dot - 1;
}

/** a decimal value as an integer count of 10^-scale units; throws if it is not exact there */
export function toScaled(value: string | Big, scale: number): bigint {
  const shifted = new Big(value).times(new Big(10).pow(scale));
  const text = shifted.toFixed(0, Big.roundDown);
  if (!shifted.eq(text)) throw new RangeError(`${value} has more than ${scale} decimal places`);
  return BigInt(text);
}

/**
 * A scaled integer as a plain decimal string, trailing zeros removed.
 * @example formatScaled(1375, 5) // "0.01375"
 */
export function formatScaled(amount: Scaled, scale: number): string {
  let digits = amount.toString();
  let sign = "";
  if (digits[0] === "-") {
    sign = "-";
    digits = digits.slice(1);
  }
  if (scale === 0) return sign + digits;
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end--;
  const whole = digits.slice(0, cut);
  if (end === cut) return whole === "0" ? "0" : sign + whole;
  return `${sign + whole}.${digits.slice(cut, end)}`;
}

/** exact product of decimal strings, as a plain decimal string */
export function multiplyDecimals(...values: string[]): string {
  let product = new Big(1);
  for (const v of values) product = product.times(v);
  return product.toFixed();
}
