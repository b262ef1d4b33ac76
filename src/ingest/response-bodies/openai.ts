/**
 * `tokenomics import openai`: JSONL of raw OpenAI response bodies → usage records.
 *
 * Each line is one of
 * - a bare body: a Chat Completions `chat.completion` or a Responses API `response`, told apart
 *   per line by `object`; the call is dated by `created` / `created_at` (unix seconds);
 * - an envelope: the body under `response` (or `body`) with attribution alongside (see
 *   `./envelope.ts`); a `ts` there wins over the body's own time;
 * - a Batch API output line `{"id","custom_id","response":{"status_code","body"}}`: the
 *   record is `batch: true` and tagged with `custom_id`; embeddings bodies, which have no id
 *   of their own, take the batch request's id.
 *
 * Ids are `openai:<body.id>`, so the same call logged twice (or by a batch and a log) is one
 * event. Tokens are read by the shared normalisers (`openai-chat` and `openai-responses`
 * conventions: cached inside the prompt, reasoning inside the output). Lines that bill nothing
 * are skipped, not rejected: API error bodies, failed batch requests, and responses that
 * failed, were cancelled or never ran and so report no usage. Stream chunks are rejected:
 * log the final body instead.
 */
import type { CallStatus, RequestFacts, UsageRecord } from "../../usage/event.js";
import {
  asObject,
  normalizeUsageDetailed,
  OPENAI_CHAT_COUNTS,
  OPENAI_CHAT_OTHER_COUNTS,
  openaiChatConvention,
  type UsageProvider,
} from "../../usage/normalize/index.js";
import { isRecord, type JsonObject } from "../../shared/json.js";
import {
  BODY_KEYS,
  ENVELOPE_PLAN,
  readAlongside,
  readBodyLines,
  readTags,
  recordFromBody,
  requireId,
  requireModel,
  unwrapBody,
  type Alongside,
  type LineOrigin,
} from "./envelope.js";
import type { Importer } from "../importer.js";
import { toIsoInstant } from "../instant.js";

/** a body kind: its `object`, the usage shape the normalisers know it by, and its time key */
interface BodyKind {
  object: string;
  shape: UsageProvider;
  tsKey?: string;
}

const BODY_KINDS: readonly BodyKind[] = [
  { object: "chat.completion", shape: "openai", tsKey: "created" },
  { object: "response", shape: "openai-responses", tsKey: "created_at" },
  // embeddings: usage { prompt_tokens, total_tokens }, neither id nor time of its own
  { object: "list", shape: "openai" },
];

// a responses body's status → the call's
const RESPONSE_STATUS: Readonly<Record<string, CallStatus>> = { completed: "ok", incomplete: "ok", failed: "error", cancelled: "cancelled" };
// responses in these states bill nothing when they report no usage
const UNBILLED = new Set(["failed", "cancelled", "queued", "in_progress"]);
// tiers that mean standard pricing
const STANDARD_TIERS = new Set(["default", "auto"]);

const kindOf = (o: JsonObject): BodyKind | undefined => BODY_KINDS.find((k) => o["object"] === k.object);
const isBody = (o: JsonObject): boolean => kindOf(o) !== undefined;

/** `{"error": {...}}` with nothing else to bill */
const isErrorBody = (o: unknown): boolean => isRecord(o) && isRecord(o["error"]) && o["usage"] === undefined && o["object"] === undefined;

function isBatchLine(o: JsonObject): boolean {
  return typeof o["custom_id"] === "string" && ("error" in o || (isRecord(o["response"]) && !isBody(o["response"])));
}

function requestFacts(body: JsonObject): RequestFacts {
  const request: RequestFacts = {};
  const status = body["status"];
  request.status = typeof status === "string" ? (RESPONSE_STATUS[status] ?? "ok") : "ok";
  const tier = body["service_tier"];
  if (typeof tier === "string" && !STANDARD_TIERS.has(tier)) request.service_tier = tier;
  return request;
}

/**
 * One body → a record, or `undefined` when it bills nothing.
 * `fallbackId` names the call when the body has no id (embeddings in a batch).
 */
function fromBody(body: JsonObject, alongside: Alongside, origin: LineOrigin, fallbackId?: string): UsageRecord | undefined {
  const kind = kindOf(body);
  if (kind === undefined) throw new Error(`not an OpenAI response body: ${describeObject(body)}`);
  const usage = body["usage"];
  const status = body["status"];
  if ((usage === undefined || usage === null) && typeof status === "string" && UNBILLED.has(status)) return undefined;
  if (usage === undefined || usage === null) throw new Error(`usage: missing from a ${kind.object} body`);
  const id = body["id"] === undefined && fallbackId !== undefined ? fallbackId : requireId(body, "id");
  const tsValue = kind.tsKey === undefined ? undefined : body[kind.tsKey];
  const facts = {
    id: `openai:${id}`,
    provider: "openai",
    model: requireModel(body),
    normalized: normalizeUsageDetailed(kind.shape, body),
    rawUsage: usage,
    request: requestFacts(body),
    tags: readTags(body["metadata"], "metadata"),
    ...(tsValue === undefined || tsValue === null ? {} : { ts: toIsoInstant(tsValue, kind.tsKey ?? "ts") }),
  };
  return recordFromBody(facts, alongside, origin);
}

function describeObject(o: JsonObject): string {
  const object = o["object"];
  const expected = `expected object ${BODY_KINDS.map((k) => `"${k.object}"`).join(", ")}`;
  return typeof object === "string" ? `${expected}, got "${object}"` : `${expected} (no "object" field)`;
}

/** a Batch API output line; failed requests bill nothing and are skipped */
function fromBatchLine(line: JsonObject, origin: LineOrigin): UsageRecord | undefined {
  const response = line["response"];
  if (!isRecord(response) || (line["error"] !== undefined && line["error"] !== null)) return undefined;
  const code = response["status_code"];
  if (typeof code === "number" && (code < 200 || code >= 300)) return undefined;
  const body = asObject(response["body"], "response.body");
  if (isErrorBody(body)) return undefined;
  const requestId = line["id"];
  const alongside: Alongside = {
    attribution: { tags: { custom_id: String(line["custom_id"]) } },
    interaction: {},
    request: { batch: true },
  };
  return fromBody(body, alongside, origin, typeof requestId === "string" ? requestId : undefined);
}

/**
 * One parsed line → a record, `undefined` for a line that bills nothing.
 *
 * @throws Error saying why the line cannot be imported
 * @example
 * convertOpenAILine({ object: "chat.completion", id: "chatcmpl-1", created: 1741570283, model: "gpt-4o",
 *   usage: { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } } }, origin);
 * // => { id: "openai:chatcmpl-1", usage: { input: 86, cached_input: 1920, output: 300, requests: 1, ... }, ... }
 */
export function convertOpenAILine(value: unknown, origin: LineOrigin): UsageRecord | undefined {
  if (!isRecord(value)) throw new Error("expected a JSON object per line");
  if (isBatchLine(value)) return fromBatchLine(value, origin);
  if (isErrorBody(value) || BODY_KEYS.some((key) => isErrorBody(value[key]))) return undefined;
  const parts = unwrapBody(value, isBody);
  if (parts === undefined) throw new Error(`not an OpenAI response body: ${describeObject(value)}`);
  return fromBody(parts.body, readAlongside(parts.alongside), origin);
}

/**
 * Reads JSONL of OpenAI Chat Completions / Responses bodies (bare, in an envelope with
 * attribution, or Batch API output lines).
 *
 * @example
 * for await (const item of openaiImporter.read("calls.jsonl", {})) {
 *   if ("record" in item) console.log(item.record.id, item.record.usage);
 * }
 */
export const openaiImporter: Importer = {
  name: "openai",
  description: "JSONL of OpenAI Chat Completions / Responses bodies, or Batch API output files",
  extensions: [".jsonl", ".ndjson"],
  plan: {
    source: "openai",
    provider: "openai",
    idPrefix: "openai:",
    convention: openaiChatConvention,
    body: {
      typeKey: "object",
      typeValue: "chat.completion",
      envelopeKey: BODY_KEYS[0],
      idKey: "id",
      modelKey: "model",
      unixSecondsKey: "created",
      usageKey: "usage",
      plain: { status: [], metadata: [], service_tier: [...STANDARD_TIERS] },
    },
    usage: { counts: OPENAI_CHAT_COUNTS, alsoAllowed: OPENAI_CHAT_OTHER_COUNTS },
    envelope: ENVELOPE_PLAN,
  },
  read: (file, options) => readBodyLines(file, "openai", convertOpenAILine, options.lines),
};
