/**
 * How each model the demo company uses behaves: who serves it, how its prompt cache works, how
 * much it thinks and how fast it answers. Ids are the built-in catalog's, except the internal
 * model, which is deliberately absent so the unpriced path shows.
 */

/**
 * "explicit": Anthropic-style cache_control, writes billed separately from reads;
 * "automatic": OpenAI/Gemini prefix caching, reads only, in 128-token blocks past 1,024 tokens;
 * "none": embeddings and the self-hosted model.
 */
export type CacheStyle = "explicit" | "automatic" | "none";

export interface ModelProfile {
  provider: string;
  cache: CacheStyle;
  /** median time to first token, ms (null: not a streaming model) */
  ttftMs: number | null;
  /** generation speed, tokens per second */
  tokensPerSecond: number;
  /** median reasoning tokens per visible output token; absent for models that do not think */
  reasoningRatio?: number;
  /** longest prompt one request takes (for embeddings: all inputs of a request together) */
  contextWindow: number;
}

/** the model the ml team serves itself; not in any catalog, on purpose */
export const INTERNAL_MODEL = "acme-llm-7b-internal";

export const MODELS: Readonly<Record<string, ModelProfile>> = {
  "gpt-4o-mini": { provider: "openai", cache: "automatic", ttftMs: 350, tokensPerSecond: 90, contextWindow: 128_000 },
  "gpt-4.1": { provider: "openai", cache: "automatic", ttftMs: 520, tokensPerSecond: 70, contextWindow: 1_000_000 },
  "gpt-4.1-mini": { provider: "openai", cache: "automatic", ttftMs: 360, tokensPerSecond: 100, contextWindow: 1_000_000 },
  o3: { provider: "openai", cache: "automatic", ttftMs: 2_400, tokensPerSecond: 60, reasoningRatio: 3, contextWindow: 200_000 },
  "gpt-5": { provider: "openai", cache: "automatic", ttftMs: 1_600, tokensPerSecond: 60, reasoningRatio: 2.5, contextWindow: 272_000 },
  "gpt-5-mini": { provider: "openai", cache: "automatic", ttftMs: 800, tokensPerSecond: 110, reasoningRatio: 1.8, contextWindow: 272_000 },
  "claude-sonnet-4-5": { provider: "anthropic", cache: "explicit", ttftMs: 900, tokensPerSecond: 65, contextWindow: 200_000 },
  "claude-haiku-4-5": { provider: "anthropic", cache: "explicit", ttftMs: 450, tokensPerSecond: 140, contextWindow: 200_000 },
  "gemini-2.5-flash": { provider: "google", cache: "automatic", ttftMs: 480, tokensPerSecond: 180, reasoningRatio: 0.8, contextWindow: 1_048_576 },
  "gemini-2.5-pro": { provider: "google", cache: "automatic", ttftMs: 1_200, tokensPerSecond: 90, reasoningRatio: 1.5, contextWindow: 1_048_576 },
  "text-embedding-3-small": { provider: "openai", cache: "none", ttftMs: null, tokensPerSecond: 0, contextWindow: 300_000 },
  [INTERNAL_MODEL]: { provider: "acme", cache: "none", ttftMs: 220, tokensPerSecond: 120, contextWindow: 32_000 },
};

/** the profile of a model the demo uses; a typo in the recipes fails loudly */
export function profileOf(model: string): ModelProfile {
  const p = MODELS[model];
  if (!p) throw new Error(`demo: no profile for model ${model}`);
  return p;
}
