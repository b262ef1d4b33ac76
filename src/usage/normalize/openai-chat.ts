/**
 * OpenAI Chat Completions `usage` → `Usage`.
 *
 * `prompt_tokens` contains `prompt_tokens_details.cached_tokens` and `.audio_tokens`;
 * `completion_tokens` contains `completion_tokens_details.reasoning_tokens` and `.audio_tokens`.
 * Predicted-output tokens (accepted and rejected) are also inside `completion_tokens` and are
 * billed as output, so they stay in `output`.
 */
import type { Usage } from "../usage.js";
import { applyConvention, rawCounts, type RawCounts, type TokenConvention, type UsageAdapter } from "./convention.js";
import { asObject, countAt, readOptionalCount, type CountPath } from "./read.js";

export const convention: TokenConvention = {
  name: "openai-chat",
  inputIncludesCacheRead: true,
  // newer models may report prompt_tokens_details.cache_write_tokens; read as part of the prompt
  inputIncludesCacheWrite: true,
  inputIncludesAudio: true,
  outputIncludesReasoning: true,
  outputIncludesAudio: true,
};

/** where each raw count sits in a chat completion `usage` object */
export const OPENAI_CHAT_COUNTS = {
  input: ["prompt_tokens"],
  cacheRead: ["prompt_tokens_details", "cached_tokens"],
  cacheWrite5m: ["prompt_tokens_details", "cache_write_tokens"],
  audioInput: ["prompt_tokens_details", "audio_tokens"],
  output: ["completion_tokens"],
  reasoning: ["completion_tokens_details", "reasoning_tokens"],
  audioOutput: ["completion_tokens_details", "audio_tokens"],
} as const satisfies Partial<Record<keyof RawCounts, CountPath>>;

/** counts a chat completion `usage` object may also hold, none of them billed apart */
export const OPENAI_CHAT_OTHER_COUNTS = [
  ["total_tokens"],
  ["completion_tokens_details", "accepted_prediction_tokens"],
  ["completion_tokens_details", "rejected_prediction_tokens"],
] as const satisfies readonly CountPath[];

/**
 * Reads the raw numbers from a chat completion `usage` object or a whole response body.
 *
 * @example
 * extractOpenAIChatCounts({ usage: { prompt_tokens: 2006, completion_tokens: 300 } });
 * // => { input: 2006, output: 300, requests: 1, ...zeros }
 */
export function extractOpenAIChatCounts(obj: unknown): RawCounts {
  const root = asObject(obj, "usage");
  // a whole body (or a final stream chunk) carries the usage under `usage`
  const u = "usage" in root ? asObject(root["usage"], "usage") : root;
  const counts: Partial<RawCounts> = { requests: 1 };
  for (const [name, path] of Object.entries(OPENAI_CHAT_COUNTS) as [keyof typeof OPENAI_CHAT_COUNTS, CountPath][]) counts[name] = countAt(u, path, "usage");
  // one usage object describes one billed call
  return rawCounts({ ...counts, reportedTotal: readOptionalCount(u, "total_tokens", "usage") });
}

/**
 * Normalises an OpenAI Chat Completions usage (or whole response body) into disjoint classes.
 *
 * @throws Error naming the field path when a field has the wrong type
 * @example
 * normalizeOpenAIChatUsage({
 *   prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306,
 *   prompt_tokens_details: { cached_tokens: 1920 },
 * });
 * // => { input: 86, cached_input: 1920, output: 300, requests: 1, ...zeros }
 */
export function normalizeOpenAIChatUsage(obj: unknown): Usage {
  return applyConvention(extractOpenAIChatCounts(obj), convention);
}

export const openaiChatAdapter: UsageAdapter = { convention, extract: extractOpenAIChatCounts };
