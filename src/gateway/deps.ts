/**
 * What the gateway is given (`GatewayDeps`) and its one way of answering a call itself
 * (`refuse`), shared by the front door (`./proxy.ts`) and the steps of a forwarded call.
 */
import type { ServerResponse } from "node:http";
import type { Refusal } from "../governance/index.js";
import type { VirtualKey } from "../ledger/store.js";
import type { UsageRecord } from "../usage/event.js";
import { apiError, governedError, type ErrorKind } from "./errors.js";
import type { Governor } from "./governor.js";
import type { PassthroughRoute } from "./routes.js";
import type { Api, Upstream } from "./upstreams.js";

export interface GatewayDeps {
  upstreams: readonly Upstream[];
  /** the key a secret belongs to, if it is a live one */
  lookupKey(secret: string): VirtualKey | undefined;
  /**
   * take a finished call's record; `spooled` runs once it is in the write-ahead spool (at once,
   * or a moment later with the other calls that finished in the same turn of the event loop,
   * which then share one write) — the call's response is ended only then
   */
  record(record: UsageRecord, spooled: () => void): void;
  /** the largest request body accepted */
  maxBodyBytes: number;
  /** after each call: its total time and the part the gateway itself added, in ms */
  onTimed?: (api: Api, totalMs: number, overheadMs: number) => void;
  /** routes an operator forwards beyond the built-in table (each call still an event) */
  passthrough?: readonly PassthroughRoute[];
  /** how long to wait for an upstream's response headers (default 300 s) */
  upstreamTimeoutMs?: number;
  /** how long an answer may pause between chunks (default 120 s) */
  streamIdleTimeoutMs?: number;
  /** sockets per upstream, so that a hung one cannot take the others' (default 256) */
  upstreamConnections?: number;
  /** budgets, policies and rate limits: each call is admitted, rewritten or refused before it is forwarded */
  governor?: Governor;
  /** an error the boundary caught: the call was answered, this is for the log */
  onError?: (error: Error) => void;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 300_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;

/** the answer for a request the gateway refuses itself, in the provider's error format */
export function refuse(res: ServerResponse, api: Api, status: number, kind: ErrorKind, message: string): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(apiError(api, kind, message));
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A governance refusal: 429 (budget, rate limit) or 403 (policy, unpriced model) in the served
 * API's format. `retry-after` says when trying again can help (a rate limit's minute, a budget's
 * period end), and `x-should-retry: false` stops the OpenAI and Anthropic SDKs from retrying a
 * budget that will not renew for hours.
 */
export function refuseGoverned(res: ServerResponse, api: Api, refusal: Refusal): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(governedError(api, refusal));
  const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  if ("retry_after_s" in refusal) headers["retry-after"] = refusal.retry_after_s;
  if (refusal.code !== "rate_limited" || refusal.retry_after_s > 60) headers["x-should-retry"] = "false";
  res.writeHead(refusal.status, headers);
  res.end(body);
}
