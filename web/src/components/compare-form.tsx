/**
 * "Compare a workload across models": token counts in, every model's exact price out, cheapest
 * first. The workload goes to the URL (so a comparison is a link) and the URL drives the request.
 */
import type { InputHTMLAttributes, JSX } from "preact";
import { useState } from "preact/hooks";
import type { WorkloadComparison } from "../api.js";
import { usdPrecise } from "../format.js";
import { parseMoney } from "../money.js";
import { setQuery } from "../router.js";
import type { Data } from "../use-data.js";
import { ErrorNote, Loading } from "./states.js";

export const WORKLOAD = [
  ["input", "Input tokens", 10_000],
  ["cached_input", "Cached input", 0],
  ["output", "Output tokens", 1_000],
  ["reasoning", "Reasoning tokens", 0],
] as const;

/** "×2.35" against the cheapest */
function times(value: string, cheapest: string | undefined): string {
  if (!cheapest || parseMoney(cheapest) === 0n) return "";
  return `×${(Number((parseMoney(value) * 100n) / parseMoney(cheapest)) / 100).toFixed(2)}`;
}

function Results({ result }: { result: WorkloadComparison }): JSX.Element {
  const cheapest = result.rows.find((r) => r.total_usd !== null)?.total_usd ?? undefined;
  return (
    <table data-testid="compare-table">
      <caption class="visually-hidden">The workload's cost on each model, cheapest first</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Provider</th>
          <th scope="col" class="num">
            Cost
          </th>
          <th scope="col" class="num">
            vs cheapest
          </th>
        </tr>
      </thead>
      <tbody>
        {result.rows.map((r) => (
          <tr key={r.model} data-testid="compare-row">
            <th scope="row" class="mono">
              {r.model}
            </th>
            <td>{r.provider}</td>
            <td class="num" data-value={r.total_usd ?? undefined}>
              {r.total_usd === null ? <span class="muted">{r.reason ?? "no price"}</span> : usdPrecise(r.total_usd)}
            </td>
            <td class="num muted">{r.total_usd === null ? "" : times(r.total_usd, cheapest)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CompareForm({ params, result }: { params: URLSearchParams; result: Data<WorkloadComparison> | undefined }): JSX.Element {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries([...WORKLOAD.map(([k, , d]) => [k, params.get(k) ?? String(d)]), ["models", params.get("models") ?? ""]]),
  );
  const submit = (e: Event): void => {
    e.preventDefault();
    const update: Record<string, string> = {};
    for (const [k] of WORKLOAD) update[k] = String(Math.max(0, Math.floor(Number(values[k]) || 0)));
    setQuery({ ...update, models: values.models?.replace(/\s+/g, "") ?? "" }, { push: true });
  };
  const field = (key: string, name: string, attrs: InputHTMLAttributes<HTMLInputElement>): JSX.Element => (
    <div class="field" key={key}>
      <label for={`compare-${key}`}>{name}</label>
      <input id={`compare-${key}`} value={values[key] ?? ""} onInput={(e) => setValues((v) => ({ ...v, [key]: e.currentTarget.value }))} {...attrs} />
    </div>
  );
  return (
    <section class="card" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare a workload across models</h2>
      <form class="controls compare" onSubmit={submit}>
        {WORKLOAD.map(([k, name]) => field(k, name, { type: "number", min: 0, step: 1, inputMode: "numeric", required: true }))}
        {field("models", "Limit to models", { type: "text", placeholder: "all popular ones", spellcheck: false, autoComplete: "off" })}
        <div class="field field-button">
          <button type="submit" class="primary">
            Compare
          </button>
        </div>
      </form>
      <p class="hint">Token classes are disjoint: input is uncached input only. Models: comma-separated ids; empty for a popular set.</p>
      {result === undefined ? null : result.error ? (
        <ErrorNote error={result.error} />
      ) : result.data && !result.loading ? (
        <Results result={result.data} />
      ) : (
        <Loading what="Pricing the workload" />
      )}
    </section>
  );
}
