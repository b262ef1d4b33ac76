import type { OutgoingHttpHeaders } from "node:http";
import { contentType, mutateStream, mutations, spliceUsage } from "./misbehave.js";

export type { SimCall, SimDialect, SimErrorKind, SimHandler } from "./sim-call.js";
import type { SimCall } from "./sim-call.js";

const SSE_HEADERS = { "cache-control": "no-cache" };
const SSE_TYPE = "text/event-stream; charset=utf-8";

/** `data: {json}` — OpenAI chat and completions streams */
export function sseData(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** `event: type` + `data: {json}` — Anthropic and Responses streams */
export function sseEvent(type: string, payload: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/**
 * A JSON answer. A 200 goes out as `call.status` with `x-sim-usage` spliced in; under `cut-stream`
 * half the body is sent and the socket destroyed; under `hang-stream` half is sent and then
 * nothing; `x-sim-stream-mutate: truncate` sends half and ends cleanly, `garbage` appends junk.
 */
export function sendJson(call: SimCall, status: number, headers: OutgoingHttpHeaders, payload: unknown): void {
  const ok = status === 200;
  const m = ok ? mutations(call) : new Set<string>();
  let text = spliceUsage(call, JSON.stringify(payload));
  if (m.has("garbage")) text += "\n{garbage after the body";
  const res = call.res;
  const type = contentType(call, "application/json");
  if (m.has("truncate")) {
    res.writeHead(call.status, { ...headers, "content-type": type });
    return void res.end(text.slice(0, text.length >> 1));
  }
  res.writeHead(ok ? call.status : status, { ...headers, "content-type": type, "content-length": Buffer.byteLength(text) });
  if (ok && call.scenarios.has("cut-stream")) {
    res.write(text.slice(0, text.length >> 1), () => res.destroy());
    return;
  }
  if (ok && call.scenarios.has("hang-stream")) return void res.write(text.slice(0, text.length >> 1));
  res.end(text);
}

/**
 * Streams `events`, each its own write: the first with the headers, the others one per
 * setImmediate tick (or `gapMs` apart), after `x-sim-usage` and `x-sim-stream-mutate` have done
 * their work (misbehave.ts). Under `cut-stream` the socket is destroyed right after the first
 * `cutAt` events are out, with no terminating chunk, so the client sees a broken body; under
 * `hang-stream` the first event goes out and then nothing, the response left open.
 */
export function sendStream(call: SimCall, headers: OutgoingHttpHeaders, events: string[], cutAt: number): void {
  const res = call.res;
  const out = mutateStream(
    call,
    events.map((e) => spliceUsage(call, e)),
    cutAt,
  );
  const cut = call.scenarios.has("cut-stream") ? Math.max(1, Math.min(cutAt, out.length - 1)) : -1;
  const stall = call.scenarios.has("hang-stream") ? 1 : -1;
  res.writeHead(call.status, { ...headers, ...SSE_HEADERS, "content-type": contentType(call, SSE_TYPE) });
  let i = 0;
  const schedule = call.gapMs > 0 ? () => void setTimeout(step, call.gapMs) : () => void setImmediate(step);
  function step(): void {
    if (res.destroyed || i === stall) return;
    if (i === out.length) {
      res.end();
      return;
    }
    const event = out[i++]!;
    if (i === cut) {
      res.write(event, () => res.destroy());
      return;
    }
    if (res.write(event)) schedule();
    else res.once("drain", schedule);
  }
  step();
}
