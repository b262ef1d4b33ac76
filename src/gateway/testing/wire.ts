import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from "node:http";

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
}

/** one handler per route */
export type SimHandler = (call: SimCall) => void;

/** what a provider dialect brings: its auth check, its error format and its routes */
export interface SimDialect {
  /** false after answering the call with the dialect's auth error */
  authenticate(call: SimCall, providerKey: string): boolean;
  fail(call: SimCall, kind: SimErrorKind, message?: string, param?: string): void;
  /** keyed by "METHOD /path" */
  routes: Readonly<Record<string, SimHandler>>;
}

export type SimErrorKind = "authentication" | "rate-limit" | "server" | "bad-request" | "not-found";

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/** `data: {json}` — OpenAI chat and completions streams */
export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** `event: type` + `data: {json}` — Anthropic and Responses streams */
export function sseEvent(type: string, payload: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** a JSON answer; under `cut-stream`, half the body and then the socket is destroyed */
export function sendJson(call: SimCall, status: number, headers: OutgoingHttpHeaders, payload: unknown): void {
  const text = JSON.stringify(payload);
  const res = call.res;
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  if (status === 200 && call.scenarios.has("cut-stream")) {
    res.write(text.slice(0, text.length >> 1), () => res.destroy());
    return;
  }
  res.end(text);
}

/**
 * Streams `events`, each its own write: the first with the headers, the others one per
 * setImmediate tick (or `gapMs` apart). Under `cut-stream` the socket is destroyed right after
 * the first `cutAt` events are out, with no terminating chunk, so the client sees a broken body.
 */
export function sendStream(call: SimCall, headers: OutgoingHttpHeaders, events: string[], cutAt: number): void {
  const res = call.res;
  const cut = call.scenarios.has("cut-stream") ? Math.max(1, Math.min(cutAt, events.length - 1)) : -1;
  res.writeHead(200, { ...headers, ...SSE_HEADERS });
  let i = 0;
  const schedule = call.gapMs > 0 ? () => void setTimeout(step, call.gapMs) : () => void setImmediate(step);
  function step(): void {
    if (res.destroyed) return;
    if (i === events.length) {
      res.end();
      return;
    }
    const event = events[i++]!;
    if (i === cut) {
      res.write(event, () => res.destroy());
      return;
    }
    if (res.write(event)) schedule();
    else res.once("drain", schedule);
  }
  step();
}
