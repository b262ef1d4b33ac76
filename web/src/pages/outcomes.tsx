/**
 * Outcomes: what the interactions achieved (resolved tickets, accepted suggestions, conversions)
 * and what each success cost in tokens, per feature (or team, customer) and kind, over a period —
 * `GET /api/outcomes/summary`, as `tokenomics outcomes report`.
 */
import type { JSX } from "preact";
import { api, type OutcomeSummary, type OutcomeSummaryRow } from "../api.js";
import { describeRange, PeriodPicker } from "../components/period-picker.js";
import { Empty, ErrorNote, Loading, NoUsageYet } from "../components/states.js";
import { useDefaultRange, useEmptyLedger, useSession } from "../context.js";
import { count, label, usd, usdPrecise } from "../format.js";
import { rangeFrom } from "../period.js";
import type { PageProps } from "../page-props.js";
import { setQuery } from "../router.js";
import { useData } from "../use-data.js";

const GROUPS = ["feature", "team", "customer", "model"] as const;

function Table({ summary, by }: { summary: OutcomeSummary; by: string }): JSX.Element {
  return (
    <table class="table" data-testid="outcomes-table">
      <caption class="visually-hidden">Outcomes by {by} and kind</caption>
      <thead>
        <tr>
          <th scope="col">{by[0]!.toUpperCase() + by.slice(1)}</th>
          <th scope="col">Kind</th>
          <th scope="col" class="num">
            Interactions
          </th>
          <th scope="col" class="num">
            Outcomes
          </th>
          <th scope="col" class="num">
            Successes
          </th>
          <th scope="col" class="num">
            Success rate
          </th>
          <th scope="col" class="num">
            Token cost
          </th>
          <th scope="col" class="num">
            Cost per success
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.rows.map((r: OutcomeSummaryRow) => (
          <tr key={`${String(r[by])}:${r.kind}`} data-testid="outcome-row">
            <td>{label(r[by])}</td>
            <td>{r.kind}</td>
            <td class="num">{count(r.interactions)}</td>
            <td class="num">{count(r.outcomes)}</td>
            <td class="num">{count(r.successes)}</td>
            <td class="num">{r.success_rate === null ? "—" : `${(r.success_rate * 100).toFixed(1)}%`}</td>
            <td class="num" data-value={r.interactions_usd}>
              {usd(r.interactions_usd)}
              {r.unpriced_calls > 0 && <span class="badge warn">{r.unpriced_calls} unpriced</span>}
            </td>
            <td class="num strong" data-value={r.cost_per_success_usd ?? undefined}>
              {r.cost_per_success_usd === null ? "no success" : usdPrecise(r.cost_per_success_usd)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Outcomes({ location }: PageProps): JSX.Element {
  const { range: ledger } = useSession();
  const range = rangeFrom(location.params, useDefaultRange());
  const asked = location.params.get("by") ?? "feature";
  const by = (GROUPS as readonly string[]).includes(asked) ? asked : "feature";
  const empty = useEmptyLedger();
  const summary = useData(`outcomes:${by}:${range.from}/${range.to}`, (s) => api.outcomes({ by, ...range }, s), empty);

  let body: JSX.Element;
  if (empty) body = <NoUsageYet />;
  else if (summary.error) body = <ErrorNote error={summary.error} />;
  else if (!summary.data) body = <Loading what="Loading outcomes" />;
  else if (summary.data.rows.length === 0)
    body = (
      <Empty title="No outcomes recorded in this period">
        <p>
          An outcome is what an interaction achieved: a resolved ticket, an accepted suggestion, a conversion. Record them by trace id with{" "}
          <code>POST /api/outcomes</code> or <code>tokenomics outcomes import</code>, then see what each success cost here. Or pick another period.
        </p>
      </Empty>
    );
  else
    body = (
      <section class="card">
        <Table summary={summary.data} by={by} />
        <p class="muted">Cost per success: {summary.data.definition}.</p>
      </section>
    );

  return (
    <section data-page="outcomes" data-ready={summary.loading ? "false" : "true"} aria-busy={summary.loading}>
      <div class="page-head">
        <div>
          <h1>Outcomes</h1>
          {!empty && <p class="muted">What the interactions achieved and what each success cost, {describeRange(range)} (UTC).</p>}
        </div>
        {!empty && (
          <div class="controls">
            <div class="field">
              <label for="outcomes-by">Group by</label>
              <select id="outcomes-by" name="by" value={by} onChange={(e) => setQuery({ by: (e.target as HTMLSelectElement).value })}>
                {GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
            <PeriodPicker id="outcomes" range={range} last={ledger?.last ?? null} onChange={(r) => setQuery({ from: r.from, to: r.to })} />
          </div>
        )}
      </div>
      {body}
    </section>
  );
}
