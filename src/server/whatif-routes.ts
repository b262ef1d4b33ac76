/**
 * `GET /api/whatif`: what the caller's recorded calls would have cost under one change, the
 * JSON of `tokenomics whatif --json`. Query parameters mirror the flags: `model`, `batch`,
 * `flex`, `cache` (and `cache_ttl`), `cap_output`, `trim_input`, `no_retries`, the cascade's
 * `escalate` and `escalate_to` (not `to`, which ends the date range), plus `from`/`to` or
 * `period` and `where`.
 */
import { Hono } from "hono";
import { eventPages } from "../ledger/pages.js";
import { changeFrom, WhatIf, type ChangeNames } from "../optimize/index.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import { choiceParam } from "./query-params.js";
import type { RouteHelpers } from "./route-helpers.js";

const NAMES: ChangeNames = {
  model: "model",
  batch: "batch",
  flex: "flex",
  cache: "cache",
  cap_output: "cap_output",
  trim_input: "trim_input",
  no_retries: "no_retries",
  escalate: "escalate",
  to: "escalate_to",
};

export function whatIfRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();

  app.get("/api/whatif", async (c) => {
    const caller = h.caller(c);
    const q = h.query(c);
    const flag = (name: string): boolean => {
      const v = choiceParam(name, q.one(name), ["true", "false", "1", "0"]);
      return v === "true" || v === "1";
    };
    const change = changeFrom(
      {
        model: q.one("model"),
        batch: flag("batch"),
        flex: flag("flex"),
        cache: flag("cache"),
        cap_output: q.one("cap_output"),
        trim_input: q.one("trim_input"),
        no_retries: flag("no_retries"),
        escalate: q.one("escalate"),
        to: q.one("escalate_to"),
      },
      NAMES,
    );
    const ttl = q.one("cache_ttl");
    if (ttl !== undefined && ttl !== "") {
      if (change.kind !== "cache") throw new ApiError(400, "invalid_request_error", "cache_ttl: goes with cache=true");
      change.lifetime = ttl;
    }
    const filter = h.scoped(h.filter(c), caller);
    await deps.settle();
    const w = new WhatIf(change, { catalog: deps.catalog });
    for await (const page of eventPages(deps.store, filter)) w.addAll(page);
    return c.json(w.result());
  });

  return app;
}
