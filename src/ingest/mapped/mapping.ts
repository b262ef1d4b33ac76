/**
 * The mapping file that lets `csv` and `jsonl` imports read any export.
 *
 * ```jsonc
 * {
 *   // id prefix, so that two exports with the same request ids do not collide (default: "csv" / "jsonl")
 *   "name": "billing-proxy",
 *   // record field → column (CSV header name) or field path (JSONL, dotted: "usage.prompt_tokens")
 *   "fields": {
 *     "ts": "created_at",                 // required
 *     "model": "model_name",              // required, here or in defaults
 *     "provider": "vendor",
 *     "input": "prompt_tokens", "output": "completion_tokens", "cached_input": "cached",
 *     "team": "team", "customer": "account", "latency_ms": "duration_ms", "status": "status"
 *   },
 *   // how the token columns relate (default "disjoint": each column is its own class)
 *   "convention": "openai",
 *   // values for fields that have no column, or whose cell is empty
 *   "defaults": { "provider": "openai", "environment": "prod" },
 *   // free tags: a list of columns (the tag is named after the column), or { "tag": "column" }
 *   "tags": ["region", "app_version"],
 *   // the columns whose values identify a call (default: a hash of the whole row)
 *   "id": ["request_id"],
 *   // "iso" (default; no offset means UTC), "unix_s" or "unix_ms"
 *   "timestamp_format": "iso"
 * }
 * ```
 *
 * Fields: `ts`, `provider`, `model`, `response_model`; the token and unit classes `input`,
 * `cached_input`, `cache_write`, `cache_write_1h`, `output`, `reasoning`, `audio_input`,
 * `audio_output`, `images`, `audio_seconds`, `web_searches`, `requests` (default 1 per row);
 * attribution `org`, `team`, `project`, `feature`, `customer`, `user`, `api_key_id`,
 * `environment`; interaction `trace_id`, `span_id`, `parent_span_id`, `session_id`,
 * `attempt`, `is_retry`, `is_tool_call`; request `latency_ms`, `ttft_ms`, `status`, `batch`,
 * `service_tier`, `cache_hit`, `region`, `estimated`.
 *
 * Conventions: `disjoint`; `openai` (input contains cached, cache-write and audio input,
 * output contains reasoning and audio output); `openai-responses`; `anthropic` (input
 * excludes cache reads and writes, output contains reasoning); `gemini` (input contains cached,
 * output excludes reasoning); `otel` (input contains cache reads and writes, output contains
 * reasoning). They are the normalisers' own conventions.
 */
import {
  anthropicConvention,
  geminiConvention,
  openaiChatConvention,
  openaiResponsesConvention,
  otelGenAIConvention,
  type TokenConvention,
} from "../../usage/normalize/index.js";
import { describeValue, isRecord } from "../../shared/json.js";
import type { TimestampFormat } from "./values.js";

/** each token is its own class: nothing contains anything */
const DISJOINT: TokenConvention = {
  name: "disjoint",
  inputIncludesCacheRead: false,
  inputIncludesCacheWrite: false,
  inputIncludesAudio: false,
  outputIncludesReasoning: false,
  outputIncludesAudio: false,
};

export const CONVENTIONS: Readonly<Record<string, TokenConvention>> = {
  disjoint: DISJOINT,
  openai: openaiChatConvention,
  "openai-responses": openaiResponsesConvention,
  anthropic: anthropicConvention,
  gemini: geminiConvention,
  otel: otelGenAIConvention,
};

/** how a field's value is read */
export type FieldKind = "timestamp" | "text" | "count" | "number" | "bool" | "status";

export const FIELD_KINDS = {
  ts: "timestamp",
  provider: "text",
  model: "text",
  response_model: "text",
  input: "count",
  cached_input: "count",
  cache_write: "count",
  cache_write_1h: "count",
  output: "count",
  reasoning: "count",
  audio_input: "count",
  audio_output: "count",
  images: "count",
  audio_seconds: "count",
  web_searches: "count",
  requests: "count",
  org: "text",
  team: "text",
  project: "text",
  feature: "text",
  customer: "text",
  user: "text",
  api_key_id: "text",
  environment: "text",
  trace_id: "text",
  span_id: "text",
  parent_span_id: "text",
  session_id: "text",
  attempt: "count",
  is_retry: "bool",
  is_tool_call: "bool",
  latency_ms: "number",
  ttft_ms: "number",
  status: "status",
  batch: "bool",
  service_tier: "text",
  cache_hit: "bool",
  region: "text",
  estimated: "bool",
} as const satisfies Record<string, FieldKind>;

export type FieldName = keyof typeof FIELD_KINDS;

export interface Mapping {
  name: string | undefined;
  fields: Partial<Record<FieldName, string>>;
  convention: TokenConvention;
  defaults: Partial<Record<FieldName, string | number | boolean>>;
  /** tag name → column */
  tags: Record<string, string>;
  id: string[];
  timestampFormat: TimestampFormat;
}

function isField(name: string): name is FieldName {
  return Object.hasOwn(FIELD_KINDS, name);
}

function fail(path: string, problem: string): never {
  throw new Error(`mapping.${path}: ${problem}`);
}

function nonEmptyString(value: unknown, path: string): string {
  if (typeof value === "string" && value.trim() !== "") return value;
  return fail(path, `expected a column name, got ${describeValue(value)}`);
}

/**
 * Checks a parsed mapping file and returns it in normal form.
 *
 * @throws Error naming the bad key, e.g. `mapping.fields.ts: required`
 * @example
 * parseMapping({ fields: { ts: "created_at", model: "model", input: "prompt_tokens" }, convention: "openai" });
 */
export function parseMapping(value: unknown): Mapping {
  if (!isRecord(value)) fail("", `expected an object, got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (!["name", "fields", "convention", "defaults", "tags", "id", "timestamp_format"].includes(key)) fail(key, "unknown key");
  }
  if (!isRecord(value["fields"])) fail("fields", `expected an object of field → column, got ${describeValue(value["fields"])}`);
  const fields: Partial<Record<FieldName, string>> = {};
  for (const [name, column] of Object.entries(value["fields"])) {
    if (!isField(name)) fail(`fields.${name}`, `unknown field; expected one of ${Object.keys(FIELD_KINDS).join(", ")}`);
    fields[name] = nonEmptyString(column, `fields.${name}`);
  }
  const defaults: Partial<Record<FieldName, string | number | boolean>> = {};
  const rawDefaults = value["defaults"] ?? {};
  if (!isRecord(rawDefaults)) fail("defaults", `expected an object of field → value, got ${describeValue(rawDefaults)}`);
  for (const [name, v] of Object.entries(rawDefaults)) {
    if (!isField(name)) fail(`defaults.${name}`, "unknown field");
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") fail(`defaults.${name}`, `expected a value, got ${describeValue(v)}`);
    defaults[name] = v;
  }
  if (fields.ts === undefined) fail("fields.ts", "required: the column with each call's time");
  if (fields.model === undefined && defaults.model === undefined) fail("fields.model", "required (or defaults.model)");

  const conventionName = value["convention"] ?? "disjoint";
  if (typeof conventionName !== "string" || !Object.hasOwn(CONVENTIONS, conventionName)) {
    fail("convention", `expected one of ${Object.keys(CONVENTIONS).join(", ")}, got ${describeValue(conventionName)}`);
  }
  const tags: Record<string, string> = {};
  const rawTags = value["tags"] ?? [];
  if (Array.isArray(rawTags)) for (const [i, column] of rawTags.entries()) tags[nonEmptyString(column, `tags[${i}]`)] = column as string;
  else if (isRecord(rawTags)) for (const [tag, column] of Object.entries(rawTags)) tags[tag] = nonEmptyString(column, `tags.${tag}`);
  else fail("tags", `expected a list of columns or an object of tag → column, got ${describeValue(rawTags)}`);
  for (const tag of Object.keys(tags)) if (!/^[A-Za-z0-9_.:-]+$/.test(tag)) fail(`tags.${tag}`, "a tag name may only hold letters, digits and _ . : -");

  const rawId = value["id"] ?? [];
  const id = typeof rawId === "string" ? [rawId] : rawId;
  if (!Array.isArray(id)) fail("id", `expected a list of columns, got ${describeValue(rawId)}`);
  const idColumns = id.map((column, i) => nonEmptyString(column, `id[${i}]`));

  const format = value["timestamp_format"] ?? "iso";
  if (format !== "iso" && format !== "unix_s" && format !== "unix_ms")
    fail("timestamp_format", `expected iso, unix_s or unix_ms, got ${describeValue(format)}`);
  const name = value["name"];
  if (name !== undefined && (typeof name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(name)))
    fail("name", `expected a short name (letters, digits, _ . -), got ${describeValue(name)}`);

  return { name, fields, convention: CONVENTIONS[conventionName] as TokenConvention, defaults, tags, id: idColumns, timestampFormat: format };
}

/**
 * Every column a mapping reads, with what it is read for (to check a csv header).
 *
 * @example
 * mappedColumns(parseMapping({ fields: { ts: "t", model: "m" }, tags: ["region"] }));
 * // => [{ column: "t", use: "fields.ts" }, { column: "m", use: "fields.model" }, { column: "region", use: "tags.region" }]
 */
export function mappedColumns(mapping: Mapping): { column: string; use: string }[] {
  return [
    ...Object.entries(mapping.fields).map(([field, column]) => ({ column: column as string, use: `fields.${field}` })),
    ...Object.entries(mapping.tags).map(([tag, column]) => ({ column, use: `tags.${tag}` })),
    ...mapping.id.map((column, i) => ({ column, use: `id[${i}]` })),
  ];
}
