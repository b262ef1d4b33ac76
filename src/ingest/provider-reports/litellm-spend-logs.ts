/**
 * LiteLLM proxy spend logs (`LiteLLM_SpendLogs`, BerriAI/litellm schema.prisma) → usage records.
 *
 * Takes the table exported as CSV (header = column names), as a JSON array (or the
 * `/spend/logs` API's `{"data": [...]}`), or as JSONL. One row is one call:
 *
 * - id `litellm:<request_id>` (the table's primary key);
 * - usage from `metadata.usage_object` when logged (LiteLLM's OpenAI-shaped usage, whose
 *   `prompt_tokens` contains cache reads and — for Anthropic, in current LiteLLM — cache writes,
 *   reported as `prompt_tokens_details.cache_creation_tokens` / `cache_creation_input_tokens`),
 *   else the `prompt_tokens` / `completion_tokens` columns; read with the openai normaliser;
 * - team: `metadata.user_api_key_team_alias`, else `team_id`; org: `organization_id`;
 *   customer: `end_user`; user: `user`; api key id: `api_key` (LiteLLM stores its hash);
 * - tags: `request_tags` (`"k:v"` → k = v, a plain tag → tag = "true"),
 *   `metadata.spend_logs_metadata`, `call_type`, `model_group`, and LiteLLM's own `spend` as
 *   `litellm_spend` — kept to cross-check, never used as our price;
 * - latency from `request_duration_ms` or `endTime − startTime`, time to first token from
 *   `completionStartTime`, status `success`/`failure`, `cache_hit` (a proxy cache hit, which the
 *   provider did not bill).
 */
import { readFile } from "node:fs/promises";
import type { UsageRecord } from "../../usage/event.js";
import { applyConvention, extractOpenAIChatCounts, openaiChatConvention, readObject, readOptionalCount } from "../../usage/normalize/index.js";
import { describeValue, isRecord, type JsonObject, JsonSyntaxError, parseJson } from "../../shared/json.js";
import { readCsv } from "../mapped/csv.js";
import type { ImportItem, Importer } from "../importer.js";
import { readLines } from "../read-lines.js";
import { readBoolValue, readCountValue, readNumberValue, readStatusValue, readTextValue, readTimestampValue } from "../mapped/values.js";

/** a JSON column: an object already, or JSON text (csv); empty means absent */
function jsonColumn(value: unknown, column: string): unknown {
  if (typeof value !== "string") return value ?? undefined;
  if (value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new Error(`${column}: not JSON: ${describeValue(value)}`);
  }
}

/**
 * LiteLLM's usage object → raw counts under the openai convention. The openai extractor reads
 * prompt/completion and their details; LiteLLM's own names for cache writes (and their 1-hour
 * part) are added where the openai ones are absent.
 */
function usageOf(usageObject: JsonObject): ReturnType<typeof extractOpenAIChatCounts> {
  const raw = extractOpenAIChatCounts({ usage: usageObject });
  const details = readObject(usageObject, "prompt_tokens_details", "usage");
  if (raw.cacheRead === 0) raw.cacheRead = readOptionalCount(usageObject, "cache_read_input_tokens", "usage") ?? 0;
  if (raw.cacheWrite5m === 0) {
    const written =
      readOptionalCount(details, "cache_creation_tokens", "usage.prompt_tokens_details") ??
      readOptionalCount(usageObject, "cache_creation_input_tokens", "usage") ??
      0;
    const split = readObject(details, "cache_creation_token_details", "usage.prompt_tokens_details");
    const oneHour = readOptionalCount(split, "ephemeral_1h_input_tokens", "usage.prompt_tokens_details.cache_creation_token_details") ?? 0;
    raw.cacheWrite1h = Math.min(oneHour, written);
    raw.cacheWrite5m = written - raw.cacheWrite1h;
  }
  return raw;
}

/** request tags → tag entries: "k:v" is k = v, a plain tag is tag = "true" */
function requestTags(value: unknown, tags: Record<string, string>): void {
  const list = jsonColumn(value, "request_tags");
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new Error(`request_tags: expected a list, got ${describeValue(list)}`);
  for (const tag of list) {
    if (typeof tag !== "string" || tag.trim() === "") continue;
    const kv = /^([A-Za-z0-9_.-]+):(.+)$/.exec(tag.trim());
    // tag names must be usable as `tag.<name>` dimensions
    if (kv?.[1] !== undefined && kv[2] !== undefined) tags[kv[1]] = kv[2];
    else tags[tag.trim().replace(/[^A-Za-z0-9_.:-]/g, "_")] = "true";
  }
}

/** milliseconds from `a` to `b` (ISO strings), when b is not before a */
function between(a: string, b: string | undefined): number | undefined {
  if (b === undefined) return undefined;
  const ms = Date.parse(b) - Date.parse(a);
  return ms >= 0 ? ms : undefined;
}

/**
 * One spend-log row (column → value; csv cells are text) → a record.
 *
 * @throws Error with the reason the row is rejected
 * @example
 * spendLogToRecord({ request_id: "r1", startTime: "2025-10-14 09:12:00", model: "gpt-4o",
 *   prompt_tokens: "2006", completion_tokens: "300", spend: "0.0056" }, "spend.csv", 2);
 * // => { id: "litellm:r1", usage: { input: 2006, output: 300, ... }, attribution: { tags: { litellm_spend: "0.0056" } }, ... }
 */
export function spendLogToRecord(row: JsonObject, file: string, line: number): UsageRecord {
  const text = (column: string): string | undefined => readTextValue(row[column], column);
  const requestId = text("request_id");
  if (requestId === undefined) throw new Error("request_id: missing");
  const ts = readTimestampValue(row["startTime"], "startTime", "iso");
  const end = text("endTime") === undefined ? undefined : readTimestampValue(row["endTime"], "endTime", "iso");
  const firstToken = text("completionStartTime") === undefined ? undefined : readTimestampValue(row["completionStartTime"], "completionStartTime", "iso");

  const meta = jsonColumn(row["metadata"], "metadata") ?? {};
  if (!isRecord(meta)) throw new Error(`metadata: expected an object, got ${describeValue(meta)}`);
  const logged = meta["usage_object"];
  let rawUsage: JsonObject;
  if (isRecord(logged) && Object.keys(logged).length > 0) rawUsage = logged;
  else {
    // no usage object: the columns, with any provider extras LiteLLM kept aside
    const extra = isRecord(meta["additional_usage_values"]) ? meta["additional_usage_values"] : {};
    rawUsage = { ...extra };
    for (const column of ["prompt_tokens", "completion_tokens", "total_tokens"]) {
      const n = readCountValue(row[column], column);
      if (n !== undefined) rawUsage[column] = n;
    }
  }
  const usage = applyConvention(usageOf(rawUsage), openaiChatConvention);

  const tags: Record<string, string> = {};
  requestTags(row["request_tags"], tags);
  const custom = meta["spend_logs_metadata"];
  if (isRecord(custom)) {
    for (const [k, v] of Object.entries(custom)) {
      if (v !== null && v !== undefined) tags[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
  }
  const model = text("model") ?? text("model_group") ?? "unknown";
  const group = text("model_group");
  if (group !== undefined && group !== model) tags["model_group"] = group;
  const callType = text("call_type");
  if (callType !== undefined) tags["call_type"] = callType;
  const spend = readNumberValue(row["spend"], "spend");
  if (spend !== undefined) tags["litellm_spend"] = String(spend);

  const teamAlias = readTextValue(meta["user_api_key_team_alias"], "metadata.user_api_key_team_alias");
  const record: UsageRecord = {
    id: `litellm:${requestId}`,
    ts,
    provider: text("custom_llm_provider") ?? "unknown",
    model,
    usage,
    attribution: {},
    interaction: {},
    request: {},
    source: { kind: "litellm", convention: openaiChatConvention.name, raw_usage: rawUsage, file, line },
  };
  const a = record.attribution;
  const team = teamAlias ?? text("team_id") ?? readTextValue(meta["user_api_key_team_id"], "metadata.user_api_key_team_id");
  if (team !== undefined) a.team = team;
  const org = text("organization_id") ?? readTextValue(meta["user_api_key_org_id"], "metadata.user_api_key_org_id");
  if (org !== undefined) a.org = org;
  const customer = text("end_user");
  if (customer !== undefined) a.customer = customer;
  const user = text("user") ?? readTextValue(meta["user_api_key_user_id"], "metadata.user_api_key_user_id");
  if (user !== undefined) a.user = user;
  const key = text("api_key");
  if (key !== undefined) a.api_key_id = key;
  if (Object.keys(tags).length > 0) a.tags = tags;

  const session = text("session_id");
  if (session !== undefined) record.interaction.session_id = session;
  const r = record.request;
  const latency = readNumberValue(row["request_duration_ms"], "request_duration_ms") ?? between(ts, end);
  if (latency !== undefined) r.latency_ms = latency;
  const ttft = between(ts, firstToken);
  if (ttft !== undefined) r.ttft_ms = ttft;
  const status = readStatusValue(row["status"], "status") ?? readStatusValue(meta["status"], "metadata.status");
  if (status !== undefined) r.status = status;
  // python writes an unset flag as "None": a fact we can do without, never a reason to reject
  let hit: boolean | undefined;
  try {
    hit = readBoolValue(row["cache_hit"], "cache_hit");
  } catch {
    hit = undefined;
  }
  if (hit !== undefined) r.cache_hit = hit;
  return record;
}

function item(row: unknown, file: string, line: number): ImportItem {
  try {
    if (!isRecord(row)) throw new Error(`expected a spend log row object, got ${describeValue(row)}`);
    return { record: spendLogToRecord(row, file, line) };
  } catch (e) {
    return { reject: { file, line, reason: (e as Error).message } };
  }
}

async function* readSpendCsv(file: string): AsyncGenerator<ImportItem> {
  let header: string[] | undefined;
  for await (const row of readCsv(file)) {
    if (!("fields" in row)) {
      yield { reject: { file, line: row.line, reason: row.reason } };
      continue;
    }
    if (header === undefined) {
      header = row.fields.map((name) => name.trim());
      if (!header.includes("request_id") || !header.includes("startTime")) {
        yield { reject: { file, line: row.line, reason: "header: expected LiteLLM_SpendLogs columns (request_id, startTime, …)" } };
        return;
      }
      continue;
    }
    if (row.fields.length !== header.length) {
      yield { reject: { file, line: row.line, reason: `expected ${header.length} fields (as in the header), got ${row.fields.length}` } };
      continue;
    }
    const obj: JsonObject = {};
    for (const [i, name] of header.entries()) obj[name] = row.fields[i];
    yield item(obj, file, row.line);
  }
}

async function* readSpendJson(file: string): AsyncGenerator<ImportItem> {
  // a bad first line is held until the next one says whether this is jsonl
  let held: { line: number; reason: string } | undefined;
  let lines = false;
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (e) {
      const reason = `not JSON: ${(e as Error).message}`;
      if (lines) yield { reject: { file, line, reason } };
      else if (held === undefined) {
        held = { line, reason };
        continue;
      } else break;
      continue;
    }
    // a row object per line is jsonl; anything else is the start of one document
    if (!lines && !(isRecord(row) && "request_id" in row)) break;
    if (!lines && held !== undefined) yield { reject: { file, ...held } };
    lines = true;
    yield item(row, file, line);
  }
  if (lines) return;
  let doc: unknown;
  try {
    doc = parseJson(await readFile(file, "utf8"));
  } catch (e) {
    yield { reject: { file, line: e instanceof JsonSyntaxError ? e.line : 1, reason: `not JSON: ${(e as Error).message}` } };
    return;
  }
  // an array of rows, or the /spend/logs api's page
  const rows = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc["data"]) ? doc["data"] : undefined;
  if (rows === undefined) {
    yield { reject: { file, line: 1, reason: `expected an array of spend log rows, got ${describeValue(doc)}` } };
    return;
  }
  // a whole document has no useful line numbers: the row's 1-based index stands in
  for (const [i, row] of rows.entries()) yield item(row, file, i + 1);
}

/**
 * Reads a LiteLLM spend-log export: CSV (by extension), a JSON array, or JSONL.
 *
 * @example
 * for await (const item of readLiteLLMSpendLogs("spend_logs.csv")) …
 */
export function readLiteLLMSpendLogs(file: string): AsyncGenerator<ImportItem> {
  return file.toLowerCase().endsWith(".csv") ? readSpendCsv(file) : readSpendJson(file);
}

export const litellmImporter: Importer = {
  name: "litellm",
  description: "LiteLLM proxy spend logs (LiteLLM_SpendLogs as CSV, a JSON array, or JSONL)",
  extensions: [".csv", ".json", ".jsonl"],
  read: (file) => readLiteLLMSpendLogs(file),
};
