/**
 * An admitted call's request, read once: the body's JSON (when it is JSON), the model, the
 * upstream that serves it, and the request as it goes upstream — the provider's real key in
 * place of the virtual one, hop headers dropped, and for an OpenAI stream the usage chunk asked for.
 */
import type { IncomingMessage } from "node:http";
import { isRecord, type JsonObject } from "../shared/json.js";
import type { Attribution } from "../usage/event.js";
import { readsUsageObject } from "./meter.js";
import type { Route } from "./routes.js";
import { routeFor, upstreamUrl, type Upstream } from "./upstreams.js";

export interface AdmittedCall {
  route: Route;
  /** the normalised path and the query as sent */
  path: string;
  attribution: Attribution;
  /** performance.now() when the request arrived */
  started: number;
  callId: string;
  body: Buffer;
}

/** the call as it goes upstream */
export interface UpstreamRequest {
  upstream: Upstream;
  /** the request body as JSON, when it is JSON */
  json: JsonObject | undefined;
  model: string | undefined;
  /** `scheme://host:port` of the upstream */
  origin: string;
  /** the path and query on the upstream */
  path: string;
  method: string;
  /** name, value, name, value… */
  headers: string[];
  body: Buffer;
  /** the gateway asked for OpenAI's usage chunk: the client, which did not, must not see it */
  hideUsageChunk: boolean;
}

/** a call the gateway answers itself instead of forwarding it */
export interface Refusal {
  status: number;
  kind: "invalid_request" | "upstream";
  message: string;
}

// headers that belong to one hop, or that the gateway sets itself
const DROP_REQUEST = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "authorization",
  "x-api-key",
  "api-key",
  "accept-encoding",
  "te",
  "trailer",
  "expect",
]);

/** the request body as JSON when it is JSON; multipart and binary bodies are left alone */
function requestJson(call: AdmittedCall, contentType: string): JsonObject | undefined | Error {
  if (call.body.length === 0) return undefined;
  if (!readsUsageObject(call.route.endpoint) && !contentType.includes("json")) return undefined;
  try {
    const parsed: unknown = JSON.parse(call.body.toString("utf8"));
    return isRecord(parsed) ? parsed : new Error("the request body must be a JSON object");
  } catch (e) {
    return new Error(`the request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** a multipart form's `model` field (audio transcriptions send their model so) */
function multipartModel(body: Buffer, contentType: string): string | undefined {
  if (!contentType.startsWith("multipart/form-data")) return undefined;
  const m = /name="model"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]{1,200})\r\n/.exec(body.subarray(0, 64 * 1024).toString("latin1"));
  return m?.[1];
}

/** OpenAI streams carry usage only when asked: the body that asks, or undefined when the client did */
function askingForUsage(json: JsonObject | undefined, call: AdmittedCall): Buffer | undefined {
  const endpoint = call.route.endpoint;
  if (json?.["stream"] !== true || (endpoint !== "chat" && endpoint !== "completions")) return undefined;
  const options = json["stream_options"];
  if (isRecord(options) && options["include_usage"] === true) return undefined;
  return Buffer.from(JSON.stringify({ ...json, stream_options: { ...(isRecord(options) ? options : {}), include_usage: true } }));
}

/** the client's headers, less hop and key headers, with the provider's key */
function upstreamHeaders(req: IncomingMessage, upstream: Upstream & { apiKey: string }): string[] {
  const out: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (DROP_REQUEST.has(name) || name.startsWith("x-tokenomics-")) continue;
    out.push(name, raw[i + 1]!);
  }
  const keyHeader = upstream.keyHeader ?? (upstream.api === "anthropic" ? "x-api-key" : "authorization");
  out.push(keyHeader, keyHeader === "authorization" ? `Bearer ${upstream.apiKey}` : upstream.apiKey);
  // usage is read from the answer: it must come uncompressed
  out.push("accept-encoding", "identity");
  return out;
}

/** the request to send upstream, or why the gateway answers the call itself */
export function upstreamRequest(upstreams: readonly Upstream[], req: IncomingMessage, call: AdmittedCall): UpstreamRequest | Refusal {
  const api = call.route.api;
  const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
  const json = requestJson(call, contentType);
  if (json instanceof Error) return { status: 400, kind: "invalid_request", message: json.message };
  const rawModel = json?.["model"];
  if (rawModel !== undefined && typeof rawModel !== "string") return { status: 400, kind: "invalid_request", message: "model: expected a string" };
  const model = rawModel ?? multipartModel(call.body, contentType);
  let upstream: Upstream;
  try {
    upstream = routeFor(upstreams, api, model);
  } catch (e) {
    return { status: 502, kind: "upstream", message: (e as Error).message };
  }
  const apiKey = upstream.apiKey;
  if (apiKey === undefined)
    return { status: 502, kind: "upstream", message: `the gateway has no provider key for upstream "${upstream.name}" (set its API key variable)` };
  const asking = askingForUsage(json, call);
  const url = upstreamUrl(upstream, call.path);
  return {
    upstream,
    json,
    model,
    origin: url.origin,
    path: url.pathname + url.search,
    method: req.method ?? "GET",
    headers: upstreamHeaders(req, { ...upstream, apiKey }),
    body: asking ?? call.body,
    hideUsageChunk: asking !== undefined,
  };
}
