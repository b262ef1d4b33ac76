/** Report rows as chart series: one series per group, costliest first, the tail folded into one */
import { compareMoney, formatMoney, parseMoney } from "./money.js";

export interface Series {
  label: string;
  /** exact decimal strings (money) or integer strings (counts); null is nothing */
  values: (string | null)[];
}

export interface Pivot {
  labels: string[];
  series: Series[];
}

export interface PivotOptions<R> {
  /** the category (bar) of a row */
  x: (row: R) => string;
  /** the series (stack) of a row */
  series: (row: R) => string;
  /** the row's exact amount */
  value: (row: R) => string;
  /** every category in order (days without data included); default: the rows', sorted */
  xs?: readonly string[];
  /** at most this many series; the rest are summed into `Other` */
  max?: number;
}

/**
 * @example pivot(rows, { x: (r) => r.period, series: (r) => r.team, value: (r) => r.total_usd })
 */
export function pivot<R>(rows: readonly R[], options: PivotOptions<R>): Pivot {
  const labels = options.xs ? [...options.xs] : [...new Set(rows.map(options.x))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const cells = new Map<string, (bigint | null)[]>();
  const totals = new Map<string, bigint>();
  for (const row of rows) {
    const i = index.get(options.x(row));
    if (i === undefined) continue;
    const name = options.series(row);
    const amount = parseMoney(options.value(row));
    const line = cells.get(name) ?? labels.map(() => null);
    line[i] = (line[i] ?? 0n) + amount;
    cells.set(name, line);
    totals.set(name, (totals.get(name) ?? 0n) + amount);
  }
  const names = [...cells.keys()].sort((a, b) => {
    const d = compareMoney(formatMoney(totals.get(b)!), formatMoney(totals.get(a)!));
    return d !== 0 ? d : a.localeCompare(b);
  });
  const max = options.max ?? Infinity;
  const kept = names.length > max ? names.slice(0, max - 1) : names;
  const folded = names.slice(kept.length);
  const series: Series[] = kept.map((name) => ({ label: name, values: cells.get(name)!.map((v) => (v === null ? null : formatMoney(v))) }));
  if (folded.length > 0) {
    const other = labels.map((_, i) => {
      let sum: bigint | null = null;
      for (const name of folded) {
        const v = cells.get(name)![i];
        if (v != null) sum = (sum ?? 0n) + v;
      }
      return sum === null ? null : formatMoney(sum);
    });
    series.push({ label: `Other (${folded.length})`, values: other });
  }
  return { labels, series };
}
