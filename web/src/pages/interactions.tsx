/**
 * Interactions: the costliest user actions of the period (a trace: the calls, retries and tool
 * calls one request fanned out into), each a link to its timeline.
 */
import type { JSX } from "preact";
import { api, type InteractionsList } from "../api.js";
import { describeRange, PeriodPicker } from "../components/period-picker.js";
import { Empty, ErrorNote, Loading, NoUsageYet } from "../components/states.js";
import { useDefaultRange, useEmptyLedger, useSession } from "../context.js";
import { count, instant, label, shortDay, usd } from "../format.js";
import { parseMoney } from "../money.js";
import { rangeFrom } from "../period.js";
import type { PageProps } from "../page-props.js";
import { Link, setQuery } from "../router.js";
import { useData } from "../use-data.js";

const LIMITS = [20, 50, 100];

/** total / final call: what the retries, tool calls and failures added (the seeds' α) */
function overhead(total: string, final: string | null): string {
  if (final === null) return "—";
  const f = parseMoney(final);
  if (f === 0n) return "—";
  return `×${(Number((parseMoney(total) * 100n) / f) / 100).toFixed(2)}`;
}

function List({ list }: { list: InteractionsList }): JSX.Element {
  return (
    <ol class="interaction-list" aria-label="Costliest interactions">
      <li class="interaction-head" aria-hidden="true">
        <span>Started (UTC)</span>
        <span>Feature · team · customer</span>
        <span class="num">Calls</span>
        <span class="num">Retries</span>
        <span class="num">Tools</span>
        <span class="num">Errors</span>
        <span class="num">Overhead</span>
        <span class="num">Cost</span>
      </li>
      {list.interactions.map((it) => (
        <li key={it.trace_id}>
          <Link class="interaction-row" data-testid="interaction-row" href={`/interactions/${encodeURIComponent(it.trace_id)}`}>
            <time dateTime={it.started} title={instant(it.started)}>
              {shortDay(it.started.slice(0, 10))}, {it.started.slice(11, 16)}
            </time>
            <span>
              <strong>{label(it.feature)}</strong> · {label(it.team)} · {label(it.customer)}
            </span>
            <span class="num" title="calls">
              {count(it.calls)} <span class="visually-hidden">calls</span>
            </span>
            <span class="num">
              {count(it.retries)} <span class="visually-hidden">retries</span>
            </span>
            <span class="num">
              {count(it.tool_calls)} <span class="visually-hidden">tool calls</span>
            </span>
            <span class={it.errors > 0 ? "num error-text" : "num"}>
              {count(it.errors)} <span class="visually-hidden">errors</span>
            </span>
            <span class="num" title="total cost / cost of the final call">
              <span class="visually-hidden">overhead </span>
              {overhead(it.total_usd, it.final_call_usd)}
            </span>
            <span class="num strong">
              {usd(it.total_usd)}
              {it.unpriced_calls > 0 && <span class="badge warn">{it.unpriced_calls} unpriced</span>}
            </span>
          </Link>
        </li>
      ))}
    </ol>
  );
}

export function Interactions({ location }: PageProps): JSX.Element {
  const { range: ledger } = useSession();
  const range = rangeFrom(location.params, useDefaultRange());
  const wanted = Number(location.params.get("limit"));
  const limit = LIMITS.includes(wanted) ? wanted : 20;
  const empty = useEmptyLedger();
  const list = useData(`interactions:${range.from}/${range.to}/${limit}`, (s) => api.interactions({ ...range, limit }, s), empty);

  let body: JSX.Element;
  if (empty) body = <NoUsageYet />;
  else if (list.error) body = <ErrorNote error={list.error} />;
  else if (!list.data) body = <Loading what="Loading interactions" />;
  else if (list.data.interactions.length === 0)
    body = (
      <Empty title="No interactions in this period">
        <p>
          Calls are grouped into interactions by their trace id: send <code>x-tokenomics-trace-id</code> through the gateway, or import OpenTelemetry spans (
          <code>tokenomics import otel</code>). Or pick another period.
        </p>
      </Empty>
    );
  else
    body = (
      <>
        <List list={list.data} />
        {list.data.interactions.length === limit && limit < 100 && (
          <p>
            <button type="button" onClick={() => setQuery({ limit: String(LIMITS[LIMITS.indexOf(limit) + 1]) })}>
              Show more
            </button>
          </p>
        )}
      </>
    );

  return (
    <section data-page="interactions" data-ready={list.loading ? "false" : "true"} aria-busy={list.loading}>
      <div class="page-head">
        <div>
          <h1>Interactions</h1>
          {!empty && <p class="muted">The costliest user actions, {describeRange(range)} (UTC). Overhead is the total against the final call's cost.</p>}
        </div>
        {!empty && <PeriodPicker id="interactions" range={range} last={ledger?.last ?? null} onChange={(r) => setQuery({ from: r.from, to: r.to })} />}
      </div>
      {body}
    </section>
  );
}
