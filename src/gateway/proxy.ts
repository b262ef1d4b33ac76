/**
 * The metering proxy's front door: every `/v1/*` request passes here once. In order: the path is
 * normalised (and refused if it cannot be), the virtual key checked, the route looked up in the
 * explicit table (no entry: 404, nothing forwarded), the attribution headers read, the body read
 * up to its limit — then `forward` sends the call upstream and records exactly one event for it.
 * Every step runs behind one error boundary: nothing a client sends can take the process down.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { VirtualKey } from "../ledger/store.js";
import type { UsageRecord } from "../usage/event.js";
import { AttributionError, attributionOf } from "./attribution-headers.js";
import { apiError, type ErrorKind } from "./errors.js";
import { forward, type Forwarding } from "./forward.js";
import { presentedKey } from "./keys.js";
import { normalizePath } from "./paths.js";
import { errorApiOf, passthroughRoutes, routeOf, type PassthroughRoute } from "./routes.js";
import { UpstreamPools } from "./upstream-pools.js";
import type { Api, Upstream } from "./upstreams.js";

export interface GatewayDeps {
  upstreams: readonly Upstream[];
  /** the key a secret belongs to, if it is a live one */
  lookupKey(secret: string): VirtualKey | undefined;
  record(record: UsageRecord): void;
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

/** the gateway's request handler */
export function gatewayHandler(deps: GatewayDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const extra = passthroughRoutes(deps.passthrough ?? []);
  const pools = new UpstreamPools(deps.upstreamConnections ?? 256);
  const settings = {
    pools,
    upstreamTimeoutMs: deps.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    streamIdleTimeoutMs: deps.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
  return (req, res) => {
    let api: Api = req.headers["anthropic-version"] !== undefined ? "anthropic" : "openai";
    const boundary = (e: unknown): void => {
      deps.onError?.(e instanceof Error ? e : new Error(String(e)));
      if (res.headersSent) res.destroy();
      else refuse(res, api, 502, "upstream", "the gateway could not handle this call");
    };
    try {
      admit(deps, settings, extra, req, res, boundary, (a) => (api = a));
    } catch (e) {
      boundary(e);
    }
  };
}

function admit(
  deps: GatewayDeps,
  settings: Omit<Forwarding, "deps">,
  extra: ReturnType<typeof passthroughRoutes>,
  req: IncomingMessage,
  res: ServerResponse,
  boundary: (e: unknown) => void,
  setApi: (api: Api) => void,
): void {
  const started = performance.now();
  const normalized = normalizePath(req.url ?? "/");
  const method = req.method ?? "GET";
  const anthropicVersion = req.headers["anthropic-version"] !== undefined;
  const errorApi = normalized.ok ? errorApiOf(normalized.segments, anthropicVersion) : anthropicVersion ? "anthropic" : "openai";
  setApi(errorApi);
  const fail = (status: number, kind: ErrorKind, message: string): void => {
    req.resume();
    refuse(res, errorApi, status, kind, message);
  };
  if (!normalized.ok) return fail(400, "invalid_request", `${normalized.reason}`);
  // the query goes upstream as sent: only plain printable ASCII (percent-escaped otherwise)
  if (!/^[\x21-\x7e]*$/.test(normalized.query)) return fail(400, "invalid_request", "the query string must be percent-encoded ASCII");
  const secret = presentedKey(req.headers);
  const key = secret === undefined ? undefined : deps.lookupKey(secret);
  if (!key) return fail(401, "authentication", secret === undefined ? "no API key: send your Tokenomics key as the API key" : "invalid API key");
  const route = routeOf(method, normalized.segments, extra);
  if (!route) return fail(404, "not_found", `no route ${method} ${normalized.path}: the gateway forwards only the calls it meters`);
  let attribution;
  try {
    attribution = attributionOf(key, req.headers);
  } catch (e) {
    if (e instanceof AttributionError) return fail(400, "invalid_request", e.message);
    throw e;
  }
  setApi(route.api);
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    // past the limit the rest is read and dropped, so the client still gets its answer
    if (size <= deps.maxBodyBytes) chunks.push(chunk);
  });
  req.on("error", () => undefined);
  req.on("end", () => {
    try {
      if (size > deps.maxBodyBytes) return refuse(res, route.api, 413, "too_large", `request body of ${size} bytes is over the gateway's limit of ${deps.maxBodyBytes}`);
      forward({ deps, ...settings }, req, res, {
        route,
        path: normalized.path + normalized.query,
        attribution,
        started,
        callId: randomUUID(),
        body: Buffer.concat(chunks),
      });
    } catch (e) {
      boundary(e);
    }
  });
}
