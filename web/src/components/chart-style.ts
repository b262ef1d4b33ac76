/**
 * What the dashboard's charts share: Chart.js's defaults taken from the page (its font, the theme's
 * muted text), and the options of the money-by-month line charts (forecast, scenarios).
 */
import { Chart as ChartJs, type ChartOptions } from "chart.js";
import { usdPrecise } from "../format.js";
import { toScale } from "../money.js";
import { cssVar } from "../theme.js";

/** Chart.js's font and text colour from the page and the theme in force: call before each draw */
export function applyChartDefaults(): void {
  ChartJs.defaults.font.family = getComputedStyle(document.body).fontFamily;
  ChartJs.defaults.color = cssVar("--text-muted") || "#555";
}

/** a line chart of dollars by month: drawn at once, filling its box, a $ axis from zero (any precision), the legend below */
export function moneyByMonthOptions(): ChartOptions<"line"> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: { grid: { display: false } },
      y: { beginAtZero: true, grid: { color: cssVar("--grid") || "#ddd" }, ticks: { callback: (v: string | number) => usdPrecise(toScale(String(v))) } },
    },
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
  };
}
