/**
 * The HTTP API of `tokenomics serve` (Hono): reports, events, interactions, the catalog, keys,
 * planning, outcomes, budgets and policies, what-ifs, compute economics, health, metrics and OTLP trace intake, each group in a route file of its
 * own joined here. The admin token sees everything; a virtual key sees only its own scope.
 * Errors are JSON: `{"error": {"type", "message"}}` with a 4xx status; internal errors a bare 500.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { InputError } from "../shared/input-error.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import { bearerToken, sameSecret } from "./auth.js";
import { budgetRoutes } from "./budget-routes.js";
import { catalogRoutes } from "./catalog-routes.js";
import { computeRoutes } from "./compute-routes.js";
import { keyRoutes } from "./key-routes.js";
import { outcomeRoutes } from "./outcome-routes.js";
import { planRoutes } from "./plan-routes.js";
import { policyRoutes } from "./policy-routes.js";
import { reportRoutes } from "./report-routes.js";
import { savingsRoutes } from "./savings-routes.js";
import { routeHelpers } from "./route-helpers.js";
import { storeRoutes } from "./store-routes.js";
import { traceRoutes } from "./trace-routes.js";
import { whatIfRoutes } from "./whatif-routes.js";

export function apiApp(deps: ApiDeps): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    // the rest of an oversize body is not read: the connection goes with it
    if (err instanceof ApiError)
      return c.json({ error: { type: err.type, message: err.message } }, err.status, err.status === 413 ? { connection: "close" } : {});
    if (err instanceof InputError) return c.json({ error: { type: "invalid_request_error", message: err.message } }, 400);
    if (err instanceof z.ZodError) {
      const issue = err.issues[0]!;
      const where = issue.path.join(".");
      return c.json({ error: { type: "invalid_request_error", message: `${where ? `${where}: ` : ""}${issue.message}` } }, 400);
    }
    if (err instanceof HTTPException && err.status < 500) return c.json({ error: { type: "invalid_request_error", message: err.message } }, err.status);
    // the client learns nothing of the internals (store errors, paths); the log gets it all
    deps.log?.(`${c.req.method} ${c.req.path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return c.json({ error: { type: "api_error", message: "internal error" } }, 500);
  });
  app.notFound((c) => c.json({ error: { type: "not_found_error", message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.get("/healthz", (c) => c.json({ status: "ok", ...deps.health() }));
  app.get("/metrics", async (c) => {
    const token = bearerToken(c.req.header("authorization")) ?? "";
    if (!deps.metricsPublic && !sameSecret(token, deps.adminToken) && !sameSecret(token, deps.metricsToken)) {
      throw new ApiError(
        401,
        "authentication_error",
        "send the admin token or TOKENOMICS_METRICS_TOKEN: Authorization: Bearer … (or run serve --metrics-public)",
      );
    }
    return c.text(await deps.metrics.text(), 200, { "content-type": deps.metrics.registry.contentType });
  });

  const h = routeHelpers(deps);
  app.route("/", reportRoutes(deps, h));
  app.route("/", savingsRoutes(deps, h));
  app.route("/", catalogRoutes(deps, h));
  app.route("/", keyRoutes(deps, h));
  // planning: every `plan` command (src/server/plan-routes.ts)
  app.route("/", planRoutes(deps, h));
  app.route("/", storeRoutes(deps, h));
  app.route("/", traceRoutes(deps, h));
  app.route("/", outcomeRoutes(deps, h));
  // governance: budgets (status, burn, apply) and policies
  app.route("/", budgetRoutes(deps, h));
  app.route("/", policyRoutes(deps, h));
  // optimisation: counterfactuals on recorded traffic
  app.route("/", whatIfRoutes(deps, h));
  // compute economics: what a token costs to make (src/server/compute-routes.ts)
  app.route("/", computeRoutes(deps, h));
  return app;
}
