/**
 * The Store's read side over HTTP (admin only), for CLI commands while `serve` owns the ledger
 * file: what `HttpStore` (src/ledger/http/store.ts) posts, answered as `{"result": …}`.
 */
import { Hono } from "hono";
import type { AggregateQuery, Filter, InteractionQuery, InteractionSummaryQuery, ListQuery, UsageProfileQuery } from "../ledger/store.js";
import type { ApiDeps } from "./api-deps.js";
import { timeZoneParam } from "./query-params.js";
import type { RouteHelpers } from "./route-helpers.js";

/** `POST /api/store/{aggregate,list,interactions,interaction-summary,usage-profile,count,range}` */
export function storeRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  const storeQuery = <Q>(path: string, run: (q: Q) => Promise<unknown>): void => {
    app.post(`/api/store/${path}`, async (c) => {
      h.admin(c);
      const q = (await h.jsonBody(c)) as Q;
      await deps.settle();
      return c.json({ result: await run(q) });
    });
  };
  storeQuery<AggregateQuery>("aggregate", (q) => deps.store.aggregate({ ...q, ...(q.tz !== undefined ? { tz: timeZoneParam(q.tz) } : {}) }));
  storeQuery<ListQuery>("list", (q) => deps.store.list(q));
  storeQuery<InteractionQuery>("interactions", (q) => deps.store.interactions(q));
  storeQuery<InteractionSummaryQuery>("interaction-summary", (q) => deps.store.interactionSummary(q));
  storeQuery<UsageProfileQuery>("usage-profile", (q) => deps.store.usageProfile(q));
  storeQuery<Filter>("count", (q) => deps.store.count(q));
  storeQuery<Filter>("range", (q) => deps.store.range(q));
  return app;
}
