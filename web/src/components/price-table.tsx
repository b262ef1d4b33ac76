/** The catalog as a table: current rates per 1M tokens, and each model's price history by date */
import type { JSX } from "preact";
import type { CatalogModel } from "../api.js";
import { tokens, usdPrecise } from "../format.js";

type Version = CatalogModel["prices"][number];
const RATES = [
  ["input", "Input"],
  ["cached_input", "Cached input"],
  ["cache_write", "Cache write"],
  ["output", "Output"],
] as const;

/** the version in force today: the last one already effective (the first if all are future) */
function current(model: CatalogModel, today: string): Version | undefined {
  const effective = model.prices.filter((p) => p.from <= today);
  return effective[effective.length - 1] ?? model.prices[0];
}

function rate(v: Version | undefined, key: string): string {
  const r = v?.rates[key as keyof Version["rates"]];
  return r === undefined ? "—" : usdPrecise(r);
}

function History({ model }: { model: CatalogModel }): JSX.Element {
  const versions = [...model.prices].reverse();
  return (
    <details class="history">
      <summary>
        {versions.length} {versions.length === 1 ? "version" : "versions"}
        <span class="visually-hidden"> of {model.id}'s price</span>
      </summary>
      <table class="inner">
        <caption class="visually-hidden">Price history of {model.id}, newest first, USD per 1M tokens</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            {RATES.map(([, name]) => (
              <th scope="col" class="num" key={name}>
                {name}
              </th>
            ))}
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.from}>
              <th scope="row">{v.from}</th>
              {RATES.map(([key]) => (
                <td class="num" key={key}>
                  {rate(v, key)}
                </td>
              ))}
              <td>
                {typeof v.note === "string" ? v.note : ""}
                {Array.isArray(v.tiers) &&
                  (v.tiers as { above_prompt_tokens?: number; rates?: Record<string, string> }[]).map((t) => (
                    <span class="tier" key={t.above_prompt_tokens}>
                      {" "}
                      Above {tokens(t.above_prompt_tokens ?? 0)} prompt tokens: {usdPrecise(t.rates?.input ?? null)} in, {usdPrecise(t.rates?.output ?? null)}{" "}
                      out.
                    </span>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function PriceTable({ models }: { models: CatalogModel[] }): JSX.Element {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div class="table-scroll">
      <table class="catalog">
        <caption class="visually-hidden">Models and their current prices, USD per 1M tokens</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            {RATES.map(([, name]) => (
              <th scope="col" class="num" key={name}>
                {name}
              </th>
            ))}
            <th scope="col">Since</th>
            <th scope="col">History</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const v = current(m, today);
            return (
              <tr key={m.id} data-testid="catalog-row">
                <th scope="row">
                  <span class="mono">{m.id}</span>
                  {m.aliases.length > 0 && <span class="muted small"> also {m.aliases.join(", ")}</span>}
                </th>
                <td>{m.provider}</td>
                {RATES.map(([key]) => (
                  <td class="num" key={key}>
                    {rate(v, key)}
                  </td>
                ))}
                <td>{v?.from ?? "—"}</td>
                <td>
                  <History model={m} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
