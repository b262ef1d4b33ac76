/** The simulator's call and dialect types, apart from the wire helpers so that the misbehaviours can use them without a cycle. */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/** one request as the simulator's handlers see it */
export interface SimCall {
  method: string;
  /** the path without its query */
  path: string;
  headers: IncomingHttpHeaders;
  /** the JSON body when it is an object, else {} */
  body: Record<string, unknown>;
  res: ServerResponse;
  /** the `x-sim-scenario` names (comma-separated in the header) */
  scenarios: ReadonlySet<string>;
  /** a short id unique within this simulator, for `chatcmpl-…`, `msg_…`, `req_…` */
  id: string;
  /** pause between streamed events: 0 = one event per setImmediate tick */
  gapMs: number;
  /** the status a successful answer goes out with: 200, or `x-sim-status` when it is 200–399 */
  status: number;
}

/** one handler per route */
export type SimHandler = (call: SimCall) => void;

/** what a provider dialect brings: its auth check, its error format and its routes */
export interface SimDialect {
  /** false after answering the call with the dialect's auth error */
  authenticate(call: SimCall, providerKey: string): boolean;
  fail(call: SimCall, kind: SimErrorKind, message?: string, param?: string): void;
  /** an error body in the dialect's format with any status (`x-sim-status` 400–599) */
  failStatus(call: SimCall, status: number): void;
  /** keyed by "METHOD /path" */
  routes: Readonly<Record<string, SimHandler>>;
}

export type SimErrorKind = "authentication" | "rate-limit" | "server" | "bad-request" | "not-found";
