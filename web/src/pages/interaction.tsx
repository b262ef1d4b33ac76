/** One interaction: its calls as a timeline (retries and tool calls marked), cost per call */
import type { JSX } from "preact";
import { api, ApiError, type InteractionDetail } from "../api.js";
import { Chart } from "../components/chart.js";
import { Empty, ErrorNote, Loading } from "../components/states.js";
import { Timeline } from "../components/timeline.js";
import { count, duration, instant, label, usd } from "../format.js";
import type { PageProps } from "../page-props.js";
import { Link } from "../router.js";
import { useData } from "../use-data.js";

function Facts({ detail }: { detail: InteractionDetail }): JSX.Element {
  const first = detail.calls[0]!;
  const starts = detail.calls.map((c) => Date.parse(c.ts));
  const end = Math.max(...detail.calls.map((c, i) => starts[i]! + (c.request.latency_ms ?? 0)));
  const a = first.attribution;
  const facts: [string, string][] = [
    ["Cost", usd(detail.total_usd)],
    ["Calls", count(detail.calls.length)],
    ["Retries", count(detail.calls.filter((c) => c.interaction.is_retry).length)],
    ["Tool calls", count(detail.calls.filter((c) => c.interaction.is_tool_call).length)],
    ["Started", instant(first.ts)],
    ["Took", duration(end - Math.min(...starts))],
    ["Feature", label(a.feature)],
    ["Team", label(a.team)],
    ["Customer", label(a.customer)],
  ];
  return (
    <dl class="facts card">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-testid={k === "Cost" ? "interaction-total" : undefined}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Interaction({ params }: PageProps): JSX.Element {
  const id = params.trace_id ?? "";
  const detail = useData(`interaction:${id}`, (s) => api.interaction(id, s));
  const data = detail.data;

  let body: JSX.Element;
  if (detail.error instanceof ApiError && detail.error.status === 404)
    body = (
      <Empty title="No interaction with this trace id">
        <p>It may be outside what your key can see, or the trace id is mistyped.</p>
      </Empty>
    );
  else if (detail.error) body = <ErrorNote error={detail.error} />;
  else if (!data) body = <Loading what="Loading the interaction" />;
  else
    body = (
      <>
        <Facts detail={data} />
        {data.unpriced_calls > 0 && (
          <p class="note warning">
            {count(data.unpriced_calls)} {data.unpriced_calls === 1 ? "call has" : "calls have"} no price and {data.unpriced_calls === 1 ? "is" : "are"} not in
            the cost.
          </p>
        )}
        <section class="card" aria-labelledby="calls-title">
          <h2 id="calls-title">Calls</h2>
          <Timeline calls={data.calls} />
        </section>
        <section class="card" aria-labelledby="cost-title">
          <h2 id="cost-title">Cost per call</h2>
          <Chart
            name="interaction-calls"
            title="Cost per call, oldest first"
            labels={data.calls.map((c, i) => `#${i + 1} ${c.model}`)}
            series={[{ label: "Cost", values: data.calls.map((c) => c.cost.total_usd) }]}
            expected={data.total_usd}
            height={Math.max(160, 60 + data.calls.length * 28)}
            horizontal
          />
        </section>
      </>
    );

  return (
    <section data-page="interaction" data-ready={detail.loading ? "false" : "true"} aria-busy={detail.loading}>
      <p class="crumbs">
        <Link href="/interactions">
          <span aria-hidden="true">← </span>Back to the list
        </Link>
      </p>
      <h1>
        Interaction <span class="mono small">{id}</span>
      </h1>
      {body}
    </section>
  );
}
