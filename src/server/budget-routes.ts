/**
 * Budgets over HTTP: the admin defines them (`PUT`, `DELETE`, `POST /api/budgets/apply`); anyone
 * authenticated reads the status, a virtual key only of the budgets that cover it. After any
 * change the gateway's rules are reloaded, so a budget set here is enforced on the next call.
 */
import { Hono } from "hono";
import { budgetCoversKey, budgetFields, budgetFromFields, parseRuleSet, type Budget } from "../governance/index.js";
import { applyRules } from "../ledger/apply-rules.js";
import { budgetBurn } from "../ledger/reports/budget-burn.js";
import { budgetStatus } from "../ledger/reports/budget-status.js";
import type { ApiDeps } from "./api-deps.js";
import type { Caller, RouteHelpers } from "./route-helpers.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** a rule body's name must be the path's, if it gives one */
export function namedBody(body: unknown, name: string, h: RouteHelpers): Record<string, unknown> {
  if (!isObject(body)) throw h.fail(400, "the body must be a JSON object");
  if (body.name !== undefined && body.name !== name) throw h.fail(400, `name: ${JSON.stringify(body.name)} is not the name in the path ("${name}")`);
  return { ...body, name };
}

/** `/api/budgets`, `/api/budgets/status`, `/api/budgets/:name` (PUT, DELETE), `/api/budgets/:name/burn`, `/api/budgets/apply` */
export function budgetRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  const reload = async (): Promise<void> => {
    await deps.governance?.reload();
  };
  const visible = async (caller: Caller): Promise<Budget[]> => {
    const all = await deps.store.listBudgets();
    return caller.admin ? all : all.filter((b) => budgetCoversKey(b, caller.key.id, caller.key.scope));
  };
  const named = async (caller: Caller, name: string): Promise<Budget> => {
    const budget = (await visible(caller)).find((b) => b.name === name);
    if (!budget) throw h.fail(404, `no budget named "${name}"`);
    return budget;
  };

  app.get("/api/budgets", async (c) => c.json({ budgets: (await visible(h.caller(c))).map(budgetFields) }));

  app.get("/api/budgets/status", async (c) => {
    const caller = h.caller(c);
    const name = h.query(c).one("name");
    const budgets = name === undefined ? await visible(caller) : [await named(caller, name)];
    await deps.settle();
    const gov = deps.governance;
    const lives = gov ? new Map(await Promise.all(budgets.map(async (b) => [b.name, await gov.live(b.name)] as const))) : undefined;
    return c.json(await budgetStatus(deps.store, budgets, gov?.now() ?? Date.now(), lives ? (name) => lives.get(name) : undefined));
  });

  app.get("/api/budgets/:name/burn", async (c) => {
    const budget = await named(h.caller(c), c.req.param("name"));
    await deps.settle();
    return c.json(await budgetBurn(deps.store, budget, deps.governance?.now() ?? Date.now()));
  });

  app.post("/api/budgets/apply", async (c) => {
    h.admin(c);
    const body = await h.jsonBody(c);
    if (!isObject(body)) throw h.fail(400, "the body must be a JSON object: {budgets, policies, prune?, dry_run?}");
    const { prune = false, dry_run = false, ...rules } = body;
    if (typeof prune !== "boolean") throw h.fail(400, "prune: expected true or false");
    if (typeof dry_run !== "boolean") throw h.fail(400, "dry_run: expected true or false");
    // checked whole before anything is written: a mistake anywhere changes nothing
    const changes = await applyRules(deps.store, parseRuleSet(rules), { prune, dryRun: dry_run });
    if (!dry_run && changes.some((x) => x.change !== "unchanged")) await reload();
    return c.json({ changes });
  });

  app.put("/api/budgets/:name", async (c) => {
    h.admin(c);
    const budget = budgetFromFields(namedBody(await h.jsonBody(c), c.req.param("name"), h));
    const change = await deps.store.saveBudget(budget);
    if (change !== "unchanged") await reload();
    return c.json({ change, budget: budgetFields(budget) }, change === "created" ? 201 : 200);
  });

  app.delete("/api/budgets/:name", async (c) => {
    h.admin(c);
    if (!(await deps.store.deleteBudget(c.req.param("name")))) throw h.fail(404, `no budget named "${c.req.param("name")}"`);
    await reload();
    return c.body(null, 204);
  });

  return app;
}
