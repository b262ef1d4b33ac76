import type { Context } from "hono";
import type { Filter, VirtualKey } from "../ledger/store.js";

/** who is asking: the admin token, or a virtual key with the scope it fixes */
export type Caller = { admin: true } | { admin: false; key: VirtualKey };

/**
 * What the route files (plan, outcomes) borrow from the API app, so that every route
 * authenticates, scopes, reads bodies and fails the same way.
 */
export interface RouteHelpers {
  /** any authenticated caller, else a 401 */
  caller(c: Context): Caller;
  /** the admin token only, else a 401 or 403 */
  admin(c: Context): void;
  /** a filter narrowed to what the caller may see: a key sees its own scope and calls only */
  scoped<F extends Filter>(filter: F, caller: Caller): F;
  /** the request's `where` conditions, plus the caller's key scope: what a report would see */
  where(c: Context): Filter["where"];
  /** the JSON body (an empty body is {}), else a 400 or 413 */
  jsonBody(c: Context): Promise<unknown>;
  /** the API's error for a status: its JSON body names the problem */
  fail(status: 400 | 403 | 404, message: string): Error;
}
