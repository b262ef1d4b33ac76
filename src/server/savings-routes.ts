/**
 * `GET /api/savings`: `tokenomics savings --json` over HTTP, for the dashboard's Savings page and
 * scripts. Scoped to the caller's key like every report: a team's key sees its own opportunities.
 */
import { Hono } from "hono";
import { savingsReport } from "../ledger/reports/savings.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import { dimensionParam } from "./query-params.js";
import type { RouteHelpers } from "./route-helpers.js";

export function savingsRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  app.get("/api/savings", async (c) => {
    const caller = h.caller(c);
    const q = h.query(c);
    const by = (q.one("by") ?? "feature")
      .split(",")
      .filter((s) => s.trim() !== "")
      .map((d) => dimensionParam("by", d));
    if (by.length === 0) throw new ApiError(400, "invalid_request_error", "by: name at least one dimension (feature, team, …)");
    const minUsd = q.one("min_usd");
    if (minUsd !== undefined && !/^\d+(\.\d+)?$/.test(minUsd.trim())) {
      throw new ApiError(400, "invalid_request_error", `min_usd: expected an amount in USD such as 50 or 0.5, got ${JSON.stringify(minUsd)}`);
    }
    const filter = h.scoped(h.filter(c), caller);
    const period = q.one("period");
    // the reproducing `whatif` commands repeat the conditions the scan ran with, the key's scope included
    const where = (filter.where ?? []).map((w) => `${w.dimension}=${w.values.join(",")}`);
    await deps.settle();
    const report = await savingsReport(deps.store, deps.catalog, {
      filter,
      flags: { where, ...(period ? { period } : {}) },
      by,
      ...(minUsd !== undefined ? { minUsdPerMonth: minUsd.trim() } : {}),
    });
    return c.json(report);
  });
  return app;
}
