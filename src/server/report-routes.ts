/**
 * The ledger's reports over HTTP, for the dashboard and scripts: spend (`report --json`'s shape),
 * events, interactions, the ledger's range and who the caller is. Every read is scoped to the
 * caller's key and waits for what the gateway has recorded.
 */
import { Hono } from "hono";
import type { AggregateQuery } from "../ledger/store.js";
import { spendJson } from "../ledger/reports/spend.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import type { InteractionsList, LedgerRange, Me } from "./api-types.js";
import { choiceParam, countParam, dimensionParam, everyParam, timeZoneParam } from "./query-params.js";
import type { RouteHelpers } from "./route-helpers.js";

/** `GET /api/report`, `/api/events`, `/api/interactions`, `/api/interactions/:id`, `/api/me` and `/api/range` */
export function reportRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();

  app.get("/api/report", async (c) => {
    const caller = h.caller(c);
    const q = h.query(c);
    const by = (q.one("by") ?? "")
      .split(",")
      .filter((s) => s.trim() !== "")
      .map((d) => dimensionParam("by", d));
    const every = everyParam(q.one("every"));
    const top = countParam("top", q.one("top"));
    const tz = timeZoneParam(q.one("tz"));
    // per-class costs as `report --json` has them, unless the caller says it needs only totals
    const costs = choiceParam("costs", q.one("costs"), ["true", "false"]) !== "false";
    const filter = h.scoped(h.filter(c), caller);
    await deps.settle();
    const aggregate: AggregateQuery = { ...filter, by, costs, ...(every ? { every } : {}), ...(tz ? { tz } : {}), ...(top ? { top } : {}) };
    return c.json(spendJson(await deps.store.aggregate(aggregate), by));
  });

  app.get("/api/events", async (c) => {
    const caller = h.caller(c);
    const q = h.query(c);
    const limit = Math.min(1000, countParam("limit", q.one("limit")) ?? 100);
    const offset = countParam("offset", q.one("offset")) ?? 0;
    const filter = h.scoped(h.filter(c), caller);
    await deps.settle();
    const events = await deps.store.list({ ...filter, limit, offset });
    return c.json({ events, limit, offset, next_offset: events.length === limit ? offset + limit : null });
  });

  app.get("/api/interactions/:id", async (c) => {
    const caller = h.caller(c);
    await deps.settle();
    const calls = await deps.store.list({ ...h.scoped({}, caller), trace_id: c.req.param("id"), limit: 10_000 });
    if (calls.length === 0) throw new ApiError(404, "not_found_error", `no interaction with trace id "${c.req.param("id")}"`);
    const priced = calls.filter((e) => e.cost.total_usd !== null).map((e) => e.cost.total_usd!);
    const { sumDecimals } = await import("../shared/decimal.js");
    return c.json({ trace_id: c.req.param("id"), calls, total_usd: sumDecimals(priced), unpriced_calls: calls.length - priced.length });
  });

  app.get("/api/me", (c) => {
    const caller = h.caller(c);
    const me: Me = caller.admin ? { admin: true } : { admin: false, scope: { ...caller.key.scope } };
    return c.json(me);
  });

  app.get("/api/range", async (c) => {
    const caller = h.caller(c);
    await deps.settle();
    const range: LedgerRange = await deps.store.range(h.scoped({}, caller));
    return c.json(range);
  });

  app.get("/api/interactions", async (c) => {
    const caller = h.caller(c);
    const q = h.query(c);
    const limit = Math.min(500, countParam("limit", q.one("limit")) ?? 20);
    const order = choiceParam("order", q.one("order"), ["cost", "calls"]) ?? "cost";
    const filter = h.scoped(h.filter(c), caller);
    await deps.settle();
    const list: InteractionsList = { interactions: await deps.store.interactions({ ...filter, limit, order }) };
    return c.json(list);
  });

  return app;
}
