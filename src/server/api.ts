/**
 * The HTTP API of `tokenomics serve` (Hono): reports, events, interactions, the catalog, keys,
 * health, metrics and OTLP trace intake. The admin token sees everything; a virtual key sees
 * only its own scope. Errors are JSON: `{"error": {"type", "message"}}` with a 4xx status.
 */
import Big from "big.js";
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { Catalog } from "../pricing/catalog.js";
import type { AggregateQuery, Filter, InteractionQuery, InteractionSummaryQuery, ListQuery, Store, VirtualKey } from "../ledger/store.js";
import type { UsageRecord } from "../usage/event.js";
import { TOKEN_CLASSES, usage } from "../usage/usage.js";
import { priceWith } from "../pricing/price.js";
import type { InteractionsList, LedgerRange, Me, WorkloadComparison } from "./api-types.js";
import { dimensionFlag } from "../cli/filters.js";
import { UsageError } from "../cli/errors.js";
import { spendJson } from "../cli/commands/report.js";
import { KEY_DIMENSIONS, newKey } from "../gateway/keys.js";
import { registerPlanRoutes } from "./plan-routes.js";
import type { GatewayMetrics } from "./metrics.js";
import type { KeyRing } from "./key-ring.js";
import { decodeOtlpTraces, OtlpError, otlpEncoding, otlpTraceResponse, type OtlpDecoded } from "../ingest/otlp/http-body.js";
import { outcomeRoutes } from "./outcome-routes.js";
import type { Caller, RouteHelpers } from "./route-helpers.js";
import { ApiError } from "./api-error.js";
import { limitedBody, utf8Text } from "./body.js";
import { boundRecord } from "../ingest/key-scope.js";
import { bearerToken, sameSecret } from "./auth.js";
import { choiceParam, countParam, dimensionParam, everyParam, filterParams, timeZoneParam, whereParams } from "./query-params.js";

export interface ApiDeps {
  store: Store;
  catalog: Catalog;
  keys: KeyRing;
  metrics: GatewayMetrics;
  /** the admin token; without one, only virtual keys get in */
  adminToken: string | undefined;
  record(record: UsageRecord): void;
  /** store what the gateway has recorded, so that a read sees every call answered before it */
  settle(): Promise<void>;
  health(): Record<string, unknown>;
  maxBodyBytes: number;
  /** a second bearer token that may read /metrics (a scraper's), beside the admin token */
  metricsToken?: string | undefined;
  /** /metrics without a token */
  metricsPublic?: boolean;
  /** where internal errors go (the client gets a generic 500) */
  log?: (line: string) => void;
}

/** models a workload is compared on when the request names none: the common choices of each provider */
const COMPARE_DEFAULTS = [
  "gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini",
  "claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5",
  "gemini-2.5-pro", "gemini-2.5-flash", "deepseek-chat", "mistral-large-latest", "grok-4",
];


const keyRequest = z
  .object({
    name: z.string().min(1).optional(),
    ...Object.fromEntries(KEY_DIMENSIONS.map((d) => [d, z.string().min(1).optional()])),
  })
  .strict();

/** the dimensions a key fixes, as report filters: a key's caller sees only its own scope */
function scoped<F extends Filter>(filter: F, caller: Caller): F {
  if (caller.admin) return filter;
  const where = [...(filter.where ?? [])];
  for (const [d, v] of Object.entries(caller.key.scope)) where.push({ dimension: dimensionFlag("scope", d), values: [v] });
  where.push({ dimension: dimensionFlag("scope", "api_key_id"), values: [caller.key.id] });
  return { ...filter, where };
}

export function apiApp(deps: ApiDeps): Hono {
  const app = new Hono();

  const callerOf = (c: Context): Caller => {
    const bearer = bearerToken(c.req.header("authorization"));
    // the admin token only as a bearer token; a key also as x-api-key, as the gateway takes it
    if (bearer !== undefined && sameSecret(bearer, deps.adminToken)) return { admin: true };
    const token = bearer ?? c.req.header("x-api-key");
    if (token === undefined || token === "") throw new ApiError(401, "authentication_error", "send the admin token or a Tokenomics key: Authorization: Bearer …");
    const key = deps.keys.lookup(token);
    if (!key) throw new ApiError(401, "authentication_error", "invalid token or key");
    return { admin: false, key };
  };
  const admin = (c: Context): void => {
    if (!callerOf(c).admin) throw new ApiError(403, "permission_error", "this needs the admin token (TOKENOMICS_ADMIN_TOKEN)");
  };
  const query = (c: Context): { one(k: string): string | undefined; all(k: string): string[] } => ({
    one: (k) => c.req.query(k),
    all: (k) => c.req.queries(k) ?? [],
  });
  const filterOf = (c: Context): Filter => filterParams(query(c));
  const jsonBody = async (c: Context): Promise<unknown> => {
    const text = utf8Text(await limitedBody(c.req.raw, deps.maxBodyBytes));
    try {
      return text === "" ? {} : (JSON.parse(text) as unknown);
    } catch (e) {
      throw new ApiError(400, "invalid_request_error", `the body is not valid JSON: ${(e as Error).message}`);
    }
  };

  app.onError((err, c) => {
    // the rest of an oversize body is not read: the connection goes with it
    if (err instanceof ApiError) return c.json({ error: { type: err.type, message: err.message } }, err.status, err.status === 413 ? { connection: "close" } : {});
    if (err instanceof UsageError) return c.json({ error: { type: "invalid_request_error", message: err.message } }, 400);
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
      throw new ApiError(401, "authentication_error", "send the admin token or TOKENOMICS_METRICS_TOKEN: Authorization: Bearer … (or run serve --metrics-public)");
    }
    return c.text(await deps.metrics.text(), 200, { "content-type": deps.metrics.registry.contentType });
  });

  app.get("/api/report", async (c) => {
    const caller = callerOf(c);
    const q = query(c);
    const by = (q.one("by") ?? "").split(",").filter((s) => s.trim() !== "").map((d) => dimensionParam("by", d));
    const every = everyParam(q.one("every"));
    const top = countParam("top", q.one("top"));
    const tz = timeZoneParam(q.one("tz"));
    // per-class costs as `report --json` has them, unless the caller says it needs only totals
    const costs = choiceParam("costs", q.one("costs"), ["true", "false"]) !== "false";
    const filter = scoped(filterOf(c), caller);
    await deps.settle();
    const aggregate: AggregateQuery = { ...filter, by, costs, ...(every ? { every } : {}), ...(tz ? { tz } : {}), ...(top ? { top } : {}) };
    return c.json(spendJson(await deps.store.aggregate(aggregate), by));
  });

  app.get("/api/events", async (c) => {
    const caller = callerOf(c);
    const q = query(c);
    const limit = Math.min(1000, countParam("limit", q.one("limit")) ?? 100);
    const offset = countParam("offset", q.one("offset")) ?? 0;
    const filter = scoped(filterOf(c), caller);
    await deps.settle();
    const events = await deps.store.list({ ...filter, limit, offset });
    return c.json({ events, limit, offset, next_offset: events.length === limit ? offset + limit : null });
  });

  app.get("/api/interactions/:id", async (c) => {
    const caller = callerOf(c);
    await deps.settle();
    const calls = await deps.store.list({ ...scoped({}, caller), trace_id: c.req.param("id"), limit: 10_000 });
    if (calls.length === 0) throw new ApiError(404, "not_found_error", `no interaction with trace id "${c.req.param("id")}"`);
    const priced = calls.filter((e) => e.cost.total_usd !== null).map((e) => e.cost.total_usd!);
    const { sumDecimals } = await import("../shared/decimal.js");
    return c.json({ trace_id: c.req.param("id"), calls, total_usd: sumDecimals(priced), unpriced_calls: calls.length - priced.length });
  });

  app.get("/api/me", (c) => {
    const caller = callerOf(c);
    const me: Me = caller.admin ? { admin: true } : { admin: false, scope: { ...caller.key.scope } };
    return c.json(me);
  });

  app.get("/api/range", async (c) => {
    const caller = callerOf(c);
    await deps.settle();
    const range: LedgerRange = await deps.store.range(scoped({}, caller));
    return c.json(range);
  });

  app.get("/api/interactions", async (c) => {
    const caller = callerOf(c);
    const q = query(c);
    const limit = Math.min(500, countParam("limit", q.one("limit")) ?? 20);
    const order = choiceParam("order", q.one("order"), ["cost", "calls"]) ?? "cost";
    const filter = scoped(filterOf(c), caller);
    await deps.settle();
    const list: InteractionsList = { interactions: await deps.store.interactions({ ...filter, limit, order }) };
    return c.json(list);
  });

  app.get("/api/compare", (c) => {
    callerOf(c);
    const q = query(c);
    const workload = usage(Object.fromEntries(TOKEN_CLASSES.map((k) => [k, countParam(k, q.one(k)) ?? 0])));
    workload.requests = 1;
    const asked = (q.one("models") ?? "").split(",").map((m) => m.trim()).filter(Boolean);
    const models = asked.length > 0 ? asked : COMPARE_DEFAULTS.filter((m) => deps.catalog.resolve(m).ok);
    const rows: WorkloadComparison["rows"] = models.map((model) => {
      const r = priceWith(deps.catalog, workload, model);
      return r.priced ? { model: r.model.id, provider: r.model.provider, total_usd: r.total_usd } : { model, provider: "", total_usd: null, reason: r.reason };
    });
    rows.sort((a, b) => (a.total_usd === null ? 1 : b.total_usd === null ? -1 : new Big(a.total_usd).cmp(b.total_usd)));
    const body: WorkloadComparison = { workload: Object.fromEntries(TOKEN_CLASSES.filter((k) => workload[k] > 0).map((k) => [k, workload[k]])), rows };
    return c.json(body);
  });

  app.get("/api/catalog", (c) => {
    callerOf(c);
    const search = c.req.query("search") ?? "";
    const models = deps.catalog.search(search).map((m) => ({ id: m.id, provider: m.provider, prices: m.prices, aliases: m.aliases ?? [] }));
    return c.json({ models });
  });

  app.get("/api/keys", async (c) => {
    admin(c);
    return c.json({ keys: (await deps.store.listKeys()).map(({ hash: _hash, ...k }) => k) });
  });
  app.post("/api/keys", async (c) => {
    admin(c);
    const { name, ...scope } = keyRequest.parse(await jsonBody(c)) as { name?: string } & Record<string, string>;
    const { secret, key } = newKey(scope, name);
    await deps.store.saveKey(key);
    deps.keys.add(key);
    const { hash: _hash, ...shown } = key;
    return c.json({ key: secret, ...shown }, 201);
  });
  app.delete("/api/keys/:id", async (c) => {
    admin(c);
    const revoked = await deps.store.revokeKey(c.req.param("id"), new Date().toISOString());
    if (!revoked) throw new ApiError(404, "not_found_error", `no live key with id "${c.req.param("id")}"`);
    deps.keys.revoke(c.req.param("id"));
    return c.json({ id: c.req.param("id"), revoked: true });
  });

  // planning: every `plan` command but margins (src/server/plan-routes.ts)
  const helpers: RouteHelpers = {
    caller: callerOf,
    admin,
    scoped,
    where: (c) => {
      const caller = callerOf(c);
      return scoped({ where: whereParams(query(c)) }, caller).where;
    },
    jsonBody,
    fail: (status, message) => new ApiError(status, status === 404 ? "not_found_error" : status === 403 ? "permission_error" : "invalid_request_error", message),
  };
  registerPlanRoutes(app, deps, helpers);

  // the Store's read side over HTTP, for CLI commands while `serve` owns the ledger file
  const storeQuery = <Q>(path: string, run: (q: Q) => Promise<unknown>): void => {
    app.post(`/api/store/${path}`, async (c) => {
      admin(c);
      const q = (await jsonBody(c)) as Q;
      await deps.settle();
      return c.json({ result: await run(q) });
    });
  };
  storeQuery<AggregateQuery>("aggregate", (q) => deps.store.aggregate({ ...q, ...(q.tz !== undefined ? { tz: timeZoneParam(q.tz) } : {}) }));
  storeQuery<ListQuery>("list", (q) => deps.store.list(q));
  storeQuery<InteractionQuery>("interactions", (q) => deps.store.interactions(q));
  storeQuery<InteractionSummaryQuery>("interaction-summary", (q) => deps.store.interactionSummary(q));
  storeQuery<Filter>("count", (q) => deps.store.count(q));
  storeQuery<Filter>("range", (q) => deps.store.range(q));

  app.post("/v1/traces", async (c) => {
    const caller = callerOf(c);
    const body = await limitedBody(c.req.raw, deps.maxBodyBytes);
    let result: OtlpDecoded;
    try {
      result = decodeOtlpTraces(body, c.req.header("content-type"), { contentEncoding: c.req.header("content-encoding") });
    } catch (e) {
      if (e instanceof OtlpError) throw new ApiError(e.status, "invalid_request_error", e.message);
      throw e;
    }
    // a key's scope binds every span it posts (src/server/trace-scope.ts)
    for (const r of result.records) deps.record(boundRecord(r, caller.admin ? undefined : caller.key));
    // OTLP/HTTP's answer, in the request's encoding: partial success names what was refused
    const answer = otlpTraceResponse(result, otlpEncoding(c.req.header("content-type")));
    return c.body(new Uint8Array(answer.body), 200, { "content-type": answer.contentType });
  });

  outcomeRoutes(app, deps, helpers);
  return app;
}
