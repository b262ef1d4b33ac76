/**
 * The gateway's virtual keys over HTTP (admin only): list them, make one (the secret is shown
 * once, in the answer), revoke one. The key ring the gateway checks follows at once.
 */
import { Hono } from "hono";
import { z } from "zod";
import { KEY_DIMENSIONS, newKey } from "../gateway/keys.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import type { RouteHelpers } from "./route-helpers.js";

const keyRequest = z
  .object({
    name: z.string().min(1).optional(),
    ...Object.fromEntries(KEY_DIMENSIONS.map((d) => [d, z.string().min(1).optional()])),
  })
  .strict();

/** `GET /api/keys`, `POST /api/keys` and `DELETE /api/keys/:id` */
export function keyRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();

  app.get("/api/keys", async (c) => {
    h.admin(c);
    return c.json({ keys: (await deps.store.listKeys()).map(({ hash: _hash, ...k }) => k) });
  });
  app.post("/api/keys", async (c) => {
    h.admin(c);
    const { name, ...scope } = keyRequest.parse(await h.jsonBody(c)) as { name?: string } & Record<string, string>;
    const { secret, key } = newKey(scope, name);
    await deps.store.saveKey(key);
    deps.keys.add(key);
    const { hash: _hash, ...shown } = key;
    return c.json({ key: secret, ...shown }, 201);
  });
  app.delete("/api/keys/:id", async (c) => {
    h.admin(c);
    const revoked = await deps.store.revokeKey(c.req.param("id"), new Date().toISOString());
    if (!revoked) throw new ApiError(404, "not_found_error", `no live key with id "${c.req.param("id")}"`);
    deps.keys.revoke(c.req.param("id"));
    return c.json({ id: c.req.param("id"), revoked: true });
  });

  return app;
}
