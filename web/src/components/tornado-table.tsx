/**
 * Tornado data as a table: which parameter of which use case moves the forecast most when it
 * swings down and up (`plan sensitivity`), largest spread first, each with a bar scaled to the
 * largest. The spread cell carries its exact figure in `data-value`.
 */
import type { JSX } from "preact";
import type { PlanSensitivity } from "../api.js";
import { parseMoney, toScale } from "../money.js";
import { money } from "./fan-chart.js";

/** a figure of any precision as the dashboard's scaled integer (13 places, half up) */
const scaled = (v: string): bigint => parseMoney(toScale(v));
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

export function TornadoTable({ result, limit = 10 }: { result: PlanSensitivity; limit?: number }): JSX.Element {
  const bars = result.bars.slice(0, limit);
  // biome-ignore lint/complexity/useMathMinMax: bigint amounts, which Math.max does not take
  const widest = bars.reduce((m, b) => (abs(scaled(b.spread_usd)) > m ? abs(scaled(b.spread_usd)) : m), 0n);
  const pct = Math.round(result.swing * 100);
  return (
    <table class="table" data-testid="forecast-sensitivity">
      <caption class="visually-hidden">
        The {bars.length} parameters that move the {result.months}-month total most, each at −{pct}% and +{pct}%
      </caption>
      <thead>
        <tr>
          <th scope="col">Use case</th>
          <th scope="col">Parameter</th>
          <th scope="col" class="num">
            Total at −{pct}%
          </th>
          <th scope="col" class="num">
            Total at +{pct}%
          </th>
          <th scope="col" class="num">
            Spread
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr key={`${b.use_case}:${b.parameter}`}>
            <td>{b.use_case}</td>
            <td>
              <code>{b.parameter}</code>
              <span class="bar" aria-hidden="true">
                <span style={{ width: `${widest === 0n ? 0 : Number((abs(scaled(b.spread_usd)) * 1000n) / widest) / 10}%` }} />
              </span>
            </td>
            <td class="num">{money(b.low_usd)}</td>
            <td class="num">{money(b.high_usd)}</td>
            <td class="num strong" data-value={b.spread_usd}>
              {money(b.spread_usd)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
