import Big from "big.js";
import { sumDecimals } from "../shared/decimal.js";
import { USAGE_FIELDS, usage, type UsageField } from "../usage/usage.js";
import type { AggregateRow } from "./store.js";

export const OTHER = "(other)";

/**
 * Keep the `top` costliest groups (ranked over all periods) and fold the rest into one
 * "(other)" group per period, so the rows still sum to the same total.
 */
export function keepTop(rows: AggregateRow[], dimensions: readonly string[], top: number): AggregateRow[] {
  const key = (r: AggregateRow) => JSON.stringify(dimensions.map((d) => r.dimensions[d]));
  const totals = new Map<string, Big>();
  for (const r of rows) totals.set(key(r), (totals.get(key(r)) ?? new Big(0)).plus(r.total_usd));
  if (totals.size <= top) return rows;
  const kept = new Set(
    [...totals]
      .sort((a, b) => b[1].cmp(a[1]) || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([k]) => k),
  );
  const out: AggregateRow[] = [];
  const others = new Map<string, AggregateRow[]>();
  for (const r of rows) {
    if (kept.has(key(r))) out.push(r);
    else others.set(r.period ?? "", [...(others.get(r.period ?? "") ?? []), r]);
  }
  for (const [period, group] of others) {
    out.push(merge(group, Object.fromEntries(dimensions.map((d) => [d, OTHER])), period || undefined));
  }
  return out;
}

/** one row that sums several */
export function merge(rows: readonly AggregateRow[], dimensions: Record<string, string | null>, period?: string): AggregateRow {
  const tokens = usage();
  const costs: Partial<Record<UsageField, string>> = {};
  for (const f of USAGE_FIELDS) {
    tokens[f] = rows.reduce((n, r) => n + r.tokens[f], 0);
    const parts = rows.map((r) => r.costs[f]).filter((c): c is string => c !== undefined);
    if (parts.length) costs[f] = sumDecimals(parts);
  }
  return {
    ...(period !== undefined ? { period } : {}),
    dimensions,
    events: rows.reduce((n, r) => n + r.events, 0),
    unpriced_events: rows.reduce((n, r) => n + r.unpriced_events, 0),
    tokens,
    costs,
    total_usd: sumDecimals(rows.map((r) => r.total_usd)),
  };
}
