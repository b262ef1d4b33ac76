/**
 * A budget's figures for display: shares of its limit (exact to a hundredth of a percent, from
 * the scaled integers), the chart's points and the labels of its days or hours in the budget's
 * zone. The exact strings stay as the API sent them; only widths and axes get numbers.
 */
import { parseMoney } from "./money.js";

/**
 * an amount as a percentage of the limit, truncated to hundredths (0 for a zero limit)
 * @example shareOfLimit("12.5", "50") === 25; shareOfLimit("0.01", "3") === 0.33
 */
export function shareOfLimit(amount: string, limit: string): number {
  const l = parseMoney(limit);
  if (l === 0n) return 0;
  return Number((parseMoney(amount) * 10_000n) / l) / 100;
}

/**
 * a share for reading: one decimal, "<0.1%" for a sliver, never rounded up to 100 % while under it
 * @example shareText(42.37) === "42.3%"; shareText(0.02) === "<0.1%"; shareText(0) === "0%"
 */
export function shareText(share: number): string {
  if (share === 0) return "0%";
  if (share > 0 && share < 0.1) return "<0.1%";
  return `${(Math.trunc(share * 10) / 10).toFixed(1)}%`;
}

/** the bar's two segments in percent of its width: spent, then reserved, together at most 100 */
export function barWidths(spent: string, reserved: string, limit: string): { spent: number; reserved: number } {
  const clamp = (v: number): number => Math.min(100, Math.max(0, v));
  const s = clamp(shareOfLimit(spent, limit));
  return { spent: s, reserved: Math.min(100 - s, clamp(shareOfLimit(reserved, limit))) };
}

export interface XY {
  x: number;
  y: number;
}

export interface BurnLines {
  /** cumulative spend from (period start, 0) through each point */
  spent: XY[];
  /** from the last point to the projection at the period's end; empty once the period is over */
  projection: XY[];
  /** the limit across the period */
  limit: XY[];
}

/** what the burn-down chart draws (numbers for the canvas only; the table and data attributes keep the strings) */
export function burnLines(burn: {
  period_start: string;
  period_end: string;
  limit_usd: string;
  points: readonly { at: string; spent_usd: string }[];
  projected_usd: string;
}): BurnLines {
  const start = Date.parse(burn.period_start);
  const end = Date.parse(burn.period_end);
  const spent = [{ x: start, y: 0 }, ...burn.points.map((p) => ({ x: Date.parse(p.at), y: Number(p.spent_usd) }))];
  const last = spent[spent.length - 1]!;
  const projection = last.x < end ? [last, { x: end, y: Number(burn.projected_usd) }] : [];
  const limit = Number(burn.limit_usd);
  return {
    spent,
    projection,
    limit: [
      { x: start, y: limit },
      { x: end, y: limit },
    ],
  };
}

/**
 * what a burn point covers, read in the budget's zone: the hour it ends for a day budget,
 * otherwise the local day it ends (a point is the spend up to `at`, exclusive)
 * @example pointLabel("2026-10-06T00:00:00.000Z", "month", "UTC") === "Oct 5"
 */
export function pointLabel(at: string, period: string, tz: string): string {
  const t = Date.parse(at);
  if (period === "day") return new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(t);
  return new Intl.DateTimeFormat("en-US", { timeZone: tz, month: "short", day: "numeric" }).format(t - 1);
}

/**
 * an instant as the budget's local date (and time for a day budget), for the axis and headings
 * @example axisLabel(Date.parse("2026-10-05T12:00:00Z"), "month", "UTC") === "Oct 5"
 */
export function axisLabel(t: number, period: string, tz: string): string {
  const options: Intl.DateTimeFormatOptions =
    period === "day" ? { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone: tz, month: "short", day: "numeric" };
  return new Intl.DateTimeFormat(period === "day" ? "en-GB" : "en-US", options).format(t);
}

/**
 * the period's dates as the budget reads them: its first and last local day (the end is exclusive)
 * @example periodDates("2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "UTC") === "Oct 1 – Oct 31, 2026"
 */
export function periodDates(start: string, end: string, tz: string): string {
  const format = (t: number, year: boolean): string =>
    new Intl.DateTimeFormat("en-US", { timeZone: tz, month: "short", day: "numeric", ...(year ? { year: "numeric" } : {}) }).format(t);
  const [from, to] = [Date.parse(start), Date.parse(end) - 1];
  const sameYear = format(from, true).slice(-4) === format(to, true).slice(-4);
  if (format(from, true) === format(to, true)) return format(from, true);
  return `${format(from, !sameYear)} – ${format(to, true)}`;
}
