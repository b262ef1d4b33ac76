/**
 * Compute: what a token costs to make. Pick a model, GPUs, precision, price, utilisation and batch
 * (all in the query string, as `tokenomics compute cost` takes them); the figures are
 * `GET /api/compute/cost`'s, and the break-even against an API model `GET /api/compute/breakeven`'s,
 * drawn as self-hosted vs API monthly cost over monthly token volume.
 */
import type { JSX } from "preact";
import { api, type ComputeBreakeven, type ComputeCost, type Query } from "../api.js";
import { BreakevenChart } from "../components/breakeven-chart.js";
import { ErrorNote, Loading } from "../components/states.js";
import { count, usd, usdPrecise } from "../format.js";
import type { PageProps } from "../page-props.js";
import { setQuery } from "../router.js";
import { useData } from "../use-data.js";

const DEFAULTS: Record<string, string> = { model: "llama-3.1-70b", gpu: "h100-sxm", gpus: "2", precision: "fp8", against: "gpt-4o" };
const KEYS = ["model", "gpu", "gpus", "precision", "gpu_price", "utilization", "batch", "context", "input_share", "against"] as const;
const PRECISIONS = ["bf16", "fp16", "fp8", "int8"];

const number = (n: number): string => (Number.isInteger(n) ? count(n) : n.toLocaleString("en-US", { maximumFractionDigits: 3 }));

function Figure({ name, label, value, shown }: { name: string; label: string; value: string | number | null; shown: string }): JSX.Element {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td class="num" data-testid={`compute-${name}`} data-value={value === null ? "" : String(value)}>
        {shown}
      </td>
    </tr>
  );
}

function CostFigures({ cost }: { cost: ComputeCost }): JSX.Element {
  return (
    <table class="figures" data-testid="compute-figures">
      <tbody>
        <Figure name="flops" label="FLOPs per token" value={cost.flops_per_token} shown={number(cost.flops_per_token)} />
        <Figure name="kv-bytes" label="KV cache bytes per token" value={cost.kv_bytes_per_token} shown={number(cost.kv_bytes_per_token)} />
        <Figure name="batch" label="Batch (largest in memory)" value={cost.batch} shown={`${number(cost.batch)} (${number(cost.max_batch)})`} />
        <Figure name="prefill" label="Prefill tokens/s" value={cost.prefill_tokens_per_second} shown={number(cost.prefill_tokens_per_second)} />
        <Figure
          name="decode"
          label={`Decode tokens/s (${cost.decode_bound}-bound)`}
          value={cost.decode_tokens_per_second}
          shown={number(cost.decode_tokens_per_second)}
        />
        <Figure name="tps" label="Tokens/s used" value={cost.tokens_per_second_used} shown={number(cost.tokens_per_second_used)} />
        <Figure name="joules" label="Joules per token" value={cost.joules_per_token} shown={number(cost.joules_per_token)} />
        <Figure name="usd-per-hour" label="USD per hour" value={cost.usd_per_hour} shown={usd(cost.usd_per_hour)} />
        <Figure
          name="usd-per-million"
          label={`USD per million tokens (u = ${cost.utilization})`}
          value={cost.usd_per_million_tokens}
          shown={usdPrecise(cost.usd_per_million_tokens)}
        />
      </tbody>
    </table>
  );
}

function Breakeven({ b }: { b: ComputeBreakeven }): JSX.Element {
  return (
    <>
      <p class="muted" data-testid="compute-breakeven">
        {b.against} costs <strong data-value={b.api_usd_per_million_tokens}>{usdPrecise(b.api_usd_per_million_tokens)}</strong> per million tokens at an input
        share of {b.input_share}; the deployment <strong data-value={b.self_host_usd_per_month}>{usd(b.self_host_usd_per_month)}</strong> a month.{" "}
        {b.breakeven_utilization === null ? (
          <span data-testid="compute-breakeven-utilization" data-value="">
            The API is cheaper even at full use.
          </span>
        ) : (
          <>
            Self-hosting is cheaper above a utilisation of{" "}
            <strong data-testid="compute-breakeven-utilization" data-value={b.breakeven_utilization}>
              {b.breakeven_utilization}
            </strong>
            , {count(b.breakeven_tokens_per_month ?? 0)} tokens a month.
          </>
        )}
      </p>
      <BreakevenChart breakeven={b} />
    </>
  );
}

export function Compute({ location }: PageProps): JSX.Element {
  const q: Record<string, string> = {};
  for (const k of KEYS) {
    const v = location.params.get(k) ?? DEFAULTS[k];
    if (v) q[k] = v;
  }
  const { against, ...deployment } = q;
  const key = JSON.stringify(q);
  const cards = useData("compute-cards", (s) => api.computeCards(s));
  const cost = useData(`compute-cost:${key}`, (s) => api.computeCost(deployment as Query, s));
  const breakeven = useData(`compute-breakeven:${key}`, (s) => api.computeBreakeven(q as Query, s), !against);
  const loading = cards.loading || cost.loading || breakeven.loading;

  const field = (name: (typeof KEYS)[number], label: string, placeholder: string): JSX.Element => (
    <label>
      {label}{" "}
      <input
        name={name}
        value={q[name] ?? ""}
        placeholder={placeholder}
        size={8}
        onChange={(e) => setQuery({ [name]: (e.target as HTMLInputElement).value.trim() })}
      />
    </label>
  );
  const select = (name: "model" | "gpu" | "precision", label: string, options: string[]): JSX.Element => (
    <label>
      {label}{" "}
      <select name={name} value={q[name]} onChange={(e) => setQuery({ [name]: (e.target as HTMLSelectElement).value })}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section data-page="compute" data-ready={loading ? "false" : "true"} aria-busy={loading}>
      <div class="page-head">
        <div>
          <h1>Compute</h1>
          <p class="muted">
            What a token costs to make on your own GPUs: roofline or published throughput, joules and dollars, and where self-hosting beats an API.
          </p>
        </div>
      </div>
      <section class="card" aria-labelledby="compute-title">
        <div class="card-head">
          <h2 id="compute-title">Deployment</h2>
        </div>
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          {select("model", "Model", cards.data?.models.map((m) => m.id) ?? [q.model!])} {select("gpu", "GPU", cards.data?.gpus.map((g) => g.id) ?? [q.gpu!])}{" "}
          {field("gpus", "GPUs", "1")} {select("precision", "Precision", PRECISIONS)} {field("gpu_price", "$/GPU-hour", "card's")}{" "}
          {field("utilization", "Utilisation", "1")} {field("batch", "Batch", "max")} {field("against", "Against", "gpt-4o")}
        </form>
        {cost.error ? <ErrorNote error={cost.error} /> : cost.data ? <CostFigures cost={cost.data} /> : <Loading what="Computing" />}
        {cost.data && <p class="muted">Tokens/s from: {cost.data.source}.</p>}
      </section>
      {against && (
        <section class="card" aria-labelledby="breakeven-title">
          <div class="card-head">
            <h2 id="breakeven-title">Break-even against {against}</h2>
          </div>
          {breakeven.error ? <ErrorNote error={breakeven.error} /> : breakeven.data ? <Breakeven b={breakeven.data} /> : <Loading what="Computing" />}
        </section>
      )}
    </section>
  );
}
