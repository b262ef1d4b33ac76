/**
 * Where each budget stands this period: `tokenomics budget status --json` and
 * `GET /api/budgets/status`, one shape for both. Spent is read from the ledger — every event in
 * the period's window matching the scope, whatever its source — so a status needs no counters
 * and no reset job: a new period's window simply holds no events yet. Reserved money and the
 * refused and downgraded calls exist only in a running gateway: passed in as a live view, "0"
 * and 0 without one.
 *
 * Money: exact decimal strings with at most 13 places (the ledger's 10^-13 USD); burn and
 * projected are divisions, rounded half-up to 13 places (see governance/projection.ts).
 */
import Big from "big.js";
import { periodWindow, plainUsd, project, type Budget, type BudgetAction, type PeriodWindow } from "../../governance/index.js";
import type { Dimension } from "../../usage/event.js";
import type { Filter, Store } from "../store.js";

/** what a running gateway knows of a budget that the ledger does not */
export interface LiveBudget {
  reserved_usd: string;
  refused_calls: number;
  downgraded_calls: number;
}
export type LiveView = (budget: string) => LiveBudget | undefined;

export interface BudgetStatus {
  name: string;
  scope: Record<string, string>;
  action: BudgetAction;
  period: string;
  tz: string;
  period_start: string;
  period_end: string;
  limit_usd: string;
  spent_usd: string;
  reserved_usd: string;
  /** limit − spent − reserved; negative once an `alert` budget (which never refuses) is overspent */
  remaining_usd: string;
  burn_usd_per_day: string;
  projected_usd: string;
  /** thresholds (percent) configured, and those already sent this period */
  thresholds: number[];
  alerts_sent: number[];
  calls: number;
  /** calls that could not be priced: counted here, never as $0 of spend */
  unpriced_calls: number;
  refused_calls: number;
  downgraded_calls: number;
  downgrade_to?: string;
  hold_cap_usd?: string;
  overshoot?: string;
}

export interface BudgetStatusReport {
  budgets: BudgetStatus[];
}

/** a budget's scope as a ledger filter over [start, end): `key` is the event's api_key_id */
export function scopeFilter(scope: Readonly<Record<string, string>>, window: PeriodWindow): Filter {
  return {
    from: new Date(window.start).toISOString(),
    to: new Date(window.end).toISOString(),
    where: Object.entries(scope).map(([key, value]) => ({ dimension: (key === "key" ? "api_key_id" : key) as Dimension, values: [value] })),
  };
}

/** the status of each budget at `now` */
export async function budgetStatus(store: Store, budgets: readonly Budget[], now: number, live?: LiveView): Promise<BudgetStatusReport> {
  return { budgets: await Promise.all(budgets.map((b) => oneStatus(store, b, now, live?.(b.name)))) };
}

async function oneStatus(store: Store, b: Budget, now: number, live: LiveBudget | undefined): Promise<BudgetStatus> {
  const window = periodWindow(b.period, b.tz, now);
  const periodStart = new Date(window.start).toISOString();
  const [spent, sent] = await Promise.all([store.aggregate({ ...scopeFilter(b.scope, window), by: [] }), store.alertsSent(b.name, periodStart)]);
  const reserved = live?.reserved_usd ?? "0";
  const { burn_usd_per_day, projected_usd } = project(spent.total_usd, window, now);
  const status: BudgetStatus = {
    name: b.name,
    scope: { ...b.scope },
    action: b.action,
    period: b.period,
    tz: b.tz,
    period_start: periodStart,
    period_end: new Date(window.end).toISOString(),
    limit_usd: plainUsd(new Big(b.amountUsd)),
    spent_usd: plainUsd(new Big(spent.total_usd)),
    reserved_usd: plainUsd(new Big(reserved)),
    remaining_usd: plainUsd(new Big(b.amountUsd).minus(spent.total_usd).minus(reserved)),
    burn_usd_per_day,
    projected_usd,
    thresholds: [...b.alerts],
    alerts_sent: sent.map((a) => a.threshold),
    calls: spent.events,
    unpriced_calls: spent.unpriced_events,
    refused_calls: live?.refused_calls ?? 0,
    downgraded_calls: live?.downgraded_calls ?? 0,
  };
  if (b.downgradeTo !== undefined) status.downgrade_to = b.downgradeTo;
  if (b.holdCapUsd !== undefined) {
    status.hold_cap_usd = b.holdCapUsd;
    status.overshoot = overshoot(b.holdCapUsd);
  }
  return status;
}

/** what a hold cap trades away, in one sentence */
export function overshoot(capUsd: string): string {
  return `each call holds at most $${capUsd} against this budget, so a call whose real cost is above the cap can take spend past the limit by up to its cost above $${capUsd}, once per call in flight at the same time`;
}
