/**
 * Explore: any dimensions, filters and period, split by day/week/month or not, the top N groups;
 * a chart and a table of the same report, exported as CSV; all of it in the URL.
 */
import type { JSX } from "preact";
import { api, type SpendReport } from "../api.js";
import { Chart } from "../components/chart.js";
import { ExploreControls } from "../components/explore-controls.js";
import { ExploreTable } from "../components/explore-table.js";
import { describeRange } from "../components/period-picker.js";
import { ErrorNote, Loading, NothingInPeriod, NoUsageYet } from "../components/states.js";
import { UnpricedWarning } from "../components/unpriced-warning.js";
import { useDefaultRange, useEmptyLedger, useSession } from "../context.js";
import { readState, reportQuery, type ExploreState } from "../explore-state.js";
import { label, shortDay } from "../format.js";
import { formatMoney, parseMoney } from "../money.js";
import { eachDay } from "../period.js";
import { pivot, type Pivot } from "../pivot.js";
import type { PageProps } from "../page-props.js";
import { useData } from "../use-data.js";

const MAX_BARS = 25;

function groupName(row: Record<string, unknown>, by: string[]): string {
  return by.length === 0 ? "everything" : by.map((d) => label(row[d])).join(" · ");
}

/** over time: one stack per group; otherwise one bar per group, the tail folded into one */
function chartOf(report: SpendReport, state: ExploreState): Pivot {
  if (state.every) {
    const periods = report.rows.map((r) => r.period ?? "");
    const xs = state.every === "day" ? [...new Set([...eachDay(state), ...periods])].sort() : undefined;
    const p = pivot(report.rows, { x: (r) => r.period ?? "", series: (r) => groupName(r, state.by), value: (r) => r.total_usd, max: 8, ...(xs ? { xs } : {}) });
    return { ...p, labels: p.labels.map((d) => (state.every === "month" ? d.slice(0, 7) : shortDay(d))) };
  }
  const kept = report.rows.length > MAX_BARS ? report.rows.slice(0, MAX_BARS - 1) : report.rows;
  const rest = report.rows.slice(kept.length);
  const labels = kept.map((r) => groupName(r, state.by));
  const values = kept.map((r) => r.total_usd);
  if (rest.length > 0) {
    labels.push(`Other (${rest.length})`);
    values.push(formatMoney(rest.reduce((sum, r) => sum + parseMoney(r.total_usd), 0n)));
  }
  return { labels, series: [{ label: "Spend", values }] };
}

export function Explore({ location }: PageProps): JSX.Element {
  const { range: ledger } = useSession();
  const state = readState(location.params, useDefaultRange());
  const empty = useEmptyLedger();
  const query = reportQuery(state);
  const report = useData(`explore:${JSON.stringify(query)}`, (s) => api.report(query, s), empty);
  const data = report.data;

  let body: JSX.Element;
  if (empty) body = <NoUsageYet />;
  else if (report.error) body = <ErrorNote error={report.error} />;
  else if (!data) body = <Loading what="Loading the report" />;
  else if (data.rows.length === 0) body = <NothingInPeriod last={ledger?.last} />;
  else {
    const chart = chartOf(data, state);
    const title = `Spend${state.by.length ? ` by ${state.by.join(" and ")}` : ""}${state.every ? ` per ${state.every}` : ""}`;
    body = (
      <>
        <UnpricedWarning report={data} />
        <section class="card" aria-label="Chart">
          <Chart
            name="explore"
            title={title}
            labels={chart.labels}
            series={chart.series}
            expected={data.total_usd}
            stacked={!!state.every}
            horizontal={!state.every}
            height={state.every ? 300 : Math.min(640, 80 + chart.labels.length * 26)}
          />
        </section>
        <ExploreTable report={data} by={state.by} periods={!!state.every} file={`tokenomics-${state.by.join("-") || "total"}-${state.from}-${state.to}`} />
      </>
    );
  }

  return (
    <section data-page="explore" data-ready={report.loading ? "false" : "true"} aria-busy={report.loading}>
      <div class="page-head">
        <div>
          <h1>Explore</h1>
          {!empty && <p class="muted">{describeRange(state)} (UTC)</p>}
        </div>
      </div>
      <ExploreControls state={state} last={ledger?.last ?? null} />
      {body}
    </section>
  );
}
