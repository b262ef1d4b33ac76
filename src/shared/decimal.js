/**
 * Exact sums of decimal strings, with no library and no floating point, so the server and the
 * dashboard (which bundles this file) add money the same way, to the last digit.
 */
/**
 * The exact sum of decimal strings of any precision, as the shortest decimal string; null,
 * undefined and "" count as nothing (an unpriced amount). Exponent notation is refused.
 * @example sumDecimals(["0.1", "0.00000000000000002"]) === "0.10000000000000002"
 */
export function sumDecimals(values) {
  const parts = [];
  for (const v of values) {
    if (v == null || v === "") continue;
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(v.trim());
    if (!m) throw new Error(`not a decimal: "${v}"`);
    parts.push({ negative: m[1] === "-", whole: m[2] || "0", fraction: m[3] ?? "" });
  }
  let places = 0;
  for (const p of parts) places = Math.max(places, p.fraction.length);
  let total = 0n;
  for (const p of parts) {
    const scaled = BigInt(p.whole + p.fraction.padEnd(places, "0"));
    total += p.negative ? -scaled : scaled;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}
