/**
 * Outcomes over HTTP: the app that made the calls says what its interactions achieved
 * (`POST /api/outcomes`), and anyone may ask what each success cost (`GET /api/outcomes/summary`).
 * The admin token records and sees everything; a virtual key records outcomes only for
 * interactions with a call made with it, and sees only its own scope, as in `/api/report`.
 */
import { Hono } from "hono";
import { OutcomeError, validateOutcome, type Outcome } from "../ledger/outcome.js";
import type { OutcomeSummaryQuery } from "../ledger/store.js";
import { outcomeReportJson } from "../planning/outcomes.js";
import { InputError } from "../shared/input-error.js";
import { dimensionParam, filterParams } from "./query-params.js";
import type { ApiDeps } from "./api-deps.js";
import type { RouteHelpers } from "./route-helpers.js";
import type { OutcomeSummary, OutcomesRecorded } from "./api-types.js";

/** registers `POST /api/outcomes`, `GET /api/outcomes/summary` and `POST /api/store/outcome-summary` */
export function outcomeRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  app.post("/api/outcomes", async (c) => {
    const caller = h.caller(c);
    const body = await h.jsonBody(c);
    // `{"outcomes": [...]}`, or one outcome on its own
    const many = typeof body === "object" && body !== null && !Array.isArray(body) && "outcomes" in body;
    const items: unknown[] = many ? ((body as { outcomes: unknown }).outcomes as unknown[]) : [body];
    if (!Array.isArray(items)) throw new InputError("outcomes: expected an array of outcomes");
    const at = (i: number) => (many ? `outcomes[${i}].` : "");
    // every one checked before any is written: a bad batch writes nothing
    const outcomes: Outcome[] = items.map((item, i) => {
      try {
        return validateOutcome(item);
      } catch (e) {
        if (e instanceof OutcomeError) throw new InputError(`${at(i)}${e.message}`);
        throw e;
      }
    });
    if (!caller.admin && outcomes.length > 0) {
      // a key speaks for its own calls only: each interaction must hold a call made with it
      await deps.settle();
      const traces = [...new Set(outcomes.map((o) => o.trace_id))];
      const found = await deps.store.aggregate(h.scoped({ by: ["trace_id"], where: [{ dimension: "trace_id", values: traces }] }, caller));
      const own = new Set(found.rows.map((r) => r.dimensions.trace_id));
      const i = outcomes.findIndex((o) => !own.has(o.trace_id));
      if (i >= 0) throw h.fail(403, `${at(i)}trace_id: no call made with this key has trace id "${outcomes[i]!.trace_id}"`);
    }
    const stored: OutcomesRecorded = await deps.store.appendOutcomes(outcomes);
    return c.json(stored);
  });

  app.get("/api/outcomes/summary", async (c) => {
    const caller = h.caller(c);
    const q = h.query(c);
    const by = (q.one("by") || "feature")
      .split(",")
      .filter((s) => s.trim() !== "")
      .map((d) => dimensionParam("by", d));
    const filter = filterParams(q);
    await deps.settle();
    const summary: OutcomeSummary = outcomeReportJson(await deps.store.outcomeSummary(h.scoped({ ...filter, by }, caller)));
    return c.json(summary);
  });

  // the Store's query for `--server` (HttpStore.outcomeSummary), admin only like the other store routes
  app.post("/api/store/outcome-summary", async (c) => {
    h.admin(c);
    const q = (await h.jsonBody(c)) as OutcomeSummaryQuery;
    await deps.settle();
    return c.json({ result: await deps.store.outcomeSummary(q) });
  });
  return app;
}
