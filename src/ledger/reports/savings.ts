/**
 * `tokenomics savings` and `GET /api/savings`, one shape for both: the ledger's profile over a
 * window, scanned by `findSavings` (src/optimize/), each opportunity with the `whatif` command
 * that reproduces it on the same window.
 */
import type { Catalog } from "../../pricing/catalog.js";
import { findSavings, type SavingsReport } from "../../optimize/savings.js";
import { promptThresholds } from "../../optimize/row-pricing.js";
import type { Dimension } from "../../usage/event.js";
import type { FilterFlags } from "../query.js";
import type { Filter, Store } from "../store.js";

export interface SavingsQuery {
  filter: Filter;
  /** the window and conditions as typed, repeated in each reproducing command */
  flags: FilterFlags;
  by: readonly Dimension[];
  minUsdPerMonth?: string;
}

const DAY_MS = 86_400_000;

export async function savingsReport(store: Store, catalog: Catalog, q: SavingsQuery): Promise<SavingsReport> {
  const thresholds = promptThresholds(catalog);
  const [profile, window] = await Promise.all([store.usageProfile({ ...q.filter, by: q.by, promptThresholds: thresholds }), windowOf(store, q)]);
  return findSavings(catalog, profile, {
    thresholds,
    days: window.days,
    windowFlags: window.flags,
    whereFlags: q.flags.where,
    ...(q.minUsdPerMonth !== undefined ? { minUsdPerMonth: q.minUsdPerMonth } : {}),
  });
}

/** the window's length in days, and as `whatif` flags: as given, or the days the matching events span */
async function windowOf(store: Store, q: SavingsQuery): Promise<{ days: number; flags: string }> {
  const { from, to } = q.filter;
  const flags = q.flags.period ? `--period ${q.flags.period}` : [from ? `--from ${from}` : "", to ? `--to ${to}` : ""].filter(Boolean).join(" ");
  if (from && to) return { days: Math.max(1, (Date.parse(to) - Date.parse(from)) / DAY_MS), flags };
  const range = await store.range(q.filter);
  if (range.first === null || range.last === null) return { days: 1, flags };
  const first = from ?? range.first.slice(0, 10);
  const end = to ?? new Date(Date.parse(range.last.slice(0, 10)) + DAY_MS).toISOString().slice(0, 10);
  return { days: Math.max(1, Math.round((Date.parse(end) - Date.parse(first)) / DAY_MS)), flags: flags || `--from ${first} --to ${end}` };
}
