/**
 * Overview: the last 30 days up to the ledger's last event (or the URL's period) — total spend
 * against the period before, spend by day stacked by team or model, the top features, customers
 * and models, and the unpriced calls.
 */
import type { JSX } from "preact";
import { api } from "../api.js";
import { Chart } from "../components/chart.js";
import { describeRange, PeriodPicker } from "../components/period-picker.js";
import { RankTable } from "../components/rank-table.js";
import { ErrorNote, Loading, NothingInPeriod, NoUsageYet } from "../components/states.js";
import { Summary } from "../components/summary.js";
import { UnpricedWarning } from "../components/unpriced-warning.js";
import { useDefaultRange, useEmptyLedger, useSession } from "../context.js";
import { label, shortDay } from "../format.js";
import { daysBetween, eachDay, previous, rangeFrom } from "../period.js";
import { pivot } from "../pivot.js";
import type { PageProps } from "../page-props.js";
import { setQuery, withQuery } from "../router.js";
import { useData } from "../use-data.js";

const STACKS = [
  { id: "team", label: "Team" },
  { id: "model", label: "Model" },
] as const;
const TOP = ["feature", "customer", "model"] as const;
const TITLES = { feature: "Top features", customer: "Top customers", model: "Top models" };

export function Overview({ location }: PageProps): JSX.Element {
  const { range: ledger } = useSession();
  const range = rangeFrom(location.params, useDefaultRange());
  const stack = location.params.get("stack") === "model" ? "model" : "team";
  const before = previous(range);
  const days = daysBetween(range.from, range.to);
  const empty = useEmptyLedger();
  const k = `${range.from}/${range.to}`;

  const main = useData(`main:${k}:${stack}`, (s) => api.report({ by: [stack], every: "day", ...range }, s), empty);
  const prev = useData(`prev:${k}`, (s) => api.report({ ...before }, s), empty);
  const tops = useData(`tops:${k}`, (s) => Promise.all(TOP.map((d) => api.report({ by: [d], top: 5, ...range }, s))), empty);
  const loading = main.loading || prev.loading || tops.loading;
  const report = main.data;

  let body: JSX.Element;
  if (empty) body = <NoUsageYet />;
  else if (main.error) body = <ErrorNote error={main.error} />;
  else if (!report) body = <Loading what="Loading spend" />;
  else if (report.events === 0) body = <NothingInPeriod last={ledger?.last} />;
  else {
    const xs = [...new Set([...eachDay(range), ...report.rows.map((r) => r.period ?? "")])].sort();
    const chart = pivot(report.rows, { x: (r) => r.period ?? "", series: (r) => label(r[stack]), value: (r) => r.total_usd, xs, max: 8 });
    body = (
      <>
        <Summary report={report} previous={prev.data} days={days} />
        {prev.error && <ErrorNote error={prev.error} />}
        <UnpricedWarning report={report} />
        <section class="card" aria-labelledby="by-day-title">
          <div class="card-head">
            <h2 id="by-day-title">Spend by day</h2>
            <fieldset class="segmented">
              <legend>Stack by</legend>
              {STACKS.map((s) => (
                <label key={s.id}>
                  <input type="radio" name="stack" value={s.id} checked={stack === s.id} onChange={() => setQuery({ stack: s.id })} />
                  <span>{s.label}</span>
                </label>
              ))}
            </fieldset>
          </div>
          <Chart
            name="spend-by-day"
            title={`Spend by day, stacked by ${stack}`}
            labels={chart.labels.map(shortDay)}
            series={chart.series}
            expected={report.total_usd}
            stacked
          />
        </section>
        {tops.error && <ErrorNote error={tops.error} />}
        {tops.data && (
          <div class="grid-3">
            {TOP.map((d, i) => (
              <RankTable
                key={d}
                dimension={d}
                title={TITLES[d]}
                report={tops.data![i]!}
                more={withQuery({ by: d, from: range.from, to: range.to }, { path: "/explore", params: new URLSearchParams() })}
              />
            ))}
          </div>
        )}
      </>
    );
  }

  return (
    <section data-page="overview" data-ready={loading ? "false" : "true"} aria-busy={loading}>
      <div class="page-head">
        <div>
          <h1>Overview</h1>
          {!empty && (
            <p class="muted">
              {describeRange(range)} (UTC), against the {days} days before
            </p>
          )}
        </div>
        {!empty && <PeriodPicker id="overview" range={range} last={ledger?.last ?? null} onChange={(r) => setQuery({ from: r.from, to: r.to })} />}
      </div>
      {body}
    </section>
  );
}
