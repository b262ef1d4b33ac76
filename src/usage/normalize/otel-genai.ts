/**
 * OpenTelemetry GenAI span attributes → `Usage`.
 *
 * Per the GenAI semantic conventions, `gen_ai.usage.input_tokens` SHOULD include
 * `gen_ai.usage.cache_read.input_tokens` and `gen_ai.usage.cache_creation.input_tokens`, and
 * `gen_ai.usage.output_tokens` SHOULD include `gen_ai.usage.reasoning.output_tokens`.
 * The deprecated `gen_ai.usage.prompt_tokens` / `gen_ai.usage.completion_tokens` are read when
 * the current names are absent. Values may be numbers, numeric strings, or OTLP AnyValue
 * objects such as `{ intValue: "123" }`; attributes may also come as an OTLP KeyValue list.
 */
import type { Usage } from "../usage.js";
import { applyConvention, rawCounts, type RawCounts, type TokenConvention, type UsageAdapter } from "./convention.js";
import { asCount, asObject } from "./read.js";
import { describeValue as describe, isRecord, type JsonObject } from "../../shared/json.js";

export const convention: TokenConvention = {
  name: "otel-genai",
  inputIncludesCacheRead: true,
  inputIncludesCacheWrite: true,
  // the conventions define no audio attributes, so there is nothing to subtract
  inputIncludesAudio: false,
  outputIncludesReasoning: true,
  outputIncludesAudio: false,
};

/** attribute keys, current first, deprecated fallback second */
export const OTEL_GENAI_KEYS = {
  input: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  output: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  cacheRead: ["gen_ai.usage.cache_read.input_tokens"],
  cacheWrite: ["gen_ai.usage.cache_creation.input_tokens"],
  reasoning: ["gen_ai.usage.reasoning.output_tokens"],
  requestModel: ["gen_ai.request.model"],
  responseModel: ["gen_ai.response.model"],
  provider: ["gen_ai.provider.name", "gen_ai.system"],
} as const;

/** true when a record has at least one gen_ai.* key */
function hasGenAIKey(obj: JsonObject): boolean {
  return Object.keys(obj).some((key) => key.startsWith("gen_ai."));
}

/**
 * True when the value looks like GenAI span attributes (flat, OTLP list, or a span carrying them).
 *
 * @example
 * isOtelGenAIAttributes({ "gen_ai.usage.input_tokens": 1 }); // true
 * isOtelGenAIAttributes({ prompt_tokens: 1 });               // false
 */
export function isOtelGenAIAttributes(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some((kv) => isRecord(kv) && typeof kv["key"] === "string" && kv["key"].startsWith("gen_ai."));
  }
  if (!isRecord(value)) return false;
  return hasGenAIKey(value) || ("attributes" in value && isOtelGenAIAttributes(value["attributes"]));
}

/**
 * Flattens span attributes to a key → value record. Accepts a flat record, an OTLP
 * `KeyValue[]` list, or a span-like object carrying either under `attributes`.
 *
 * @example
 * otelAttributes([{ key: "gen_ai.usage.input_tokens", value: { intValue: "7" } }]);
 * // => { "gen_ai.usage.input_tokens": { intValue: "7" } }
 */
export function otelAttributes(attrs: unknown): JsonObject {
  if (Array.isArray(attrs)) {
    const flat: JsonObject = {};
    attrs.forEach((entry, i) => {
      const kv = asObject(entry, `attributes[${i}]`);
      if (typeof kv["key"] !== "string") throw new Error(`attributes[${i}].key: expected a string, got ${describe(kv["key"])}`);
      flat[kv["key"]] = kv["value"];
    });
    return flat;
  }
  const obj = asObject(attrs, "attributes");
  // a span object: its attributes live one level down
  if (!hasGenAIKey(obj) && "attributes" in obj) return otelAttributes(obj["attributes"]);
  return obj;
}

/** unwraps an OTLP AnyValue ({ intValue }, { stringValue }, ...) to its plain value */
function plain(value: unknown): unknown {
  if (!isRecord(value)) return value;
  for (const key of ["intValue", "doubleValue", "stringValue"] as const) {
    if (key in value) return value[key];
  }
  return value;
}

/** an attribute as a count; numeric strings and AnyValues are accepted, absent gives undefined */
function attrCount(attrs: JsonObject, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const raw = attrs[key];
    if (raw === undefined || raw === null) continue;
    const value = plain(raw);
    if (typeof value === "string" && /^\d+$/.test(value)) return asCount(Number(value), key);
    return asCount(value, key);
  }
  return undefined;
}

/** an attribute as a string; absent gives undefined */
function attrString(attrs: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const raw = attrs[key];
    if (raw === undefined || raw === null) continue;
    const value = plain(raw);
    if (typeof value === "string") return value;
    throw new Error(`${key}: expected a string, got ${describe(raw)}`);
  }
  return undefined;
}

/**
 * Reads the raw numbers from GenAI span attributes.
 *
 * @example
 * extractOtelGenAICounts({ "gen_ai.usage.input_tokens": 100, "gen_ai.usage.cache_read.input_tokens": 50 });
 * // => { input: 100, cacheRead: 50, requests: 1, ...zeros }
 */
export function extractOtelGenAICounts(attrs: unknown): RawCounts {
  const a = otelAttributes(attrs);
  const k = OTEL_GENAI_KEYS;
  return rawCounts({
    input: attrCount(a, k.input) ?? 0,
    cacheRead: attrCount(a, k.cacheRead) ?? 0,
    // the conventions carry no cache lifetime, so writes are taken as default 5-minute writes
    cacheWrite5m: attrCount(a, k.cacheWrite) ?? 0,
    output: attrCount(a, k.output) ?? 0,
    reasoning: attrCount(a, k.reasoning) ?? 0,
    // one span describes one model call
    requests: 1,
  });
}

/**
 * Normalises OpenTelemetry GenAI span attributes into disjoint classes.
 *
 * @throws Error naming the attribute when a value is not a count
 * @example
 * normalizeOtelGenAIUsage({
 *   "gen_ai.usage.input_tokens": 100, "gen_ai.usage.cache_read.input_tokens": 50,
 *   "gen_ai.usage.cache_creation.input_tokens": 25, "gen_ai.usage.output_tokens": 180,
 * });
 * // => { input: 25, cached_input: 50, cache_write: 25, output: 180, requests: 1, ...zeros }
 */
export function normalizeOtelGenAIUsage(attrs: unknown): Usage {
  return applyConvention(extractOtelGenAICounts(attrs), convention);
}

/**
 * The requested and the responding model named on a GenAI span.
 *
 * @example
 * otelModel({ "gen_ai.request.model": "gpt-4", "gen_ai.response.model": "gpt-4-0613" });
 * // => { requested: "gpt-4", response: "gpt-4-0613" }
 */
export function otelModel(attrs: unknown): { requested: string | undefined; response: string | undefined } {
  const a = otelAttributes(attrs);
  return { requested: attrString(a, OTEL_GENAI_KEYS.requestModel), response: attrString(a, OTEL_GENAI_KEYS.responseModel) };
}

/**
 * The provider named on a GenAI span: `gen_ai.provider.name`, else the deprecated `gen_ai.system`.
 *
 * @example
 * otelProvider({ "gen_ai.system": "openai" }); // "openai"
 */
export function otelProvider(attrs: unknown): string | undefined {
  return attrString(otelAttributes(attrs), OTEL_GENAI_KEYS.provider);
}

export const otelGenAIAdapter: UsageAdapter = { convention, extract: extractOtelGenAICounts };
