/**
 * A fan chart (Chart.js lines): the P10–P90 band filled, P50 dashed and the expected line solid,
 * by month. The canvas carries `data-testid="chart-<name>"` and, once drawn, `data-total` (the
 * exact sum of the expected figures); the figures are in a table below.
 */
import {
  CategoryScale,
  Chart as ChartJs,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { JSX } from "preact";
import { useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { usd } from "../format.js";
import { sumDecimals, toScale } from "../money.js";
import { cssVar, useThemeTick } from "../theme.js";
import { applyChartDefaults, moneyByMonthOptions } from "./chart-style.js";

ChartJs.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler, Tooltip, Legend);

/** usd() for a figure of any precision */
export const money = (value: string | null | undefined): string => (value == null ? usd(value) : usd(toScale(value)));

export interface FanPoint {
  month: string;
  /** null where the month is unpriced (a gap, never a zero) */
  expected: string | null;
  /** null where only the expected figure is known */
  p10: string | null;
  p50: string | null;
  p90: string | null;
}

export function FanChart({ name, title, points, height = 300 }: { name: string; title: string; points: FanPoint[]; height?: number }): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeTick();
  const total = useMemo(() => sumDecimals(points.map((p) => p.expected)), [points]);
  const band = points.some((p) => p.p10 !== null);

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    delete el.dataset.total;
    const line = cssVar("--series-1") || "#4a7";
    const fill = cssVar("--series-2") || "#9bd";
    applyChartDefaults();
    const num = (v: string | null): number | null => (v === null ? null : Number(v));
    const datasets: ChartConfiguration<"line", (number | null)[], string>["data"]["datasets"] = [];
    if (band) {
      datasets.push(
        {
          label: "P90",
          data: points.map((p) => num(p.p90)),
          borderColor: fill,
          backgroundColor: "rgba(110, 150, 210, 0.25)",
          borderWidth: 1,
          pointRadius: 0,
          fill: "+1",
        },
        { label: "P10", data: points.map((p) => num(p.p10)), borderColor: fill, borderWidth: 1, pointRadius: 0, fill: false },
        { label: "P50", data: points.map((p) => num(p.p50)), borderColor: line, borderDash: [4, 4], borderWidth: 1, pointRadius: 0, fill: false },
      );
    }
    datasets.push({
      label: "Expected",
      data: points.map((p) => num(p.expected)),
      borderColor: line,
      backgroundColor: line,
      borderWidth: 2,
      pointRadius: 2,
      fill: false,
    });
    const chart = new ChartJs(el, {
      type: "line",
      data: { labels: points.map((p) => p.month), datasets },
      options: moneyByMonthOptions(),
    });
    el.dataset.total = total;
    return () => chart.destroy();
  }, [JSON.stringify(points), theme]);

  const aria = `${title}. Expected total ${money(total)} over ${points.length} months${band ? ", with the P10 to P90 band" : ""}. The figures are in the table below the chart.`;
  return (
    <figure class="chart">
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={aria} data-testid={`chart-${name}`}>
          {aria}
        </canvas>
      </div>
      <table class="table" data-testid={`${name}-table`}>
        <caption class="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" class="num">
              Expected
            </th>
            {band && (
              <th scope="col" class="num">
                P10
              </th>
            )}
            {band && (
              <th scope="col" class="num">
                P50
              </th>
            )}
            {band && (
              <th scope="col" class="num">
                P90
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.month}>
              <td>{p.month}</td>
              <td class="num" data-value={p.expected ?? undefined}>
                {p.expected === null ? "unpriced" : money(p.expected)}
              </td>
              {band && (
                <td class="num" data-p="p10" data-value={p.p10 ?? undefined}>
                  {money(p.p10)}
                </td>
              )}
              {band && (
                <td class="num" data-p="p50" data-value={p.p50 ?? undefined}>
                  {money(p.p50)}
                </td>
              )}
              {band && (
                <td class="num" data-p="p90" data-value={p.p90 ?? undefined}>
                  {money(p.p90)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="num" data-value={total}>
              {money(total)}
            </td>
            {band && <td colSpan={3} />}
          </tr>
        </tfoot>
      </table>
    </figure>
  );
}
