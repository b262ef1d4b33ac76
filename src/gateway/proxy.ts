/**
 * The metering proxy: one handler for every `/v1/*` call. It checks the virtual key, forwards
 * the call to the routed upstream with the provider's real key (keep-alive sockets, bytes
 * streamed through as they arrive, never buffered), reads the usage from the answer on the way
 * past, and hands one usage record per call to the recorder — after the answer's last byte is
 * written and before the response is ended, so no answered call goes unrecorded.
 */
import http from "node:http";
import https from "node:https";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { VirtualKey } from "../ledger/store.js";
import type { UsageRecord } from "../usage/event.js";
import { isRecord, type JsonObject } from "../usage/normalize/index.js";
import { buildRecord, type CallFacts } from "./call-record.js";
import { apiError, type ErrorKind } from "./errors.js";
import { presentedKey } from "./keys.js";
import { endpointOf, meterBody, StreamMeter, type Endpoint, type Metered } from "./meter.js";
import { SseSplitter } from "./sse.js";
import { routeFor, upstreamUrl, type Api, type Upstream } from "./upstreams.js";

export interface GatewayDeps {
  upstreams: readonly Upstream[];
  /** the key a secret belongs to, if it is a live one */
  lookupKey(secret: string): VirtualKey | undefined;
  record(record: UsageRecord): void;
  /** the largest request body accepted */
  maxBodyBytes: number;
  /** after each call: its total time and the part the gateway itself added, in ms */
  onTimed?: (api: Api, totalMs: number, overheadMs: number) => void;
}

// headers that belong to one hop, or that the gateway sets itself
const DROP_REQUEST = new Set(["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "content-length", "authorization", "x-api-key", "api-key", "accept-encoding", "te", "trailer"]);
const DROP_RESPONSE = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 512 }), https: new https.Agent({ keepAlive: true, maxSockets: 512 }) };

/** which API a request speaks: Anthropic's SDK sends `anthropic-version`, and its paths are /v1/messages… */
function apiOf(req: IncomingMessage, path: string): Api {
  return req.headers["anthropic-version"] !== undefined || path.startsWith("/v1/messages") ? "anthropic" : "openai";
}

/** the gateway's request handler */
export function gatewayHandler(deps: GatewayDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const path = req.url ?? "/";
    const api = apiOf(req, path);
    const fail = (status: number, kind: ErrorKind, message: string, headers: Record<string, string> = {}): void => {
      if (res.headersSent) return void res.destroy();
      const body = JSON.stringify(apiError(api, kind, message));
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
      res.end(body);
    };
    const secret = presentedKey(req.headers);
    const key = secret === undefined ? undefined : deps.lookupKey(secret);
    if (!key) {
      req.resume();
      return fail(401, "authentication", secret === undefined ? "no API key: send your Tokenomics key as the API key" : "invalid API key");
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= deps.maxBodyBytes) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > deps.maxBodyBytes) return fail(413, "too_large", `request body of ${size} bytes is over the gateway's limit of ${deps.maxBodyBytes}`);
      forward(deps, req, res, { api, path, key, started, body: Buffer.concat(chunks), fail });
    });
  };
}

interface Incoming {
  api: Api;
  path: string;
  key: VirtualKey;
  started: number;
  body: Buffer;
  fail: (status: number, kind: ErrorKind, message: string) => void;
}

function forward(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse, call: Incoming): void {
  const { api, path, body, fail } = call;
  const metered = req.method === "POST" ? endpointOf(path) : undefined;
  const endpoint: Endpoint | undefined = metered && metered[0] === api ? metered[1] : undefined;
  let json: JsonObject | undefined;
  if (endpoint !== undefined && body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      if (!isRecord(parsed)) return fail(400, "invalid_request", "the request body must be a JSON object");
      json = parsed;
    } catch (e) {
      return fail(400, "invalid_request", `the request body is not valid JSON: ${(e as Error).message}`);
    }
  }
  const model = typeof json?.["model"] === "string" ? json["model"] : undefined;
  let upstream: Upstream;
  try {
    upstream = routeFor(deps.upstreams, api, model);
  } catch (e) {
    return fail(502, "upstream", (e as Error).message);
  }
  if (upstream.apiKey === undefined) return fail(502, "upstream", `the gateway has no provider key for upstream "${upstream.name}" (set its API key variable)`);

  // OpenAI streams carry usage only when asked: ask, and hide the extra chunk from a client that did not
  const streaming = json?.["stream"] === true;
  let hideUsageChunk = false;
  let outBody = body;
  if (json && streaming && (endpoint === "chat" || endpoint === "completions")) {
    const options = json["stream_options"];
    if (!(isRecord(options) && options["include_usage"] === true)) {
      hideUsageChunk = true;
      outBody = Buffer.from(JSON.stringify({ ...json, stream_options: { ...(isRecord(options) ? options : {}), include_usage: true } }));
    }
  }

  const url = upstreamUrl(upstream, path);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || DROP_REQUEST.has(name) || name.startsWith("x-tokenomics-")) continue;
    headers[name] = value;
  }
  const keyHeader = upstream.keyHeader ?? (upstream.api === "anthropic" ? "x-api-key" : "authorization");
  headers[keyHeader] = keyHeader === "authorization" ? `Bearer ${upstream.apiKey}` : upstream.apiKey;
  // usage is read from the answer: it must come uncompressed
  headers["accept-encoding"] = "identity";
  if (outBody.length > 0 || req.method === "POST") headers["content-length"] = String(outBody.length);

  const facts: CallFacts = {
    api,
    upstream,
    endpoint,
    key: call.key,
    headers: req.headers,
    requestBody: json,
    model,
    startedAt: Date.now() - (performance.now() - call.started),
    // names the call when the provider does not (errors, cut streams)
    fallbackId: randomUUID(),
  };
  const meter = endpoint === undefined ? undefined : new StreamMeter(endpoint);
  let upstreamStarted = 0;
  let upstreamDone = 0;
  let firstByte: number | undefined;
  let finished = false;

  const done = (status: number, outcome: "ok" | "error" | "cancelled", m: Metered | undefined, end: () => void): void => {
    if (finished) return;
    finished = true;
    const now = performance.now();
    const totalMs = now - call.started;
    if (upstreamDone === 0) upstreamDone = now;
    deps.onTimed?.(api, totalMs, totalMs - (upstreamDone - upstreamStarted));
    if (endpoint === undefined) return end();
    const record = (r: UsageRecord): void => {
      try {
        deps.record(r);
      } finally {
        end();
      }
    };
    const ended = { ...facts, status, outcome, latencyMs: totalMs, ...(firstByte !== undefined ? { ttftMs: firstByte - call.started } : {}) };
    const built = buildRecord(ended, m ?? { toolCall: false, text: "" });
    if (built instanceof Promise) void built.then(record);
    else record(built);
  };

  const transport = url.protocol === "https:" ? https : http;
  upstreamStarted = performance.now();
  const upReq = transport.request(url, { method: req.method, headers, agent: url.protocol === "https:" ? agents.https : agents.http });
  upReq.on("error", (e) => {
    if (res.headersSent) {
      done(res.statusCode, "error", meter?.metered, () => res.destroy());
      return;
    }
    done(502, "error", undefined, () => fail(502, "upstream", `upstream ${upstream.name} unreachable: ${e.message}`));
  });
  res.on("close", () => {
    // the client went away before the answer was complete
    if (!res.writableFinished && !finished) {
      upReq.destroy();
      done(res.headersSent ? res.statusCode : 499, "cancelled", meter?.metered, () => undefined);
    }
  });

  upReq.on("response", (upRes) => {
    const status = upRes.statusCode ?? 502;
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upRes.headers)) if (value !== undefined && !DROP_RESPONSE.has(name)) outHeaders[name] = value;
    const isStream = String(upRes.headers["content-type"] ?? "").includes("text/event-stream");
    if (!isStream && upRes.headers["content-length"] !== undefined) outHeaders["content-length"] = upRes.headers["content-length"];
    res.writeHead(status, outHeaders);
    const ok = status >= 200 && status < 300;
    const sse = isStream ? new SseSplitter() : undefined;
    const bodyChunks: Buffer[] = [];
    upRes.on("data", (chunk: Buffer) => {
      firstByte ??= performance.now();
      let out: Buffer = chunk;
      if (sse && meter) {
        const events = sse.push(chunk);
        if (hideUsageChunk) {
          // whole events only, less the usage chunk the gateway asked for; a partial event waits for its end
          out = Buffer.concat(events.filter((e) => !(e.data !== undefined && meter.onData(e.data))).map((e) => e.raw));
        } else {
          for (const e of events) if (e.data !== undefined) meter.onData(e.data);
        }
      } else if (endpoint !== undefined) {
        bodyChunks.push(chunk);
      }
      if (out.length > 0 && !res.write(out)) upRes.pause();
    });
    res.on("drain", () => upRes.resume());
    upRes.on("end", () => {
      upstreamDone = performance.now();
      let m: Metered | undefined = meter?.metered;
      if (!isStream && endpoint !== undefined && ok) {
        try {
          m = meterBody(endpoint, JSON.parse(Buffer.concat(bodyChunks).toString("utf8")));
        } catch {
          m = undefined;
        }
      }
      done(status, ok ? "ok" : "error", m, () => res.end());
    });
    upRes.on("aborted", () => {
      // the upstream died mid-answer: the client sees the cut too
      upstreamDone = performance.now();
      done(status, "error", meter?.metered, () => res.destroy());
    });
    upRes.on("error", () => {
      upstreamDone = performance.now();
      done(status, "error", meter?.metered, () => res.destroy());
    });
  });
  upReq.end(outBody);
}
