/**
 * Outcomes over HTTP: the app that made the calls says what its interactions achieved
 * (`POST /api/outcomes`), and anyone may ask what each success cost (`GET /api/outcomes/summary`).
 * The admin token records and sees everything; a virtual key records outcomes only for
 * interactions with a call made with it, and sees only its own scope, as in `/api/report`.
 */
import type { Context, Hono } from "hono";
import { OutcomeError, validateOutcome, type Outcome } from "../ledger/outcome.js";
import type { Filter, OutcomeSummaryQuery, VirtualKey } from "../ledger/store.js";
import { outcomeReportJson } from "../planning/outcomes.js";
import { UsageError } from "../cli/errors.js";
import { dimensionFlag, filterFrom } from "../cli/filters.js";
import type { ApiDeps } from "./api.js";
import type { OutcomeSummary, OutcomesRecorded } from "./api-types.js";

type Caller = { admin: true } | { admin: false; key: VirtualKey };

/** an answer other than 400 (those are UsageErrors, which the app's error handler turns into 400s) */
class Refused extends Error {
  constructor(
    readonly status: 401 | 403 | 413,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function outcomeRoutes(app: Hono, deps: ApiDeps): void {
  const callerOf = (c: Context): Caller => {
    const token = c.req.header("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? c.req.header("x-api-key");
    if (token === undefined) throw new Refused(401, "authentication_error", "send the admin token or a Tokenomics key: Authorization: Bearer …");
    if (deps.adminToken !== undefined && token === deps.adminToken) return { admin: true };
    const key = deps.keys.lookup(token);
    if (!key) throw new Refused(401, "authentication_error", "invalid token or key");
    return { admin: false, key };
  };
  /** a key sees its own scope only (the same filters as /api/report) */
  const scoped = <F extends Filter>(filter: F, caller: Caller): F => {
    if (caller.admin) return filter;
    const where = [...(filter.where ?? [])];
    for (const [d, v] of Object.entries(caller.key.scope)) where.push({ dimension: dimensionFlag("scope", d), values: [v] });
    where.push({ dimension: "api_key_id", values: [caller.key.id] });
    return { ...filter, where };
  };
  const handle =
    (work: (c: Context) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      try {
        return await work(c);
      } catch (e) {
        if (e instanceof Refused) return c.json({ error: { type: e.type, message: e.message } }, e.status);
        throw e;
      }
    };
  const jsonBody = async (c: Context): Promise<unknown> => {
    const text = await c.req.text();
    if (text.length > deps.maxBodyBytes) throw new Refused(413, "request_too_large", `body is over the limit of ${deps.maxBodyBytes} bytes`);
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new UsageError(`the body is not valid JSON: ${(e as Error).message}`);
    }
  };

  app.post(
    "/api/outcomes",
    handle(async (c) => {
      const caller = callerOf(c);
      const body = await jsonBody(c);
      // `{"outcomes": [...]}`, or one outcome on its own
      const many = typeof body === "object" && body !== null && !Array.isArray(body) && "outcomes" in body;
      const items: unknown[] = many ? ((body as { outcomes: unknown }).outcomes as unknown[]) : [body];
      if (!Array.isArray(items)) throw new UsageError("outcomes: expected an array of outcomes");
      const at = (i: number) => (many ? `outcomes[${i}].` : "");
      // every one checked before any is written: a bad batch writes nothing
      const outcomes: Outcome[] = items.map((item, i) => {
        try {
          return validateOutcome(item);
        } catch (e) {
          if (e instanceof OutcomeError) throw new UsageError(`${at(i)}${e.message}`);
          throw e;
        }
      });
      if (!caller.admin && outcomes.length > 0) {
        // a key speaks for its own calls only: each interaction must hold a call made with it
        await deps.settle();
        const traces = [...new Set(outcomes.map((o) => o.trace_id))];
        const found = await deps.store.aggregate(scoped({ by: ["trace_id"], where: [{ dimension: "trace_id", values: traces }] }, caller));
        const own = new Set(found.rows.map((r) => r.dimensions.trace_id));
        const i = outcomes.findIndex((o) => !own.has(o.trace_id));
        if (i >= 0) throw new Refused(403, "permission_error", `${at(i)}trace_id: no call made with this key has trace id "${outcomes[i]!.trace_id}"`);
      }
      const stored: OutcomesRecorded = await deps.store.appendOutcomes(outcomes);
      return c.json(stored);
    }),
  );

  app.get(
    "/api/outcomes/summary",
    handle(async (c) => {
      const caller = callerOf(c);
      const one = (k: string) => c.req.query(k) || undefined;
      const by = (one("by") ?? "feature").split(",").filter((s) => s.trim() !== "").map((d) => dimensionFlag("by", d));
      const from = one("from");
      const to = one("to");
      const period = one("period");
      const filter = filterFrom({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(period ? { period } : {}), where: c.req.queries("where") ?? [] });
      await deps.settle();
      const summary = outcomeReportJson(await deps.store.outcomeSummary(scoped({ ...filter, by }, caller))) as OutcomeSummary;
      return c.json(summary);
    }),
  );

  // the Store's query for `--server` (HttpStore.outcomeSummary), admin only like the other store routes
  app.post(
    "/api/store/outcome-summary",
    handle(async (c) => {
      if (!callerOf(c).admin) throw new Refused(403, "permission_error", "this needs the admin token (TOKENOMICS_ADMIN_TOKEN)");
      const q = (await jsonBody(c)) as OutcomeSummaryQuery;
      await deps.settle();
      return c.json({ result: await deps.store.outcomeSummary(q) });
    }),
  );
}
