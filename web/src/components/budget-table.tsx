/**
 * Every budget in one table: scope, action, period, the limit and where spend stands (exact
 * figures in `data-value` and the title, dollars on screen), its bar, the alerts sent and the
 * calls refused or downgraded. A budget's name links to its burn-down (`?budget=`).
 */
import type { JSX } from "preact";
import type { BudgetStatus } from "../api.js";
import { periodDates } from "../budget-figures.js";
import { count, usd } from "../format.js";
import { Link, withQuery } from "../router.js";
import { AlertThresholds } from "./alert-thresholds.js";
import { BudgetMeter } from "./budget-meter.js";

/** a money cell: dollars to the cent on screen, the API's exact string beside */
function Money({ value, testid, strong = false }: { value: string; testid: string; strong?: boolean }): JSX.Element {
  const negative = value.startsWith("-");
  return (
    <td class={`num${strong ? " strong" : ""}${negative ? " error-text" : ""}`} data-testid={testid} data-value={value} title={`$${value} exactly`}>
      {usd(value)}
    </td>
  );
}

function scopeText(scope: Readonly<Record<string, string>>): string {
  const entries = Object.entries(scope);
  return entries.length === 0 ? "everything" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

function Action({ b }: { b: BudgetStatus }): JSX.Element {
  return (
    <td>
      <span class={`badge ${b.action === "block" ? "error" : b.action === "downgrade" ? "warn" : "info"}`}>{b.action}</span>
      {b.downgrade_to && <span class="muted"> → {b.downgrade_to}</span>}
      {b.hold_cap_usd && (
        <span class="sub muted" title={b.overshoot}>
          hold cap {usd(b.hold_cap_usd)}
        </span>
      )}
    </td>
  );
}

function Row({ b, selected }: { b: BudgetStatus; selected: boolean }): JSX.Element {
  return (
    <tr data-testid="budget-row" data-budget={b.name} class={selected ? "selected" : undefined}>
      <th scope="row">
        <Link href={withQuery({ budget: b.name })} aria-current={selected ? "true" : undefined} data-testid="budget-link">
          {b.name}
        </Link>
      </th>
      <td>{scopeText(b.scope)}</td>
      <Action b={b} />
      <td data-period={b.period}>
        <span class="nowrap">{b.period.includes("..") ? "fixed range" : b.period}</span>
        <span class="sub muted">
          {periodDates(b.period_start, b.period_end, b.tz)}
          {b.tz !== "UTC" ? ` (${b.tz})` : ""}
        </span>
      </td>
      <Money value={b.limit_usd} testid="budget-limit" />
      <Money value={b.spent_usd} testid="budget-spent" strong />
      <Money value={b.reserved_usd} testid="budget-reserved" />
      <Money value={b.remaining_usd} testid="budget-remaining" />
      <td class="meter-cell">
        <BudgetMeter spent={b.spent_usd} reserved={b.reserved_usd} limit={b.limit_usd} thresholds={b.thresholds} />
        {b.unpriced_calls > 0 && (
          <span class="badge warn" title="calls that could not be priced: counted here, not in spent">
            {count(b.unpriced_calls)} unpriced
          </span>
        )}
      </td>
      <td>
        <AlertThresholds thresholds={b.thresholds} sent={b.alerts_sent} />
      </td>
      <td class="num" data-testid="budget-refused">
        {count(b.refused_calls)}
      </td>
      <td class="num" data-testid="budget-downgraded">
        {count(b.downgraded_calls)}
      </td>
    </tr>
  );
}

const MONEY_COLUMNS = ["Limit", "Spent", "Reserved", "Remaining"];

export function BudgetTable({ budgets, selected }: { budgets: readonly BudgetStatus[]; selected: string | undefined }): JSX.Element {
  return (
    <div class="table-scroll">
      <table class="table budgets" data-testid="budgets-table">
        <caption class="visually-hidden">Budgets and where their spend stands this period</caption>
        <thead>
          <tr>
            <th scope="col">Budget</th>
            <th scope="col">Scope</th>
            <th scope="col">Action</th>
            <th scope="col">Period</th>
            {MONEY_COLUMNS.map((c) => (
              <th scope="col" class="num" key={c}>
                {c}
              </th>
            ))}
            <th scope="col">Used</th>
            <th scope="col">Alerts sent</th>
            <th scope="col" class="num">
              Refused
            </th>
            <th scope="col" class="num">
              Downgraded
            </th>
          </tr>
        </thead>
        <tbody>
          {budgets.map((b) => (
            <Row key={b.name} b={b} selected={b.name === selected} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
