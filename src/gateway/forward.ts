/**
 * One admitted call, upstream and back: forwarded with the provider's real key (keep-alive
 * sockets from the upstream's own pool, bytes streamed through as they arrive), its usage read
 * on the way past, and exactly one usage record handed to the recorder — after the answer's last
 * byte is written and before the response is ended, so no answered call goes unrecorded. A call
 * that waits too long for headers, or for its next chunk, ends as a `timeout` event and the
 * client gets the provider's error format.
 */
import http from "node:http";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Attribution, CallStatus, UsageRecord } from "../usage/event.js";
import { isRecord, type JsonObject } from "../shared/json.js";
import { buildRecord, type CallFacts } from "./call-record.js";
import { streamError } from "./errors.js";
import { meterBody, readsUsageObject, StreamMeter, type Metered } from "./meter.js";
import type { GatewayDeps } from "./proxy.js";
import { refuse } from "./proxy.js";
import type { Route } from "./routes.js";
import { SseSplitter } from "./sse.js";
import type { UpstreamPools } from "./upstream-pools.js";
import { routeFor, upstreamUrl, type Upstream } from "./upstreams.js";

export interface Forwarding {
  deps: GatewayDeps;
  pools: UpstreamPools;
  upstreamTimeoutMs: number;
  streamIdleTimeoutMs: number;
}

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

// headers that belong to one hop, or that the gateway sets itself
const DROP_REQUEST = new Set(["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "content-length", "authorization", "x-api-key", "api-key", "accept-encoding", "te", "trailer"]);
const DROP_RESPONSE = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

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

export function forward(f: Forwarding, req: IncomingMessage, res: ServerResponse, call: AdmittedCall): void {
  const { deps } = f;
  const api = call.route.api;
  const fail = (status: number, message: string): void => refuse(res, api, status, "invalid_request", message);
  const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
  const json = requestJson(call, contentType);
  if (json instanceof Error) return fail(400, json.message);
  const rawModel = json?.["model"];
  if (rawModel !== undefined && typeof rawModel !== "string") return fail(400, "model: expected a string");
  const model = rawModel ?? multipartModel(call.body, contentType);
  let upstream: Upstream;
  try {
    upstream = routeFor(deps.upstreams, api, model);
  } catch (e) {
    return refuse(res, api, 502, "upstream", (e as Error).message);
  }
  if (upstream.apiKey === undefined) return refuse(res, api, 502, "upstream", `the gateway has no provider key for upstream "${upstream.name}" (set its API key variable)`);

  // OpenAI streams carry usage only when asked: ask, and hide the extra chunk from a client that did not
  const endpoint = call.route.endpoint;
  let hideUsageChunk = false;
  let outBody = call.body;
  if (json && json["stream"] === true && (endpoint === "chat" || endpoint === "completions")) {
    const options = json["stream_options"];
    if (!(isRecord(options) && options["include_usage"] === true)) {
      hideUsageChunk = true;
      outBody = Buffer.from(JSON.stringify({ ...json, stream_options: { ...(isRecord(options) ? options : {}), include_usage: true } }));
    }
  }

  const url = upstreamUrl(upstream, call.path);
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
    attribution: call.attribution,
    headers: req.headers,
    requestBody: json,
    model,
    startedAt: Date.now() - (performance.now() - call.started),
    callId: call.callId,
  };
  const meter = readsUsageObject(endpoint) ? new StreamMeter(endpoint) : undefined;
  let upstreamStarted = 0;
  let upstreamDone = 0;
  let firstByte: number | undefined;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, onExpiry: () => void): void => {
    clearTimeout(timer);
    timer = setTimeout(onExpiry, ms);
  };

  const done = (status: number, outcome: CallStatus, m: Metered | undefined, end: () => void): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    const now = performance.now();
    const totalMs = now - call.started;
    if (upstreamDone === 0) upstreamDone = now;
    deps.onTimed?.(api, totalMs, totalMs - (upstreamDone - upstreamStarted));
    const record = (r: UsageRecord): void => {
      try {
        deps.record(r);
      } catch (e) {
        deps.onError?.(new Error(`call ${call.callId} could not be recorded: ${(e as Error).message}`));
      } finally {
        end();
      }
    };
    const ended = { ...facts, status, outcome, latencyMs: totalMs, ...(firstByte !== undefined ? { ttftMs: firstByte - call.started } : {}) };
    const built = buildRecord(ended, m ?? { toolCall: false, text: "" });
    if (built instanceof Promise)
      void built.then(record, (e: Error) => {
        deps.onError?.(e);
        end();
      });
    else record(built);
  };
  // a throw while answering: the call is still recorded, the client gets the cut
  const guarded =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (e) {
        deps.onError?.(e as Error);
        done(res.headersSent ? res.statusCode : 502, "error", meter?.metered, () => (res.headersSent ? res.destroy() : refuse(res, api, 502, "upstream", "the gateway could not read the upstream's answer")));
      }
    };

  const transport = url.protocol === "https:" ? https : http;
  upstreamStarted = performance.now();
  const upReq = transport.request(url, { method: req.method, headers, agent: f.pools.agentFor(upstream) });
  // the wait for a socket counts: a call queued behind a hung upstream times out too
  arm(f.upstreamTimeoutMs, () => {
    done(504, "timeout", undefined, () => refuse(res, api, 504, "timeout", `upstream ${upstream.name} sent no answer within ${f.upstreamTimeoutMs / 1000} s`));
    upReq.destroy();
  });
  upReq.on("error", (e) => {
    if (res.headersSent) return done(res.statusCode, "error", meter?.metered, () => res.destroy());
    done(502, "error", undefined, () => refuse(res, api, 502, "upstream", `upstream ${upstream.name} unreachable: ${e.message}`));
  });
  res.on("close", () => {
    // the client went away before the answer was complete
    if (!res.writableFinished && !finished) {
      upReq.destroy();
      done(res.headersSent ? res.statusCode : 499, "cancelled", meter?.metered, () => undefined);
    }
  });

  upReq.on(
    "response",
    guarded((upRes: IncomingMessage) => {
      const status = upRes.statusCode ?? 502;
      const isStream = String(upRes.headers["content-type"] ?? "").includes("text/event-stream");
      const outHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upRes.headers)) if (value !== undefined && !DROP_RESPONSE.has(name)) outHeaders[name] = value;
      if (!isStream && upRes.headers["content-length"] !== undefined) outHeaders["content-length"] = upRes.headers["content-length"];
      const idle = (): void =>
        arm(f.streamIdleTimeoutMs, () => {
          upstreamDone = performance.now();
          const message = `upstream ${upstream.name} sent nothing for ${f.streamIdleTimeoutMs / 1000} s`;
          // recorded first: the cut the destroy causes must not record it again as an error
          done(status, "timeout", meter?.metered, () => (isStream ? res.end(streamError(api, "timeout", message)) : res.destroy()));
          upRes.destroy();
        });
      idle();
      res.writeHead(status, outHeaders);
      const ok = status >= 200 && status < 300;
      const sse = isStream && meter ? new SseSplitter() : undefined;
      const bodyChunks: Buffer[] = [];
      let bodySize = 0;
      upRes.on(
        "data",
        guarded((chunk: Buffer) => {
          firstByte ??= performance.now();
          idle();
          let out: Buffer = chunk;
          if (sse && meter) {
            const events = sse.push(chunk);
            if (hideUsageChunk) {
              // whole events only, less the usage chunk the gateway asked for; a partial event waits for its end
              out = Buffer.concat(events.filter((e) => !(e.data !== undefined && meter.onData(e.data))).map((e) => e.raw));
            } else {
              for (const e of events) if (e.data !== undefined) meter.onData(e.data);
            }
          } else if (!isStream && ok && endpoint !== "request" && bodySize <= deps.maxBodyBytes) {
            // an answer too big to read is passed on, its usage estimated
            bodySize += chunk.length;
            bodyChunks.push(chunk);
          }
          if (out.length > 0 && !res.write(out)) upRes.pause();
        }),
      );
      res.on("drain", () => upRes.resume());
      upRes.on(
        "end",
        guarded(() => {
          upstreamDone = performance.now();
          let m: Metered | undefined = meter?.metered;
          if (!isStream && ok && bodySize <= deps.maxBodyBytes && bodyChunks.length > 0) {
            try {
              m = meterBody(endpoint, JSON.parse(Buffer.concat(bodyChunks).toString("utf8")));
            } catch {
              m = undefined;
            }
          }
          // bytes of an unfinished last event were held back to be filtered: the client gets them as sent
          if (sse && hideUsageChunk && sse.remainder.length > 0) res.write(sse.remainder);
          done(status, ok ? "ok" : "error", m, () => res.end());
        }),
      );
      const cut = (): void => {
        // the upstream died mid-answer: the client sees the cut too
        upstreamDone = performance.now();
        done(status, "error", meter?.metered, () => res.destroy());
      };
      upRes.on("aborted", cut);
      upRes.on("error", cut);
    }),
  );
  upReq.end(outBody);
}
