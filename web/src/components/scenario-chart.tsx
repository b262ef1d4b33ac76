/**
 * The scenarios side by side: one line per scenario of its monthly expected spend (Chart.js), so
 * the gap between a cautious and a busy year shows month by month. The canvas carries
 * `data-testid="chart-scenarios"` and, once drawn, `data-totals`: each line's exact total, in
 * the order of the lines; the figures themselves are in the table beside it.
 */
import { CategoryScale, Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import type { JSX } from "preact";
import { useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { sumDecimals } from "../money.js";
import { cssVar, useThemeTick } from "../theme.js";
import { applyChartDefaults, moneyByMonthOptions } from "./chart-style.js";
import { money } from "./fan-chart.js";

ChartJs.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ScenarioLine {
  name: string;
  months: { month: string; expected: string }[];
}

export function ScenarioChart({ lines, height = 240 }: { lines: ScenarioLine[]; height?: number }): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeTick();
  const totals = useMemo(() => lines.map((l) => sumDecimals(l.months.map((m) => m.expected))), [lines]);

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    delete el.dataset.totals;
    applyChartDefaults();
    const chart = new ChartJs(el, {
      type: "line",
      data: {
        labels: lines[0]?.months.map((m) => m.month) ?? [],
        datasets: lines.map((l, i) => {
          const colour = cssVar(`--series-${i + 1}`) || "#4a7";
          return {
            label: l.name,
            data: l.months.map((m) => Number(m.expected)),
            borderColor: colour,
            backgroundColor: colour,
            borderWidth: 2,
            pointRadius: 2,
            fill: false,
          };
        }),
      },
      options: moneyByMonthOptions(),
    });
    el.dataset.totals = totals.join(",");
    return () => chart.destroy();
  }, [JSON.stringify(lines), theme]);

  const aria = `Expected spend by month under each scenario: ${lines.map((l, i) => `${l.name} ${money(totals[i])} in total`).join(", ")}. The figures are in the table below the chart.`;
  return (
    <div class="chart-box" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={aria} data-testid="chart-scenarios">
        {aria}
      </canvas>
    </div>
  );
}
