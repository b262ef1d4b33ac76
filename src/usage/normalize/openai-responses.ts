/**
 * OpenAI Responses API `usage` → `Usage`.
 *
 * `input_tokens` contains `input_tokens_details.cached_tokens`; `output_tokens` contains
 * `output_tokens_details.reasoning_tokens`. Given a whole response body, each
 * `web_search_call` item in `output` counts as one web search (billed per call).
 */
import type { Usage } from "../usage.js";
import { applyConvention, rawCounts, type RawCounts, type TokenConvention, type UsageAdapter } from "./convention.js";
import { asObject, readArray, readCount, readObject, readOptionalCount } from "./read.js";
import { isRecord, type JsonObject } from "../../shared/json.js";

export const convention: TokenConvention = {
  name: "openai-responses",
  inputIncludesCacheRead: true,
  // newer models may report input_tokens_details.cache_write_tokens; read as part of the input
  inputIncludesCacheWrite: true,
  // the responses api reports no audio split today; if it did, it would sit inside input_tokens
  inputIncludesAudio: true,
  outputIncludesReasoning: true,
  outputIncludesAudio: true,
};

/** the response body, when given one (a streamed `response.completed` event wraps it in `response`) */
function responseBody(root: JsonObject): JsonObject | undefined {
  if (typeof root["type"] === "string" && root["type"].startsWith("response.") && "response" in root) {
    return asObject(root["response"], "response");
  }
  return "usage" in root ? root : undefined;
}

/** web_search_call items in a response's output list */
function countWebSearchCalls(body: JsonObject | undefined): number {
  const output = readArray(body, "output", "");
  return (output ?? []).filter((item) => isRecord(item) && item["type"] === "web_search_call").length;
}

/**
 * Reads the raw numbers from a Responses API `usage` object, a whole response body, or a
 * streamed `response.completed` event.
 *
 * @example
 * extractOpenAIResponsesCounts({ input_tokens: 75, output_tokens: 1186,
 *   output_tokens_details: { reasoning_tokens: 1024 } });
 * // => { input: 75, output: 1186, reasoning: 1024, requests: 1, ...zeros }
 */
export function extractOpenAIResponsesCounts(obj: unknown): RawCounts {
  const root = asObject(obj, "usage");
  const body = responseBody(root);
  const usagePath = body !== undefined && body !== root ? "response.usage" : "usage";
  const u = body ? asObject(body["usage"], usagePath) : root;
  const inDetails = readObject(u, "input_tokens_details", usagePath);
  const outDetails = readObject(u, "output_tokens_details", usagePath);
  return rawCounts({
    input: readCount(u, "input_tokens", usagePath),
    cacheRead: readCount(inDetails, "cached_tokens", `${usagePath}.input_tokens_details`),
    cacheWrite5m: readCount(inDetails, "cache_write_tokens", `${usagePath}.input_tokens_details`),
    output: readCount(u, "output_tokens", usagePath),
    reasoning: readCount(outDetails, "reasoning_tokens", `${usagePath}.output_tokens_details`),
    webSearches: countWebSearchCalls(body),
    // one usage object describes one billed call
    requests: 1,
    reportedTotal: readOptionalCount(u, "total_tokens", usagePath),
  });
}

/**
 * Normalises an OpenAI Responses API usage (or whole response body) into disjoint classes.
 *
 * @throws Error naming the field path when a field has the wrong type
 * @example
 * normalizeOpenAIResponsesUsage({
 *   input_tokens: 75, input_tokens_details: { cached_tokens: 0 },
 *   output_tokens: 1186, output_tokens_details: { reasoning_tokens: 1024 }, total_tokens: 1261,
 * });
 * // => { input: 75, output: 162, reasoning: 1024, requests: 1, ...zeros }
 */
export function normalizeOpenAIResponsesUsage(obj: unknown): Usage {
  return applyConvention(extractOpenAIResponsesCounts(obj), convention);
}

export const openaiResponsesAdapter: UsageAdapter = { convention, extract: extractOpenAIResponsesCounts };
