import type { IncomingHttpHeaders } from "node:http";
import type { SimCall } from "./sim-call.js";

/**
 * The ways an upstream goes wrong on purpose, read from request headers (see README.md):
 * `x-sim-usage` (the usage object, verbatim), `x-sim-content-type`, `x-sim-stream-mutate`
 * (truncate, reorder, garbage) and `x-sim-status`.
 */

/** what a payload carries in place of its usage while `x-sim-usage` waits to be spliced in */
const USAGE_SLOT = "__sim_usage_slot__";
const QUOTED_SLOT = JSON.stringify(USAGE_SLOT);

const single = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** the usage an answer reports: the computed one, or a slot that `spliceUsage` fills with `x-sim-usage` */
export function reportedUsage(call: SimCall, computed: unknown): unknown {
  return single(call.headers, "x-sim-usage") === undefined ? computed : USAGE_SLOT;
}

/** serialised answer text with `x-sim-usage` put in verbatim (so it may be any JSON, or not JSON at all) */
export function spliceUsage(call: SimCall, text: string): string {
  const raw = single(call.headers, "x-sim-usage");
  return raw === undefined || !text.includes(QUOTED_SLOT) ? text : text.split(QUOTED_SLOT).join(raw);
}

/** `x-sim-content-type`, else the answer's own */
export function contentType(call: SimCall, own: string): string {
  return single(call.headers, "x-sim-content-type") ?? own;
}

export type Mutation = "truncate" | "reorder" | "garbage";

/** the `x-sim-stream-mutate` names (comma-separated) */
export function mutations(call: SimCall): ReadonlySet<Mutation> {
  const raw = single(call.headers, "x-sim-stream-mutate") ?? "";
  return new Set(
    raw
      .split(",")
      .map((x) => x.trim())
      .filter((x): x is Mutation => x === "truncate" || x === "reorder" || x === "garbage"),
  );
}

/** `x-sim-status` when it is an HTTP status the simulator can send (200–599) */
export function forcedStatus(headers: IncomingHttpHeaders): number | undefined {
  const n = Number(single(headers, "x-sim-status"));
  return Number.isInteger(n) && n >= 200 && n <= 599 ? n : undefined;
}

/** what `garbage` puts after each real event: data that is not JSON, and events of the wrong shape */
export const GARBAGE: readonly string[] = [
  "data: {not json\n\n",
  'data: {"choices":"none","usage":[1,2,3],"id":7}\n\n',
  "data: null\n\n",
  'event: message_start\ndata: {"type":"message_start","message":"nope"}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","usage":"lots"}\n\n',
  'event: response.completed\ndata: {"type":"response.completed","response":{"usage":7}}\n\n',
  "just a line with no field\n\n",
  'data: [1,"two",{"three":3}]\n\n',
  "event: \ndata:\n\n",
  ": a comment\n\n",
  'data: {"choices":[null,{"delta":7,"finish_reason":5}],"usage":null}\n\n',
  "data: \u00ff\u00fe\n\n",
];

const DONE = "data: [DONE]\n\n";

/**
 * A stream's events after the mutations: `reorder` reverses them (usage chunk and message_delta
 * before the content, message_start last; a final `[DONE]` stays last), `garbage` puts one of
 * GARBAGE after each, `truncate` ends half-way through the event at `cutAt`.
 */
export function mutateStream(call: SimCall, events: readonly string[], cutAt: number): string[] {
  const m = mutations(call);
  let out = [...events];
  if (m.has("reorder")) {
    const done = out.at(-1) === DONE ? out.pop() : undefined;
    out.reverse();
    if (done !== undefined) out.push(done);
  }
  if (m.has("garbage")) out = out.flatMap((e, i) => (i === out.length - 1 ? [e] : [e, GARBAGE[i % GARBAGE.length]!]));
  if (m.has("truncate")) {
    const at = Math.max(0, Math.min(cutAt, out.length - 1));
    const cut = out[at]!;
    out = [...out.slice(0, at), cut.slice(0, Math.max(1, cut.length >> 1))];
  }
  return out;
}
