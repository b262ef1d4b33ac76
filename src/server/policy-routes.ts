/**
 * Policies over HTTP, admin only: list, define (`PUT`, the snake_case fields) and delete. After
 * any change the gateway's rules are reloaded.
 */
import { Hono } from "hono";
import { policyFields, policyFromFields } from "../governance/index.js";
import type { ApiDeps } from "./api-deps.js";
import { namedBody } from "./budget-routes.js";
import type { RouteHelpers } from "./route-helpers.js";

/** `GET /api/policies`, `PUT /api/policies/:name`, `DELETE /api/policies/:name` */
export function policyRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  const reload = async (): Promise<void> => {
    await deps.governance?.reload();
  };

  app.get("/api/policies", async (c) => {
    h.admin(c);
    return c.json({ policies: (await deps.store.listPolicies()).map(policyFields) });
  });

  app.put("/api/policies/:name", async (c) => {
    h.admin(c);
    const policy = policyFromFields(namedBody(await h.jsonBody(c), c.req.param("name"), h));
    const change = await deps.store.savePolicy(policy);
    if (change !== "unchanged") await reload();
    return c.json({ change, policy: policyFields(policy) }, change === "created" ? 201 : 200);
  });

  app.delete("/api/policies/:name", async (c) => {
    h.admin(c);
    if (!(await deps.store.deletePolicy(c.req.param("name")))) throw h.fail(404, `no policy named "${c.req.param("name")}"`);
    await reload();
    return c.body(null, 204);
  });

  return app;
}
