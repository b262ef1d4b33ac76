/**
 * Provider response bodies logged one per line, with who-and-why written alongside.
 *
 * A line is either the bare body, or an envelope that holds the body under `response` (or
 * `body`) next to attribution fields:
 *
 *     {"response": {...}, "team": "search", "feature": "answer", "customer": "acme",
 *      "user": "u_42", "tags": {"plan": "pro"}, "ts": "2025-03-10T01:31:23Z",
 *      "trace_id": "4bf92f35", "latency_ms": 812}
 *
 * The fields alongside are read from a table, so the OpenAI and Anthropic importers share one
 * reading and neither branches on the other's shapes.
 */
import { statSync } from "node:fs";
import type { Attribution, InteractionRef, RequestFacts, UsageRecord } from "../../usage/event.js";
import type { EnvelopePlan } from "../../ledger/native-import-plan.js";
import type { NormalizedUsage } from "../../usage/normalize/index.js";
import { describeValue, isRecord, type JsonObject, JsonSyntaxError, parseJson } from "../../shared/json.js";
import type { ImportItem } from "../importer.js";
import { toIsoInstant } from "../instant.js";
import { readLines } from "../read-lines.js";

/** where an envelope keeps the body, in the order tried */
export const BODY_KEYS = ["response", "body"] as const;

/** what the fields alongside a body say */
export interface Alongside {
  ts?: string;
  /** the model the caller asked for, when the log records it apart from the body's */
  model?: string;
  attribution: Attribution;
  interaction: InteractionRef;
  request: RequestFacts;
}

type Kind = "string" | "count" | "duration" | "boolean" | "status";
type Target = "attribution" | "interaction" | "request";

// key alongside → where it goes and what it must be
const FIELDS: ReadonlyArray<{ key: string; target: Target; kind: Kind }> = [
  ...(["org", "team", "project", "feature", "customer", "user", "api_key_id", "environment"] as const).map((key) => ({
    key,
    target: "attribution" as const,
    kind: "string" as const,
  })),
  ...(["trace_id", "span_id", "parent_span_id", "session_id"] as const).map((key) => ({
    key,
    target: "interaction" as const,
    kind: "string" as const,
  })),
  { key: "attempt", target: "interaction", kind: "count" },
  { key: "is_retry", target: "interaction", kind: "boolean" },
  { key: "is_tool_call", target: "interaction", kind: "boolean" },
  { key: "latency_ms", target: "request", kind: "duration" },
  { key: "ttft_ms", target: "request", kind: "duration" },
  { key: "status", target: "request", kind: "status" },
  { key: "region", target: "request", kind: "string" },
  { key: "service_tier", target: "request", kind: "string" },
  { key: "batch", target: "request", kind: "boolean" },
];

/**
 * The envelope as a bulk-import plan reads it: string fields straight into their columns,
 * durations as numbers; every field that changes pricing or needs a check the plan does not
 * make (status, service tier, batch, tags, a model of its own…) sends the line to the exact
 * reading.
 */
export const ENVELOPE_PLAN: EnvelopePlan = {
  tsKey: "ts",
  strings: Object.fromEntries(FIELDS.filter((f) => f.kind === "string" && f.key !== "service_tier").map((f) => [f.key, f.key])),
  numbers: Object.fromEntries(FIELDS.filter((f) => f.kind === "duration").map((f) => [f.key, f.key])),
  unsupported: [
    ...FIELDS.filter((f) => (f.kind !== "string" && f.kind !== "duration") || f.key === "service_tier").map((f) => f.key),
    "tags",
    "model",
    "custom_id",
    "error",
    ...BODY_KEYS.slice(1),
  ],
};

const STATUSES = new Set(["ok", "error", "cancelled"]);

const CHECKS: Record<Kind, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  count: (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= 1,
  duration: (v) => typeof v === "number" && Number.isFinite(v) && v >= 0,
  boolean: (v) => typeof v === "boolean",
  status: (v) => typeof v === "string" && STATUSES.has(v),
};

const EXPECTED: Record<Kind, string> = {
  string: "a string",
  count: "a positive integer",
  duration: "a non-negative number",
  boolean: "true or false",
  status: '"ok", "error" or "cancelled"',
};

/**
 * Splits a line into the provider body and the fields beside it; `undefined` when the line
 * holds no body that `isBody` accepts.
 *
 * @example
 * unwrapBody({ response: { object: "chat.completion" }, team: "search" }, (o) => "object" in o);
 * // => { body: { object: "chat.completion" }, alongside: { team: "search" } }
 */
export function unwrapBody(line: JsonObject, isBody: (o: JsonObject) => boolean): { body: JsonObject; alongside: JsonObject } | undefined {
  if (isBody(line)) return { body: line, alongside: {} };
  for (const key of BODY_KEYS) {
    const inner = line[key];
    if (isRecord(inner) && isBody(inner)) {
      const { [key]: _, ...alongside } = line;
      return { body: inner, alongside };
    }
  }
  return undefined;
}

/**
 * String tags from an object; numbers and booleans are written as text.
 *
 * @throws Error naming `path` when the tags are not an object of scalars
 * @example
 * readTags({ plan: "pro", seats: 5 }, "tags"); // { plan: "pro", seats: "5" }
 */
export function readTags(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`${path}: expected an object of tags, got ${describeValue(value)}`);
  const tags: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      throw new Error(`${path}.${key}: expected a string, number or boolean, got ${describeValue(v)}`);
    }
    tags[key] = String(v);
  }
  return tags;
}

/**
 * Reads the attribution, interaction and request facts written alongside a body. Unknown keys
 * are ignored; a known key of the wrong type is an error, so a typo never files spend under
 * the wrong team silently.
 *
 * @throws Error naming the field when a known field has the wrong type
 * @example
 * readAlongside({ team: "search", tags: { plan: "pro" }, latency_ms: 812, ts: 1741570283 });
 * // => { ts: "2025-03-10T01:31:23.000Z", attribution: { team: "search", tags: { plan: "pro" } },
 * //      interaction: {}, request: { latency_ms: 812 } }
 */
export function readAlongside(fields: JsonObject): Alongside {
  const out: Alongside = { attribution: {}, interaction: {}, request: {} };
  for (const { key, target, kind } of FIELDS) {
    const value = fields[key];
    if (value === undefined || value === null) continue;
    if (!CHECKS[kind](value)) throw new Error(`${key}: expected ${EXPECTED[kind]}, got ${describeValue(value)}`);
    (out[target] as Record<string, unknown>)[key] = value;
  }
  const tags = readTags(fields["tags"], "tags");
  if (Object.keys(tags).length > 0) out.attribution.tags = tags;
  if (fields["ts"] !== undefined && fields["ts"] !== null) out.ts = toIsoInstant(fields["ts"], "ts");
  const model = fields["model"];
  if (model !== undefined && model !== null) {
    if (typeof model !== "string") throw new Error(`model: expected a string, got ${describeValue(model)}`);
    out.model = model;
  }
  return out;
}

/** what the body itself says about the call */
export interface BodyFacts {
  id: string;
  provider: string;
  /** the model the body names (the one that answered) */
  model: string;
  /** the body's own timestamp, when it has one */
  ts?: string;
  normalized: NormalizedUsage;
  rawUsage: unknown;
  request: RequestFacts;
  tags?: Record<string, string>;
}

/** where the record was read, for `source` and the fallback timestamp */
export interface LineOrigin {
  kind: string;
  file: string;
  line: number;
  /** the file's modification time, used when neither body nor envelope dates the call */
  fileTime: () => string;
}

/**
 * One record from a body and what was written alongside it. Alongside wins over the body for
 * request facts (a gateway's measured status beats a guess); tags merge, alongside last.
 *
 * @example
 * recordFromBody(facts, readAlongside({ team: "search" }), { kind: "openai", file: "calls.jsonl", line: 3, fileTime });
 * // => { id: facts.id, ts: facts.ts, attribution: { team: "search" }, source: { kind: "openai", ... }, ... }
 */
export function recordFromBody(body: BodyFacts, alongside: Alongside, origin: LineOrigin): UsageRecord {
  const tags = { ...body.tags, ...alongside.attribution.tags };
  const attribution: Attribution = { ...alongside.attribution };
  delete attribution.tags;
  let ts = alongside.ts ?? body.ts;
  if (ts === undefined) {
    // nothing dates the call (anthropic bodies carry no time): the file's time stands in, marked
    ts = origin.fileTime();
    tags["ts_source"] = "file-mtime";
  }
  if (Object.keys(tags).length > 0) attribution.tags = tags;
  const record: UsageRecord = {
    id: body.id,
    ts,
    provider: body.provider,
    model: alongside.model ?? body.model,
    usage: body.normalized.usage,
    attribution,
    interaction: { ...alongside.interaction },
    request: { ...body.request, ...alongside.request },
    source: { kind: origin.kind, convention: body.normalized.convention, raw_usage: body.rawUsage, file: origin.file, line: origin.line },
  };
  if (alongside.model !== undefined && alongside.model !== body.model) record.response_model = body.model;
  return record;
}

/**
 * Streams a JSONL file of bodies: each non-blank line is parsed and handed to `convert`, which
 * returns a record, `undefined` for a line that bills nothing (an errored call), or throws to
 * reject the line with its message.
 *
 * @example
 * for await (const item of readBodyLines("calls.jsonl", "openai", convert)) …
 */
export async function* readBodyLines(
  file: string,
  kind: string,
  convert: (value: unknown, origin: LineOrigin) => UsageRecord | undefined,
  only?: ReadonlySet<number>,
): AsyncGenerator<ImportItem> {
  let mtime: string | undefined;
  const fileTime = (): string => (mtime ??= statSync(file).mtime.toISOString());
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === "" || (only !== undefined && !only.has(line))) continue;
    try {
      const record = convert(parseLine(text), { kind, file, line, fileTime });
      if (record !== undefined) yield { record };
    } catch (e) {
      yield { reject: { file, line, reason: e instanceof Error ? e.message : String(e) } };
    }
  }
}

function parseLine(text: string): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new Error(`invalid JSON at column ${e.column}: ${e.problem}`);
    throw e;
  }
}

/**
 * A required id string from a body.
 *
 * @throws Error when the id is missing or not a non-empty string
 * @example
 * requireId({ id: "msg_01" }, "id"); // "msg_01"
 */
export function requireId(obj: JsonObject, key: string): string {
  const id = obj[key];
  if (typeof id === "string" && id !== "") return id;
  throw new Error(`${key}: expected the body's id (the dedupe key), got ${describeValue(id)}`);
}

/**
 * A required model name from a body.
 *
 * @throws Error when the model is missing or not a string
 * @example
 * requireModel({ model: "gpt-4o" }); // "gpt-4o"
 */
export function requireModel(obj: JsonObject): string {
  const model = obj["model"];
  if (typeof model === "string" && model !== "") return model;
  throw new Error(`model: expected the model name, got ${describeValue(model)}`);
}
