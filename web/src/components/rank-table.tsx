/** The costliest groups of one dimension: name, spend and share, with an inline bar */
import type { JSX } from "preact";
import type { SpendReport } from "../api.js";
import { count, label, usd } from "../format.js";
import { parseMoney } from "../money.js";
import { Link } from "../router.js";

interface Props {
  /** the dimension the report is grouped by */
  dimension: string;
  title: string;
  report: SpendReport;
  /** where "Explore" goes for the whole breakdown */
  more: string;
}

/** a share of the total in tenths of a percent, exact up to display */
function share(part: string, total: string): number {
  const t = parseMoney(total);
  return t === 0n ? 0 : Number((parseMoney(part) * 1000n) / t) / 10;
}

export function RankTable({ dimension, title, report, more }: Props): JSX.Element {
  const id = `rank-${dimension}`;
  return (
    <section class="card rank" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {report.rows.length === 0 ? (
        <p class="muted">Nothing in this period.</p>
      ) : (
        <table data-testid={`top-${dimension}`}>
          <thead>
            <tr>
              <th scope="col">{dimension}</th>
              <th scope="col" class="num">
                Spend
              </th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => {
              const pct = share(row.total_usd, report.total_usd);
              return (
                <tr key={label(row[dimension])}>
                  <th scope="row">
                    <span class="rank-name" title={`${label(row[dimension])}: ${count(row.events)} calls`}>
                      {label(row[dimension])}
                    </span>
                    <span class="bar" aria-hidden="true">
                      <span style={{ width: `${Math.max(0, Math.min(100, pct))}%` }} />
                    </span>
                  </th>
                  <td class="num">
                    {usd(row.total_usd)} <span class="muted share">{pct.toFixed(1)}%</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="more">
        <Link href={more}>
          All {dimension}s <span aria-hidden="true">→</span>
        </Link>
      </p>
    </section>
  );
}
