/** The Overview's headline: total spend to the cent, its change on the period before, volume */
import type { JSX } from "preact";
import type { SpendReport } from "../api.js";
import { count, percent, tokens, usd, usdPrecise } from "../format.js";
import { changeRatio, formatMoney, parseMoney } from "../money.js";

interface Props {
  report: SpendReport;
  previous: SpendReport | undefined;
  days: number;
}

function tokenTotal(report: SpendReport): number {
  let n = 0;
  for (const row of report.rows) for (const v of Object.values(row.tokens)) n += v;
  return n;
}

function Change({ current, previous, days }: { current: string; previous: SpendReport | undefined; days: number }): JSX.Element {
  if (!previous) return <p class="change muted">…</p>;
  const ratio = changeRatio(current, previous.total_usd);
  const before = `the previous ${days} days (${usd(previous.total_usd)})`;
  if (ratio === null) return <p class="change muted">Nothing spent in the previous {days} days.</p>;
  const direction = ratio > 0 ? "up" : ratio < 0 ? "down" : "flat";
  return (
    <p class={`change ${direction}`} data-testid="spend-change">
      <span aria-hidden="true">{direction === "up" ? "▲ " : direction === "down" ? "▼ " : ""}</span>
      {percent(ratio)} vs {before}
    </p>
  );
}

export function Summary({ report, previous, days }: Props): JSX.Element {
  return (
    <div class="summary">
      <section class="card stat stat-main" aria-labelledby="total-label">
        <h2 id="total-label">Total spend</h2>
        <p class="big" data-testid="total-spend" data-value={report.total_usd}>
          {usd(report.total_usd)}
        </p>
        <Change current={report.total_usd} previous={previous} days={days} />
      </section>
      <section class="card stat" aria-labelledby="calls-label">
        <h2 id="calls-label">Calls</h2>
        <p class="big">{count(report.events)}</p>
        <p class="muted">{usdPrecise(perCall(report))} per priced call on average</p>
      </section>
      <section class="card stat" aria-labelledby="tokens-label">
        <h2 id="tokens-label">Tokens</h2>
        <p class="big" title={`${count(tokenTotal(report))} tokens`}>
          {tokens(tokenTotal(report))}
        </p>
        <p class="muted">input, cached, output and reasoning</p>
      </section>
    </div>
  );
}

/** the mean cost of a priced call, exact to 13 places, shown rounded */
function perCall(report: SpendReport): string {
  const priced = report.events - report.unpriced_events;
  return priced <= 0 ? "0" : formatMoney(parseMoney(report.total_usd) / BigInt(priced));
}
