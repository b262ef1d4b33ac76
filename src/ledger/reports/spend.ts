/**
 * The spend report's JSON: what `tokenomics report --json` prints and `GET /api/report` answers,
 * one shape for both (typed for the dashboard as `SpendReport` in server/api-types.ts).
 */
import { TOKEN_CLASSES } from "../../usage/usage.js";
import type { AggregateResult } from "../store.js";

/** {"rows": [{"period"?, "<dimension>": …, "events", "tokens": {…}, "total_usd"}], "total_usd", "unpriced_events"} */
export function spendJson(result: AggregateResult, by: readonly string[]): unknown {
  return {
    rows: result.rows.map((r) => ({
      ...(r.period !== undefined ? { period: r.period } : {}),
      ...Object.fromEntries(by.map((d) => [d, r.dimensions[d] ?? null])),
      events: r.events,
      unpriced_events: r.unpriced_events,
      tokens: Object.fromEntries(TOKEN_CLASSES.map((c) => [c, r.tokens[c]])),
      requests: r.tokens.requests,
      costs: r.costs,
      total_usd: r.total_usd,
    })),
    total_usd: result.total_usd,
    events: result.events,
    unpriced_events: result.unpriced_events,
    unpriced: result.unpriced,
  };
}
