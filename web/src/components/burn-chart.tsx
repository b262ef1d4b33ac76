/**
 * A budget's burn-down (Chart.js lines on a time axis): cumulative spend so far, the projection
 * to the period's end dashed, the limit as a horizontal line. Once drawn the canvas carries the
 * API's own figures: `data-points` (the points as JSON), `data-limit`, `data-projected`,
 * `data-period-end`; the same figures are in a table below it.
 */
import { Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type TooltipItem } from "chart.js";
import type { JSX } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { BudgetBurn } from "../api.js";
import { axisLabel, burnLines, type XY } from "../budget-figures.js";
import { usd, usdPrecise } from "../format.js";
import { toScale } from "../money.js";
import { cssVar, useThemeTick } from "../theme.js";
import { BurnTable } from "./burn-table.js";
import { applyChartDefaults } from "./chart-style.js";

ChartJs.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

interface Props {
  burn: BudgetBurn;
  /** the budget's period and zone: how its days (or hours) are named */
  period: string;
  tz: string;
  height?: number;
}

export function BurnChart({ burn, period, tz, height = 280 }: Props): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeTick();

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    for (const key of ["points", "limit", "projected", "periodEnd"]) delete el.dataset[key];
    applyChartDefaults();
    const lines = burnLines(burn);
    // the exact figure behind each drawn point, for the tooltips
    const exact = [
      ["0", ...burn.points.map((p) => p.spent_usd)],
      lines.projection.length ? [burn.points.at(-1)?.spent_usd ?? "0", burn.projected_usd] : [],
      [burn.limit_usd, burn.limit_usd],
    ];
    const spent = cssVar("--series-1") || "#2563eb";
    const projected = cssVar("--series-2") || "#d97706";
    const limit = cssVar("--up") || "#a3161a";
    const config: ChartConfiguration<"line", XY[]> = {
      type: "line",
      data: {
        datasets: [
          { label: "Spent", data: lines.spent, borderColor: spent, backgroundColor: spent, borderWidth: 2, pointRadius: lines.spent.length > 40 ? 0 : 2 },
          {
            label: "Projected",
            data: lines.projection,
            borderColor: projected,
            backgroundColor: projected,
            borderWidth: 2,
            borderDash: [6, 4],
            pointRadius: 2,
          },
          { label: "Limit", data: lines.limit, borderColor: limit, backgroundColor: limit, borderWidth: 1.5, borderDash: [2, 3], pointRadius: 0 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: {
            type: "linear",
            min: Date.parse(burn.period_start),
            max: Date.parse(burn.period_end),
            grid: { display: false },
            ticks: { maxTicksLimit: 8, callback: (v: string | number) => axisLabel(Number(v), period, tz) },
          },
          y: { beginAtZero: true, grid: { color: cssVar("--grid") || "#ddd" }, ticks: { callback: (v: string | number) => usdPrecise(toScale(String(v))) } },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: (items: TooltipItem<"line">[]) => (items[0] ? axisLabel(items[0].parsed.x ?? 0, period, tz) : ""),
              label: (item: TooltipItem<"line">) => `${item.dataset.label ?? ""}: ${usd(exact[item.datasetIndex]?.[item.dataIndex] ?? null)}`,
            },
          },
        },
      },
    };
    const chart = new ChartJs(el, config);
    Object.assign(el.dataset, { points: JSON.stringify(burn.points), limit: burn.limit_usd, projected: burn.projected_usd, periodEnd: burn.period_end });
    return () => chart.destroy();
  }, [JSON.stringify(burn), period, tz, theme]);

  const spent = burn.points.at(-1)?.spent_usd ?? "0";
  const aria = `Burn-down of budget ${burn.budget}: ${usd(spent)} spent so far of a ${usd(burn.limit_usd)} limit, projected ${usd(burn.projected_usd)} by the end of the period. The figures are in the table below the chart.`;
  return (
    <figure class="chart">
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={aria} data-testid="chart-budget-burn">
          {aria}
        </canvas>
      </div>
      <BurnTable burn={burn} period={period} tz={tz} />
    </figure>
  );
}
