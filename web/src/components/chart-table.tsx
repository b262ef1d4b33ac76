/** A chart's figures as a table, folded under it: the accessible (and exact) alternative */
import type { JSX } from "preact";
import { sumMoney } from "../money.js";
import type { Series } from "../pivot.js";

interface Props {
  title: string;
  labels: string[];
  series: Series[];
  show: (value: string) => string;
  total: string;
}

export function ChartTable({ title, labels, series, show, total }: Props): JSX.Element {
  const several = series.length > 1;
  return (
    <details class="chart-table">
      <summary>Show the figures as a table</summary>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col" />
              {series.map((s) => (
                <th scope="col" class="num" key={s.label}>
                  {s.label}
                </th>
              ))}
              {several && (
                <th scope="col" class="num">
                  Total
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={i}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td class="num" key={s.label}>
                    {s.values[i] == null ? "—" : show(s.values[i]!)}
                  </td>
                ))}
                {several && <td class="num">{show(sumMoney(series.map((s) => s.values[i])))}</td>}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {series.map((s) => (
                <td class="num" key={s.label}>
                  {show(sumMoney(s.values))}
                </td>
              ))}
              {several && <td class="num">{show(total)}</td>}
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}
