/**
 * Periods as the API takes them: UTC days, YYYY-MM-DD, `from` inclusive and `to` exclusive.
 * Defaults end at the ledger's last event, so an old ledger (or the demo's) shows at once.
 */

export interface Range {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** is it a real YYYY-MM-DD day */
export function isDay(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/**
 * a day moved by n days
 * @example addDays("2026-11-30", 1) === "2026-12-01"
 */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** whole days from `from` to `to` */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * the last `days` days up to and including the day of `last` (an ISO instant; now when null)
 * @example lastDays("2026-11-26T18:00:00Z", 30) → { from: "2026-10-28", to: "2026-11-27" }
 */
export function lastDays(last: string | null, days: number): Range {
  const end = last ? new Date(last) : new Date();
  const to = addDays(end.toISOString().slice(0, 10), 1);
  return { from: addDays(to, -days), to };
}

/** the period of the same length just before */
export function previous(range: Range): Range {
  return { from: addDays(range.from, -daysBetween(range.from, range.to)), to: range.from };
}

/**
 * every day of a range, for a time axis without holes
 * @example eachDay({ from: "2026-11-01", to: "2026-11-03" }) → ["2026-11-01", "2026-11-02"]
 */
export function eachDay(range: Range): string[] {
  const out: string[] = [];
  for (let d = range.from; d < range.to && out.length < 3660; d = addDays(d, 1)) out.push(d);
  return out;
}

/** the range's URL state, or the default when the URL holds none (or a bad one) */
export function rangeFrom(params: URLSearchParams, fallback: Range): Range {
  const from = params.get("from");
  const to = params.get("to");
  if (isDay(from) && isDay(to) && from < to) return { from, to };
  return fallback;
}

export const PRESETS = [
  { id: "7d", label: "Last 7 days", days: 7 },
  { id: "30d", label: "Last 30 days", days: 30 },
  { id: "90d", label: "Last 90 days", days: 90 },
  { id: "365d", label: "Last 365 days", days: 365 },
] as const;
