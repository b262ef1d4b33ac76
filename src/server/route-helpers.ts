/**
 * What every route file borrows from the API, so that every route authenticates, scopes, reads
 * its query and body, and fails the same way: `routeHelpers(deps)` builds them once per app.
 */
import type { Context } from "hono";
import type { Filter, VirtualKey } from "../ledger/store.js";
import { dimensionFlag } from "../ledger/query.js";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import { bearerToken, sameSecret } from "./auth.js";
import { limitedBody, utf8Text } from "./body.js";
import { filterParams, whereParams, type Query } from "./query-params.js";

/** who is asking: the admin token, or a virtual key with the scope it fixes */
export type Caller = { admin: true } | { admin: false; key: VirtualKey };

export interface RouteHelpers {
  /** any authenticated caller, else a 401 */
  caller(c: Context): Caller;
  /** the admin token only, else a 401 or 403 */
  admin(c: Context): void;
  /** a filter narrowed to what the caller may see: a key sees its own scope and calls only */
  scoped<F extends Filter>(filter: F, caller: Caller): F;
  /** the request's query string */
  query(c: Context): Query;
  /** the request's from/to or period and where conditions (not yet scoped) */
  filter(c: Context): Filter;
  /** the request's `where` conditions, plus the caller's key scope: what a report would see */
  where(c: Context): Filter["where"];
  /** the JSON body (an empty body is {}), else a 400 or 413 */
  jsonBody(c: Context): Promise<unknown>;
  /** the API's error for a status: its JSON body names the problem */
  fail(status: 400 | 403 | 404, message: string): Error;
}

/** the dimensions a key fixes, as report filters: a key's caller sees only its own scope */
export function scoped<F extends Filter>(filter: F, caller: Caller): F {
  if (caller.admin) return filter;
  const where = [...(filter.where ?? [])];
  for (const [d, v] of Object.entries(caller.key.scope)) where.push({ dimension: dimensionFlag("scope", d), values: [v] });
  where.push({ dimension: dimensionFlag("scope", "api_key_id"), values: [caller.key.id] });
  return { ...filter, where };
}

export function routeHelpers(deps: ApiDeps): RouteHelpers {
  const caller = (c: Context): Caller => {
    const bearer = bearerToken(c.req.header("authorization"));
    // the admin token only as a bearer token; a key also as x-api-key, as the gateway takes it
    if (bearer !== undefined && sameSecret(bearer, deps.adminToken)) return { admin: true };
    const token = bearer ?? c.req.header("x-api-key");
    if (token === undefined || token === "")
      throw new ApiError(401, "authentication_error", "send the admin token or a Tokenomics key: Authorization: Bearer …");
    const key = deps.keys.lookup(token);
    if (!key) throw new ApiError(401, "authentication_error", "invalid token or key");
    return { admin: false, key };
  };
  const query = (c: Context): Query => ({
    one: (k) => c.req.query(k),
    all: (k) => c.req.queries(k) ?? [],
  });
  return {
    caller,
    admin: (c) => {
      if (!caller(c).admin) throw new ApiError(403, "permission_error", "this needs the admin token (TOKENOMICS_ADMIN_TOKEN)");
    },
    scoped,
    query,
    filter: (c) => filterParams(query(c)),
    where: (c) => {
      const who = caller(c);
      return scoped({ where: whereParams(query(c)) }, who).where;
    },
    jsonBody: async (c) => {
      const text = utf8Text(await limitedBody(c.req.raw, deps.maxBodyBytes));
      try {
        return text === "" ? {} : (JSON.parse(text) as unknown);
      } catch (e) {
        throw new ApiError(400, "invalid_request_error", `the body is not valid JSON: ${(e as Error).message}`);
      }
    },
    fail: (status, message) =>
      new ApiError(status, status === 404 ? "not_found_error" : status === 403 ? "permission_error" : "invalid_request_error", message),
  };
}
