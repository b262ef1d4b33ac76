/** A burn-down's figures as a table, folded under the chart: cumulative spend per day (or hour), the projection and the limit */
import type { JSX } from "preact";
import type { BudgetBurn } from "../api.js";
import { pointLabel } from "../budget-figures.js";
import { usd } from "../format.js";
import { toScale } from "../money.js";

export function BurnTable({ burn, period, tz }: { burn: BudgetBurn; period: string; tz: string }): JSX.Element {
  return (
    <details class="chart-table">
      <summary>Show the figures as a table</summary>
      <div class="table-scroll">
        <table data-testid="budget-burn-table">
          <caption class="visually-hidden">Cumulative spend of budget {burn.budget}</caption>
          <thead>
            <tr>
              <th scope="col">{period === "day" ? "Up to" : "By the end of"}</th>
              <th scope="col" class="num">
                Spent so far
              </th>
            </tr>
          </thead>
          <tbody>
            {burn.points.map((p) => (
              <tr key={p.at}>
                <th scope="row">
                  <time dateTime={p.at}>{pointLabel(p.at, period, tz)}</time>
                </th>
                <td class="num" data-value={p.spent_usd}>
                  {usd(p.spent_usd)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Projected by the period's end</th>
              <td class="num" data-value={burn.projected_usd}>
                {usd(toScale(burn.projected_usd))}
              </td>
            </tr>
            <tr>
              <th scope="row">Limit</th>
              <td class="num" data-value={burn.limit_usd}>
                {usd(burn.limit_usd)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}
