/** Explore's table (the first rows; the CSV has all) and its exact total; "Export CSV" */
import type { JSX } from "preact";
import type { SpendReport, SpendRow } from "../api.js";
import { toCsv } from "../csv.js";
import { count, label, tokens, usd } from "../format.js";

const SHOWN = 500;
const TOKEN_COLUMNS = [
  ["input", "Input"],
  ["cached_input", "Cached"],
  ["output", "Output"],
  ["reasoning", "Reasoning"],
] as const;
const TOKEN_CLASSES = ["input", "cached_input", "cache_write", "cache_write_1h", "output", "reasoning", "audio_input", "audio_output"] as const;

interface Props {
  report: SpendReport;
  by: string[];
  periods: boolean;
  /** the file name, without .csv */
  file: string;
}

export function csvOf(report: SpendReport, by: string[], periods: boolean): string {
  const head = [...(periods ? ["period"] : []), ...by, "events", "unpriced_events", ...TOKEN_CLASSES.map((c) => `${c}_tokens`), "total_usd"];
  const rows = report.rows.map((r: SpendRow) => [
    ...(periods ? [r.period ?? ""] : []),
    ...by.map((d) => (r[d] == null ? "" : String(r[d]))),
    r.events,
    r.unpriced_events,
    ...TOKEN_CLASSES.map((c) => r.tokens[c] ?? 0),
    r.total_usd,
  ]);
  return toCsv([head, ...rows]);
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExploreTable({ report, by, periods, file }: Props): JSX.Element {
  const rows = report.rows.slice(0, SHOWN);
  const span = (periods ? 1 : 0) + Math.max(by.length, 1);
  return (
    <section class="card" aria-labelledby="explore-table-title">
      <div class="card-head">
        <h2 id="explore-table-title">
          {count(report.rows.length)} {report.rows.length === 1 ? "row" : "rows"}
        </h2>
        <button type="button" onClick={() => download(`${file}.csv`, csvOf(report, by, periods))}>
          Export CSV
        </button>
      </div>
      {report.rows.length > SHOWN && <p class="muted">The first {SHOWN} rows are shown; the CSV has all of them.</p>}
      <div class="table-scroll">
        <table data-testid="explore-table">
          <thead>
            <tr>
              {periods && <th scope="col">Period</th>}
              {by.length === 0 && <th scope="col">All</th>}
              {by.map((d) => (
                <th scope="col" key={d}>
                  {d}
                </th>
              ))}
              <th scope="col" class="num">
                Events
              </th>
              {TOKEN_COLUMNS.map(([, name]) => (
                <th scope="col" class="num" key={name}>
                  {name}
                </th>
              ))}
              <th scope="col" class="num">
                Spend
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {periods && <td>{r.period}</td>}
                {by.length === 0 && <td>everything</td>}
                {by.map((d) => (
                  <td key={d}>{label(r[d])}</td>
                ))}
                <td class="num">
                  {count(r.events)}
                  {r.unpriced_events > 0 && (
                    <span class="badge warn" title={`${r.unpriced_events} unpriced`}>
                      {count(r.unpriced_events)} unpriced
                    </span>
                  )}
                </td>
                {TOKEN_COLUMNS.map(([c]) => (
                  <td class="num" key={c} title={count(r.tokens[c] ?? 0)}>
                    {tokens(r.tokens[c] ?? 0)}
                  </td>
                ))}
                <td class="num">{usd(r.total_usd)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={span}>
                Total
              </th>
              <td class="num">{count(report.events)}</td>
              {TOKEN_COLUMNS.map(([c]) => (
                <td class="num" key={c}>
                  {tokens(report.rows.reduce((n, r) => n + (r.tokens[c] ?? 0), 0))}
                </td>
              ))}
              <td class="num" data-testid="explore-total" data-value={report.total_usd}>
                {usd(report.total_usd)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
