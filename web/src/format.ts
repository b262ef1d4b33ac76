/**
 * Readable numbers: dollars with separators, tokens in K/M/B, counts, percentages, dates. Pure
 * functions over the API's exact strings; rounding is done on exact decimals, not floats.
 */
import { parseMoney, roundScaled, SCALE } from "./money.js";

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function fixed(scaled: bigint, places: number): string {
  const rounded = roundScaled(scaled, places);
  const negative = rounded < 0n;
  const digits = (negative ? -rounded : rounded).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : "";
  return `${negative ? "-" : ""}$${group(whole)}${fraction}`;
}

/** places needed to show `sig` significant digits of an amount under a dollar (at most 13) */
function placesFor(abs: bigint, sig: number): number {
  const digits = abs.toString().length; // digits of the scaled value
  return Math.min(SCALE, Math.max(2, SCALE - digits + sig));
}

/**
 * a total: 2 decimals with separators; an amount too small to show in cents gets 2 significant
 * digits instead, so it never reads as $0.00
 * @example usd("1234.5") === "$1,234.50"; usd("0.00042") === "$0.00042"
 */
export function usd(value: string | null | undefined): string {
  if (value == null) return "—";
  const scaled = parseMoney(value);
  const abs = scaled < 0n ? -scaled : scaled;
  if (abs === 0n || roundScaled(abs, 2) !== 0n) return fixed(scaled, 2);
  return trimmed(fixed(scaled, placesFor(abs, 2)));
}

/**
 * a unit amount (one call, a rate): 2 decimals from a dollar up, else 4 significant digits
 * @example usdPrecise("0.0123456") === "$0.01235"; usdPrecise("2.5") === "$2.50"
 */
export function usdPrecise(value: string | null | undefined): string {
  if (value == null) return "—";
  const scaled = parseMoney(value);
  const abs = scaled < 0n ? -scaled : scaled;
  if (abs === 0n || abs >= 10n ** BigInt(SCALE)) return fixed(scaled, 2);
  return trimmed(fixed(scaled, placesFor(abs, 4)));
}

/** drop trailing zeros past the cents */
function trimmed(text: string): string {
  return text.replace(/(\.\d\d\d*?)0+$/, "$1");
}

/**
 * an integer with thousands separators
 * @example count(24730) === "24,730"
 */
export function count(n: number): string {
  return group(Math.round(n).toString());
}

const UNITS: [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
];

/**
 * a token count, short: 1 decimal under 100 of a unit
 * @example tokens(1234) === "1.2K"; tokens(3_400_000) === "3.4M"; tokens(999) === "999"
 */
export function tokens(n: number): string {
  const abs = Math.abs(n);
  for (let i = 0; i < UNITS.length; i++) {
    const [size, suffix] = UNITS[i]!;
    if (abs < size) continue;
    const v = n / size;
    const text = Math.abs(v) < 99.95 ? v.toFixed(1).replace(/\.0$/, "") : Math.round(v).toString();
    // 999.95K rounds to 1000K: say 1M
    if (Math.abs(Number(text)) >= 1000 && i > 0) return tokens(Math.sign(n) * UNITS[i - 1]![0]);
    return `${text}${suffix}`;
  }
  return count(n);
}

/**
 * a change as a signed percentage
 * @example percent(0.1234) === "+12.3%"; percent(-0.5) === "−50.0%"
 */
export function percent(ratio: number): string {
  const text = Math.abs(ratio * 100).toFixed(1);
  if (text === "0.0") return "0.0%";
  return `${ratio < 0 ? "−" : "+"}${text}%`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * a YYYY-MM-DD day, short
 * @example shortDay("2026-11-05") === "Nov 5"
 */
export function shortDay(day: string): string {
  const [, m, d] = day.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${Number(d)}`;
}

/**
 * an ISO instant as a UTC date and time to the second
 * @example instant("2026-11-05T09:03:04.123Z") === "2026-11-05 09:03:04 UTC"
 */
export function instant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/**
 * milliseconds, readable
 * @example duration(1530) === "1.5 s"; duration(80) === "80 ms"
 */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** a dimension's value for display: null is "(none)" */
export function label(value: unknown): string {
  return value == null || value === "" ? "(none)" : String(value);
}
