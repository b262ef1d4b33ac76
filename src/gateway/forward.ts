/**
 * One admitted call, upstream and back: the request read and rewritten (`./call-request.ts`),
 * admitted, rewritten or refused by the budgets and policies (`./governor.ts`),
 * sent on the upstream's own pool (`./exchange.ts`), the answer relayed as it arrives and its
 * usage read on the way past (`./relay.ts`), and exactly one record handed to the recorder
 * (`./record-call.ts`) — after the answer's last byte is written and before the response is
 * ended. A call that waits too long for headers (the wait for a connection counts), or for its
 * next chunk, ends as a `timeout` event and the client gets the provider's error format.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallStatus } from "../usage/event.js";
import type { CallFacts } from "./call-record.js";
import { upstreamRequest, type AdmittedCall, type UpstreamRequest } from "./call-request.js";
import { refuse, refuseGoverned, type GatewayDeps } from "./deps.js";
import { streamError } from "./errors.js";
import { exchange } from "./exchange.js";
import type { Admission } from "./governor.js";
import { readsUsageObject, StreamMeter, type Metered } from "./meter.js";
import { recordCall } from "./record-call.js";
import { ResponseRelay } from "./relay.js";
import type { UpstreamPools } from "./upstream-pools.js";

export type { AdmittedCall } from "./call-request.js";

type Admitted = Extract<Admission, { kind: "forward" }>;

export interface Forwarding {
  deps: GatewayDeps;
  pools: UpstreamPools;
  upstreamTimeoutMs: number;
  streamIdleTimeoutMs: number;
}

export function forward(f: Forwarding, req: IncomingMessage, res: ServerResponse, call: AdmittedCall): void {
  const { deps } = f;
  const api = call.route.api;
  const up = upstreamRequest(deps.upstreams, req, call);
  if (!("upstream" in up)) return refuse(res, api, up.status, up.kind, up.message);
  const governor = deps.governor;
  if (!governor?.governs) return send(f, req, res, call, up, undefined);
  const admitting = {
    callId: call.callId,
    attribution: call.attribution,
    model: up.model,
    json: up.json,
    endpoint: call.route.endpoint,
    provider: up.upstream.name,
    raw: up.body,
  };
  governor.admit(admitting).then(
    (admission) => {
      if (admission.kind === "refuse") return refuseGoverned(res, api, admission.refusal);
      // the client left while the call was being admitted: nothing is forwarded, nothing held
      if (res.destroyed) return void governor.release(call.callId);
      if (admission.body === undefined) return send(f, req, res, call, up, admission);
      const rewritten = upstreamRequest(deps.upstreams, req, { ...call, body: admission.body });
      if (!("upstream" in rewritten)) {
        void governor.release(call.callId);
        return refuse(res, api, rewritten.status, rewritten.kind, rewritten.message);
      }
      send(f, req, res, call, rewritten, admission);
    },
    (e: unknown) => {
      deps.onError?.(e as Error);
      void governor.release(call.callId);
      refuse(res, api, 502, "upstream", "the gateway could not admit this call");
    },
  );
}

/** the call upstream and back, exactly one event recorded for it */
function send(f: Forwarding, req: IncomingMessage, res: ServerResponse, call: AdmittedCall, up: UpstreamRequest, admission: Admitted | undefined): void {
  const { deps } = f;
  const api = call.route.api;
  const endpoint = call.route.endpoint;
  const upstream = up.upstream;
  const tags = admission?.tags;
  const facts: CallFacts = {
    api,
    upstream,
    endpoint,
    attribution: tags && Object.keys(tags).length > 0 ? { ...call.attribution, tags: { ...call.attribution.tags, ...tags } } : call.attribution,
    headers: req.headers,
    requestBody: up.json,
    model: up.model,
    startedAt: Date.now() - (performance.now() - call.started),
    callId: call.callId,
  };
  const meter = readsUsageObject(endpoint) ? new StreamMeter(endpoint) : undefined;
  let relay: ResponseRelay | undefined;
  let upstreamStarted = 0;
  let upstreamDone = 0;
  let firstByte: number | undefined;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;

  const done = (status: number, outcome: CallStatus, m: Metered | undefined, end: () => void): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    const now = performance.now();
    const totalMs = now - call.started;
    if (upstreamDone === 0) upstreamDone = now;
    deps.onTimed?.(api, totalMs, totalMs - (upstreamDone - upstreamStarted));
    recordCall(deps, { ...facts, status, outcome, latencyMs: totalMs, ...(firstByte !== undefined ? { ttftMs: firstByte - call.started } : {}) }, m, end);
  };
  // a throw while answering: the call is still recorded, the client gets the cut
  const failed = (e: unknown): void => {
    deps.onError?.(e as Error);
    done(res.headersSent ? res.statusCode : 502, "error", meter?.metered, () =>
      res.headersSent ? res.destroy() : refuse(res, api, 502, "upstream", "the gateway could not read the upstream's answer"),
    );
    x.abort();
  };
  const idleTimeout = (): void => {
    upstreamDone = performance.now();
    const message = `upstream ${upstream.name} sent nothing for ${f.streamIdleTimeoutMs / 1000} s`;
    const isStream = relay?.isStream ?? false;
    // recorded first: the cut the abort causes must not record it again as an error
    done(relay?.status ?? 502, "timeout", meter?.metered, () => (isStream ? res.end(streamError(api, "timeout", message)) : res.destroy()));
    x.abort();
  };

  upstreamStarted = performance.now();
  // the wait for a connection counts: a call queued behind a hung upstream times out too
  timer = setTimeout(() => {
    done(504, "timeout", undefined, () => refuse(res, api, 504, "timeout", `upstream ${upstream.name} sent no answer within ${f.upstreamTimeoutMs / 1000} s`));
    x.abort();
  }, f.upstreamTimeoutMs);
  const x = exchange(f.pools.poolFor(upstream, up.origin), up, {
    onHeaders(status, headers, resume) {
      if (finished) return;
      try {
        if (admission?.downgradedFrom !== undefined) headers["x-tokenomics-downgraded-from"] = admission.downgradedFrom;
        relay = new ResponseRelay(res, status, headers, endpoint, meter, up.hideUsageChunk, deps.maxBodyBytes);
        res.on("drain", resume);
        // from here the answer may pause so long between chunks (one timer, refreshed for each)
        clearTimeout(timer);
        timer = setTimeout(idleTimeout, f.streamIdleTimeoutMs);
      } catch (e) {
        failed(e);
      }
    },
    onData(chunk) {
      if (finished || relay === undefined) return true;
      try {
        firstByte ??= performance.now();
        timer?.refresh();
        return relay.write(chunk);
      } catch (e) {
        failed(e);
        return true;
      }
    },
    onEnd() {
      if (finished || relay === undefined) return;
      try {
        upstreamDone = performance.now();
        const m = relay.finish();
        const r = relay;
        done(relay.status, relay.ok ? "ok" : "error", m, () => r.end());
      } catch (e) {
        failed(e);
      }
    },
    onError(e) {
      if (finished) return;
      upstreamDone = performance.now();
      // the upstream died mid-answer: the client sees the cut too
      if (res.headersSent) return done(res.statusCode, "error", meter?.metered, () => res.destroy());
      done(502, "error", undefined, () => refuse(res, api, 502, "upstream", `upstream ${upstream.name} unreachable: ${e.message}`));
    },
  });
  res.on("close", () => {
    // the client went away before the answer was complete
    if (!res.writableFinished && !finished) {
      // recorded first: the abort's error must not record it again as an error
      done(res.headersSent ? res.statusCode : 499, "cancelled", meter?.metered, () => undefined);
      x.abort();
    }
  });
}
