/**
 * Savings: what each change would have saved on the recorded traffic, ranked by USD per month —
 * `GET /api/savings`, as `tokenomics savings` — each with its assumptions and the `whatif`
 * command that reproduces it.
 */
import type { JSX } from "preact";
import { api, type SavingsOpportunity, type SavingsReport } from "../api.js";
import { describeRange, PeriodPicker } from "../components/period-picker.js";
import { Empty, ErrorNote, Loading, NoUsageYet } from "../components/states.js";
import { useDefaultRange, useEmptyLedger, useSession } from "../context.js";
import { count, usd, usdPrecise } from "../format.js";
import { rangeFrom } from "../period.js";
import type { PageProps } from "../page-props.js";
import { setQuery } from "../router.js";
import { useData } from "../use-data.js";

const GROUPS = ["feature", "team", "project", "customer"] as const;

const KIND_NAMES: Record<string, string> = {
  model: "Cheaper model",
  batch: "Batch API",
  "output-tail": "Cap long outputs",
  retries: "Retries and failures",
};

function scopeText(scope: Record<string, string>): string {
  return Object.entries(scope)
    .map(([k, v]) => `${k}=${v}`)
    .join(" · ");
}

function Row({ o }: { o: SavingsOpportunity }): JSX.Element {
  return (
    <tr data-testid="saving-row" data-kind={o.kind}>
      <td>
        <strong>{KIND_NAMES[o.kind] ?? o.kind}</strong>
        <div class="muted">{scopeText(o.scope)}</div>
        <details>
          <summary>Assumptions and how to check it</summary>
          <ul>
            {o.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
          <code data-testid="whatif-command">{o.whatif}</code>
        </details>
      </td>
      <td class="num">{count(o.events)}</td>
      <td class="num" data-value={o.actual_usd}>
        {usd(o.actual_usd)}
      </td>
      <td class="num" data-value={o.saving_usd}>
        {usdPrecise(o.saving_usd)}
      </td>
      <td class="num strong" data-value={o.saving_usd_per_month}>
        {usdPrecise(o.saving_usd_per_month)}
      </td>
    </tr>
  );
}

function Table({ report }: { report: SavingsReport }): JSX.Element {
  return (
    <table class="table" data-testid="savings-table">
      <caption class="visually-hidden">Savings opportunities, largest first</caption>
      <thead>
        <tr>
          <th scope="col">Opportunity</th>
          <th scope="col" class="num">
            Calls
          </th>
          <th scope="col" class="num">
            Spent
          </th>
          <th scope="col" class="num">
            Would save
          </th>
          <th scope="col" class="num">
            Per month
          </th>
        </tr>
      </thead>
      <tbody>
        {report.opportunities.map((o) => (
          <Row key={`${o.kind}:${scopeText(o.scope)}`} o={o} />
        ))}
      </tbody>
    </table>
  );
}

export function Savings({ location }: PageProps): JSX.Element {
  const { range: ledger } = useSession();
  const range = rangeFrom(location.params, useDefaultRange());
  const asked = location.params.get("by") ?? "feature";
  const by = (GROUPS as readonly string[]).includes(asked) ? asked : "feature";
  const empty = useEmptyLedger();
  const report = useData(`savings:${by}:${range.from}/${range.to}`, (s) => api.savings({ by, ...range }, s), empty);

  let body: JSX.Element;
  if (empty) body = <NoUsageYet />;
  else if (report.error) body = <ErrorNote error={report.error} />;
  else if (!report.data) body = <Loading what="Scanning the ledger for savings" />;
  else if (report.data.opportunities.length === 0)
    body = (
      <Empty title="No savings found in this period">
        <p>Nothing on a cheaper model, batch, capped outputs or fewer retries would have saved money here. Pick a longer period or another grouping.</p>
      </Empty>
    );
  else
    body = (
      <section class="card">
        <p>
          <span class="muted">In all, per month: </span>
          <strong data-testid="savings-total" data-value={report.data.total_saving_usd_per_month}>
            {usdPrecise(report.data.total_saving_usd_per_month)}
          </strong>
          <span class="muted">
            {" "}
            over {count(report.data.events)} calls in {report.data.days} days. Opportunities on the same calls overlap: taking two saves less than their sum.
          </span>
        </p>
        <Table report={report.data} />
      </section>
    );

  return (
    <section data-page="savings" data-ready={report.loading ? "false" : "true"} aria-busy={report.loading}>
      <div class="page-head">
        <div>
          <h1>Savings</h1>
          {!empty && <p class="muted">What each change would have saved on these calls, {describeRange(range)} (UTC), priced exactly at each call's date.</p>}
        </div>
        {!empty && (
          <div class="controls">
            <div class="field">
              <label for="savings-by">Slices</label>
              <select id="savings-by" name="by" value={by} onChange={(e) => setQuery({ by: (e.target as HTMLSelectElement).value })}>
                {GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
            <PeriodPicker id="savings" range={range} last={ledger?.last ?? null} onChange={(r) => setQuery({ from: r.from, to: r.to })} />
          </div>
        )}
      </div>
      {body}
    </section>
  );
}
