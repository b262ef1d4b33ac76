/**
 * `tokenomics import openai-usage`: exports of OpenAI's organization Usage API
 * (`GET /v1/organization/usage/{completions,embeddings,moderations,images,audio_transcriptions}`)
 * and Costs API (`GET /v1/organization/costs`) → usage records.
 *
 * Usage results are aggregates: one record per bucket × result, dated at the bucket start,
 * `requests` = `num_model_requests`, attributed by the group-by fields it carries
 * (`project_id` → project, `user_id` → user, `api_key_id`; `batch`, `service_tier`). Its id is
 * a digest of the endpoint, the bucket's start and end and every group-by value, so the same
 * export gives the same ids; a later export of a bucket that was still filling is the same id
 * with larger numbers, and the ledger keeps the first.
 *
 * Token convention (completions): `input_tokens` INCLUDES `input_cached_tokens`. Current
 * exports also count audio and image input, cache writes (`input_cache_write_tokens`) and audio
 * and image output inside `input_tokens` / `output_tokens`, and say so with per-modality fields
 * (`input_text_tokens`, `input_uncached_tokens`, `output_text_tokens`…): convention
 * `openai-usage-api`. Older exports, without those fields, counted text only there and audio
 * apart (`input_audio_tokens` "including cached tokens"): convention `openai-usage-api-text`.
 * Cached audio and image tokens are inside `input_cached_tokens` and price as cached input;
 * image output tokens stay in `output` (a usage record has no image-token class). Reasoning
 * tokens are inside `output_tokens` and not reported apart, so they price as output.
 *
 * Costs results are not usage: each becomes a record with zero usage tagged
 * `openai_cost_usd` (the exact amount as exported), `line_item` and `quantity`, attributed to
 * its project and API key, dated at the bucket start — the provider's own bill kept beside the
 * metered usage for reconciliation. With no tokens it adds nothing to priced spend, so importing
 * costs and usage together never counts a dollar twice. Its model is "unknown".
 *
 * Audio speeches (billed per character), vector stores (storage) and code interpreter sessions
 * have no place in a usage record yet: their results are rejected with that reason, so a
 * mixed export says what it left out.
 */
import Big from "big.js";
import type { Attribution, RequestFacts, UsageRecord } from "../../usage/event.js";
import { usage, type Usage } from "../../usage/usage.js";
import { applyConvention, asCount, asObject, rawCounts, readCount, type RawCounts, type TokenConvention } from "../../usage/normalize/index.js";
import { describeValue, type JsonObject } from "../../shared/json.js";
import type { Importer } from "../importer.js";
import { toIsoInstant } from "../instant.js";
import { importReport, optionalBoolean, optionalString, reportId, UNKNOWN_MODEL, type ReportResult } from "./report-pages.js";

/** current exports: every input and output token inside the two totals */
export const usageApiConvention: TokenConvention = {
  name: "openai-usage-api",
  inputIncludesCacheRead: true,
  inputIncludesCacheWrite: true,
  inputIncludesAudio: true,
  outputIncludesReasoning: true,
  outputIncludesAudio: true,
};

/** exports from before the per-modality fields: text totals, audio reported apart */
export const usageApiTextConvention: TokenConvention = {
  ...usageApiConvention,
  name: "openai-usage-api-text",
  inputIncludesAudio: false,
  outputIncludesAudio: false,
};

// any of these marks a current export
const MODALITY_KEYS = [
  "input_uncached_tokens",
  "input_text_tokens",
  "input_image_tokens",
  "input_cached_text_tokens",
  "input_cached_audio_tokens",
  "input_cached_image_tokens",
  "input_cache_write_tokens",
  "output_text_tokens",
  "output_image_tokens",
];

/** token counts (completions, embeddings, moderations) */
function tokenCounts(r: JsonObject, path: string): { raw: RawCounts; convention: TokenConvention } {
  const current = MODALITY_KEYS.some((k) => r[k] !== undefined && r[k] !== null);
  const raw = rawCounts({
    input: asCount(r["input_tokens"], `${path}.input_tokens`),
    cacheRead: readCount(r, "input_cached_tokens", path),
    cacheWrite5m: readCount(r, "input_cache_write_tokens", path),
    audioInput: readCount(r, "input_audio_tokens", path),
    output: readCount(r, "output_tokens", path),
    audioOutput: readCount(r, "output_audio_tokens", path),
    requests: readCount(r, "num_model_requests", path),
  });
  return { raw, convention: current ? usageApiConvention : usageApiTextConvention };
}

const unitCounts =
  (key: string, field: "images" | "audioSeconds") =>
  (r: JsonObject, path: string): { raw: RawCounts; convention: TokenConvention } => ({
    raw: rawCounts({ [field]: asCount(r[key], `${path}.${key}`), requests: readCount(r, "num_model_requests", path) }),
    convention: usageApiConvention,
  });

/** a usage endpoint's result: what it is grouped by and how its counts read */
interface UsageKind {
  dimensions: readonly string[];
  counts: (r: JsonObject, path: string) => { raw: RawCounts; convention: TokenConvention };
}

const BASE_DIMENSIONS = ["project_id", "user_id", "api_key_id", "model"];

const USAGE_KINDS: Readonly<Record<string, UsageKind>> = {
  "organization.usage.completions.result": { dimensions: [...BASE_DIMENSIONS, "batch", "service_tier"], counts: tokenCounts },
  "organization.usage.embeddings.result": { dimensions: BASE_DIMENSIONS, counts: tokenCounts },
  "organization.usage.moderations.result": { dimensions: BASE_DIMENSIONS, counts: tokenCounts },
  "organization.usage.images.result": { dimensions: [...BASE_DIMENSIONS, "size", "source"], counts: unitCounts("images", "images") },
  "organization.usage.audio_transcriptions.result": { dimensions: BASE_DIMENSIONS, counts: unitCounts("seconds", "audioSeconds") },
};

// results with no place in a usage record, and why
const NOT_USAGE: Readonly<Record<string, string>> = {
  "organization.usage.audio_speeches.result": "audio speech usage is billed per character, which a usage record cannot hold",
  "organization.usage.vector_stores.result": "vector store usage is storage (bytes), not model usage",
  "organization.usage.code_interpreter_sessions.result": "code interpreter usage is billed per session, not model usage",
};

const COST_OBJECT = "organization.costs.result";
const COST_DIMENSIONS = ["project_id", "line_item", "api_key_id"];
// tiers that mean standard pricing
const STANDARD_TIERS = new Set(["default", "auto"]);

/** bucket start and end as ISO instants */
function bucketTimes({ bucket, bucketPath }: ReportResult): { start: string; end: string | undefined } {
  const end = bucket["end_time"];
  return {
    start: toIsoInstant(bucket["start_time"], `${bucketPath}.start_time`),
    end: end === undefined || end === null ? undefined : toIsoInstant(end, `${bucketPath}.end_time`),
  };
}

/** attribution from the ids a result is grouped by */
function attributionOf(r: JsonObject, path: string): Attribution {
  const attribution: Attribution = {};
  const project = optionalString(r, "project_id", path);
  const user = optionalString(r, "user_id", path);
  const key = optionalString(r, "api_key_id", path);
  if (project !== undefined) attribution.project = project;
  if (user !== undefined) attribution.user = user;
  if (key !== undefined) attribution.api_key_id = key;
  return attribution;
}

/** the group-by values that identify a result; their types are checked on the way */
function dimensionValues(r: JsonObject, keys: readonly string[], path: string): Array<[string, unknown]> {
  return keys.map((k) => [k, typeof r[k] === "boolean" ? optionalBoolean(r, k, path) : optionalString(r, k, path)]);
}

function usageRecord(item: ReportResult, r: JsonObject, object: string, kind: UsageKind, file: string): UsageRecord {
  const { path } = item;
  const { start, end } = bucketTimes(item);
  const { raw, convention } = kind.counts(r, path);
  let counted: Usage;
  try {
    counted = applyConvention(raw, convention);
  } catch (e) {
    throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const request: RequestFacts = { status: "ok" };
  const batch = optionalBoolean(r, "batch", path);
  if (batch !== undefined) request.batch = batch;
  const tier = optionalString(r, "service_tier", path);
  if (tier !== undefined && !STANDARD_TIERS.has(tier)) request.service_tier = tier;
  const attribution = attributionOf(r, path);
  const tags = Object.fromEntries(["size", "source"].flatMap((k) => (typeof r[k] === "string" ? [[k, r[k] as string]] : [])));
  if (Object.keys(tags).length > 0) attribution.tags = tags;
  return {
    id: reportId("openai-usage", [["object", object], ["start", start], ["end", end], ...dimensionValues(r, kind.dimensions, path)]),
    ts: start,
    provider: "openai",
    model: optionalString(r, "model", path) ?? UNKNOWN_MODEL,
    usage: counted,
    attribution,
    interaction: {},
    request,
    source: { kind: "openai-usage", convention: convention.name, raw_usage: r, file, line: item.line },
  };
}

/** the exact decimal of a cost amount, from the number as written in the file */
function exactAmount(item: ReportResult, amount: JsonObject, path: string): string {
  const literal = item.literal(["amount", "value"]);
  const value = amount["value"];
  if (literal === undefined || typeof value !== "number") throw new Error(`${path}.amount.value: expected a number, got ${describeValue(value)}`);
  return new Big(literal).toFixed();
}

function costRecord(item: ReportResult, r: JsonObject, file: string): UsageRecord {
  const { path } = item;
  const { start, end } = bucketTimes(item);
  const amount = asObject(r["amount"], `${path}.amount`);
  const currency = optionalString(amount, "currency", `${path}.amount`);
  if (currency !== undefined && currency.toLowerCase() !== "usd") throw new Error(`${path}.amount.currency: only usd costs are read, got "${currency}"`);
  const attribution = attributionOf(r, path);
  const tags: Record<string, string> = { openai_cost_usd: exactAmount(item, amount, path) };
  const lineItem = optionalString(r, "line_item", path);
  if (lineItem !== undefined) tags["line_item"] = lineItem;
  if (typeof r["quantity"] === "number") tags["quantity"] = String(r["quantity"]);
  attribution.tags = tags;
  return {
    id: reportId("openai-cost", [["start", start], ["end", end], ...dimensionValues(r, COST_DIMENSIONS, path)]),
    ts: start,
    provider: "openai",
    model: UNKNOWN_MODEL,
    usage: usage(),
    attribution,
    interaction: {},
    request: { status: "ok" },
    source: { kind: "openai-usage", convention: "openai-costs-api", raw_usage: r, file, line: item.line },
  };
}

/**
 * One usage or cost result → a record.
 *
 * @throws Error saying why the result cannot be imported
 * @example
 * convertOpenAIUsageResult(item, "usage.json");
 * // a completions result { input_tokens: 1000, input_cached_tokens: 800, output_tokens: 500, num_model_requests: 5 }
 * // => { usage: { input: 200, cached_input: 800, output: 500, requests: 5, ... }, model: "unknown", ... }
 */
export function convertOpenAIUsageResult(item: ReportResult, file: string): UsageRecord {
  const r = asObject(item.result, item.path);
  const object = r["object"];
  if (typeof object !== "string") throw new Error(`${item.path}.object: expected the result type, got ${describeValue(object)}`);
  if (object === COST_OBJECT) return costRecord(item, r, file);
  const kind = USAGE_KINDS[object];
  if (kind !== undefined) return usageRecord(item, r, object, kind, file);
  throw new Error(`${item.path}: ${NOT_USAGE[object] ?? `unknown result type "${object}"`}; not imported`);
}

/**
 * Reads OpenAI organization Usage API and Costs API exports: one page, an array of pages or
 * buckets, or JSONL of pages.
 *
 * @example
 * for await (const item of openaiUsageImporter.read("completions-2025-08.json", {})) {
 *   if ("record" in item) console.log(item.record.ts, item.record.model, item.record.usage);
 * }
 */
export const openaiUsageImporter: Importer = {
  restates: true,
  name: "openai-usage",
  description: "OpenAI organization Usage API / Costs API exports (JSON pages or JSONL)",
  extensions: [".json", ".jsonl", ".ndjson"],
  read: (file) => importReport(file, (item) => convertOpenAIUsageResult(item, file)),
};
