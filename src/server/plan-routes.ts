/**
 * `/api/plan/*`: the `plan` commands over HTTP, each answering exactly what the command's `--json`
 * prints for the same inputs. A portfolio comes in the body (with the options beside its fields, in
 * the commands' flag names as snake_case); commands that read the whole ledger need the admin token.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { dimensionFlag } from "../ledger/query.js";
import type { Filter } from "../ledger/store.js";
import type { ApiDeps } from "./api-deps.js";
import type { RouteHelpers } from "./route-helpers.js";
import { periodParam, realDay } from "./query-params.js";
import type { PlanBacktest, PlanCommit, PlanMargins, PlanPricing, PlanRun, PlanSensitivity } from "./api-types.js";

type Body = Record<string, unknown>;

/** registers `POST /api/plan/run`, `GET /api/plan/fit`, `POST /api/plan/sensitivity`, `POST /api/plan/commit`, `POST /api/plan/pricing`, `POST /api/plan/margins` and `GET /api/plan/backtest` */
export function planRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  const planning = () => import("../planning/index.js");

  /** the body as an object, else a 400 */
  const objectBody = async (c: Context): Promise<Body> => {
    const body = await h.jsonBody(c);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw h.fail(400, "the body must be a JSON object: a portfolio and the options");
    return body as Body;
  };

  /** planning work, its input errors as 400s naming the field */
  const planned = async <T>(work: (p: Awaited<ReturnType<typeof planning>>) => T | Promise<T>): Promise<T> => {
    const p = await planning();
    try {
      return await work(p);
    } catch (e) {
      if (e instanceof p.PlanInputError || e instanceof p.PortfolioError) throw h.fail(400, e.message);
      if (e instanceof p.ScenarioError) throw h.fail(400, `scenario: ${e.message}`);
      throw e;
    }
  };

  /** a YYYY-MM-DD day (or an ISO instant, as the commands take) in a query or body field */
  const day = (field: string, value: unknown, dateOnly: boolean): string | undefined => {
    if (value === undefined || value === null || value === "") return undefined;
    const pattern = dateOnly ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}([T ].*)?$/;
    const real = typeof value === "string" && pattern.test(value) && realDay(value.slice(0, 10)) && (value.length === 10 || !Number.isNaN(Date.parse(value)));
    if (!real) {
      throw h.fail(400, `${field}: expected ${dateOnly ? "YYYY-MM-DD" : "a date like 2026-10-05"}, got ${JSON.stringify(value)}`);
    }
    return value;
  };

  /** from/to or period, as `plan pricing` takes them */
  const windowOf = (body: Body): Filter => {
    const from = day("from", body.from, false);
    const to = day("to", body.to, false);
    const period = body.period ?? undefined;
    if (period === undefined || period === "") return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    if (from || to) throw h.fail(400, "period: give period or from/to, not both");
    if (typeof period !== "string") throw h.fail(400, `period: expected 2026, 2026-10 or 2026-10-05, got ${JSON.stringify(period)}`);
    return periodParam("period", period);
  };

  const byOf = (value: unknown): ReturnType<typeof dimensionFlag> => {
    if (value !== undefined && typeof value !== "string") throw h.fail(400, `by: expected a dimension, got ${JSON.stringify(value)}`);
    return dimensionFlag("by", value ?? "feature");
  };

  // `plan run --json` on a posted portfolio: any caller
  app.post("/api/plan/run", async (c) => {
    h.caller(c);
    const body = await objectBody(c);
    const answer: PlanRun = await planned((p) => {
      const { months = 12, runs = 2000, seed = 1, scenario } = runOptionsSchema.parse(body);
      const portfolio = p.validatePortfolio(body, "portfolio");
      return p.planJson(p.runPlan(deps.catalog, portfolio, { months, runs, seed, ...(scenario !== undefined ? { scenario } : {}) }));
    });
    return c.json(answer);
  });

  // the portfolio `plan fit` writes, fitted from the ledger: a key fits only its own scope
  app.get("/api/plan/fit", async (c) => {
    const where = h.where(c);
    const by = byOf(c.req.query("by"));
    const from = day("from", c.req.query("from"), true);
    const to = day("to", c.req.query("to"), true);
    await deps.settle();
    const { fitFromLedger } = await import("../ledger/planning-queries.js");
    const fitted = await fitFromLedger(deps.store, { by, catalog: deps.catalog, where, ...(from ? { from } : {}), ...(to ? { to } : {}) });
    if (fitted === null) throw h.fail(404, "no events in the ledger for that window: nothing to fit");
    return c.json(fitted.portfolio);
  });

  // `plan sensitivity --json` on a posted portfolio (months, swing, scenario beside it): any caller
  app.post("/api/plan/sensitivity", async (c) => {
    h.caller(c);
    const body = await objectBody(c);
    const answer: PlanSensitivity = await planned((p) => {
      const request = p.sensitivityRequest({ months: term(body.months), swing: term(body.swing), scenario: term(body.scenario) });
      limits(request, h);
      return p.sensitivityReport(deps.catalog, p.validatePortfolio(body, "portfolio"), request).report;
    });
    return c.json(answer);
  });

  // `plan commit --json` on a posted portfolio and a product's terms: any caller
  app.post("/api/plan/commit", async (c) => {
    h.caller(c);
    const body = await objectBody(c);
    const answer: PlanCommit = await planned((p) => {
      const terms = Object.fromEntries(COMMIT_TERMS.map((k) => [k, term(body[k])]));
      const request = p.commitRequest(terms);
      limits(request, h);
      return p.commitReport(deps.catalog, p.validatePortfolio(body, "portfolio"), request, { file: null }).report;
    });
    return c.json(answer);
  });

  // `plan pricing --json` on the ledger's customer-months: admin (it reads every customer's usage)
  app.post("/api/plan/pricing", async (c) => {
    h.admin(c);
    const body = await objectBody(c);
    const plan = await planned((p) =>
      p.pricingPlan({ fee: term(body.fee), allowance: term(body.allowance), overage: term(body.overage), unit: term(body.unit), cap: term(body.cap) }),
    );
    const filter = windowOf(body);
    await deps.settle();
    const { pricingReport } = await import("../ledger/planning-queries.js");
    const answer: PlanPricing = (await pricingReport(deps.store, plan, filter)).report;
    return c.json(answer);
  });

  // `plan margins --json` on posted revenue (the CSV's text) against the ledger: admin (every customer's cost)
  app.post("/api/plan/margins", async (c) => {
    h.admin(c);
    const body = await objectBody(c);
    const by = body.by ?? "customer";
    if (by !== "customer" && by !== "plan") throw h.fail(400, `by: expected customer or plan, got ${JSON.stringify(body.by)}`);
    if (typeof body.revenue_csv !== "string")
      throw h.fail(400, "revenue_csv: required, the text of a revenue CSV (month, customer, revenue_usd and optionally plan)");
    const p = await planning();
    let revenue: ReturnType<typeof p.parseRevenueCsv>;
    try {
      revenue = p.parseRevenueCsv(body.revenue_csv, "revenue_csv");
    } catch (e) {
      if (e instanceof p.RevenueCsvError) throw h.fail(400, e.message);
      throw e;
    }
    const filter = windowOf(body);
    await deps.settle();
    const { marginsReport } = await import("../ledger/planning-queries.js");
    const answer: PlanMargins = (await marginsReport(deps.store, revenue, { filter, by })).report;
    return c.json(answer);
  });

  // `plan backtest --json`: admin
  app.get("/api/plan/backtest", async (c) => {
    h.admin(c);
    const by = byOf(c.req.query("by"));
    const { fitDays, testDays } = await planned((p) => p.backtestDays({ fit_days: c.req.query("fit_days"), test_days: c.req.query("test_days") }));
    await deps.settle();
    const { backtestReport } = await import("../ledger/planning-queries.js");
    const backtest = await backtestReport(deps.store, deps.catalog, { by, fitDays, testDays });
    if (backtest === null) throw h.fail(404, "no events in the ledger's fit window: nothing to back-test");
    const answer: PlanBacktest = backtest.report;
    return c.json(answer);
  });
  return app;
}

/** what one API call may ask the Monte Carlo for (as `POST /api/plan/run` always has) */
const MAX_MONTHS = 120;
const MAX_RUNS = 100_000;

/** the product and plan terms of `POST /api/plan/commit`: `plan commit`'s flags, snake_case */
const COMMIT_TERMS = [
  "months",
  "runs",
  "seed",
  "scenario",
  "use_case",
  "unit_price",
  "per",
  "unit_tpm",
  "unit_tokens",
  "output_weight",
  "cached_free",
  "min_units",
  "step",
] as const;

/** a body field as a term: JSON scalars as they are; objects and arrays as their JSON text, so that the message shows them */
function term(value: unknown): string | number | boolean | null | undefined {
  if (value === undefined || value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** `plan run`'s options in a body (the portfolio's fields beside them); a ZodError is the API's 400 naming the field */
const runOptionsSchema = z
  .object({
    months: z.number().int().min(1).max(MAX_MONTHS).optional(),
    scenario: z.string().min(1).optional(),
    seed: z.number().int().min(0).optional(),
    runs: z.number().int().min(1).max(MAX_RUNS).optional(),
  })
  .passthrough();

/** the horizon and the paths within what one call may ask for */
function limits(request: { months: number; runs?: number }, h: RouteHelpers): void {
  if (request.months > MAX_MONTHS) throw h.fail(400, `months: expected at most ${MAX_MONTHS}, got ${request.months}`);
  if (request.runs !== undefined && request.runs > MAX_RUNS) throw h.fail(400, `runs: expected at most ${MAX_RUNS}, got ${request.runs}`);
}
