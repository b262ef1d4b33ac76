/**
 * Forecast: a portfolio fitted from the ledger (`GET /api/plan/fit`, as `tokenomics plan fit`),
 * run for the chosen months and scenario (`POST /api/plan/run`, as `tokenomics plan run`): a fan
 * chart of P10–P90 by month around the expected line, in total or per use case; what moves spend
 * most (`POST /api/plan/sensitivity`, as `tokenomics plan sensitivity`); and the built-in scenarios
 * side by side.
 */
import type { JSX } from "preact";
import { api, type PlanRun } from "../api.js";
import { FanChart, money, type FanPoint } from "../components/fan-chart.js";
import { ScenarioChart } from "../components/scenario-chart.js";
import { TornadoTable } from "../components/tornado-table.js";
import { sumDecimals } from "../money.js";
import { ErrorNote, Loading, NoUsageYet } from "../components/states.js";
import { useEmptyLedger } from "../context.js";
import type { PageProps } from "../page-props.js";
import { setQuery } from "../router.js";
import { useData } from "../use-data.js";

const SCENARIOS = ["conservative", "expected", "peak"] as const;
const MONTHS = [3, 6, 12, 24] as const;

function pointsOf(run: PlanRun, useCase: string): FanPoint[] {
  if (useCase === "") return run.months.map((m) => ({ month: m.month, expected: m.expected_usd, p10: m.p10_usd, p50: m.p50_usd, p90: m.p90_usd }));
  const one = run.use_cases.find((u) => u.name === useCase);
  // an unpriced use case has no figures: its months show as gaps, not as zero
  return (one?.months ?? []).map((m) => ({ month: m.month, expected: m.expected_usd, p10: m.p10_usd, p50: m.p50_usd, p90: m.p90_usd }));
}

export function Forecast({ location }: PageProps): JSX.Element {
  const empty = useEmptyLedger();
  const asked = Number(location.params.get("months") ?? 12);
  const months = MONTHS.includes(asked as (typeof MONTHS)[number]) ? asked : 12;
  const scenarioParam = location.params.get("scenario") ?? "";
  const scenario = (SCENARIOS as readonly string[]).includes(scenarioParam) ? scenarioParam : "";
  const useCase = location.params.get("use") ?? "";

  const fit = useData("plan-fit", (s) => api.planFit({ by: "feature" }, s), empty);
  const portfolio = fit.data;
  const run = useData(`plan-run:${months}:${scenario}`, (s) => api.planRun(portfolio!, { months, ...(scenario ? { scenario } : {}) }, s), empty || !portfolio);
  const side = useData(
    "plan-scenarios",
    (s) => Promise.all(SCENARIOS.map((name) => api.planRun(portfolio!, { months: 12, scenario: name }, s))),
    empty || !portfolio,
  );
  const tornado = useData(
    `plan-sensitivity:${months}:${scenario}`,
    (s) => api.planSensitivity(portfolio!, { months, ...(scenario ? { scenario } : {}) }, s),
    empty || !portfolio,
  );
  const loading = fit.loading || run.loading || side.loading || tornado.loading;

  let body: JSX.Element;
  if (empty) body = <NoUsageYet />;
  else if (fit.error) body = <ErrorNote error={fit.error} />;
  else if (run.error) body = <ErrorNote error={run.error} />;
  else if (!portfolio || !run.data) body = <Loading what="Fitting and forecasting" />;
  else {
    const names = run.data.use_cases.map((u) => u.name);
    const shown = names.includes(useCase) ? useCase : "";
    const points = pointsOf(run.data, shown);
    body = (
      <>
        <section class="card" aria-labelledby="fan-title">
          <div class="card-head">
            <h2 id="fan-title">
              Spend by month{shown ? `: ${shown}` : ", all use cases"}
              {run.data.scenario ? ` (${run.data.scenario})` : ""}
            </h2>
            <div class="controls">
              <label>
                Months{" "}
                <select name="months" value={String(months)} onChange={(e) => setQuery({ months: (e.target as HTMLSelectElement).value })}>
                  {MONTHS.map((m) => (
                    <option key={m} value={String(m)}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>{" "}
              <label>
                Scenario{" "}
                <select name="scenario" value={scenario} onChange={(e) => setQuery({ scenario: (e.target as HTMLSelectElement).value || null })}>
                  <option value="">as fitted</option>
                  {SCENARIOS.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>{" "}
              <label>
                Use case{" "}
                <select name="use" value={shown} onChange={(e) => setQuery({ use: (e.target as HTMLSelectElement).value || null })}>
                  <option value="">all (total)</option>
                  {names.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          <FanChart name="forecast" title={`Forecast spend by month${shown ? ` for ${shown}` : ""}`} points={points} />
          <p class="muted">
            P10–P90 from {run.data.runs} Monte Carlo paths (seed {run.data.seed}); the line is the expected spend.
          </p>
        </section>
        <section class="card" aria-labelledby="sensitivity-title">
          <h2 id="sensitivity-title">
            What moves spend most ({months} months{run.data.scenario ? `, ${run.data.scenario}` : ""})
          </h2>
          {tornado.error && <ErrorNote error={tornado.error} />}
          {tornado.data && <TornadoTable result={tornado.data} />}
          {tornado.data && (
            <p class="muted">
              Each parameter of each use case moved alone by ±{Math.round(tornado.data.swing * 100)}%, the rest as fitted: the horizon's expected total at each
              end (as <code>tokenomics plan sensitivity</code>).
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="scenarios-title">
          <h2 id="scenarios-title">Scenarios side by side (12 months)</h2>
          {side.error && <ErrorNote error={side.error} />}
          {side.data && (
            <ScenarioChart
              lines={side.data.map((r, i) => ({ name: SCENARIOS[i]!, months: r.months.map((m) => ({ month: m.month, expected: m.expected_usd })) }))}
            />
          )}
          {side.data && (
            <table class="table" data-testid="forecast-scenarios">
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col" class="num">
                    Expected total
                  </th>
                  <th scope="col" class="num">
                    First month
                  </th>
                  <th scope="col" class="num">
                    Last month
                  </th>
                </tr>
              </thead>
              <tbody>
                {side.data.map((r, i) => {
                  const total = sumDecimals(r.months.map((m) => m.expected_usd));
                  return (
                    <tr key={SCENARIOS[i]}>
                      <td>{SCENARIOS[i]}</td>
                      <td class="num" data-value={total}>
                        {money(total)}
                      </td>
                      <td class="num">{money(r.months[0]?.expected_usd)}</td>
                      <td class="num">{money(r.months.at(-1)?.expected_usd)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      </>
    );
  }

  return (
    <section data-page="forecast" data-ready={loading ? "false" : "true"} aria-busy={loading}>
      <div class="page-head">
        <div>
          <h1>Forecast</h1>
          {!empty && portfolio && (
            <p class="muted">
              {portfolio.use_cases.length} use cases fitted from the ledger (one per feature), from {portfolio.start}
            </p>
          )}
        </div>
      </div>
      {body}
    </section>
  );
}
