/**
 * Self-hosting against an API over monthly token volume (Chart.js lines on a linear axis): the
 * deployment's monthly cost (a step at each extra deployment) and the API's (a line through 0).
 * Once drawn, the canvas carries the API's own points as `data-points` (JSON).
 */
import { Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type TooltipItem } from "chart.js";
import type { JSX } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { ComputeBreakeven } from "../api.js";
import { tokens, usd } from "../format.js";
import { cssVar, useThemeTick } from "../theme.js";
import { applyChartDefaults } from "./chart-style.js";

ChartJs.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

export function BreakevenChart({ breakeven, height = 280 }: { breakeven: ComputeBreakeven; height?: number }): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useThemeTick();

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    delete el.dataset.points;
    applyChartDefaults();
    const curve = breakeven.curve;
    const self = cssVar("--series-1") || "#2563eb";
    const api = cssVar("--series-2") || "#d97706";
    const config: ChartConfiguration<"line", { x: number; y: number }[]> = {
      type: "line",
      data: {
        datasets: [
          {
            label: `Self-hosted (${breakeven.gpus} × ${breakeven.gpu})`,
            data: curve.map((p) => ({ x: p.tokens_per_month, y: Number(p.self_host_usd) })),
            borderColor: self,
            backgroundColor: self,
            stepped: "after",
            borderWidth: 2,
            pointRadius: 0,
          },
          {
            label: `API (${breakeven.against})`,
            data: curve.map((p) => ({ x: p.tokens_per_month, y: Number(p.api_usd) })),
            borderColor: api,
            backgroundColor: api,
            borderWidth: 2,
            pointRadius: 0,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: "linear", beginAtZero: true, grid: { display: false }, ticks: { callback: (v: string | number) => tokens(Number(v)) } },
          y: { beginAtZero: true, grid: { color: cssVar("--grid") || "#ddd" }, ticks: { callback: (v: string | number) => usd(String(v)) } },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: (items: TooltipItem<"line">[]) => `${tokens(items[0]?.parsed.x ?? 0)} tokens a month`,
              label: (item: TooltipItem<"line">) => {
                const point = curve[item.dataIndex];
                return `${item.dataset.label ?? ""}: ${usd(item.datasetIndex === 0 ? point?.self_host_usd : point?.api_usd)}`;
              },
            },
          },
        },
      },
    };
    const chart = new ChartJs(el, config);
    el.dataset.points = JSON.stringify(curve);
    return () => chart.destroy();
  }, [JSON.stringify(breakeven.curve), breakeven.gpu, breakeven.against, theme]);

  const at = breakeven.breakeven_tokens_per_month;
  const aria = `Monthly cost of self-hosting ${breakeven.model} against ${breakeven.against} by monthly token volume: ${
    at === null ? "the API is cheaper at every volume one deployment serves" : `self-hosting is cheaper from ${tokens(at)} tokens a month`
  }.`;
  return (
    <figure class="chart">
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={aria} data-testid="chart-breakeven">
          {aria}
        </canvas>
      </div>
    </figure>
  );
}
