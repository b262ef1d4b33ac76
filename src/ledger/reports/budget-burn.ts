/**
 * A budget's burn-down so far, for the dashboard's chart: cumulative spend at the end of each
 * local day of the period (each hour for a `day` budget), the last point at `now`, and the same
 * projection as the status. One grouped query for days; a day budget's at most 25 hours are
 * one query each.
 */
import { periodWindow, plainUsd, project, type Budget } from "../../governance/index.js";
import Big from "big.js";
import { scopeFilter } from "./budget-status.js";
import type { Store } from "../store.js";

export interface BudgetBurn {
  budget: string;
  period_start: string;
  period_end: string;
  limit_usd: string;
  /** cumulative spend from the period's start to `at` (exclusive) */
  points: { at: string; spent_usd: string }[];
  projected_usd: string;
}

const HOUR_MS = 3_600_000;

/** the buckets of the period elapsed by `now`: [start, end) pairs, local days or hours */
function buckets(budget: Budget, start: number, until: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = start; t < until; ) {
    const next = budget.period === "day" ? t + HOUR_MS : periodWindow("day", budget.tz, t).end;
    out.push([t, Math.min(next, until)]);
    t = next;
  }
  return out;
}

/** YYYY-MM-DD of an instant's wall date in a zone, as the ledger's grouped rows name days */
function localDate(t: number, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(t));
}

/**
 * @example await budgetBurn(store, budget, Date.now()) // { points: [{ at, spent_usd }, …], projected_usd, … }
 */
export async function budgetBurn(store: Store, budget: Budget, now: number): Promise<BudgetBurn> {
  const window = periodWindow(budget.period, budget.tz, now);
  const until = Math.min(now, window.end);
  const spans = buckets(budget, window.start, until);
  const filter = (from: number, to: number) => scopeFilter(budget.scope, { start: from, end: to });
  let perBucket: string[];
  if (budget.period === "day") {
    perBucket = await Promise.all(spans.map(async ([from, to]) => (await store.aggregate({ ...filter(from, to), by: [] })).total_usd));
  } else {
    const days = spans.length ? await store.aggregate({ ...filter(window.start, until), by: [], every: "day", tz: budget.tz }) : { rows: [] };
    const byDate = new Map(days.rows.map((r) => [r.period!, r.total_usd]));
    perBucket = spans.map(([from]) => byDate.get(localDate(from, budget.tz)) ?? "0");
  }
  let cumulative = new Big(0);
  const points = spans.map(([, to], i) => {
    cumulative = cumulative.plus(perBucket[i]!);
    return { at: new Date(to).toISOString(), spent_usd: plainUsd(cumulative) };
  });
  const spent = await store.aggregate({ ...filter(window.start, window.end), by: [] });
  return {
    budget: budget.name,
    period_start: new Date(window.start).toISOString(),
    period_end: new Date(window.end).toISOString(),
    limit_usd: plainUsd(new Big(budget.amountUsd)),
    points,
    projected_usd: project(spent.total_usd, window, now).projected_usd,
  };
}
