/**
 * Prometheus metrics of the gateway: tokens and cost by model and team, request latency, and the
 * gateway's own overhead (total time minus the upstream's), as histograms. Label values come from
 * bounded sets only (catalog models, teams of known keys, fixed statuses; the rest is `other`),
 * so no client can grow the series without bound.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { TOKEN_CLASSES } from "../usage/usage.js";
import type { UsageEvent } from "../usage/event.js";

// seconds: the gateway's overhead lives in the sub-millisecond buckets
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1];
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const STATUSES: ReadonlySet<string> = new Set(["ok", "error", "cancelled", "timeout"]);
/** the label value for anything outside its bounded set */
export const OTHER = "other";

export interface MetricLabels {
  /** whether a team may be a label value (a known key's team); default: none may */
  knownTeam?(team: string): boolean;
  /** whether a provider may be a label value (a configured upstream's name) */
  knownProvider?(provider: string): boolean;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly tokens = new Counter({
    name: "tokenomics_tokens_total",
    help: "Tokens metered, by model, team and token class",
    labelNames: ["model", "team", "class"],
    registers: [this.registry],
  });
  private readonly cost = new Counter({
    name: "tokenomics_cost_usd_total",
    help: "Cost of metered calls in USD, by model and team",
    labelNames: ["model", "team"],
    registers: [this.registry],
  });
  private readonly calls = new Counter({
    name: "tokenomics_requests_total",
    help: "Calls through the gateway, by model, team and status",
    labelNames: ["model", "team", "status"],
    registers: [this.registry],
  });
  private readonly invalidUsage = new Counter({
    name: "tokenomics_usage_invalid_total",
    help: "Calls whose upstream usage was malformed (kept raw, counted with the tokenizer), by provider and model",
    labelNames: ["provider", "model"],
    registers: [this.registry],
  });
  private readonly estimated = new Counter({
    name: "tokenomics_usage_estimated_total",
    help: "Calls counted with the tokenizer (cut, cancelled or timed out, or with malformed usage), by model",
    labelNames: ["model"],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "tokenomics_request_duration_seconds",
    help: "Time from request to the answer's last byte",
    labelNames: ["api"],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly overhead = new Histogram({
    name: "tokenomics_gateway_overhead_seconds",
    help: "Time the gateway added to a call (total minus upstream)",
    labelNames: ["api"],
    buckets: OVERHEAD_BUCKETS,
    registers: [this.registry],
  });

  private readonly governance = new Counter({
    name: "tokenomics_governance_decisions_total",
    help: "Calls the budgets and policies refused, downgraded or clamped, and what dry-run policies would have refused, by outcome, code and the budget or policy",
    labelNames: ["outcome", "code", "rule"],
    registers: [this.registry],
  });

  constructor(private readonly labels: MetricLabels = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: "tokenomics_process_" });
  }

  onEvent(e: UsageEvent): void {
    // the catalog's id: a model name the catalog does not know is the client's to make up
    const model = e.cost.resolved_model ?? OTHER;
    const named = e.attribution.team;
    const team = named === undefined ? "" : this.labels.knownTeam?.(named) ? named : OTHER;
    const status = e.request.status ?? "ok";
    this.calls.inc({ model, team, status: STATUSES.has(status) ? status : OTHER });
    for (const c of TOKEN_CLASSES) if (e.usage[c] > 0) this.tokens.inc({ model, team, class: c }, e.usage[c]);
    if (e.request.usage_invalid) this.invalidUsage.inc({ provider: this.labels.knownProvider?.(e.provider) ? e.provider : OTHER, model });
    if (e.request.estimated) this.estimated.inc({ model });
    // a counter is a float: the ledger has the exact figure, this is for dashboards and alerts
    if (e.cost.total_usd !== null) this.cost.inc({ model, team }, Number(e.cost.total_usd));
  }

  /** a governance decision; `rule` is a budget's or policy's name (operator-defined, so bounded) */
  onGovernance(outcome: "refused" | "downgraded" | "clamped" | "dry_run", code: string, rule: string): void {
    this.governance.inc({ outcome, code, rule });
  }

  onTimed(api: string, totalMs: number, overheadMs: number): void {
    this.latency.observe({ api }, totalMs / 1000);
    this.overhead.observe({ api }, Math.max(0, overheadMs) / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
