/**
 * The upstream exchange: one request on the upstream's pool, its answer handed on as it comes —
 * status and headers, then chunks (a `false` from `onData` pauses the upstream until `resume`),
 * then the end, or the error that cut it. `abort` drops the call, queued or under way.
 */
import type { Dispatcher } from "undici";
import type { UpstreamRequest } from "./call-request.js";

export interface ExchangeHandler {
  /** the answer's status and headers (lower-case names; repeated ones as arrays) */
  onHeaders(status: number, headers: Record<string, string | string[]>, resume: () => void): void;
  /** a chunk of the body; false: pause until `resume` */
  onData(chunk: Buffer): boolean;
  onEnd(): void;
  /** the upstream could not be reached, or the answer was cut */
  onError(error: Error): void;
}

export interface Exchange {
  abort(): void;
}

function headerObject(raw: Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1").toLowerCase();
    const value = raw[i + 1]!.toString("latin1");
    const had = out[name];
    out[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

export function exchange(pool: Dispatcher, request: UpstreamRequest, handler: ExchangeHandler): Exchange {
  let abort: ((e: Error) => void) | undefined;
  let dropped = false;
  const body = request.body.length > 0 ? request.body : request.method === "POST" ? request.body : null;
  pool.dispatch({ path: request.path, method: request.method as Dispatcher.HttpMethod, headers: request.headers, body, headersTimeout: 0, bodyTimeout: 0 }, {
    // the connection is there: a call dropped while it waited for one is not sent
    onConnect(a: (e?: Error) => void) {
      if (dropped) a(new Error("dropped by the gateway"));
      else abort = a;
    },
    onHeaders(status: number, raw: Buffer[] | string[] | null, resume: () => void) {
      handler.onHeaders(status, headerObject((raw ?? []) as Buffer[]), resume);
      return true;
    },
    onData: (chunk: Buffer) => handler.onData(chunk),
    onComplete: () => handler.onEnd(),
    onError: (e: Error) => handler.onError(e),
  } as Dispatcher.DispatchHandler);
  return {
    abort() {
      dropped = true;
      abort?.(new Error("dropped by the gateway"));
    },
  };
}
