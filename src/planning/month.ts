/** a calendar month as "YYYY-MM" */
export type Month = string;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The month `offset` months after `month`.
 * @example addMonths("2027-11", 3) // "2028-02"
 */
export function addMonths(month: Month, offset: number): Month {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * Months from `from` to `to` (0 when equal, negative when `to` is earlier).
 * @example monthsBetween("2027-01", "2027-06") // 5
 */
export function monthsBetween(from: Month, to: Month): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** the month's first day at midnight UTC, the instant its prices are resolved at */
export const firstDay = (month: Month): string => `${month}-01T00:00:00Z`;
