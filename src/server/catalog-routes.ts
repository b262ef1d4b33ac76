/**
 * The price catalog over HTTP: search it, and compare what one workload costs on many models.
 * Any authenticated caller; nothing here reads the ledger.
 */
import Big from "big.js";
import { Hono } from "hono";
import { priceWith } from "../pricing/price.js";
import { TOKEN_CLASSES, usage } from "../usage/usage.js";
import type { ApiDeps } from "./api-deps.js";
import type { WorkloadComparison } from "./api-types.js";
import { countParam } from "./query-params.js";
import type { RouteHelpers } from "./route-helpers.js";

/** models a workload is compared on when the request names none: the common choices of each provider */
const COMPARE_DEFAULTS = [
  "gpt-5",
  "gpt-5-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-4o",
  "gpt-4o-mini",
  "o3",
  "o4-mini",
  "claude-opus-4-5",
  "claude-sonnet-4-5",
  "claude-haiku-4-5",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
  "deepseek-chat",
  "mistral-large-latest",
  "grok-4",
];

/** `GET /api/compare` and `GET /api/catalog` */
export function catalogRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();

  app.get("/api/compare", (c) => {
    h.caller(c);
    const q = h.query(c);
    const workload = usage(Object.fromEntries(TOKEN_CLASSES.map((k) => [k, countParam(k, q.one(k)) ?? 0])));
    workload.requests = 1;
    const asked = (q.one("models") ?? "")
      .split(",")
      .map((m) => m.trim())
      .filter(Boolean);
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
    h.caller(c);
    const search = c.req.query("search") ?? "";
    const models = deps.catalog.search(search).map((m) => ({ id: m.id, provider: m.provider, prices: m.prices, aliases: m.aliases ?? [] }));
    return c.json({ models });
  });

  return app;
}
