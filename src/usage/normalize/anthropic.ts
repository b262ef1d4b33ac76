/**
 * Anthropic Messages `usage` → `Usage`.
 *
 * `input_tokens` excludes both cache reads and cache writes (the docs give
 * total input = cache_read_input_tokens + cache_creation_input_tokens + input_tokens).
 * `cache_creation` splits the writes by lifetime; without it every write is a 5-minute write.
 * `output_tokens` includes extended-thinking tokens. Older responses do not report them
 * apart, so `reasoning` stays 0 and thinking is priced inside `output`; newer responses carry
 * `output_tokens_details.thinking_tokens` (documented as ≤ output_tokens, a re-tokenised
 * estimate), which is split out into `reasoning`. Both are billed at the output rate.
 */
import type { Usage } from "../usage.js";
import { applyConvention, rawCounts, type RawCounts, type TokenConvention, type UsageAdapter } from "./convention.js";
import { asObject, readCount, readObject, readOptionalCount } from "./read.js";
import type { JsonObject } from "../../shared/json.js";

export const convention: TokenConvention = {
  name: "anthropic-messages",
  inputIncludesCacheRead: false,
  inputIncludesCacheWrite: false,
  inputIncludesAudio: false,
  // thinking is inside output_tokens; when output_tokens_details reports it, it is subtracted
  outputIncludesReasoning: true,
  outputIncludesAudio: false,
};

/** finds the usage object in a body, a stream event, or the usage itself */
function locateUsage(root: JsonObject): { u: JsonObject; path: string } {
  // stream: message_start carries the initial usage on its message
  if (root["type"] === "message_start" && "message" in root) {
    const message = asObject(root["message"], "message");
    return { u: asObject(message["usage"], "message.usage"), path: "message.usage" };
  }
  // whole message body, or a message_delta event (whose usage counts are cumulative)
  if ("usage" in root) return { u: asObject(root["usage"], "usage"), path: "usage" };
  return { u: root, path: "usage" };
}

/**
 * 5-minute and 1-hour cache writes. The docs say the flat `cache_creation_input_tokens`
 * equals the sum of the `cache_creation` split, but the api reference's own example does not
 * (2051 flat, 0 + 0 split): so the 1-hour part comes from the split and whatever the flat total
 * holds beyond it is taken as 5-minute writes (the default), never dropped.
 */
function cacheWrites(u: JsonObject, path: string): { cacheWrite5m: number; cacheWrite1h: number } {
  const total = readOptionalCount(u, "cache_creation_input_tokens", path);
  const split = readObject(u, "cache_creation", path);
  if (split === undefined) return { cacheWrite5m: total ?? 0, cacheWrite1h: 0 };
  const split5m = readCount(split, "ephemeral_5m_input_tokens", `${path}.cache_creation`);
  const cacheWrite1h = readCount(split, "ephemeral_1h_input_tokens", `${path}.cache_creation`);
  return { cacheWrite5m: Math.max(split5m, (total ?? 0) - cacheWrite1h), cacheWrite1h };
}

/**
 * Reads the raw numbers from a Messages `usage` object, a whole message body, or a streamed
 * `message_start` / `message_delta` event.
 *
 * @example
 * extractAnthropicCounts({ usage: { input_tokens: 50, cache_read_input_tokens: 100000, output_tokens: 20 } });
 * // => { input: 50, cacheRead: 100000, output: 20, requests: 1, ...zeros }
 */
export function extractAnthropicCounts(obj: unknown): RawCounts {
  const { u, path } = locateUsage(asObject(obj, "usage"));
  const serverTools = readObject(u, "server_tool_use", path);
  const outDetails = readObject(u, "output_tokens_details", path);
  return rawCounts({
    input: readCount(u, "input_tokens", path),
    cacheRead: readCount(u, "cache_read_input_tokens", path),
    ...cacheWrites(u, path),
    output: readCount(u, "output_tokens", path),
    reasoning: readCount(outDetails, "thinking_tokens", `${path}.output_tokens_details`),
    webSearches: readCount(serverTools, "web_search_requests", `${path}.server_tool_use`),
    // one usage object describes one billed call
    requests: 1,
  });
}

/**
 * Folds the usage of a stream's events (`message_start`, then `message_delta`s) into one usage
 * object. Stream counts are cumulative, so a later event's reported field replaces the earlier
 * one; fields a delta omits (older deltas carry only `output_tokens`) keep the start's value.
 * Events without usage (content blocks, pings, message_stop) may be passed and are skipped.
 *
 * @example
 * anthropicStreamUsage([
 *   { type: "message_start", message: { usage: { input_tokens: 25, output_tokens: 1 } } },
 *   { type: "message_delta", usage: { output_tokens: 15 } },
 * ]);
 * // => { input_tokens: 25, output_tokens: 15 }
 */
export function anthropicStreamUsage(events: readonly unknown[]): JsonObject {
  const merged: JsonObject = {};
  events.forEach((event, i) => {
    const root = asObject(event, `events[${i}]`);
    // content-block, ping and stop events carry no usage
    if (root["type"] !== "message_start" && !("usage" in root)) return;
    const { u } = locateUsage(root);
    for (const [key, value] of Object.entries(u)) {
      if (value !== undefined && value !== null) merged[key] = value;
    }
  });
  return merged;
}

/**
 * Normalises an Anthropic Messages usage (or body, or stream event) into disjoint classes.
 *
 * Stream usage is cumulative: never sum events; fold them with `anthropicStreamUsage` first.
 *
 * @throws Error naming the field path when a field has the wrong type
 * @example
 * normalizeAnthropicUsage({
 *   input_tokens: 50, cache_read_input_tokens: 100000, cache_creation_input_tokens: 556,
 *   cache_creation: { ephemeral_5m_input_tokens: 456, ephemeral_1h_input_tokens: 100 },
 *   output_tokens: 20,
 * });
 * // => { input: 50, cached_input: 100000, cache_write: 456, cache_write_1h: 100, output: 20, requests: 1, ...zeros }
 */
export function normalizeAnthropicUsage(obj: unknown): Usage {
  return applyConvention(extractAnthropicCounts(obj), convention);
}

export const anthropicAdapter: UsageAdapter = { convention, extract: extractAnthropicCounts };
