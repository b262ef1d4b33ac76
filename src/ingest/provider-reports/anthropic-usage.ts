/**
 * `tokenomics import anthropic-usage`: exports of Anthropic's Admin API usage report
 * (`GET /v1/organizations/usage_report/messages`) and cost report
 * (`GET /v1/organizations/cost_report`) → usage records.
 *
 * Usage results are aggregates: one record per bucket × result, dated at `starting_at`,
 * attributed by the group-by fields it carries (`workspace_id` → project, `account_id` → user,
 * `api_key_id`; `service_tier` "batch" → batch, "priority" → tier; `inference_geo` → region;
 * `context_window`, `speed`, `service_account_id` → tags). Its id is a digest of the bucket's
 * start and end and every group-by value, so the same export gives the same ids; a later export
 * of a bucket that was still filling is the same id with larger numbers, and the ledger keeps
 * the first. The report counts no requests, so `requests` is 0.
 *
 * Token convention (`anthropic-usage-report`): the classes are already disjoint —
 * `uncached_input_tokens`, `cache_read_input_tokens`, `cache_creation.ephemeral_5m_input_tokens`
 * / `ephemeral_1h_input_tokens`, `output_tokens` (thinking inside, not reported apart) and
 * `server_tool_use.web_search_requests` — the same arithmetic as a Messages usage object, so the
 * result is read by the Anthropic normaliser with `uncached_input_tokens` as its `input_tokens`.
 *
 * Cost results are not usage: each becomes a record with zero usage tagged
 * `anthropic_cost_usd` — the exported `amount` is in cents ("123.45" is $1.2345), converted
 * exactly — plus `description`, `cost_type`, `token_type` and `context_window`, attributed to
 * its workspace, for reconciling the metered usage against the bill. With no tokens it adds
 * nothing to priced spend, so importing both reports never counts a dollar twice.
 */
import type { Attribution, RequestFacts, UsageRecord } from "../../usage/event.js";
import { multiplyDecimals } from "../../pricing/money.js";
import { anthropicConvention, applyConvention, asCount, asObject, extractAnthropicCounts, readObject, type RawCounts } from "../../usage/normalize/index.js";
import type { JsonObject } from "../../shared/json.js";
import { usage } from "../../usage/usage.js";
import type { Importer } from "../importer.js";
import { toIsoInstant } from "../instant.js";
import { importReport, optionalString, reportId, UNKNOWN_MODEL, type ReportResult } from "./report-pages.js";

const CONVENTION = "anthropic-usage-report";

// group-by fields, in the order they are hashed into an id
const USAGE_DIMENSIONS = [
  "api_key_id",
  "workspace_id",
  "model",
  "service_tier",
  "context_window",
  "inference_geo",
  "speed",
  "account_id",
  "service_account_id",
];
const COST_DIMENSIONS = ["workspace_id", "description", "cost_type", "token_type", "model", "service_tier", "context_window", "inference_geo", "speed"];

// string field → where it goes
const ATTRIBUTION_KEYS: ReadonlyArray<readonly [string, keyof Attribution]> = [
  ["workspace_id", "project"],
  ["account_id", "user"],
  ["api_key_id", "api_key_id"],
];
const USAGE_TAGS = ["context_window", "speed", "service_account_id"];
const COST_TAGS = ["description", "cost_type", "token_type", "context_window"];

// service_tier → request facts; another tier name is kept as given
const TIERS: Readonly<Record<string, RequestFacts>> = { standard: {}, batch: { batch: true } };
const NO_REGION = new Set(["not_available"]);

function bucketTimes({ bucket, bucketPath }: ReportResult): { start: string; end: string | undefined } {
  const end = bucket["ending_at"];
  return {
    start: toIsoInstant(bucket["starting_at"], `${bucketPath}.starting_at`),
    end: end === undefined || end === null ? undefined : toIsoInstant(end, `${bucketPath}.ending_at`),
  };
}

function attributionOf(r: JsonObject, tagKeys: readonly string[], path: string, extraTags: Record<string, string> = {}): Attribution {
  const attribution: Attribution = {};
  for (const [key, field] of ATTRIBUTION_KEYS) {
    const value = optionalString(r, key, path);
    if (value !== undefined) (attribution as Record<string, string>)[field] = value;
  }
  const tags: Record<string, string> = { ...extraTags };
  for (const key of tagKeys) {
    const value = optionalString(r, key, path);
    if (value !== undefined) tags[key] = value;
  }
  if (Object.keys(tags).length > 0) attribution.tags = tags;
  return attribution;
}

function requestFacts(r: JsonObject, path: string): RequestFacts {
  const request: RequestFacts = { status: "ok" };
  const tier = optionalString(r, "service_tier", path);
  if (tier !== undefined) Object.assign(request, TIERS[tier] ?? { service_tier: tier });
  const geo = optionalString(r, "inference_geo", path);
  if (geo !== undefined && !NO_REGION.has(geo)) request.region = geo;
  return request;
}

/** the result as a Messages usage object, so the Anthropic normaliser reads it */
function asMessageUsage(r: JsonObject, path: string): JsonObject {
  // some exports flatten the split; the api nests it under cache_creation
  const split = readObject(r, "cache_creation", path) ?? {
    ephemeral_5m_input_tokens: r["cache_creation_5m_input_tokens"],
    ephemeral_1h_input_tokens: r["cache_creation_1h_input_tokens"],
  };
  return {
    input_tokens: asCount(r["uncached_input_tokens"], `${path}.uncached_input_tokens`),
    cache_read_input_tokens: r["cache_read_input_tokens"],
    cache_creation: split,
    output_tokens: asCount(r["output_tokens"], `${path}.output_tokens`),
    server_tool_use: r["server_tool_use"],
  };
}

function usageRecord(item: ReportResult, r: JsonObject, file: string): UsageRecord {
  const { path } = item;
  const { start, end } = bucketTimes(item);
  const messageUsage = asMessageUsage(r, path);
  let counts: RawCounts;
  try {
    counts = extractAnthropicCounts(messageUsage);
  } catch (e) {
    // the normaliser names fields under "usage"; say where they really are
    throw new Error((e instanceof Error ? e.message : String(e)).replace(/^usage\b/, path));
  }
  return {
    id: reportId("anthropic-usage", [["start", start], ["end", end], ...USAGE_DIMENSIONS.map((k) => [k, optionalString(r, k, path)] as const)]),
    ts: start,
    provider: "anthropic",
    model: optionalString(r, "model", path) ?? UNKNOWN_MODEL,
    // the report counts tokens, not requests
    usage: applyConvention({ ...counts, requests: 0 }, anthropicConvention),
    attribution: attributionOf(r, USAGE_TAGS, path),
    interaction: {},
    request: requestFacts(r, path),
    source: { kind: "anthropic-usage", convention: CONVENTION, raw_usage: r, file, line: item.line },
  };
}

/**
 * Cents as a decimal string → USD, exactly.
 *
 * @throws Error when the amount is not a decimal string
 * @example
 * centsToUsd("123.78912", "amount"); // "1.2378912"
 */
export function centsToUsd(amount: unknown, path: string): string {
  if (typeof amount !== "string" || !/^-?\d+(\.\d+)?$/.test(amount.trim())) {
    throw new Error(`${path}: expected an amount in cents as a decimal string, got ${JSON.stringify(amount)}`);
  }
  return multiplyDecimals(amount.trim(), "0.01");
}

function costRecord(item: ReportResult, r: JsonObject, file: string): UsageRecord {
  const { path } = item;
  const { start, end } = bucketTimes(item);
  const currency = optionalString(r, "currency", path);
  if (currency !== undefined && currency.toUpperCase() !== "USD") throw new Error(`${path}.currency: only USD costs are read, got "${currency}"`);
  const usd = centsToUsd(r["amount"], `${path}.amount`);
  return {
    id: reportId("anthropic-cost", [["start", start], ["end", end], ...COST_DIMENSIONS.map((k) => [k, optionalString(r, k, path)] as const)]),
    ts: start,
    provider: "anthropic",
    model: optionalString(r, "model", path) ?? UNKNOWN_MODEL,
    usage: usage(),
    attribution: attributionOf(r, COST_TAGS, path, { anthropic_cost_usd: usd }),
    interaction: {},
    request: requestFacts(r, path),
    source: { kind: "anthropic-usage", convention: "anthropic-cost-report", raw_usage: r, file, line: item.line },
  };
}

/**
 * One usage-report or cost-report result → a record.
 *
 * @throws Error saying why the result cannot be imported
 * @example
 * convertAnthropicUsageResult(item, "usage.json");
 * // a result { uncached_input_tokens: 1500, cache_read_input_tokens: 200, output_tokens: 500,
 * //   cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1000 } }
 * // => { usage: { input: 1500, cached_input: 200, cache_write: 500, cache_write_1h: 1000, output: 500, ... }, ... }
 */
export function convertAnthropicUsageResult(item: ReportResult, file: string): UsageRecord {
  const r = asObject(item.result, item.path);
  if ("uncached_input_tokens" in r) return usageRecord(item, r, file);
  if ("amount" in r) return costRecord(item, r, file);
  throw new Error(`${item.path}: neither a usage result (uncached_input_tokens) nor a cost result (amount)`);
}

/**
 * Reads Anthropic Admin API usage-report and cost-report exports: one page, an array of pages
 * or buckets, or JSONL of pages.
 *
 * @example
 * for await (const item of anthropicUsageImporter.read("usage-report-2025-08.json", {})) {
 *   if ("record" in item) console.log(item.record.ts, item.record.model, item.record.usage);
 * }
 */
export const anthropicUsageImporter: Importer = {
  restates: true,
  name: "anthropic-usage",
  description: "Anthropic Admin API usage report / cost report exports (JSON pages or JSONL)",
  extensions: [".json", ".jsonl", ".ndjson"],
  read: (file) => importReport(file, (item) => convertAnthropicUsageResult(item, file)),
};
