/**
 * Budgets: where each budget stands in its current period (`GET /api/budgets/status`, as
 * `tokenomics budget status`): spent from the ledger, reserved by calls in flight at the gateway,
 * remaining, alerts sent, calls refused or downgraded; and the selected budget's burn-down
 * (`GET /api/budgets/:name/burn`). `?budget=` names the selected one (default: the first).
 */
import type { JSX } from "preact";
import { api, type BudgetBurn, type BudgetStatus } from "../api.js";
import { BudgetTable } from "../components/budget-table.js";
import { BurnChart } from "../components/burn-chart.js";
import { Empty, ErrorNote, Loading } from "../components/states.js";
import { useSession } from "../context.js";
import { periodDates } from "../budget-figures.js";
import { usd, usdPrecise } from "../format.js";
import { toScale } from "../money.js";
import type { PageProps } from "../page-props.js";
import { type Data, useData } from "../use-data.js";

function NoBudgets(): JSX.Element {
  const { me } = useSession();
  if (me && !me.admin)
    return (
      <Empty title="No budget covers this key">
        <p>A key sees the budgets whose scope includes its calls. Sign in with the admin token to see every budget.</p>
      </Empty>
    );
  return (
    <Empty title="No budgets yet">
      <p>
        A budget caps spend per period and scope, and alerts, blocks or downgrades calls at the gateway. Create one with{" "}
        <code>tokenomics budget set search-monthly --scope team=search --period month --amount 500 --action block</code>, apply a rules file with{" "}
        <code>tokenomics budget apply budgets.yaml</code>, or <code>PUT /api/budgets/:name</code> with the admin token.
      </p>
    </Empty>
  );
}

function BurnDown({ budget, burn }: { budget: BudgetStatus; burn: Data<BudgetBurn> }): JSX.Element {
  return (
    <section class="card" aria-labelledby="burn-title" data-testid="budget-burn">
      <div class="card-head">
        <h2 id="burn-title">Burn-down: {budget.name}</h2>
      </div>
      <p class="muted">
        Cumulative spend over {periodDates(budget.period_start, budget.period_end, budget.tz)} ({budget.tz}), at {usdPrecise(toScale(budget.burn_usd_per_day))}{" "}
        a day: projected <strong data-value={budget.projected_usd}>{usd(toScale(budget.projected_usd))}</strong> by the period's end, against a{" "}
        {usd(budget.limit_usd)} limit.
      </p>
      {burn.error ? (
        <ErrorNote error={burn.error} />
      ) : burn.data && !burn.loading ? (
        <BurnChart burn={burn.data} period={budget.period} tz={budget.tz} />
      ) : (
        <Loading what="Loading the burn-down" />
      )}
    </section>
  );
}

export function Budgets({ location }: PageProps): JSX.Element {
  const status = useData("budgets", (s) => api.budgets(s));
  const budgets = status.data?.budgets ?? [];
  const asked = location.params.get("budget");
  const selected = asked === null ? budgets[0] : budgets.find((b) => b.name === asked);
  const burn = useData(`burn:${selected?.name}`, (s) => api.budgetBurn(selected!.name, s), !selected);
  const loading = status.loading || burn.loading;

  let body: JSX.Element;
  if (status.error) body = <ErrorNote error={status.error} />;
  else if (!status.data) body = <Loading what="Loading budgets" />;
  else if (budgets.length === 0) body = <NoBudgets />;
  else
    body = (
      <>
        <section class="card" aria-label="Budgets">
          <BudgetTable budgets={budgets} selected={selected?.name} />
          <p class="muted">
            Spent is read from the ledger; reserved is what calls in flight at the gateway hold; remaining is the limit less both. Select a budget for its
            burn-down.
          </p>
        </section>
        {selected ? (
          <BurnDown budget={selected} burn={burn} />
        ) : (
          <div class="note warning" role="alert">
            No budget named “{asked}”.
          </div>
        )}
      </>
    );

  return (
    <section data-page="budgets" data-ready={loading ? "false" : "true"} aria-busy={loading}>
      <div class="page-head">
        <div>
          <h1>Budgets</h1>
          <p class="muted">Where each budget stands in its current period.</p>
        </div>
      </div>
      {body}
    </section>
  );
}
