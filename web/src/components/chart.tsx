/**
 * A bar chart (Chart.js, only the parts it uses) over exact figures: the canvas carries an
 * aria-label, `data-testid="chart-<name>"` and, once drawn, `data-total` (the exact sum of what
 * it plots); the same figures are one click away as a table.
 */
import { BarController, BarElement, CategoryScale, Chart as ChartJs, Legend, LinearScale, Tooltip, type ChartConfiguration, type TooltipItem } from "chart.js";
import type { JSX } from "preact";
import { useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { count, tokens as shortTokens, usd, usdPrecise } from "../format.js";
import { compareMoney, sumMoney } from "../money.js";
import { cssVar, useThemeTick } from "../theme.js";
import type { Series } from "../pivot.js";
import { ChartTable } from "./chart-table.js";
import { applyChartDefaults } from "./chart-style.js";

ChartJs.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartProps {
  /** the test id is `chart-<name>` */
  name: string;
  /** what it shows, for the aria-label and the table's caption */
  title: string;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
  unit?: "usd" | "tokens";
  height?: number;
  /** the API's own total of what is plotted: written as given when the plotted sum equals it */
  expected?: string;
}

const SERIES_VARS = Array.from({ length: 10 }, (_, i) => `--series-${i + 1}`);

export function Chart({ name, title, labels, series, stacked = false, horizontal = false, unit = "usd", height = 280, expected }: ChartProps): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeTick();
  const total = useMemo(() => {
    const sum = sumMoney(series.flatMap((s) => s.values));
    return expected !== undefined && compareMoney(sum, expected) === 0 ? expected : sum;
  }, [series, expected]);
  const signature = JSON.stringify([labels, series, stacked, horizontal, unit]);
  const show = unit === "usd" ? usd : (v: string) => count(Number(v));

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    delete el.dataset.total;
    const grid = cssVar("--grid") || "#ddd";
    applyChartDefaults();
    const valueAxis = {
      stacked,
      beginAtZero: true,
      grid: { color: grid },
      ticks: { callback: (v: string | number) => (unit === "usd" ? usdPrecise(String(v)) : shortTokens(Number(v))) },
    };
    const categoryAxis = { stacked, grid: { display: false } };
    const config: ChartConfiguration<"bar", number[], string> = {
      type: "bar",
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values.map((v) => (v === null ? 0 : Number(v))),
          backgroundColor: cssVar(SERIES_VARS[i % SERIES_VARS.length]!) || "#4a7",
          borderWidth: 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: series.length > 1, position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<"bar">) => {
                const exact = series[item.datasetIndex]?.values[item.dataIndex] ?? null;
                return `${item.dataset.label ?? ""}: ${exact === null ? "—" : show(exact)}`;
              },
            },
          },
        },
      },
    };
    const chart = new ChartJs(el, config);
    el.dataset.total = total;
    return () => chart.destroy();
  }, [signature, theme]);

  const aria = `${title}. Total ${show(total)} across ${labels.length} ${labels.length === 1 ? "bar" : "bars"}${
    series.length > 1 ? `, in ${series.length} series` : ""
  }. The figures are in the table below the chart.`;
  return (
    <figure class="chart">
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={aria} data-testid={`chart-${name}`}>
          {aria}
        </canvas>
      </div>
      <ChartTable title={title} labels={labels} series={series} show={show} total={total} />
    </figure>
  );
}
