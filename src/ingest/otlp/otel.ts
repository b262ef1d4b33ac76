/**
 * OpenTelemetry GenAI spans (OTLP/JSON) → usage records, trace structure kept.
 *
 * Reads one OTLP/JSON export (`{"resourceSpans": [...]}`, pretty-printed or not), or a JSONL
 * file with one export per line as the collector's file exporter writes it. Every span that
 * carries `gen_ai.usage.*` attributes is one call; the others (http, db) are skipped, and so
 * are agent and workflow spans, whose usage is the sum of the calls under them. Usage follows
 * the GenAI semantic conventions (input includes cache reads and writes, output includes
 * reasoning) through the shared otel normaliser. OpenLLMetry's
 * `traceloop.association.properties.*` give the attribution; the resource's `service.name`
 * and `deployment.environment(.name)` fill project and environment when those are unset.
 */
import { readFile } from "node:fs/promises";
import type { Attribution, CallStatus, UsageRecord } from "../../usage/event.js";
import { normalizeUsageDetailed, OTEL_GENAI_KEYS, otelAttributes, otelModel, otelProvider } from "../../usage/normalize/index.js";
import { describeValue, isRecord, type JsonObject, JsonSyntaxError, parseJson } from "../../shared/json.js";
import type { ImportItem, Importer } from "../importer.js";
import { readLines } from "../read-lines.js";

const ASSOCIATION = "traceloop.association.properties.";
/** association property → attribution field; any other property becomes a tag */
const ASSOCIATION_FIELDS: Readonly<Record<string, keyof Omit<Attribution, "tags">>> = {
  org: "org",
  organization: "org",
  team: "team",
  project: "project",
  feature: "feature",
  customer: "customer",
  customer_id: "customer",
  user: "user",
  user_id: "user",
  api_key_id: "api_key_id",
  environment: "environment",
  env: "environment",
};
/**
 * Operations whose spans sum the model calls under them (the conventions give agent spans
 * usage attributes too): counting them would count those calls twice.
 */
const AGGREGATE_OPERATIONS = new Set(["invoke_agent", "create_agent", "invoke_workflow", "execute_tool"]);
/** the attributes that make a span a metered call */
const USAGE_KEYS: readonly string[] = [
  ...OTEL_GENAI_KEYS.input,
  ...OTEL_GENAI_KEYS.output,
  ...OTEL_GENAI_KEYS.cacheRead,
  ...OTEL_GENAI_KEYS.cacheWrite,
  ...OTEL_GENAI_KEYS.reasoning,
];

/** an OTLP AnyValue (or a plain value) as text, for tags and dimensions */
function anyValueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (!isRecord(value)) return JSON.stringify(value);
  for (const key of ["stringValue", "intValue", "doubleValue", "boolValue"]) {
    if (key in value) return anyValueText(value[key]);
  }
  // arrays, kvlists, bytes: kept as their json
  return JSON.stringify(value);
}

/** OTLP/JSON ids are hex strings (lowercased here); nothing else is accepted */
function hexId(value: unknown, digits: number, field: string): string {
  if (typeof value === "string" && value.length === digits && /^[0-9a-fA-F]+$/.test(value)) return value.toLowerCase();
  throw new Error(`${field}: expected ${digits} hex digits, got ${describeValue(value)}`);
}

/** unix nanoseconds (a number, or a string as proto3 json writes 64-bit ints) */
function nanos(value: unknown, field: string): bigint {
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  throw new Error(`${field}: expected unix nanoseconds, got ${describeValue(value)}`);
}

/** span status: 2 (or its enum name) is an error */
function statusOf(span: JsonObject): CallStatus {
  const status = span["status"];
  const code = isRecord(status) ? status["code"] : undefined;
  return code === 2 || code === "STATUS_CODE_ERROR" ? "error" : "ok";
}

/** attribution from association properties, then the resource */
function attributionOf(attrs: JsonObject, resource: JsonObject): Attribution {
  const attribution: Attribution = {};
  const tags: Record<string, string> = {};
  for (const [key, raw] of Object.entries(attrs)) {
    if (!key.startsWith(ASSOCIATION)) continue;
    const name = key.slice(ASSOCIATION.length);
    const value = anyValueText(raw);
    if (value === undefined) continue;
    const field = ASSOCIATION_FIELDS[name];
    if (field !== undefined) attribution[field] = value;
    else tags[name] = value;
  }
  attribution.project ??= anyValueText(resource["service.name"]);
  attribution.environment ??= anyValueText(resource["deployment.environment.name"] ?? resource["deployment.environment"]);
  if (Object.keys(tags).length > 0) attribution.tags = tags;
  for (const key of Object.keys(attribution) as (keyof Attribution)[]) if (attribution[key] === undefined) delete attribution[key];
  return attribution;
}

/** one span → a record, or undefined when it is not a metered call; throws on bad content */
function spanToRecord(span: JsonObject, resource: JsonObject, file: string, line: number): UsageRecord | undefined {
  const attrs = otelAttributes(span["attributes"] ?? []);
  if (!USAGE_KEYS.some((key) => attrs[key] !== undefined && attrs[key] !== null)) return undefined;
  const operation = anyValueText(attrs["gen_ai.operation.name"]);
  if (operation !== undefined && AGGREGATE_OPERATIONS.has(operation)) return undefined;
  const traceId = hexId(span["traceId"], 32, "traceId");
  const spanId = hexId(span["spanId"], 16, "spanId");
  const parent = span["parentSpanId"];
  const parentSpanId = parent === undefined || parent === null || parent === "" ? undefined : hexId(parent, 16, "parentSpanId");
  const start = nanos(span["startTimeUnixNano"], "startTimeUnixNano");
  const end = span["endTimeUnixNano"] === undefined ? undefined : nanos(span["endTimeUnixNano"], "endTimeUnixNano");
  const normalized = normalizeUsageDetailed("otel", attrs);
  const { requested, response } = otelModel(attrs);
  const model = response ?? requested ?? "unknown";
  const attribution = attributionOf(attrs, resource);
  // priced on the model that answered; the name asked for stays visible
  if (requested !== undefined && requested !== model) attribution.tags = { ...attribution.tags, request_model: requested };
  const raw: JsonObject = {};
  for (const key of Object.keys(attrs)) if (key.startsWith("gen_ai.usage.")) raw[key] = attrs[key];
  const session = anyValueText(attrs["gen_ai.conversation.id"] ?? attrs["session.id"]);
  const record: UsageRecord = {
    id: `otel:${traceId}:${spanId}`,
    ts: new Date(Number(start / 1_000_000n)).toISOString(),
    provider: otelProvider(attrs) ?? "unknown",
    model,
    usage: normalized.usage,
    attribution,
    interaction: { trace_id: traceId, span_id: spanId },
    request: { status: statusOf(span) },
    source: { kind: "otel", convention: normalized.convention, raw_usage: raw, file, line },
  };
  if (parentSpanId !== undefined) record.interaction.parent_span_id = parentSpanId;
  if (session !== undefined) record.interaction.session_id = session;
  if (end !== undefined && end >= start) record.request.latency_ms = Number(end - start) / 1e6;
  return record;
}

/** an array field, or [] when absent */
function list(obj: JsonObject, key: string, path: string): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${path}.${key}: expected an array, got ${describeValue(value)}`);
  return value;
}

/**
 * The items of one export. `line` is the JSONL line, or 0 for a whole document, where each
 * span's 1-based position in the file stands in (counted through `counter`).
 */
function* exportItems(doc: unknown, file: string, line: number, counter: { spans: number }): Generator<ImportItem> {
  if (!isRecord(doc)) {
    yield { reject: { file, line: line || 1, reason: `expected an OTLP export object, got ${describeValue(doc)}` } };
    return;
  }
  // logs or metrics in the same file: not spans, not ours
  if (doc["resourceSpans"] === undefined && ("resourceLogs" in doc || "resourceMetrics" in doc)) return;
  let resourceSpans: unknown[];
  try {
    if (doc["resourceSpans"] === undefined) throw new Error("resourceSpans: missing; not an OTLP trace export");
    resourceSpans = list(doc, "resourceSpans", "export");
  } catch (e) {
    yield { reject: { file, line: line || 1, reason: (e as Error).message } };
    return;
  }
  yield* resourceSpansItems(resourceSpans, file, line, counter);
}

/**
 * The items of an export's `resourceSpans` (OTLP/JSON shape), for callers that checked the
 * export themselves (the OTLP/HTTP receiver). `line` and `counter` as for `exportItems`.
 *
 * @example
 * const counter = { spans: 0 };
 * for (const item of resourceSpansItems(doc.resourceSpans, "", 0, counter)) if ("record" in item) …
 */
export function* resourceSpansItems(resourceSpans: readonly unknown[], file: string, line: number, counter: { spans: number }): Generator<ImportItem> {
  for (const [r, rs] of resourceSpans.entries()) {
    let resource: JsonObject = {};
    let scopes: unknown[] = [];
    try {
      const block = isRecord(rs) ? rs : {};
      const res = block["resource"];
      resource = isRecord(res) ? otelAttributes(res["attributes"] ?? []) : {};
      // before OTLP 1.0 scopes were "instrumentationLibrarySpans"
      scopes = [...list(block, "scopeSpans", `resourceSpans[${r}]`), ...list(block, "instrumentationLibrarySpans", `resourceSpans[${r}]`)];
    } catch (e) {
      yield { reject: { file, line: line || counter.spans + 1, reason: `resourceSpans[${r}]: ${(e as Error).message}` } };
      continue;
    }
    for (const scope of scopes) {
      const spans = isRecord(scope) && Array.isArray(scope["spans"]) ? scope["spans"] : [];
      for (const span of spans) {
        counter.spans++;
        const at = line || counter.spans;
        const name = isRecord(span) ? (anyValueText(span["spanId"]) ?? "?") : "?";
        try {
          if (!isRecord(span)) throw new Error(`expected a span object, got ${describeValue(span)}`);
          const record = spanToRecord(span, resource, file, at);
          if (record !== undefined) yield { record };
        } catch (e) {
          yield { reject: { file, line: at, reason: `span ${name}: ${(e as Error).message}` } };
        }
      }
    }
  }
}

/**
 * Reads an OTLP/JSON trace file: one export object, or one export per line (JSONL). Lines are
 * streamed; a single pretty-printed export is read whole. Rejects name the JSONL line, or for
 * a single document the span's 1-based position in the file.
 *
 * @example
 * for await (const item of readOtel("traces.jsonl")) if ("record" in item) …
 */
export async function* readOtel(file: string): AsyncGenerator<ImportItem> {
  const counter = { spans: 0 };
  let mode: "lines" | "document" | undefined;
  // a bad first line is held until the second one says whether this is jsonl
  let held: { line: number; reason: string } | undefined;
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === "") continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const reason = `not JSON: ${(e as Error).message}`;
      if (mode === "lines") {
        yield { reject: { file, line, reason } };
        continue;
      }
      if (held === undefined) {
        held = { line, reason };
        continue;
      }
      // two lines that are not json on their own: one pretty-printed document
      mode = "document";
      break;
    }
    if (mode === undefined && held !== undefined) yield { reject: { file, ...held } };
    mode = "lines";
    yield* exportItems(doc, file, line, counter);
  }
  if (mode === "lines") return;
  if (mode === undefined && held === undefined) return;
  let doc: unknown;
  try {
    doc = parseJson(await readFile(file, "utf8"));
  } catch (e) {
    const at = e instanceof JsonSyntaxError ? e.line : 1;
    yield { reject: { file, line: at, reason: `not JSON: ${(e as Error).message}` } };
    return;
  }
  yield* exportItems(doc, file, 0, counter);
}

export const otelImporter: Importer = {
  name: "otel",
  description: "OpenTelemetry GenAI spans from an OTLP/JSON file (one export, or one per line)",
  extensions: [".json", ".jsonl"],
  read: (file) => readOtel(file),
};
