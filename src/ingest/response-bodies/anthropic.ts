/**
 * `tokenomics import anthropic`: JSONL of raw Anthropic Messages response bodies → usage records.
 *
 * Each line is one of
 * - a bare `type: "message"` body;
 * - an envelope: the body under `response` (or `body`) with attribution alongside (see
 *   `./envelope.ts`);
 * - a Message Batches results line `{"custom_id","result":{"type":"succeeded","message":{...}}}`:
 *   the record is `batch: true` and tagged with `custom_id`. Errored, expired and canceled
 *   results bill nothing and are skipped (they are not bad lines, so not rejects either).
 *
 * Ids are `anthropic:<message.id>`. Tokens are read by the shared normaliser
 * (`anthropic-messages` convention: `input_tokens` excludes cache reads and writes; the
 * `cache_creation` split gives 5-minute and 1-hour writes; web searches from
 * `server_tool_use`). `usage.service_tier` "batch" marks a batch call, "priority" is kept as the
 * tier; `usage.inference_geo` becomes the region.
 *
 * Message bodies carry no time: a call is dated by `ts` alongside, else by the file's
 * modification time, and then tagged `ts_source=file-mtime`.
 */
import type { RequestFacts, UsageRecord } from "../../usage/event.js";
import { asObject, normalizeUsageDetailed } from "../../usage/normalize/index.js";
import { isRecord, type JsonObject } from "../../shared/json.js";
import { BODY_KEYS, readAlongside, readBodyLines, recordFromBody, requireId, requireModel, unwrapBody, type Alongside, type LineOrigin } from "./envelope.js";
import type { Importer } from "../importer.js";

const isMessage = (o: JsonObject): boolean => o["type"] === "message";
const isErrorBody = (o: unknown): boolean => isRecord(o) && o["type"] === "error";
const isBatchResult = (o: JsonObject): boolean => typeof o["custom_id"] === "string" && isRecord(o["result"]);

// usage.service_tier → request facts; another tier name is kept as given
const TIERS: Readonly<Record<string, RequestFacts>> = {
  standard: {},
  batch: { batch: true },
};

// inference_geo values that name no region
const NO_REGION = new Set(["not_available"]);

function requestFacts(usage: JsonObject): RequestFacts {
  const request: RequestFacts = { status: "ok" };
  const tier = usage["service_tier"];
  if (typeof tier === "string") Object.assign(request, TIERS[tier] ?? { service_tier: tier });
  const geo = usage["inference_geo"];
  if (typeof geo === "string" && !NO_REGION.has(geo)) request.region = geo;
  return request;
}

function fromMessage(message: JsonObject, alongside: Alongside, origin: LineOrigin): UsageRecord {
  const id = requireId(message, "id");
  const usage = message["usage"];
  if (usage === undefined || usage === null) throw new Error("usage: missing from the message");
  const facts = {
    id: `anthropic:${id}`,
    provider: "anthropic",
    model: requireModel(message),
    normalized: normalizeUsageDetailed("anthropic", message),
    rawUsage: usage,
    request: requestFacts(asObject(usage, "usage")),
  };
  return recordFromBody(facts, alongside, origin);
}

/** a batch results line: only succeeded requests are billed */
function fromBatchResult(line: JsonObject, origin: LineOrigin): UsageRecord | undefined {
  const result = asObject(line["result"], "result");
  if (result["type"] !== "succeeded") return undefined;
  const message = asObject(result["message"], "result.message");
  if (!isMessage(message)) throw new Error('result.message: expected type "message"');
  const alongside: Alongside = {
    attribution: { tags: { custom_id: String(line["custom_id"]) } },
    interaction: {},
    request: { batch: true },
  };
  return fromMessage(message, alongside, origin);
}

/**
 * One parsed line → a record, `undefined` for a line that bills nothing.
 *
 * @throws Error saying why the line cannot be imported
 * @example
 * convertAnthropicLine({ type: "message", id: "msg_01", model: "claude-sonnet-4-5",
 *   usage: { input_tokens: 50, cache_read_input_tokens: 100000, output_tokens: 20 } }, origin);
 * // => { id: "anthropic:msg_01", usage: { input: 50, cached_input: 100000, output: 20, requests: 1, ... }, ... }
 */
export function convertAnthropicLine(value: unknown, origin: LineOrigin): UsageRecord | undefined {
  if (!isRecord(value)) throw new Error("expected a JSON object per line");
  if (isBatchResult(value)) return fromBatchResult(value, origin);
  if (isErrorBody(value) || BODY_KEYS.some((key) => isErrorBody(value[key]))) return undefined;
  const parts = unwrapBody(value, isMessage);
  if (parts === undefined) {
    const type = value["type"];
    throw new Error(`not an Anthropic message: expected type "message"${typeof type === "string" ? `, got "${type}"` : ""}`);
  }
  return fromMessage(parts.body, readAlongside(parts.alongside), origin);
}

/**
 * Reads JSONL of Anthropic Messages bodies (bare, in an envelope with attribution, or Message
 * Batches results lines).
 *
 * @example
 * for await (const item of anthropicImporter.read("messages.jsonl", {})) {
 *   if ("record" in item) console.log(item.record.id, item.record.usage);
 * }
 */
export const anthropicImporter: Importer = {
  name: "anthropic",
  description: "JSONL of Anthropic Messages bodies, or Message Batches results files",
  extensions: [".jsonl", ".ndjson"],
  read: (file, options) => readBodyLines(file, "anthropic", convertAnthropicLine, options.lines),
};
