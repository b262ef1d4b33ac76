/**
 * When the demo company's traffic happens: the window of whole UTC days, the weekly rhythm,
 * the daily curve and the slow growth towards the last day.
 */

export const DAY_MS = 86_400_000;

export interface DemoWindow {
  /** first instant, 00:00:00Z of the first day */
  startMs: number;
  /** first instant after the window, 00:00:00Z the day after `end` */
  endMs: number;
  days: number;
}

/**
 * The window of `days` whole UTC days whose last day is `end`'s UTC date.
 *
 * @example
 * demoWindow("2026-11-30", 30); // 2026-11-01T00:00:00Z up to (not including) 2026-12-01T00:00:00Z
 */
export function demoWindow(end: Date | string, days: number): DemoWindow {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const at = typeof end === "string" ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(end) ? `${end}T00:00:00Z` : end) : end;
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`end is not a date: ${String(end)}`);
  const endMs = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
  return { startMs: endMs - days * DAY_MS, endMs, days };
}

/**
 * Utc hour weights: european mornings, the us afternoon peak, a quiet asia-pacific night.
 * Index = hour of day.
 */
export const DIURNAL: readonly number[] = [
  0.25, 0.2, 0.18, 0.18, 0.22, 0.3, 0.45, 0.65, 0.85, 1.0, 1.05, 1.05, 1.1, 1.3, 1.55, 1.7, 1.7, 1.6, 1.4, 1.15, 0.9, 0.7, 0.5, 0.35,
];

/**
 * Volume on a day `back` days before the last one, relative to the last day: +25% over the
 * last 30 days, and proportionally less far back (a year-long window grows about fourfold).
 */
export function growth(back: number): number {
  return 1 / (1 + (0.25 * back) / 30);
}

export function isWeekend(dayStartMs: number): boolean {
  const wd = new Date(dayStartMs).getUTCDay();
  return wd === 0 || wd === 6;
}
