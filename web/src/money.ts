/**
 * Exact money on the client: decimal strings from the API as BigInt counts of 10^-13 dollars (the
 * ledger's own scale), so sums and differences are exact. Floats only ever reach a chart's axis.
 */
export { sumDecimals } from "../../src/shared/decimal.js";

/** decimal places kept: the ledger stores money with 13 */
export const SCALE = 13;
const UNIT = 10n ** BigInt(SCALE);

/**
 * a decimal string as a scaled integer; more than 13 places is refused, never rounded
 * @example parseMoney("1.5") === 15_000_000_000_000n
 */
export function parseMoney(value: string): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`not a decimal amount: "${value}"`);
  const fraction = m[3] ?? "";
  if (fraction.length > SCALE) throw new Error(`more than ${SCALE} decimal places: "${value}"`);
  const scaled = BigInt(m[2] || "0") * UNIT + BigInt(fraction.padEnd(SCALE, "0") || "0");
  return m[1] === "-" ? -scaled : scaled;
}

/**
 * a scaled integer as the shortest exact decimal string
 * @example formatMoney(15_000_000_000_000n) === "1.5"
 */
export function formatMoney(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const whole = abs / UNIT;
  const fraction = (abs % UNIT).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/**
 * the exact sum of decimal strings (null counts as nothing: an unpriced amount)
 * @example sumMoney(["0.1", "0.2"]) === "0.3"
 */
export function sumMoney(values: Iterable<string | null | undefined>): string {
  let total = 0n;
  for (const v of values) if (v != null) total += parseMoney(v);
  return formatMoney(total);
}

/** a - b, exactly */
export function subtractMoney(a: string, b: string): string {
  return formatMoney(parseMoney(a) - parseMoney(b));
}

/** -1, 0 or 1 */
export function compareMoney(a: string, b: string): number {
  const d = parseMoney(a) - parseMoney(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * a scaled amount rounded half away from zero to `places` decimals, still scaled by 10^-places
 * @example roundScaled(parseMoney("1.005"), 2) === 101n
 */
export function roundScaled(scaled: bigint, places: number): bigint {
  const step = 10n ** BigInt(SCALE - places);
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const rounded = (abs + step / 2n) / step;
  return negative ? -rounded : rounded;
}

/** (a - b) / b as a fraction, for display only; null when b is zero */
export function changeRatio(current: string, previous: string): number | null {
  const b = parseMoney(previous);
  if (b === 0n) return null;
  // ratio in millionths, exact up to the final division
  return Number(((parseMoney(current) - b) * 1_000_000n) / b) / 1_000_000;
}

/** rounded (half up) to the 13 places the dashboard's money formatting takes */
export function toScale(value: string): string {
  const m = /^([+-]?)(\d*)\.(\d*)$/.exec(value.trim());
  if (!m || m[3]!.length <= SCALE) return value;
  let scaled = BigInt((m[2] || "0") + m[3]!.slice(0, SCALE));
  if (Number(m[3]![SCALE]) >= 5) scaled += 1n;
  const digits = scaled.toString().padStart(SCALE + 1, "0");
  return `${m[1] === "-" ? "-" : ""}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}
