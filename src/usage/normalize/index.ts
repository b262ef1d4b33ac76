/**
 * Provider usage objects → the canonical disjoint `Usage`.
 *
 * Each adapter declares its provider's token convention as data and extracts the raw numbers;
 * the lookup below is a plain table, so adding a provider never adds a branch.
 */
import type { Usage } from "../usage.js";
import { anthropicAdapter } from "./anthropic.js";
import { applyConvention, type UsageAdapter } from "./convention.js";
import { detectUsageShape, USAGE_PROVIDERS, type UsageProvider } from "./detect.js";
import { geminiAdapter } from "./gemini.js";
import { openaiChatAdapter } from "./openai-chat.js";
import { openaiResponsesAdapter } from "./openai-responses.js";
import { otelGenAIAdapter } from "./otel-genai.js";
import { describeValue as describe } from "../../shared/json.js";

export { applyConvention, rawCounts, type RawCounts, type TokenConvention, type UsageAdapter } from "./convention.js";
export { detectUsageShape, USAGE_PROVIDERS, type UsageProvider } from "./detect.js";
export {
  anthropicAdapter,
  anthropicStreamUsage,
  convention as anthropicConvention,
  extractAnthropicCounts,
  normalizeAnthropicUsage,
} from "./anthropic.js";
export { convention as geminiConvention, extractGeminiCounts, geminiAdapter, modalityTokens, normalizeGeminiUsage } from "./gemini.js";
export {
  convention as openaiChatConvention,
  extractOpenAIChatCounts,
  normalizeOpenAIChatUsage,
  OPENAI_CHAT_COUNTS,
  OPENAI_CHAT_OTHER_COUNTS,
  openaiChatAdapter,
} from "./openai-chat.js";
export {
  convention as openaiResponsesConvention,
  extractOpenAIResponsesCounts,
  normalizeOpenAIResponsesUsage,
  openaiResponsesAdapter,
} from "./openai-responses.js";
export {
  convention as otelGenAIConvention,
  extractOtelGenAICounts,
  isOtelGenAIAttributes,
  normalizeOtelGenAIUsage,
  OTEL_GENAI_KEYS,
  otelAttributes,
  otelGenAIAdapter,
  otelModel,
  otelProvider,
} from "./otel-genai.js";
export { asCount, asObject, countAt, fieldPath, readArray, readCount, readObject, readOptionalCount, type CountPath } from "./read.js";

/** the adapter for each usage shape */
export const USAGE_ADAPTERS: Readonly<Record<UsageProvider, UsageAdapter>> = {
  openai: openaiChatAdapter,
  "openai-responses": openaiResponsesAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  otel: otelGenAIAdapter,
};

/** a normalised usage with the facts that produced it */
export interface NormalizedUsage {
  provider: UsageProvider;
  /** the convention applied, e.g. "openai-chat" */
  convention: string;
  usage: Usage;
  /** the provider's own grand total, when it reports one */
  reportedTotal: number | undefined;
}

function adapterFor(provider: string): UsageAdapter {
  if (!Object.hasOwn(USAGE_ADAPTERS, provider)) {
    throw new Error(`unknown usage provider ${describe(provider)}; expected one of ${USAGE_PROVIDERS.join(", ")}`);
  }
  return USAGE_ADAPTERS[provider as UsageProvider];
}

/**
 * Normalises a usage object from the named provider shape, keeping the convention used.
 *
 * @throws Error for an unknown provider or a malformed usage object
 * @example
 * normalizeUsageDetailed("gemini", { promptTokenCount: 34, candidatesTokenCount: 418, totalTokenCount: 890, thoughtsTokenCount: 438 });
 * // => { provider: "gemini", convention: "gemini-generate-content", reportedTotal: 890,
 * //      usage: { input: 34, output: 418, reasoning: 438, requests: 1, ...zeros } }
 */
export function normalizeUsageDetailed(provider: UsageProvider, obj: unknown): NormalizedUsage {
  const adapter = adapterFor(provider);
  const raw = adapter.extract(obj);
  return { provider, convention: adapter.convention.name, usage: applyConvention(raw, adapter.convention), reportedTotal: raw.reportedTotal };
}

/**
 * Normalises a usage object from the named provider shape.
 *
 * @throws Error for an unknown provider or a malformed usage object
 * @example
 * normalizeUsage("anthropic", { input_tokens: 50, cache_read_input_tokens: 100000, output_tokens: 20 });
 * // => { input: 50, cached_input: 100000, output: 20, requests: 1, ...zeros }
 */
export function normalizeUsage(provider: UsageProvider, obj: unknown): Usage {
  return normalizeUsageDetailed(provider, obj).usage;
}

/**
 * Detects the shape of a usage object and normalises it.
 *
 * @throws Error when the shape cannot be recognised, or the object is malformed
 * @example
 * normalizeDetected({ usage: { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } } });
 * // => { provider: "openai", convention: "openai-chat", usage: { input: 86, cached_input: 1920, output: 300, ... }, ... }
 */
export function normalizeDetected(obj: unknown): NormalizedUsage {
  const provider = detectUsageShape(obj);
  if (provider === undefined) throw new Error(`cannot tell which provider shape this usage has: ${describe(obj)}`);
  return normalizeUsageDetailed(provider, obj);
}
