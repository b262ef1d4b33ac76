/**
 * The metering proxy's front door: every `/v1/*` request passes here once. In order: the path is
 * normalised (and refused if it cannot be), the virtual key checked, the route looked up in the
 * explicit table (no entry: 404, nothing forwarded), the attribution headers read, the body read
 * up to its limit — then `forward` sends the call upstream and records exactly one event for it.
 * Every step runs behind one error boundary: nothing a client sends can take the process down.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AttributionError, attributionOf } from "./attribution-headers.js";
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS, refuse, type GatewayDeps } from "./deps.js";
import type { ErrorKind } from "./errors.js";
import { forward, type Forwarding } from "./forward.js";
import { presentedKey } from "./keys.js";
import { normalizePath, type NormalizedPath } from "./paths.js";
import { errorApiOf, passthroughRoutes, routeOf } from "./routes.js";
import { UpstreamPools } from "./upstream-pools.js";
import type { Api } from "./upstreams.js";

export { DEFAULT_STREAM_IDLE_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS, refuse, type GatewayDeps } from "./deps.js";

/** the gateway's handler; `normalized` is the request's path when the caller has normalised it already */
export type GatewayHandler = ((req: IncomingMessage, res: ServerResponse, normalized?: NormalizedPath) => void) & {
  /** close the upstream connections (after the calls in flight are done) */
  close(): Promise<void>;
};

/** the gateway's request handler */
export function gatewayHandler(deps: GatewayDeps): GatewayHandler {
  const extra = passthroughRoutes(deps.passthrough ?? []);
  const pools = new UpstreamPools(deps.upstreamConnections ?? 256);
  const settings = {
    pools,
    upstreamTimeoutMs: deps.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    streamIdleTimeoutMs: deps.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
  const handler = (req: IncomingMessage, res: ServerResponse, normalized?: NormalizedPath): void => {
    let api: Api = req.headers["anthropic-version"] !== undefined ? "anthropic" : "openai";
    const boundary = (e: unknown): void => {
      deps.onError?.(e instanceof Error ? e : new Error(String(e)));
      if (res.headersSent) res.destroy();
      else refuse(res, api, 502, "upstream", "the gateway could not handle this call");
    };
    try {
      admit(deps, settings, extra, req, res, normalized ?? normalizePath(req.url ?? "/"), boundary, (a) => (api = a));
    } catch (e) {
      boundary(e);
    }
  };
  return Object.assign(handler, { close: () => pools.close() });
}

function admit(
  deps: GatewayDeps,
  settings: Omit<Forwarding, "deps">,
  extra: ReturnType<typeof passthroughRoutes>,
  req: IncomingMessage,
  res: ServerResponse,
  normalized: NormalizedPath,
  boundary: (e: unknown) => void,
  setApi: (api: Api) => void,
): void {
  const started = performance.now();
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
      if (size > deps.maxBodyBytes)
        return refuse(res, route.api, 413, "too_large", `request body of ${size} bytes is over the gateway's limit of ${deps.maxBodyBytes}`);
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
